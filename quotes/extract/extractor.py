"""Rule-based quote extraction from an article body: direct, partial and indirect quotes.

The pipeline, in the spirit of Quootstrap and the GenderGapTracker quote extractor, one module a
step (the rules themselves, regular expressions and word lists, are data in `patterns`):

1. prepare the text: quoted spans (`marks.find_quote_spans`), paragraphs and quote-aware
   sentences (`text`), names and their mentions (`names.NameIndex`), one `scan.Scan` of it all;
2. read each quoted span (`spans.SpanPass`): a statement or a title, direct or a partial
   fragment, attributed by a rule of `attribution` from the speaker phrase (`phrases`) after it
   (`,” Stradner told Politico.`, `,” said John Smith, a spokesman.`, `” ― Name`), before it in its
   sentence (`Smith said: “…`), or from a paragraph ending in a colon;
3. find indirect speech in sentences without a full quote (`indirect`: `X announced that …`,
   `…, X said.`, `according to X, …`, `X believes that …`, `Six in 10 voters say …`, `…, saying
   …`, `The poll found that …`), a "Name: words" title, and transcripts (`spans.transcript_items`:
   `SMITH: …`, `**Jane Doe:** …`, `Q: …` / `A: …` with the answers the interviewee's);
4. resolve speakers in reading order (`resolve`): surnames to the full name introduced earlier,
   pronouns to the nearest earlier speaker or sentence subject of a fitting gender, quotes
   without a cue to the speaker of the quote they continue, else to the person the paragraph
   before is about.

Every item carries the id of the rule that linked it to its speaker (`patterns.RULES`) and its cue.
Nothing found is dropped for want of a speaker: a quote, a fragment of more than
`patterns.SCARE_QUOTE_WORDS` words or a reported clause whose speaker no rule names or no
name resolves is returned with speaker unknown (and rule None when no rule fired), so a curator
or a later appearance can name it. Shorter fragments nobody is said to have said are scare
quotes and labels, not statements.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from quotes.extract.bounds import (
    CONTEXT_CHARS,
    NO_DEADLINE,
    SUBJECT_CHARS,
    Deadline,
    more_words_than,
)
from quotes.extract.indirect import (
    headline_in_paragraph,
    indirect_in_sentence,
    object_span,
    question_in_sentence,
    reportedly_in_sentence,
)
from quotes.extract.items import Attribution, ExtractedItem, Pending
from quotes.extract.marks import find_quote_spans
from quotes.extract.names import NameIndex
from quotes.extract.patterns import (
    AND_SAID_END_RE,
    OBJECT_PARTICIPLE_RE,
    PARTICIPLE_AFTER_RE,
    PARTICIPLE_SAY,
    QUOTE_MARK_RE,
    SPOKESPERSON_FOR_RE,
    WORD_RE,
)
from quotes.extract.resolve import item_confidence, resolve_all
from quotes.extract.scan import Scan
from quotes.extract.spans import Sentence, SpanPass, transcript_items
from quotes.extract.text import paragraphs, sentence_body_end, sentences, trim_content

__all__ = ["ExtractedItem", "extract_quotes"]


def extract_quotes(text: str, *, deadline: Deadline | None = None) -> list[ExtractedItem]:
    """Extract direct, partial and indirect quotes with resolved speakers from an article body.

    The work grows linearly with the length of the text, whatever its shape; with a deadline,
    ExtractionTimeout is raised once it has passed.
    """
    if not text or not text.strip():
        return []
    deadline = deadline or NO_DEADLINE
    scan = Scan(text, NameIndex(text), deadline)
    spans = [sp for sp in find_quote_spans(text) if WORD_RE.search(text, sp.start, sp.end)]
    span_starts = [sp.start for sp in spans]
    paras = paragraphs(text)
    sents: list[Sentence] = []
    for pi, (ps, pe) in enumerate(paras):
        deadline.check()
        sents.extend(Sentence(s, e, pi) for s, e in sentences(text, ps, pe, spans, span_starts))
    span_pass = SpanPass(scan, spans, paras, sents)
    pending = span_pass.run()
    pending.extend(_indirect_items(scan, sents, pending, span_pass.mixed_sents))
    pending.extend(_unnamed_items(scan, sents, pending))
    pending.extend(_participle_items(scan, sents, pending))
    pending.extend(_headline_items(scan, paras, pending))
    pending = _with_transcript(text, paras, pending, scan.names)
    pending.sort(key=lambda p: (p.start, p.end))
    deadline.check()
    resolve_all(text, pending, scan.names, deadline)
    context = _Context(text, sents)
    return [_item(text, p, context) for p in pending]


def _indirect_items(
    scan: Scan, sents: list[Sentence], pending: list[Pending], taken: set[tuple[int, int]]
) -> list[Pending]:
    """Find indirect speech in the sentences without a full quote (nor a clause already taken),
    or whose full quote, unattributed, closes the reported clause (the quote takes its speaker).

    Direct items are disjoint and in text order, so the one that could overlap a sentence is the
    last that starts before its end.
    """
    direct = [p for p in pending if p.kind == "direct"]
    direct_starts = [p.start for p in direct]
    out = []
    for s, e, pi in sents:
        scan.deadline.check()
        i = bisect_left(direct_starts, e) - 1
        quote = direct[i] if i >= 0 and direct[i].end > s else None
        if (s, e) in taken:
            continue
        if quote is not None and quote.attr is not None:
            # Suu Kyi said it was too early to congratulate winners but added, “…”: the clause
            # before the second verb is reported too
            am = AND_SAID_END_RE.search(scan.text, max(s, quote.start - 40), quote.start)
            found = indirect_in_sentence(scan, s, am.start()) if am is not None else None
            if found is not None:
                out.append(Pending(found.start, found.end, "indirect", pi, found.attr))
            continue
        if quote is not None and quote.start <= s + 1:
            continue  # a full quote that opens the sentence
        found = indirect_in_sentence(scan, s, e)
        if found is None:
            continue
        if quote is not None:
            # Kasich says if he spent the day there he'd be yelling “Vote for me”: the quote
            # closes the reported clause of a speaker it names no other way
            if not found.start < quote.start or found.end < quote.end - 2:
                continue
            quote.attr = found.attr.copy()
        out.append(Pending(found.start, found.end, "indirect", pi, found.attr))
    return out


def _unnamed_items(scan: Scan, sents: list[Sentence], pending: list[Pending]) -> list[Pending]:
    """Find what a source the article does not name said, outside other items: a question put
    by an unnamed asker ("Asked whether …, X said"), a sentence with "reportedly"."""
    taken = sorted((p.start, p.end) for p in pending)
    starts = [a for a, _ in taken]
    out = []
    for s, e, pi in sents:
        found = question_in_sentence(scan, s, e) or reportedly_in_sentence(scan, s, e)
        if found is None:
            continue
        i = bisect_left(starts, found.end)  # the items starting before the question's end
        if any(b > found.start for _, b in taken[max(0, i - 8) : i]):
            continue  # it overlaps an item (items are mostly disjoint: the last few suffice)
        out.append(Pending(found.start, found.end, "indirect", pi, found.attr))
    return out


def _participle_items(scan: Scan, sents: list[Sentence], pending: list[Pending]) -> list[Pending]:
    """Find "“…,” he said, adding that …": the clause after a quote's attribution, reported from
    the quote's speaker (read up to the end of the quote's sentence, where no item lies)."""
    text = scan.text
    starts = [s.start for s in sents]
    taken = sorted(p.start for p in pending)
    out = []
    for p in pending:
        if p.kind != "direct" or p.attr is None or p.attr.cue is None:
            continue
        i = bisect_right(starts, p.end - 1) - 1
        if i < 0 or sents[i].end <= p.end:
            continue
        s, e, pi = sents[i]
        j = bisect_right(taken, p.end)  # the next item bounds the clause and the search
        body_end = scan.body_end(s, e)
        limit = min(body_end, taken[j]) if j < len(taken) else body_end
        m = PARTICIPLE_AFTER_RE.search(text, p.end, min(limit, p.end + SUBJECT_CHARS))
        if m is None:
            found = _object_after(scan, p, limit)
            if found is not None:
                out.append(Pending(found[0], found[1], "indirect", pi, found[2]))
            continue
        cs, ce = scan.trim(m.end(), limit)
        if not more_words_than(text, 3, cs, ce) or QUOTE_MARK_RE.search(text, cs, ce):
            continue
        attr = p.attr.copy()
        cue = PARTICIPLE_SAY[m.group("cue")] if m.group("cue") else m.group("who_cue")
        attr.cue, attr.score = cue, min(attr.score, 0.6)
        out.append(Pending(cs, ce, "indirect", pi, attr.by("quote-then-participle")))
    return out


def _object_after(scan: Scan, p: Pending, limit: int) -> tuple[int, int, Attribution] | None:
    """Find "“…,” he said, referring to Obama": the object of a stance after a quote's
    attribution, taken by the quote's speaker (read to the end of its clause)."""
    text = scan.text
    m = OBJECT_PARTICIPLE_RE.search(text, p.end, min(limit, p.end + SUBJECT_CHARS))
    if m is None or p.attr is None:
        return None
    cs, ce = object_span(text, m.end(), limit)
    if cs >= ce or QUOTE_MARK_RE.search(text, cs, ce):
        return None
    attr = p.attr.copy()
    attr.cue, attr.score = m.group("cue"), min(attr.score, 0.5)
    return cs, ce, attr.by("quote-then-citing")


