"""The citation check: did this person really say these words, where, and when first?

``check_citation`` answers POST /v1/citations/check and the check page with one verdict on the
claim (the words, and optionally a speaker, an outlet and a date), plain-sentence notes, and the
ranked lookup results (``quotes.services.lookup.lookup``: index-backed, never a scan).

The words *match* a stored quote when the one dedup decision accepts them as that quote (exact,
similar, elision or fragment, ``quotes.matching.decide``); a result that merely resembles them
(method "fuzzy") is listed, marked ``evidence: false``, and is no evidence of anything. A quote is
*attributed to* the speakers its live appearances name, and its own speaker; its sources
*disagree* when those are more than one person (the rule of ``Quote.speaker_conflict``).

Verdicts, on the matching quotes in rank order (the claim is about who said it):

* ``confirmed``: a matching quote is attributed to the claimed speaker (by name or alias) and its
  sources agree. Without a claimed speaker there is nothing to contradict: the words were found,
  so the best matching quote confirms them when its sources agree (the notes say who said it).
* ``disputed``: the matching quote's sources disagree on the speaker — with a claim, those that
  include the claimed speaker (and none attributed to them alone); without one, the best match.
* ``attributed_elsewhere``: the words match, but no source of any matching quote names the
  claimed speaker, and some name someone else: likely a misattribution (notes: who, first where
  and when; also whether those sources disagree among themselves).
* ``not_found``: nothing stored matches, so there is no evidence either way; also when the words
  match only quotes whose sources name nobody, so the claimed speaker can be neither confirmed
  nor contradicted (the notes say where the words were printed).

Notes also say when the claimed speaker or outlet is unknown to us, when the claimed date is
earlier than the first appearance we have, and when the claimed outlet never printed the quote.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_
from sqlmodel import Session, col, select

from quotes.index.terms import RetrievalPlan
from quotes.matching import Thresholds
from quotes.models import Appearance, Speaker
from quotes.models.citation import CheckedResult, CitationCheck, Verdict
from quotes.models.lookup import LookupResult
from quotes.services.curation import attributions
from quotes.services.lookup import lookup
from quotes.services.outlets import find_outlet
from quotes.services.speakers import find_speaker

__all__ = ["check_citation"]


def _speaker_ids(result: CheckedResult) -> set[int]:
    """Return the speakers a result's quote is attributed to: its own and its sources'."""
    ids = {a.speaker.id for a in result.attributions if a.speaker is not None}
    if result.speaker is not None:
        ids.add(result.speaker.id)
    return ids


def _disputed(result: CheckedResult) -> bool:
    return len(_speaker_ids(result)) > 1


def _first_where(result: LookupResult) -> str:
    """Say where and when a quote was first printed, as a clause."""
    first = result.first_appearance
    if first is None:
        return "we have no appearance of it on record"
    where = f"by {first.outlet.name}" if first.outlet else "by an unnamed outlet"
    when = f" on {first.date.isoformat()}" if first.date else " (date unknown)"
    link = f" ({first.url})" if first.url else ""
    return f"first printed {where}{when}{link}"


def _who(result: CheckedResult) -> str:
    """Name the speaker a result's quote is attributed to, with their role as first printed."""
    if result.speaker is None:
        return "an unnamed speaker"
    role = result.first_appearance.speaker_role if result.first_appearance else None
    return f"{result.speaker.name}, {role}," if role else result.speaker.name


def _sources(result: CheckedResult) -> str:
    """Describe who the sources of a quote name, e.g. for a dispute."""
    parts = []
    for a in result.attributions:
        if a.speaker is None:
            continue
        count = f"{a.appearance_count} appearance{'s' if a.appearance_count != 1 else ''}"
        first = f", first on {a.first_date.isoformat()}" if a.first_date else ""
        outlets = f" ({', '.join(a.outlets)})" if a.outlets else ""
        parts.append(f"{a.speaker.name}: {count}{first}{outlets}")
    return "; ".join(parts)


