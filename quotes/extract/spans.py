"""Quoted spans: decide for each quoted span whether it is a statement (direct or partial), a title
or scare quote, and which attribution rule links it to a speaker; Q:/A: transcripts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from quotes.extract.attribution import (
    after_attribution,
    before_attribution,
    colon_paragraph_attribution,
    partial_attribution,
    participle_before,
    previous_paragraph_subject,
    previous_sentence_subject,
    sentence_subject_partial,
    signature_attribution,
    subject_verb_partial,
)
from quotes.extract.bounds import (
    HEADER_CHARS,
    LEAD_CHARS,
    more_words_than,
)
from quotes.extract.indirect import indirect_in_sentence, tail_in_sentence
from quotes.extract.items import Attribution, Pending, Reported
from quotes.extract.marks import QuoteSpan
from quotes.extract.names import NameIndex
from quotes.extract.patterns import (
    CAPITALISED_WORD_RE,
    CUE_FIND,
    NOT_SPEAKER_LABELS,
    SAY_FAMILY,
    SCARE_QUOTE_LAST_WORDS,
    SCARE_QUOTE_LEAD_RE,
    SCARE_QUOTE_WORDS,
    SECOND_SUBJECT_AT_RE,
    TITLE_SMALL,
    TRANSCRIPT_ANSWER,
    TRANSCRIPT_QUESTION,
    TRANSCRIPT_RE,
    WORD_RE,
)
from quotes.extract.phrases import strip_lead
from quotes.extract.scan import Scan
from quotes.extract.text import (
    count_words,
    para_index,
    trim_content,
    words_outside,
)

QA_LABELS = (TRANSCRIPT_QUESTION, TRANSCRIPT_ANSWER)
# The items before a fragment looked at for the speaker of its sentence (they are in text order).
SAME_SENTENCE_ITEMS = 4


def transcript_items(
    text: str, paras: list[tuple[int, int]], names: NameIndex
) -> tuple[list[Pending], list[tuple[int, int]]]:
    """Turn labelled transcript paragraphs into direct quotes, if the article has two or more.

    Returns the quotes and the labelled paragraphs (questions included), in text order.

    "PENCE: Well, look, …" and "**Jane Doe:** …" are the labelled speaker's; in a Q:/A: interview
    the questions are the interviewer's (not kept) and the answers the interviewee's: the one
    person label of the transcript, else the person named last before its first paragraph.
    """
    found = []
    for pi, (ps, pe) in enumerate(paras):
        m = TRANSCRIPT_RE.match(text, ps + (text[ps] in '"“'), pe)
        if m is None:
            continue
        label = m.group("label").strip()
        if label in QA_LABELS or label.lower() not in NOT_SPEAKER_LABELS:
            found.append((pi, m))
    if len(found) < 2:
        return [], []
    answerer = _interviewee(text, found, names)
    out = []
    for pi, m in found:
        label = m.group("label").strip()
        if label == TRANSCRIPT_QUESTION:
            continue
        if label == TRANSCRIPT_ANSWER:
            attr = answerer
        else:
            attr = Attribution(_label_name(label), m.start("label"), cue=None, score=0.8,
                               rule="transcript-label")  # fmt: skip
        out.append(Pending(m.start("body"), paras[pi][1], "direct", pi, attr))
    return out, [paras[pi] for pi, _ in found]


def _label_name(label: str) -> str:
    """Return a transcript label as a name: "JANE DOE" -> "Jane Doe"; "Jane Doe" stays."""
    return " ".join(w.capitalize() for w in label.split()) if label.isupper() else label


def _interviewee(
    text: str, found: list[tuple[int, re.Match[str]]], names: NameIndex
) -> Attribution | None:
    """Return who answers the A: paragraphs of a transcript, or None."""
    labels = [m for _, m in found if m.group("label") not in QA_LABELS]
    if not any(m.group("label") == TRANSCRIPT_ANSWER for _, m in found):
        return None
    if len({m.group("label") for m in labels}) == 1:
        phrase, pos = _label_name(labels[0].group("label")), labels[0].start("label")
    else:
        first = found[0][1].start()
        before = names.mentions_between(max(0, first - HEADER_CHARS * 4), first)
        named = [men for men in before if men.person and " " in men.name]
        if not named:
            return None
        phrase, pos = named[-1].name, named[-1].start
    return Attribution(phrase, pos, cue=None, score=0.6, rule="transcript-answer")


def looks_like_title(content: str) -> bool:
    """Tell whether quoted words are a title ("Face the Nation", “Morning Joe”), not speech."""
    words = content.rstrip(".,!?").split()
    if not words or len(words) > 6 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in TITLE_SMALL or not w[:1].isalpha() for w in words)


class Sentence(NamedTuple):
    """A sentence of the article: text[start:end], in paragraph para."""

    start: int
    end: int
    para: int


class SpanView(NamedTuple):
    """A quoted span seen from its sentence: what the rules that attribute it read."""

    span: QuoteSpan
    number: int  # of the span among the article’s spans
    sent: Sentence
    para_end: int
    start: int  # the content, trimmed
    end: int
    nwords: int
    title: bool  # the words look like a title ("Face the Nation"), not speech
    before_end: int  # the end of the sentence text before the opening mark, spaces trimmed
    before_tail: str  # its last 14 characters

    @property
    def has_before(self) -> bool:
        """Tell whether the sentence has words before the opening mark."""
        return self.before_end > self.sent.start


class SpanPass:
    """Read the quoted spans of an article in order, adding an item for each statement.

    Indirect items found on the way (the reporter's clause around a quote) are added too, once per
    sentence: `mixed_sents` holds the sentences whose clause is already an item.
    """

    def __init__(
        self, scan: Scan, spans: list[QuoteSpan], paras: list[tuple[int, int]],
        sents: list[Sentence],
    ) -> None:  # fmt: skip
        self.scan = scan
        self.spans = spans
        self.span_starts = [sp.start for sp in spans]
        self.paras = paras
        self.para_starts = [p[0] for p in paras]
        self.sent_of_span = _sentence_of_span(spans, sents)
        self.sents = sents
        self.sent_starts = [st.start for st in sents]
        self.pending: list[Pending] = []
        self.mixed_sents: set[tuple[int, int]] = set()
        # sentences whose second subject has its clause ("…, while Cruz said that “…”")
        self.second_sents: set[tuple[int, int]] = set()
        self.prev_continues = False  # the previous span left its quote open
        self.fallback: Attribution | None = None  # of the span being read

    def run(self) -> list[Pending]:
        """Read every span; return the items found."""
        for idx, sp in enumerate(self.spans):
            self.scan.deadline.check()
            self._read(idx, sp)
            self.prev_continues = sp.continues
        return self.pending

    def _view(self, idx: int, sp: QuoteSpan) -> SpanView | None:
        text = self.scan.text
        pi = para_index(self.para_starts, sp.open_pos)
        ps, pe = self.paras[pi] if pi >= 0 else (0, len(text))
        s, e = self.sent_of_span.get(idx, (ps, pe))
        cs, ce = trim_content(text, sp.start, sp.end)
        if cs >= ce:
            return None
        content = text[cs:ce]
        # The sentence before the quote mark, stripped, is text[s:before_end] (s is no space).
        before_end = sp.open_pos
        while before_end > s and text[before_end - 1].isspace():
            before_end -= 1
        return SpanView(
            sp, idx, Sentence(s, e, pi), pe, cs, ce, count_words(content),
            looks_like_title(content), before_end, text[max(s, before_end - 14) : before_end],
        )  # fmt: skip

    def _read(self, idx: int, sp: QuoteSpan) -> None:
        self.fallback = None
        v = self._view(idx, sp)
        if v is None:
            return
        partial = self._is_partial(v)
        if partial and self._is_label(v):
            return
        pm = participle_before(self.scan, v.sent.start, v.before_end) if partial else None
        if pm is not None and (attr := self._participle_rule(v, pm)) is not None:
            pass
        elif not partial:
            attr = self._direct_rules(v)
        else:
            attr = self._partial_rules(v)
            if attr is None and v.nwords <= SCARE_QUOTE_WORDS:
                return  # a short fragment nobody is said to have said: a scare quote
        if (
            v.title
            and (partial or attr is None or attr.cue is None or attr.pos < v.end)
            and not (self._answer_after_cue(v, attr))
        ):
            return  # a title; but “No,” he said. / “Technicals,” Bob said. are answers
        if attr is None and not self.prev_continues and v.nwords <= 2:
            return
        kind = "partial" if partial else "direct"
        self.pending.append(
            Pending(v.start, v.end, kind, v.sent.para, attr, sp,
                    continues_prev=self.prev_continues, fallback=self.fallback)
        )  # fmt: skip

    @staticmethod
    def _answer_after_cue(v: SpanView, attr: Attribution | None) -> bool:
        """Tell whether a title-like quote is an answer: a speech verb, then a comma or colon,
        just before it ("Priebus said, “Probably.”")."""
        return (
            attr is not None
            and attr.cue in SAY_FAMILY
            and v.before_tail.rstrip()[-1:] in (",", ":")
            and v.before_tail.rstrip()[:-1].rstrip().endswith(attr.cue)
        )

    def _is_label(self, v: SpanView) -> bool:
        """Tell whether a short fragment is a label (so-called “woke”, the film “Oppenheimer”)."""
        if v.nwords > SCARE_QUOTE_WORDS:
            return False
        lead = self.scan.text[max(v.sent.start, v.before_end - 40) : v.before_end].rstrip()
        start = len(lead)
        while start > 0 and (lead[start - 1].isalpha() or lead[start - 1] == "-"):
            start -= 1
        if lead[start:].lower() not in SCARE_QUOTE_LAST_WORDS:
            return False
        return SCARE_QUOTE_LEAD_RE.search(lead) is not None

    def _is_partial(self, v: SpanView) -> bool:
        """Tell whether the span is a fragment of the reporter's sentence, not a full quote."""
        text = self.scan.text
        content_first = text[v.start : v.start + 1]
        if not v.has_before:
            return False
        tail = v.before_tail
        partial = tail[-1] not in ":—–―(" and not (
            tail.endswith(",") and (content_first.isupper() or v.nwords > 6)
        )
        if CUE_FIND.search(tail) and content_first.isupper():
            partial = False
        prev = self.spans[v.number - 1] if v.number > 0 else None
        split_rest = (
            prev is not None
            and prev.close_pos > v.sent.start
            and tail.endswith(",")
            and bool(CUE_FIND.search(text[prev.close_pos : v.span.open_pos]))
        )  # “…,” Mr. Obama said, “and to say that …”
        if content_first.islower() and not split_rest:
            partial = True
        return partial

    def _add_clause(self, v: SpanView, start: int, end: int, attr: Attribution) -> None:
        """Add the reporter's clause of the span's sentence as an indirect item (once)."""
        self.mixed_sents.add((v.sent.start, v.sent.end))
        self.pending.append(Pending(start, end, "indirect", v.sent.para, attr))

    def _clause_taken(self, v: SpanView) -> bool:
        return (v.sent.start, v.sent.end) in self.mixed_sents

    def _second_clause_free(self, v: SpanView) -> bool:
        """Tell whether the sentence's second subject has no clause yet, and take it."""
        key = (v.sent.start, v.sent.end)
        free = key not in self.second_sents
        self.second_sents.add(key)
        return free

    def _participle_rule(self, v: SpanView, pm: re.Match[str]) -> Attribution | None:
        """“…,” he said, adding that “…”: the speaker of the sentence's first quote."""
        prev_item = self.pending[-1] if self.pending else None
        if (prev_item is None or prev_item.attr is None
                or not v.sent.start <= prev_item.start < v.span.open_pos):  # fmt: skip
            return None
        a = prev_item.attr
        attr = Attribution(a.phrase, a.pos, role=a.role, cue=pm.group("cue"), via=a.via,
                           score=0.7, rule="quote-adding-that")  # fmt: skip
        s, e = v.sent.start, v.sent.end
        cs2, ce2 = self.scan.trim(pm.end(), self.scan.body_end(s, e))
        if not self._clause_taken(v) and cs2 < v.span.open_pos:
            self._add_clause(v, cs2, ce2, attr)
        return attr

    def _direct_rules(self, v: SpanView) -> Attribution | None:
        """Attribute a full quote: after it, before it, or from a paragraph ending in a colon."""
        scan, sp = self.scan, v.span
        s, e = v.sent.start, v.sent.end
        attr = after_attribution(scan, sp.close_pos, v.para_end) if sp.closed else None
        if attr is None:
            attr = before_attribution(scan, s, sp.open_pos)
        if (attr is None and sp.closed and v.sent.para + 1 < len(self.paras)
                and not WORD_RE.search(scan.text, sp.close_pos, v.para_end)):  # fmt: skip
            attr = signature_attribution(scan, self.paras[v.sent.para + 1])  # “…”\n\n- Jo Ames
        if attr is None and not v.has_before and v.sent.para > 0 and not self.prev_continues:
            # Smith continued:\n\n“…
            attr = colon_paragraph_attribution(
                scan, self.paras[v.sent.para - 1], self.spans, self.span_starts
            )
            if attr is None and self._alone_after_plain_paragraph(v):
                self.fallback = previous_paragraph_subject(scan, self.paras[v.sent.para - 1])
        if attr is None and not v.has_before and not self.prev_continues:
            # Dianne Bystrom agreed. “…”: the sentence just before, in the same paragraph
            i = bisect_left(self.sent_starts, s) - 1
            if i >= 0 and self.sents[i].para == v.sent.para:
                attr = previous_sentence_subject(scan, self.sents[i].start, self.sents[i].end)
        if sp.closed and not self._clause_taken(v):
            # “We are horrified” by the shooting, Smith said: the clause goes on after the quote
            tl = tail_in_sentence(scan, s, e)
            if (tl is not None and tl.start <= sp.open_pos + 1
                    and more_words_than(scan.text, 1, sp.close_pos, tl.end)):  # fmt: skip
                self._add_clause(v, tl.start, tl.end, tl.attr)
        return attr

    def _alone_after_plain_paragraph(self, v: SpanView) -> bool:
        """Tell whether the quote is its whole paragraph and the paragraph before has no quote."""
        text = self.scan.text
        if v.span.closed and WORD_RE.search(text, v.span.close_pos, v.para_end):
            return False
        prev_start = self.paras[v.sent.para - 1][0]
        return v.number == 0 or self.spans[v.number - 1].close_pos < prev_start

    def _partial_rules(self, v: SpanView) -> Attribution | None:
        """Attribute a quoted fragment from the reporter's clause around it, trying each rule."""
        attr = self._reported_clause_rule(v)
        if attr is None and v.span.closed:
            attr = self._fragment_then_attribution_rule(v)
        taken = self._clause_taken(v)
        second = attr is None and self._after_second_subject(v)
        if not v.title and (not taken or second):
            # the second subject's clause is added once, beside the first subject's
            add = not taken or (second and self._second_clause_free(v))
            attr = self._stance_verb_rule(v, attr, add_clause=add)
        if attr is None and not self._clause_taken(v) and not v.title:
            attr = self._subject_verb_rule(v)
        if attr is None:
            attr = self._same_sentence_rule(v)
        if attr is None and v.nwords > SCARE_QUOTE_WORDS:
            attr = sentence_subject_partial(self.scan, v.sent.start, v.span.open_pos)
        return attr

    def _same_sentence_rule(self, v: SpanView) -> Attribution | None:
        """Netanyahu warned that “the right is in danger” because “Arab voters are coming out”:
        a fragment no rule attributes takes the speaker of the quote or clause before it in its
        sentence."""
        for p in reversed(self.pending[-SAME_SENTENCE_ITEMS:]):
            if p.start < v.sent.start:
                break
            if p.attr is not None and p.start < v.span.open_pos:
                gap = self.scan.text[min(p.end, v.span.open_pos) : v.span.open_pos]
                if CAPITALISED_WORD_RE.search(gap):
                    return None  # "Ryan said he was “encouraged” and Trump called it “…”"
                attr = p.attr.copy()
                attr.score = min(attr.score, 0.5)
                return attr.by("fragment-same-sentence")
        return None

    def _reported_clause_rule(self, v: SpanView) -> Attribution | None:
        """Smith said the plan was “dead on arrival”: the fragment is inside a reported clause."""
        scan, sp = self.scan, v.span
        s, e = v.sent.start, v.sent.end
        found = indirect_in_sentence(scan, s, e, mixed=True)
        if found is None or found.start > sp.open_pos + 1:
            return None
        if self._after_second_subject(v, found):  # the first subject's clause is kept, alone
            if not self._clause_taken(v):
                self._add_clause(v, found.start, found.end, found.attr)
            return None
        covers = found.end >= min(sp.close_pos - 1, scan.body_end(s, e))
        if covers and not self._clause_taken(v):
            self._add_clause(v, found.start, found.end, found.attr)
        return found.attr

    def _after_second_subject(self, v: SpanView, found: Reported | None = None) -> bool:
        """Tell whether the fragment follows its sentence's reported clause, which ends before a
        second subject: "Ryan praised “…” and Pelosi mocked “…”" (patterns.SECOND_SUBJECT_RE)."""
        if found is None:
            found = indirect_in_sentence(self.scan, v.sent.start, v.sent.end, mixed=True)
        return (
            found is not None
            and found.end < v.span.open_pos
            and SECOND_SUBJECT_AT_RE.match(self.scan.text, found.end, v.span.open_pos) is not None
        )

    def _fragment_then_attribution_rule(self, v: SpanView) -> Attribution | None:
        """“…” fragment, Smith said: the reported clause runs from the sentence start."""
        scan, sp, text = self.scan, v.span, self.scan.text
        s, e = v.sent.start, v.sent.end
        attr = after_attribution(scan, sp.close_pos, v.para_end)
        if (attr is not None and not self._clause_taken(v)
                and not more_words_than(text, 9, sp.close_pos, scan.body_end(s, e))
                and not v.title):  # fmt: skip
            lead = strip_lead(text[s : min(sp.open_pos, s + LEAD_CHARS)])[1]
            c1, c2 = scan.trim(s + lead, sp.close_pos)
            if more_words_than(text, 1, c1, sp.open_pos):
                self._add_clause(v, c1, c2, attr)
        return attr

    def _stance_verb_rule(
        self, v: SpanView, attr: Attribution | None, *, add_clause: bool
    ) -> Attribution | None:
        """Trump blasted Disney for its “outrageous practices”: the subject of the verb before
        (also after another clause: "Ryan praised “…” and Pelosi mocked “…”")."""
        sp = v.span
        pf = partial_attribution(self.scan, v.sent.start, v.sent.end, sp.open_pos, sp.close_pos)
        if pf is None:
            return attr
        if attr is None:
            attr = pf.attr
        if (
            add_clause
            and words_outside(self.scan.text, pf.start, sp.open_pos, sp.close_pos, pf.end) >= 2
        ):
            self._add_clause(v, pf.start, pf.end, attr)
        return attr

    def _subject_verb_rule(self, v: SpanView) -> Attribution | None:
        """Mr. Ortega exhorted delegates to “vote your conscience”: a named subject, any verb."""
        sp = v.span
        sv = subject_verb_partial(self.scan, v.sent.start, v.sent.end, sp.open_pos, sp.close_pos)
        if sv is None:
            return None
        if words_outside(self.scan.text, sv.start, sp.open_pos, sp.close_pos, sv.end) >= 2:
            self._add_clause(v, sv.start, sv.end, sv.attr)
        return sv.attr


def _sentence_of_span(spans: list[QuoteSpan], sents: list[Sentence]) -> dict[int, tuple[int, int]]:
    """Map each span's index to the sentence its opening mark is in (both lists in text order)."""
    out = {}
    si = 0
    for idx, sp in enumerate(spans):
        while si < len(sents) and sents[si].end <= sp.open_pos:
            si += 1
        if si < len(sents):
            out[idx] = (sents[si].start, sents[si].end)
    return out
