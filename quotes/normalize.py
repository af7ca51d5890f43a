"""Pure text normalisation for matching; the verbatim text is never changed, only a form beside it.

`normalize(text)` gives the matching form: NFKC, zero-width and bidi controls dropped, curly and
straight quotes and apostrophes unified then removed, dashes and punctuation turned into spaces,
case folded, whitespace collapsed. Letters of every script (Armenian, Cyrillic, Greek …) pass
through.

`segments(text)` gives the same form split at elision marks (`…`, `...`) and editorial brackets
(`[the government]`, `(Azerbaijan.- Ed.)`), for elision-aware matching.

`word_spans(text)` gives, for each word of `normalize(text)`, its (start, end) character offsets in
the verbatim text, so a span found in the matching form can be shown in the text as stored.

`spelling_key(word)` / `canonical(norm)` fold British and American spellings (colour/color,
organise/organize, centre/center, defence/defense, travelled/traveled …) to one key, word by word
(the word count is kept). Both sides of a comparison are folded the same way, so a rare collision
between two real words only costs a little selectivity, never a wrong fold of one side.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

__all__ = [
    "ELISION",
    "canonical",
    "clean_text",
    "normalize",
    "segments",
    "spelling_key",
    "tokens",
    "word_spans",
]

ELISION = "\u2026"

# Characters that carry no text: zero-width, joiners, BOM, soft hyphen, bidi controls.
_INVISIBLE = dict.fromkeys(
    [
        0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062,
        0x2063, 0x2064, 0xFEFF, 0x061C,
        *range(0x202A, 0x202F), *range(0x2066, 0x206A),
    ]
)  # fmt: skip
_APOSTROPHES = "'\u2018\u2019\u201a\u201b\u02bc\u02b9\u00b4\u0060\u2032\u055a"
_ELLIPSIS_RE = re.compile(r"\.\s*\.\s*\.|\u2026")
# A bracket of one or two letters fixes case ("[W]e"); keep its letters, drop the brackets.
_CASE_FIX_RE = re.compile(r"\[(\w{1,2})\](?=\w)|(?<=\w)\[(\w{1,2})\]")
_SQUARE_RE = re.compile(r"\[[^\[\]]*\]")
# An editor's note in parentheses: "(Azerbaijan.- Ed.)", "(ed.)", "(Editor's note: …)".
_EDITOR_NOTE_RE = re.compile(
    r"\([^()]*(?:\bEd\.?|\beditor'?s note\b|\bred\.|\bприм\. ред\.)[^()]*\)", re.IGNORECASE
)


def clean_text(text: str) -> str:
    """Return text as stored: NFC, invisible characters kept; only used to check emptiness."""
    return unicodedata.normalize("NFC", text)


def _fold_char(ch: str) -> str:
    """Map one character of NFKC text to its matching form (letters, digits, spaces)."""
    if ch in _APOSTROPHES:
        return ""
    cat = unicodedata.category(ch)
    if cat[0] in "LN" or cat == "Mn" or cat == "Mc":
        return ch
    return " "


def _base(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return text.replace("\u00a0", " ")


class _FoldTable(dict[int, str]):
    """A str.translate table filled on demand with _fold_char (C-speed after the first sight)."""

    def __missing__(self, code: int) -> str:
        out = _fold_char(chr(code))
        self[code] = out
        return out


_FOLD = _FoldTable()


def _finish(text: str) -> str:
    return " ".join(text.casefold().translate(_FOLD).split())


def _mark_elisions(text: str) -> str:
    """Replace elision marks and editorial insertions by ELISION, keeping case fixes' letters."""
    text = _CASE_FIX_RE.sub(lambda m: m.group(1) or m.group(2), text)
    text = _SQUARE_RE.sub(ELISION, text)
    text = _EDITOR_NOTE_RE.sub(ELISION, text)
    return _ELLIPSIS_RE.sub(ELISION, text)


def normalize(text: str) -> str:
    """Return the matching form of text: one line of case-folded words, no punctuation.

    >>> normalize("“We’ll see…” — she said")
    'well see she said'
    """
    return _finish(_mark_elisions(_base(text)).replace(ELISION, " "))


def segments(text: str) -> list[str]:
    """Return the matching form split at elision marks and editorial brackets, empty parts dropped.

    >>> segments("It is [the government] that … must act")
    ['it is', 'that', 'must act']
    """
    parts = _mark_elisions(_base(text)).split(ELISION)
    return [p for p in (_finish(part) for part in parts) if p]


def tokens(text: str) -> list[str]:
    """Return the words of the matching form of text."""
    return normalize(text).split()


# --- verbatim offsets -------------------------------------------------------------------------

# One tracked character: its text plus the verbatim (start, end) it came from.
_Tracked = tuple[list[str], list[int], list[int]]