def _verdict(
    matched: list[CheckedResult], *, claimed: str | None, speaker: Speaker | None
) -> tuple[Verdict, CheckedResult | None, list[str]]:
    """Decide the verdict (rules in the module docstring); return it, its basis and its notes."""
    if not matched:
        return (
            "not_found",
            None,
            [
                "Nothing we have stored matches these words. That is no evidence either way: the "
                "quote may be real and simply not in our records."
            ],
        )
    if claimed is None:
        best = matched[0]
        if _disputed(best):
            return (
                "disputed",
                best,
                [
                    f"Our sources disagree on who said this: {_sources(best)}. It was "
                    f"{_first_where(best)}."
                ],
            )
        if best.speaker is None:
            return (
                "confirmed",
                best,
                [f"These words were {_first_where(best)}, but no source names who said them."],
            )
        return (
            "confirmed",
            best,
            [f"Our records attribute these words to {_who(best)} {_first_where(best)}."],
        )
    if speaker is not None:
        supporting = [r for r in matched if speaker.id in _speaker_ids(r)]
        agreed = [r for r in supporting if not _disputed(r)]
        if agreed:
            best = agreed[0]
            return (
                "confirmed",
                best,
                [f"Our records attribute these words to {_who(best)} {_first_where(best)}."],
            )
        if supporting:
            best = supporting[0]
            return (
                "disputed",
                best,
                [
                    f"Some of our sources attribute these words to {speaker.name}, others to "
                    f"someone else: {_sources(best)}. It was {_first_where(best)}."
                ],
            )
    named = [r for r in matched if _speaker_ids(r)]
    if named:
        best = named[0]
        notes = [
            f"Our records do not attribute these words to {claimed}: they attribute them to "
            f"{_who(best)} {_first_where(best)}."
        ]
        if _disputed(best):
            notes.append(f"Our sources of it disagree among themselves: {_sources(best)}.")
        return "attributed_elsewhere", best, notes
    best = matched[0]
    return (
        "not_found",
        best,
        [
            f"These words were {_first_where(best)}, but no source names who said them, so we can "
            f"neither confirm nor contradict that {claimed} said them."
        ],
    )


def _outlet_note(session: Session, outlet: str, basis: CheckedResult | None) -> str | None:
    """Say when the claimed outlet is unknown to us, or never printed the quote."""
    found = find_outlet(session, outlet)
    if found is None:
        return f"We have no record of an outlet named “{outlet}”."
    if basis is None:
        return None
    printed = session.exec(
        select(Appearance.id)
        .where(
            Appearance.quote_id == basis.quote_id,
            col(Appearance.deleted_at).is_(None),
            or_(col(Appearance.outlet_id) == found.id, col(Appearance.via_outlet_id) == found.id),
        )
        .limit(1)
    ).first()
    if printed is not None:
        return None
    where = sorted({o for a in basis.attributions for o in a.outlets})
    seen = f"; we have it from {', '.join(where)}" if where else ""
    return f"We have no record of {found.name} printing it{seen}."


def _date_note(date: dt.date, basis: CheckedResult | None) -> str | None:
    """Say when the claimed date is earlier than the first appearance we have."""
    first = basis.first_appearance if basis else None
    if first is None or first.date is None or date >= first.date:
        return None
    outlet = f" ({first.outlet.name})" if first.outlet else ""
    return (
        f"The claimed date {date.isoformat()} is earlier than the first appearance we have, "
        f"{first.date.isoformat()}{outlet}: we have no record of these words before then."
    )


def check_citation(
    session: Session,
    *,
    text: str,
    speaker: str | None = None,
    outlet: str | None = None,
    date: dt.date | None = None,
    limit: int = 10,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    min_score: float = 60.0,
) -> CitationCheck:
    """Check a claimed quote: a verdict on who said it, notes saying why, the ranked results.

    speaker is a name or alias, outlet a name or domain, date the claimed date; each optional.
    The rules are in the module docstring. Reads only; nothing is stored.
    """
    found = lookup(
        session, text, limit=limit, thresholds=thresholds, plan=plan, min_score=min_score
    )
    sources = attributions(session, [r.quote_id for r in found])
    results = [
        CheckedResult(
            **r.model_dump(),
            evidence=r.method != "fuzzy",
            attributions=sources.get(r.quote_id, []),
        )
        for r in found
    ]
    claimed = find_speaker(session, speaker) if speaker is not None else None
    notes = []
    if speaker is not None and claimed is None:
        notes.append(f"We have no speaker named “{speaker}” on record (by name or alias).")
    matched = [r for r in results if r.evidence]
    verdict, basis, why = _verdict(matched, claimed=speaker, speaker=claimed)
    notes.extend(why)
    if not matched and results:
        notes.append("The results below only resemble the words loosely; none is a match.")
    if outlet is not None and (note := _outlet_note(session, outlet, basis)):
        notes.append(note)
    if date is not None and (note := _date_note(date, basis)):
        notes.append(note)
    others = [
        r for r in matched if r is not basis and r.speaker and basis and r.speaker != basis.speaker
    ]
    if others:
        names = sorted({r.speaker.name for r in others if r.speaker})
        notes.append(f"The words also match quotes attributed to {', '.join(names)}.")
    return CitationCheck(
        verdict=verdict,
        quote_id=basis.quote_id if basis else None,
        notes=notes,
        results=results,
    )
