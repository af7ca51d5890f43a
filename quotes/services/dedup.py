"""Is a text a quote we already have? One retrieval, one decision (quotes.matching.judge).

``retrieve`` gathers the candidates of a prepared text from a ``CandidateSource``: the stored
quotes with the same matching form (their exact key), and the quotes sharing its rarest dedup
keys (quotes.index.keys). ``judge`` then says which one it is, or, when none, which one it
nearly is. The row path (POST, article ingestion, the duplicate check, ``quotes dedup``) reads
the database (``DbSource``); the bulk import reads the database seen through its batch
(quotes.services.bulk.BatchSource). Both call the same two functions, so an import decides
exactly as posting the rows one by one would.

A near miss is stored as a new quote plus a suggested merge (``propose``) that a curator
accepts or rejects (quotes.services.suggestions); a rejected pair is never suggested again and
never merged by ``scan_clusters``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from quotes.db import fetch_rows, marks, one_of
from quotes.index import store
from quotes.index.keys import ONE_KEY_RUN
from quotes.index.store import DbKeys, KeySource
from quotes.index.terms import RetrievalPlan
from quotes.matching import Candidate, Decision, Match, Prepared, Thresholds, decide, judge, prepare
from quotes.models import Quote, Speaker, SpeakerRef, Suggestion
from quotes.models.lookup import DuplicateMatch, DuplicateReport
from quotes.services._db import insert_or_get, pk
from quotes.services.rows import suggestion_row


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


class CandidateSource(KeySource, Protocol):
    """Where candidates come from: dedup keys, quotes by exact key, live quotes by id."""

    def exact(self, norm_hash: str) -> list[Candidate]:
        """Return the quotes whose matching form has this hash (merged ones as their live quote)."""
        ...

    def live(self, ids: Sequence[int]) -> list[Candidate]:
        """Return the live (not merged) quotes among ids, in the order of ids."""
        ...


class DbSource(DbKeys):
    """Candidates read from the database (plain SQL on the hot path, see quotes.db.fetch_rows)."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.session = session

    def exact(self, norm_hash: str) -> list[Candidate]:
        """Return the quotes with this exact key, lowest variant first."""
        return self.exact_many([norm_hash])[norm_hash]

    def exact_many(self, hashes: Sequence[str]) -> dict[str, list[Candidate]]:
        """Return {hash: the quotes with that exact key} (merged ones as their live quote)."""
        out: dict[str, list[Candidate]] = {h: [] for h in hashes}
        if not hashes:
            return out
        rows = fetch_rows(
            self.conn,
            "SELECT norm_hash, id, text, norm, speaker_id, variant, merged_into_id FROM quote "
            f"WHERE norm_hash IN ({marks(self.conn, len(hashes))}) AND deleted_at IS NULL "
            "ORDER BY variant, id",
            hashes,
        )
        for norm_hash, qid, text, norm, speaker_id, variant, merged in rows:
            if merged is not None:  # the text lives on in the quote it was merged into
                shell = self.session.get(Quote, qid)
                live = live_quote(self.session, shell) if shell is not None else None
                if live is None or live.id is None or live.merged_into_id is not None:
                    continue
                qid, speaker_id, variant = live.id, live.speaker_id, live.variant
            out[norm_hash].append(Candidate(qid, text, norm, speaker_id, variant))
        return out

    def live(self, ids: Sequence[int]) -> list[Candidate]:
        """Return the live quotes among ids, in the order of ids."""
        if not ids:
            return []
        id_in, params = one_of(self.conn, "id", ids)
        sql = (
            "SELECT id, text, norm, speaker_id, variant FROM quote "
            f"WHERE merged_into_id IS NULL AND deleted_at IS NULL AND {id_in}"
        )
        found = {r[0]: Candidate(*r) for r in fetch_rows(self.conn, sql, params)}
        return [found[i] for i in ids if i in found]


def retrieve(
    source: CandidateSource,
    query: Prepared,
    *,
    plan: RetrievalPlan = RetrievalPlan(),
    exclude: Collection[int] = (),
) -> list[Candidate]:
    """Return the candidates of a prepared text: exact-key quotes, then quotes sharing rare keys."""
    found = [c for c in source.exact(query.norm_hash) if c.id not in exclude]
    hits = dict(store.key_hits(source, query, plan=plan))
    few = len(query.keys) <= ONE_KEY_RUN
    return found + [
        c
        for c in source.live([i for i in hits if i not in exclude])
        if hits[c.id] > 1 or few or c.norm.count(" ") < ONE_KEY_RUN + 2
    ]


