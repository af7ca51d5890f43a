"""Is a text a quote we already have? Exact matching form first, then index + rapidfuzz."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from quotes.db import fetch_rows, marks
from quotes.fingerprint import match_form, text_hash
from quotes.index import store
from quotes.index.store import RetrievalPlan
from quotes.matching import Match, Thresholds, decide
from quotes.models import Quote, Speaker, SpeakerRef
from quotes.models.lookup import DuplicateMatch, DuplicateReport


def live_quote(session: Session, quote: Quote) -> Quote:
    """Follow merged_into links to the quote that now holds the appearances."""
    seen = set()
    while quote.merged_into_id is not None and quote.id not in seen:
        seen.add(quote.id)
        target = session.get(Quote, quote.merged_into_id)
        if target is None:
            break
        quote = target
    return quote


def exact_match(session: Session, text: str, *, speaker_id: int | None = None) -> Quote | None:
    """Return the live quote whose matching form equals text's (that speaker's first), if any."""
    rows = session.exec(
        select(Quote)
        .where(Quote.norm_hash == text_hash(match_form(text)))
        .order_by(col(Quote.variant))
    ).all()
    live = [live_quote(session, q) for q in rows]
    return next((q for q in live if q.speaker_id == speaker_id), live[0] if live else None)


def candidate_forms(session: Session, ids: Sequence[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Return ({id: verbatim text}, {id: stored norm}) of the live quotes among ids, in id order."""
    if not ids:
        return {}, {}
    conn = session.connection()  # plain SQL: this is the request path
    live = f"merged_into_id IS NULL AND id IN ({marks(conn, len(ids))})"
    found = {
        r[0]: (r[1], r[2])
        for r in fetch_rows(conn, f"SELECT id, text, norm FROM quote WHERE {live}", ids)
    }
    texts = {i: found[i][0] for i in ids if i in found}
    return texts, {i: found[i][1] for i in texts}


def candidate_texts(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Return {id: verbatim text} of the live quotes among ids, in the order of ids."""
    return candidate_forms(session, ids)[0]


def find_matches(
    session: Session,
    text: str,
    *,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    exclude: set[int] | None = None,
    speaker_id: int | None = None,
) -> list[Match]:
    """Return the stored quotes that text is a version of, best first (empty: a new quote)."""
    exact = exact_match(session, text, speaker_id=speaker_id)
    if exact is not None and exact.id is not None and exact.id not in (exclude or set()):
        return [
            Match(candidate_id=exact.id, score=100.0, method="exact", span=(0, len(exact.text)))
        ]
    ids = [
        i
        for i in store.candidates(session, match_form(text), plan=plan)
        if i not in (exclude or set())
    ]
    texts, norms = candidate_forms(session, ids)
    return decide(text, texts, thresholds=thresholds, norms=norms)


def find_match(
    session: Session,
    text: str,
    *,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    speaker_id: int | None = None,
) -> Match | None:
    """Return the best stored quote that text is a version of, or None."""
    matches = find_matches(session, text, thresholds=thresholds, plan=plan, speaker_id=speaker_id)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Cluster:
    """Quotes that the matcher says are one: the one to keep and the others with their match."""

    keep: int
    others: list[Match]


def scan_clusters(
    session: Session,
    *,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    batch: int = 1000,
) -> Iterator[Cluster]:
    """Yield clusters of live quotes that match each other (oldest quote kept), via the index."""
    claimed: set[int] = set()
    last = 0
    while True:
        table = Quote.__table__  # type: ignore[attr-defined]
        rows: list[tuple[int, str]] = [
            (r[0], r[1])
            for r in session.connection().execute(
                sa_select(table.c.id, table.c.text)
                .where(table.c.id > last, table.c.merged_into_id.is_(None))
                .order_by(table.c.id)
                .limit(batch)
            )
        ]
        if not rows:
            return
        for qid, text in rows:
            last = qid
            if qid in claimed:
                continue
            ids = [
                i
                for i in store.candidates(session, match_form(text), plan=plan)
                if i != qid and i not in claimed
            ]
            matches = decide(text, candidate_texts(session, ids), thresholds=thresholds)
            if matches:
                claimed.update(m.candidate_id for m in matches)
                claimed.add(qid)
                yield Cluster(keep=qid, others=matches)


def check_duplicates(
    session: Session,
    text: str,
    *,
    speaker: str | None = None,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
) -> DuplicateReport:
    """Report the stored quotes text is a version of (stores nothing)."""
    from quotes.services.speakers import find_speaker

    spk = find_speaker(session, speaker) if speaker else None
    matches = find_matches(
        session, text, thresholds=thresholds, plan=plan, speaker_id=spk.id if spk else None
    )
    out = []
    for m in matches:
        quote = session.get(Quote, m.candidate_id)
        if quote is None:
            continue
        who = session.get(Speaker, quote.speaker_id) if quote.speaker_id else None
        out.append(
            DuplicateMatch(
                quote_id=m.candidate_id,
                text=quote.text,
                speaker=SpeakerRef(id=who.id or 0, name=who.name) if who else None,
                score=m.score,
                method=m.method,
                partial=m.partial,
                fuller=m.fuller,
                span=m.span,
                same_speaker=None if speaker is None else bool(spk and spk.id == quote.speaker_id),
            )
        )
    return DuplicateReport(duplicate=bool(out), matches=out)