def _headline_items(
    scan: Scan, paras: list[tuple[int, int]], pending: list[Pending]
) -> list[Pending]:
    """Find a "Name: words" title: the first paragraph, when it holds no item yet.

    (Any short paragraph of that shape: PolNeAR train precision 0.67; the title only: 0.82.)
    """
    if not paras or any(p.para == 0 for p in pending) or paras[0][1] - paras[0][0] > 300:
        return []
    found = headline_in_paragraph(scan, *paras[0])
    return [] if found is None else [Pending(found.start, found.end, "indirect", 0, found.attr)]


def _with_transcript(
    text: str, paras: list[tuple[int, int]], pending: list[Pending], names: NameIndex
) -> list[Pending]:
    """Replace the items inside Q:/A: transcript paragraphs by one direct quote per answer."""
    transcript, labelled = transcript_items(text, paras, names)
    if not labelled:
        return pending
    # Labelled paragraphs are in text order, so their starts and ends both increase: the one
    # that can hold an item is the last that starts at most 20 characters after it.
    t_starts = [ps for ps, _ in labelled]

    def in_transcript(p: Pending) -> bool:
        i = bisect_right(t_starts, p.start + 20) - 1
        return i >= 0 and p.end <= labelled[i][1] + 2

    kept = [p for p in pending if not in_transcript(p)]
    for t in transcript:
        # A quoted transcript paragraph keeps its quote span (without the label).
        # (min: a paragraph that ends the text has no newline after it)
        end = min(len(text), sentence_body_end(text, t.start, t.end) + 1)
        t.end = trim_content(text, t.start, end)[1]
    return kept + transcript