def _retrieved(
    session: Session, text: str | Prepared, *, plan: RetrievalPlan, exclude: Collection[int]
) -> tuple[Prepared, list[Candidate]]:
    """Prepare text (unless it is) and fetch its dedup candidates from the database."""
    query = text if isinstance(text, Prepared) else prepare(text)
    return query, retrieve(DbSource(session), query, plan=plan, exclude=exclude)


def find_matches(
    session: Session,
    text: str | Prepared,
    *,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    exclude: Collection[int] = (),
    speaker_id: int | None = None,
) -> list[Match]:
    """Return the stored quotes that text is a version of, best first (empty: a new quote)."""
    query, candidates = _retrieved(session, text, plan=plan, exclude=exclude)
    return decide(query, candidates, speaker_id=speaker_id, thresholds=thresholds)


def find_decision(
    session: Session,
    text: str | Prepared,
    *,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    exclude: Collection[int] = (),
    speaker_id: int | None = None,
) -> Decision:
    """Return the decision about text: the stored quotes it is, or else the one it nearly is."""
    query, candidates = _retrieved(session, text, plan=plan, exclude=exclude)
    return judge(query, candidates, speaker_id=speaker_id, thresholds=thresholds)


def find_match(
    session: Session,
    text: str | Prepared,
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
    """What the matcher says of a live quote: the quotes that are it, or the one it nearly is.

    keep is the quote kept (the oldest); others are the quotes to merge into it, best first;
    near_miss, set only when others is empty, is a merge to suggest (keep ↔ its candidate).
    """

    keep: int
    others: list[Match]
    near_miss: Match | None = None


def scan_clusters(
    session: Session,
    *,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    batch: int = 1000,
) -> Iterator[Cluster]:
    """Yield clusters of live quotes that match each other (oldest quote kept), via the index,
    and the near misses of the quotes that match none.

    A pair a curator rejected is never put in one cluster: the rejected partners of a quote are
    no candidates of it, and a match rejected with a quote already in the cluster stays out.
    """
    rejected = rejected_partners(session)
    claimed: set[int] = set()
    last = 0
    while True:
        table = Quote.__table__  # type: ignore[attr-defined]
        rows: list[tuple[int, str]] = [
            (r[0], r[1])
            for r in session.connection().execute(
                sa_select(table.c.id, table.c.text)
                .where(
                    table.c.id > last,
                    table.c.merged_into_id.is_(None),
                    table.c.deleted_at.is_(None),
                )
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
            decision = find_decision(
                session,
                text,
                thresholds=thresholds,
                plan=plan,
                exclude=claimed | {qid} | rejected.get(qid, set()),
            )
            others: list[Match] = []
            for m in decision.matches:
                if not any(m.candidate_id in rejected.get(o.candidate_id, ()) for o in others):
                    others.append(m)
            if others:
                claimed.update(m.candidate_id for m in others)
                claimed.add(qid)
                yield Cluster(keep=qid, others=others)
            elif decision.near_miss is not None:
                yield Cluster(keep=qid, others=[], near_miss=decision.near_miss)


def find_suggestion(session: Session, a: int, b: int) -> Suggestion | None:
    """Return the suggestion pairing quotes a and b (in either order), whatever its status."""
    return session.exec(
        select(Suggestion).where(  # stored newer quote first (rows.suggestion_row)
            Suggestion.quote_id == max(a, b), Suggestion.other_quote_id == min(a, b)
        )
    ).first()


def propose(session: Session, *, quote_id: int, match: Match) -> Suggestion | None:
    """Record a near miss as a pending suggestion: quote_id nearly is match.candidate_id.

    Nothing is recorded for a pair already suggested, whatever became of it (a rejected pair
    stays rejected); returns the new suggestion, or None.
    """
    if quote_id == match.candidate_id:
        return None
    row, created = insert_or_get(
        session,
        Suggestion(**suggestion_row(quote_id, match)),
        lambda: find_suggestion(session, quote_id, match.candidate_id),
    )
    return row if created else None


def rejected_partners(session: Session) -> Mapping[int, set[int]]:
    """Return {quote id: the quotes a curator refused to merge it with} (both directions)."""
    out: defaultdict[int, set[int]] = defaultdict(set)
    rows = session.exec(
        select(Suggestion.quote_id, Suggestion.other_quote_id).where(
            Suggestion.status == "rejected"
        )
    )
    for a, b in rows:
        out[a].add(b)
        out[b].add(a)
    return out


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
                speaker=SpeakerRef(id=pk(who), name=who.name) if who else None,
                score=m.score,
                method=m.method,
                partial=m.partial,
                fuller=m.fuller,
                span=m.span,
                same_speaker=None if speaker is None else bool(spk and spk.id == quote.speaker_id),
            )
        )
    return DuplicateReport(duplicate=bool(out), matches=out)
