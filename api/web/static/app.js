// quotes: progressive enhancement only; every page works without this file.
// A button with data-copy-target="ID" copies the text of element ID (a citation) to the
// clipboard and says so in the nearest [data-copy-status] (a polite live region).
// A <details data-cite-from="URL"> (the check page's citation styles) loads, when first opened,
// the [data-cite-styles] block of the page at URL (a quote's citation page, same origin) into
// its [data-cite-slot]; without this file it shows the link to that page.
"use strict";

(function () {
  function statusFor(button) {
    const box = button.closest("[data-copy-box]") || document;
    return box.querySelector("[data-copy-status]");
  }

  function selectText(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  async function copy(button) {
    const target = document.getElementById(button.dataset.copyTarget);
    const status = statusFor(button);
    if (!target) {
      return;
    }
    const text = target.innerText.trim();
    try {
      await navigator.clipboard.writeText(text);
      if (status) {
        status.textContent = "Copied to the clipboard.";
      }
    } catch (error) {
      // No clipboard access (an insecure origin, a refused permission): select the text instead.
      selectText(target);
      if (status) {
        status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
      }
    }
  }

  // Copy buttons are hidden until this script can make them work (in loaded blocks too).
  function showCopyButtons(root) {
    root.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      button.hidden = false;
    });
  }

  async function loadStyles(details) {
    const slot = details.querySelector("[data-cite-slot]");
    const status = details.querySelector("[data-cite-status]");
    details.dataset.citeState = "loading";
    status.textContent = "Loading the citation styles…";
    try {
      const response = await fetch(details.dataset.citeFrom, {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(`${response.status} from ${response.url}`);
      }
      // DOMParser runs no script of the parsed page; only its citation block is taken.
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const block = page.querySelector("[data-cite-styles]");
      if (!block) {
        throw new Error(`no citation styles at ${response.url}`);
      }
      slot.replaceChildren(
        ...Array.from(block.children, function (node) {
          return document.importNode(node, true);
        })
      );
      showCopyButtons(slot);
      details.dataset.citeState = "loaded";
      status.textContent = "";
    } catch (error) {
      delete details.dataset.citeState; // opened again, it tries again
      status.textContent = "The styles could not be loaded: follow the link below to see them.";
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-copy-target]");
    if (button) {
      copy(button);
    }
  });
  showCopyButtons(document);

  document.querySelectorAll("details[data-cite-from]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.open && !details.dataset.citeState) {
        loadStyles(details);
      }
    });
  });
})();