def _tracked_base(text: str) -> _Tracked:
    """NFKC + invisible/NBSP handling cluster by cluster, remembering each output char's origin."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        out = _base(text[i:j])
        for ch in out:
            chars.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return chars, starts, ends


def _tracked_sub(
    pattern: re.Pattern[str], t: _Tracked, repl: Callable[[re.Match[str]], tuple[str, int]]
) -> _Tracked:
    """Apply pattern.sub to tracked text; repl gives (replacement, index its chars come from).

    The index is -1 when the replacement is a marker (all its chars take the match's origin).
    """
    chars, starts, ends = t
    s = "".join(chars)
    oc: list[str] = []
    os_: list[int] = []
    oe: list[int] = []
    last = 0
    for m in pattern.finditer(s):
        oc.extend(chars[last : m.start()])
        os_.extend(starts[last : m.start()])
        oe.extend(ends[last : m.start()])
        rep, src = repl(m)
        for k, ch in enumerate(rep):
            at = m.start() if src < 0 else src + k
            oc.append(ch)
            # Kept letters take the whole match at its edges: "[W]e" spans from "[".
            os_.append(starts[m.start() if k == 0 else at])
            oe.append(ends[m.end() - 1 if k == len(rep) - 1 else at])
        last = m.end()
    oc.extend(chars[last:])
    os_.extend(starts[last:])
    oe.extend(ends[last:])
    return oc, os_, oe


def _case_fix(m: re.Match[str]) -> tuple[str, int]:
    g = 1 if m.group(1) is not None else 2
    return m.group(g), m.start(g)


def _marker(_m: re.Match[str]) -> tuple[str, int]:
    return ELISION, -1


# As _FOLD, but an apostrophe stays (as "'") so a word keeps its verbatim extent ("we'll").
_FOLD_KEEP = _FoldTable({ord(a): "'" for a in _APOSTROPHES})
_RUN_RE = re.compile(r"\S+")


def _fast_spans(text: str) -> tuple[tuple[int, int], ...] | None:
    """Word spans when normalisation is char-for-char (the common case), else None."""
    if len(text.casefold()) != len(text) or _mark_elisions(_base(text)) != text:
        return None
    folded = text.casefold().translate(_FOLD_KEEP)
    return tuple((m.start(), m.end()) for m in _RUN_RE.finditer(folded) if m.group().strip("'"))


@lru_cache(maxsize=4096)
def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return the verbatim (start, end) offsets of each word of normalize(text), in order.

    Falls back to an empty tuple in the (rare) case the cluster-wise pipeline disagrees with
    normalize() (e.g. an NFKC composition across clusters); callers then report no span.
    """
    fast = _fast_spans(text)
    if fast is not None and len(fast) == len(normalize(text).split()):
        return fast
    t = _tracked_base(text)
    t = _tracked_sub(_CASE_FIX_RE, t, _case_fix)
    t = _tracked_sub(_SQUARE_RE, t, _marker)
    t = _tracked_sub(_EDITOR_NOTE_RE, t, _marker)
    t = _tracked_sub(_ELLIPSIS_RE, t, _marker)
    chars, starts, ends = t
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    cur: list[str] = []
    cs = ce = 0
    for ch, st, en in zip(chars, starts, ends, strict=True):
        folded = " " if ch == ELISION else "".join(_fold_char(c) for c in ch.casefold())
        for c in folded:
            if c == " " or c.isspace():
                if cur:
                    words.append("".join(cur))
                    spans.append((cs, ce))
                    cur = []
            else:
                if not cur:
                    cs = st
                cur.append(c)
                ce = en
    if cur:
        words.append("".join(cur))
        spans.append((cs, ce))
    if " ".join(words) != normalize(text):
        return ()
    return tuple(spans)


# --- British / American spelling -----------------------------------------------------------

_OUR_RE = re.compile(
    r"(colo|favo|flavo|hono|humo|labo|neighbo|rumo|harbo|behavio|vigo|valo|savo|endeavo|armo"
    r"|odo|tumo|parlo|vapo|clamo|rigo|splendo|cando|ardo|fervo|savio|demeano)ur"
)
_ISE_RE = re.compile(r"(?<=\w\w)is(e|ed|es|ing|ation|ations|er|ers)$")
_YSE_RE = re.compile(r"(?<=l)ys(e|ed|es|ing)$")
_TRE_RE = re.compile(r"(?<=\w\w)([tb])re(s?)$")
_LL_RE = re.compile(
    r"(trave|cance|labe|mode|fue|counse|leve|tota|signa|channe|marve|jewe|quarre|equa|dia|"
    r"tunne|riva|pane|shove|swive|dia)ll(ed|ing|er|ers|or|ors|ous|ery)$"
)
_SPELLING = {
    "programme": "program",
    "programmes": "programs",
    "grey": "gray",
    "tyre": "tire",
    "tyres": "tires",
    "aluminium": "aluminum",
    "ageing": "aging",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "analogue": "analog",
    "cheque": "check",
    "cheques": "checks",
    "plough": "plow",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "mould": "mold",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "skilful": "skillful",
    "wilful": "willful",
    "instalment": "installment",
    "manoeuvre": "maneuver",
    "defence": "defense",
    "offence": "offense",
    "offences": "offenses",
    "licence": "license",
    "pretence": "pretense",
    "paediatric": "pediatric",
    "anaesthetic": "anesthetic",
    "oestrogen": "estrogen",
    "foetus": "fetus",
    "encyclopaedia": "encyclopedia",
    "mediaeval": "medieval",
    "pyjamas": "pajamas",
    "moustache": "mustache",
    "gaol": "jail",
    "storey": "story",
    "draught": "draft",
    "kerb": "curb",
}


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """Return the spelling-folded key of one normalised word (British forms to American)."""
    if len(word) < 4 or not word.isascii():
        return word
    w = _SPELLING.get(word)
    if w is not None:
        return w
    w = _OUR_RE.sub(r"\1r", word)
    w = _ISE_RE.sub(r"iz\1", w)
    w = _YSE_RE.sub(r"yz\1", w)
    w = _TRE_RE.sub(r"\1er\2", w)
    return _LL_RE.sub(r"\1l\2", w)


def canonical(norm: str) -> str:
    """Return a normalised text with every word spelling-folded (same word count and order)."""
    return " ".join([spelling_key(w) for w in norm.split()])