class _Context:
    """The sentences around an item, at most CONTEXT_CHARS of each."""

    def __init__(self, text: str, sents: list[Sentence]) -> None:
        self.text = text
        self.sents = sents
        self.starts = [s.start for s in sents]

    def before(self, pos: int) -> str:
        """Return the sentence before the one holding pos (its end, if long)."""
        i = bisect_right(self.starts, pos) - 1
        if i < 1:
            return ""
        s, e, _ = self.sents[i - 1]
        return self.text[max(s, e - CONTEXT_CHARS) : e].strip()

    def after(self, pos: int) -> str:
        """Return the sentence after the one holding pos (its start, if long)."""
        i = bisect_right(self.starts, pos)
        if i >= len(self.sents):
            return ""
        s, e, _ = self.sents[i]
        return self.text[s : min(e, s + CONTEXT_CHARS)].strip()


def _item(text: str, p: Pending, context: _Context) -> ExtractedItem:
    """Return the public item of a resolved pending one."""
    got = p.attr
    return ExtractedItem(
        text=text[p.start : p.end], start=p.start, end=p.end, kind=p.kind, speaker=p.speaker,
        speaker_role=got.role if got else None, cue=got.cue if got else None,
        via_outlet=got.via if got else None, confidence=item_confidence(p),
        rule=got.rule if got else None, context_before=context.before(p.start),
        context_after=context.after(max(p.start, p.end - 1)),
        represented=_represented(p.speaker, got.role if got else None),
    )  # fmt: skip


def _represented(speaker: str | None, role: str | None) -> str | None:
    """Return whom a spokesperson speaks for, from the speaker phrase or the role."""
    for phrase in (speaker, role):
        m = SPOKESPERSON_FOR_RE.search(phrase) if phrase else None
        if m:
            return m.group("represented")
    return None
