"""What the extraction steps hand each other: a speaker as written (`Attribution`), a reported
clause found with it (`Reported`), an item awaiting resolution (`Pending`) and the result
(`ExtractedItem`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from quotes.extract.marks import QuoteSpan


@dataclass(frozen=True)
class ExtractedItem:
    """One extracted quote: verbatim span, offsets, kind and attribution."""

    text: str
    start: int
    end: int
    kind: str  # "direct" | "partial" | "indirect"
    speaker: str | None
    speaker_role: str | None
    cue: str | None
    via_outlet: str | None
    confidence: float
    # The id of the rule that linked the speaker (`patterns.RULES`); None when nothing did.
    rule: str | None = None
    # The sentences before and after the item in its article, for a reader naming the speaker.
    context_before: str = ""
    context_after: str = ""
    # Whom a spokesperson speaks for ("a spokesman for the ministry"): the speaker stays the
    # spokesperson, as written or resolved; the represented person or body is named here.
    represented: str | None = None


@dataclass
class Attribution:
    """A speaker as written, before resolution."""

    phrase: str
    pos: int  # offset of the phrase in the article
    role: str | None = None
    cue: str | None = None
    via: str | None = None
    score: float = 0.9
    rule: str | None = None  # the id of the rule that found it (`patterns.RULES`)

    def copy(self) -> Attribution:
        """Return a copy to change (cached attributions are shared)."""
        return Attribution(
            self.phrase, self.pos, self.role, self.cue, self.via, self.score, self.rule
        )

    def by(self, rule: str) -> Attribution:
        """Record the rule that found this attribution; return it."""
        self.rule = rule
        return self


@dataclass
class Pending:
    """An item whose speaker is still to be resolved."""

    start: int
    end: int
    kind: str
    para: int
    attr: Attribution | None
    span: QuoteSpan | None = None
    continues_prev: bool = False  # the previous span left its quote open into this paragraph
    # A speaker to fall back on when the quote continues no one (`previous-paragraph-subject`).
    fallback: Attribution | None = None
    speaker: str | None = field(default=None)


class Reported(NamedTuple):
    """A speaker found with the words reported from them: text[start:end]."""

    attr: Attribution
    start: int
    end: int


class SubjectVerb(NamedTuple):
    """The subject that opens a sentence and its verb, which ends at verb_end."""

    subject: Attribution
    verb_end: int
    verb: str


class ClauseStart(NamedTuple):
    """Where the reported clause after a cue starts, and the outlet the cue was addressed to."""

    start: int
    via: str | None
