"""Citation lookup: from a fragment or half-remembered version to quote, speaker and source."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlmodel import Session, col, select

from quotes.index import store
from quotes.index.store import DbKeys
from quotes.index.terms import RetrievalPlan
from quotes.matching import Thresholds, prepare, rank
from quotes.models import Appearance
from quotes.models.lookup import LookupResult
from quotes.services.citations import plain_citation
from quotes.services.dedup import DbSource
from quotes.services.outlets import find_outlet
from quotes.services.quotes import cited_quotes
from quotes.services.speakers import find_speaker


def _passes_filters(
    session: Session,
    quote_id: int,
    quote_speaker_id: int | None,
    *,
    speaker_id: int | None,
    outlet_id: int | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> bool:
    if speaker_id is not None and quote_speaker_id != speaker_id:
        on_appearance = session.exec(
            select(Appearance.id)
            .where(
                Appearance.quote_id == quote_id,
                Appearance.speaker_id == speaker_id,
                col(Appearance.deleted_at).is_(None),
            )
            .limit(1)
        ).first()
        if on_appearance is None:
            return False
    if outlet_id is None and date_from is None and date_to is None:
        return True
    stmt = select(Appearance.id).where(
        Appearance.quote_id == quote_id, col(Appearance.deleted_at).is_(None)
    )
    if outlet_id is not None:
        stmt = stmt.where(
            (col(Appearance.outlet_id) == outlet_id) | (col(Appearance.via_outlet_id) == outlet_id)
        )
    if date_from is not None:
        stmt = stmt.where(col(Appearance.published) >= date_from)
    if date_to is not None:
        stmt = stmt.where(col(Appearance.published) <= date_to)
    return session.exec(stmt.limit(1)).first() is not None


def lookup(
    session: Session,
    q: str,
    *,
    limit: int = 10,
    speaker: str | None = None,
    outlet: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    min_score: float = 60.0,
) -> list[LookupResult]:
    """Return the stored quotes that q most likely comes from, best first, with citations.

    Candidates come from the index (never a scan of all quotes); the filters (speaker name or
    alias, outlet name or domain, appearance dates) then keep those that fit.
    """
    speaker_id = outlet_id = None
    if speaker is not None:
        found = find_speaker(session, speaker)
        if found is None:
            return []
        speaker_id = found.id
    if outlet is not None:
        found_outlet = find_outlet(session, outlet)
        if found_outlet is None:
            return []
        outlet_id = found_outlet.id
    filtered = any(v is not None for v in (speaker, outlet, date_from, date_to))
    wide = RetrievalPlan(
        max_terms=plan.max_terms,
        max_postings=plan.max_postings,
        candidates=max(plan.candidates, limit * (8 if filtered else 2)),
        min_share=plan.min_share,
    )
    form = prepare(q)
    # The evidence of both index families counts together: runs of words it shares (the dedup
    # keys) and words it shares (the terms). A verbatim fragment or a reprint is found by the
    # first, a half-remembered version by the second, and a reprint with typos by both at once:
    # its intact half's runs of words are shared by every quote that reprints that half, its
    # rare words only by its source (ranked apart, each family's top would miss it).
    key_budget = wide.candidates if filtered else max(10, 2 * limit)  # keys are precise
    # Ties at the cut are broken by the query's telling words (store.rank_hits): the source of a
    # reprint with typos ties with every quote that reprints its intact half.
    index = DbKeys(session)
    hits = Counter(store.key_postings(index, form, plan=wide))
    hits.update(store.term_postings(session, form.norm, plan=wide))  # counted in C
    ids = store.rank_hits(
        index,
        form,
        hits,
        limit=key_budget + wide.candidates,
        share=wide.min_share,
        one_hit_ties=False,  # thousands tie at one shared word; one word tells none of them
    )
    live = DbSource(session).live(ids)
    ranked = rank(
        form,
        {c.id: c.text for c in live},
        norms={c.id: c.norm for c in live},
        thresholds=thresholds,
        min_score=min_score,
        limit=None if filtered else limit,
    )
    if filtered:
        speakers = {c.id: c.speaker_id for c in live}
        chosen = []
        for m in ranked:
            if _passes_filters(
                session,
                m.candidate_id,
                speakers[m.candidate_id],
                speaker_id=speaker_id,
                outlet_id=outlet_id,
                date_from=date_from,
                date_to=date_to,
            ):
                chosen.append(m)
                if len(chosen) >= limit:
                    break
    else:
        chosen = ranked[:limit]
    cited = cited_quotes(session, [m.candidate_id for m in chosen])
    results: list[LookupResult] = []
    for m in chosen:
        quote = cited.get(m.candidate_id)
        if quote is None:
            continue
        results.append(
            LookupResult(
                quote_id=quote.id,
                text=quote.text,
                kind=quote.kind,
                speaker=quote.speaker,
                score=m.score,
                method=m.method,
                partial=m.partial,
                span=m.span,
                matched_text=quote.text[m.span[0] : m.span[1]] if m.span else None,
                first_appearance=quote.first,
                appearance_count=quote.appearance_count,
                citation=plain_citation(quote, quote.speaker, quote.first),
            )
        )
    return results
