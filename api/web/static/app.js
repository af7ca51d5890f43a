// quotes: progressive enhancement only; every page works without this file.
// A button with data-copy-target="ID" copies the text of element ID (a citation) to the
// clipboard and says so in the nearest [data-copy-status] (a polite live region).
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

  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button);
    });
  });
})();
