"""Bulk add of many quotes at once: the decisions of add_quote, with the database work batched.

add_quote() reads and writes row by row (a dozen statements per quote). For imports, add_batch()
makes the same decisions for a whole batch with a handful of statements: one read each for known
appearances, exact matching forms, term frequencies, postings and candidate texts, then bulk
inserts. Quotes new in the batch are matched against each other through an in-memory index of
the batch, so a reprint later in the same batch still merges. Rare cases that change a stored
quote (a fuller version of a stored fragment) go through add_quote itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, exists, func, insert, select, update
from sqlmodel import Session

from quotes.db import fetch_rows, marks
from quotes.fingerprint import appearance_fingerprint, match_form, text_hash
from quotes.index import store
from quotes.index.store import RetrievalPlan
from quotes.index.terms import index_terms, query_terms, rank_candidates, select_terms
from quotes.matching import Thresholds, decide
from quotes.models import Appearance, Outlet, Quote, QuoteCreate, Speaker, SpeakerAlias, TermDf
from quotes.models._common import utcnow
from quotes.models.index import QuoteTerm
from quotes.names import clean_name, name_key
from quotes.services.outlets import get_outlet, resolve_outlet
from quotes.services.quotes import add_quote
from quotes.services.speakers import get_speaker, resolve_speaker

_CHUNK = 500
_QUOTE: Table = Quote.__table__  # type: ignore[attr-defined]
_APPEARANCE: Table = Appearance.__table__  # type: ignore[attr-defined]
_DF: Table = TermDf.__table__  # type: ignore[attr-defined]
_TERMS: Table = QuoteTerm.__table__  # type: ignore[attr-defined]
_ALIAS: Table = SpeakerAlias.__table__  # type: ignore[attr-defined]
_SPEAKER: Table = Speaker.__table__  # type: ignore[attr-defined]
_OUTLET: Table = Outlet.__table__  # type: ignore[attr-defined]
_BATCH_CANDIDATES = 3


@dataclass
class BatchResult:
    """Counts of what a batch did."""

    new_quotes: int = 0
    new_appearances: int = 0
    merged: int = 0
    already_present: int = 0


@dataclass
class _Pending:
    """A quote new in this batch (not yet inserted)."""

    text: str
    norm: str
    speaker_id: int
    kind: str
    language: str | None
    appearances: list[dict[str, object]] = field(default_factory=list)


class Resolver:
    """Speaker and outlet ids by name, cached for one import (names resolve as in add_quote)."""

    def __init__(self) -> None:
        self.speakers: dict[str, int] = {}
        self.outlets: dict[str, int] = {}

    def speaker(self, session: Session, data: QuoteCreate) -> tuple[int, str]:
        """Return the id of the row's speaker (creating it if new) and the name it goes by there."""
        if data.speaker_id is not None:
            speaker = get_speaker(session, data.speaker_id)
            return speaker.id or 0, speaker.name
        key = name_key(data.speaker or "")
        if key not in self.speakers:
            self.speakers[key] = resolve_speaker(session, name=data.speaker or "").id or 0
        return self.speakers[key], data.speaker or ""

    def prefetch(self, session: Session, rows: Sequence[QuoteCreate]) -> None:
        """Resolve the batch's new names in a few statements, creating the missing ones in bulk."""
        speakers = {name_key(r.speaker): r.speaker for r in rows if r.speaker}
        missing = [k for k in speakers if k not in self.speakers]
        at = _ALIAS
        for key, sid in _in(session, at.c.alias_key, missing, at.c.alias_key, at.c.speaker_id):
            self.speakers[key] = sid
        new = sorted(k for k in missing if k not in self.speakers)
        if new:
            now = utcnow()
            st = _SPEAKER
            ids = (
                session.connection()
                .execute(
                    insert(st).returning(st.c.id, sort_by_parameter_order=True),
                    [
                        dict(
                            name=clean_name(speakers[k]),
                            description=None,
                            external_id=None,
                            created_at=now,
                        )
                        for k in new
                    ],
                )
                .scalars()
                .all()
            )
            session.connection().execute(
                insert(at),
                [
                    dict(speaker_id=i, alias=clean_name(speakers[k]), alias_key=k)
                    for k, i in zip(new, ids, strict=True)
                ],
            )
            self.speakers.update(zip(new, ids, strict=True))
        outlets = {name_key(n): n for r in rows for n in (r.outlet, r.via_outlet) if n}
        missing = [k for k in outlets if k not in self.outlets]
        ot = _OUTLET
        for key, oid in _in(session, ot.c.name_key, missing, ot.c.name_key, ot.c.id):
            self.outlets[key] = oid
        for k in missing:
            if k not in self.outlets:  # few per import: the one-by-one path handles domains too
                self.outlets[k] = resolve_outlet(session, name=outlets[k]).id or 0

    def outlet(self, session: Session, name: str | None, outlet_id: int | None) -> int | None:
        """Return the id of an outlet given by id or name, creating it if new."""
        if outlet_id is not None:
            return get_outlet(session, outlet_id).id
        if name is None:
            return None
        key = name_key(name)
        if key not in self.outlets:
            self.outlets[key] = resolve_outlet(session, name=name).id or 0
        return self.outlets[key]


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _in(session: Session, column: Any, values: Iterable[Any], *cols: Any) -> list[tuple[Any, ...]]:
    """Return rows of cols where column is in values, in chunks of bound parameters (plain SQL)."""
    conn = session.connection()
    names = ", ".join(c.name for c in cols)
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(sorted(set(values))):
        where = f"{column.name} IN ({marks(conn, len(chunk))})"
        sql = f"SELECT {names} FROM {column.table.name} WHERE {where}"
        rows += fetch_rows(conn, sql, chunk)
    return rows


def add_batch(
    session: Session,
    rows: Sequence[QuoteCreate],
    *,
    resolver: Resolver,
    created_by: str | None = None,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
) -> BatchResult:
    """Store a batch of quotes as add_quote would, row after row, with batched reads and writes."""
    result = BatchResult()
    qt, at = _QUOTE, _APPEARANCE
    # 1. who and where
    resolver.prefetch(session, rows)
    prepared = []
    for data in rows:
        speaker_id, speaker_name = resolver.speaker(session, data)
        outlet_id = resolver.outlet(session, data.outlet, data.outlet_id)
        via_id = resolver.outlet(session, data.via_outlet, data.via_outlet_id)
        fp = appearance_fingerprint(
            outlet_id=outlet_id or 0,
            published=data.date,
            url=data.url,
            text=data.text,
            speaker_id=speaker_id,
        )
        norm = match_form(data.text)
        prepared.append(
            (data, speaker_id, speaker_name, outlet_id, via_id, fp, norm, text_hash(norm))
        )
    # 2. what is already known: appearances, exact matching forms
    known_fp = {
        r[0] for r in _in(session, at.c.fingerprint, [p[5] for p in prepared], at.c.fingerprint)
    }
    exact: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for h, qid, spk, merged in _in(
        session,
        qt.c.norm_hash,
        [p[7] for p in prepared],
        qt.c.norm_hash,
        qt.c.id,
        qt.c.speaker_id,
        qt.c.merged_into_id,
    ):
        if merged is None:
            exact[h].append((qid, spk))
    # 3. candidates from the database index, for rows with no exact match
    terms_of = {
        i: sorted(set(query_terms(p[6]))) for i, p in enumerate(prepared) if p[7] not in exact
    }
    df = dict(
        _in(
            session,
            _DF.c.term,
            [t for ts in terms_of.values() for t in ts],
            _DF.c.term,
            _DF.c.df,
        )
    )
    chosen = {
        i: select_terms(ts, df, max_terms=plan.max_terms, max_postings=plan.max_postings)
        for i, ts in terms_of.items()
    }
    postings: dict[int, list[int]] = defaultdict(list)
    for term, qid in _in(
        session,
        _TERMS.c.term,
        [t for ts in chosen.values() for t in ts],
        _TERMS.c.term,
        _TERMS.c.quote_id,
    ):
        postings[term].append(qid)
    db_cands: dict[int, list[int]] = {}
    for i, ts in chosen.items():
        hits = Counter(q for t in ts for q in postings.get(t, ()))
        db_cands[i] = rank_candidates(hits, limit=_BATCH_CANDIDATES, min_share=plan.min_share)
    texts: dict[int, str] = {}
    norms: dict[int, str] = {}
    for qid, text, qnorm, merged in _in(
        session,
        qt.c.id,
        [q for cs in db_cands.values() for q in cs],
        qt.c.id,
        qt.c.text,
        qt.c.norm,
        qt.c.merged_into_id,
    ):
        if merged is None:
            texts[qid], norms[qid] = text, qnorm
    # 4. decide row after row; quotes new in the batch are matched through an in-memory index
    pending: list[_Pending] = []
    batch_index: dict[int, list[int]] = defaultdict(list)
    batch_hash: dict[str, int] = {}
    touched: set[int] = set()
    appearances: list[dict[str, object]] = []
    seen_fp: set[str] = set()
    slow: list[QuoteCreate] = []
    now = utcnow()
    for i, (data, speaker_id, speaker_name, outlet_id, via_id, fp, norm, h) in enumerate(prepared):
        if fp in known_fp or fp in seen_fp:
            result.already_present += 1
            continue
        seen_fp.add(fp)
        appearance: dict[str, object] = dict(
            outlet_id=outlet_id,
            via_outlet_id=via_id,
            published=data.date,
            url=data.url,
            text=data.text,
            speaker_id=speaker_id,
            speaker_name=speaker_name,
            speaker_role=data.speaker_role,
            context=data.context,
            partial=False,
            match_method="new",
            match_score=None,
            fingerprint=fp,
            created_at=now,
            created_by=created_by,
            article_id=None,
            article_start=None,
            article_end=None,
        )
        if h in exact:
            same = [q for q, s in exact[h] if s == speaker_id] or [exact[h][0][0]]
            appearance.update(quote_id=same[0], match_method="exact", match_score=100.0)
            appearances.append(appearance)
            touched.add(same[0])
            result.merged += 1
            continue
        if h in batch_hash:
            pending[batch_hash[h]].appearances.append(
                appearance | {"match_method": "exact", "match_score": 100.0}
            )
            result.merged += 1
            continue
        cands: dict[int, str] = {q: texts[q] for q in db_cands.get(i, []) if q in texts}
        cand_norms = {q: norms[q] for q in cands}
        mine = index_terms(norm)
        batch_df = {t: len(batch_index[t]) for t in mine if t in batch_index}
        rare = select_terms(
            mine, batch_df, max_terms=plan.max_terms, max_postings=plan.max_postings
        )
        local = Counter(k for t in rare for k in batch_index[t])
        for k in rank_candidates(local, limit=_BATCH_CANDIDATES, min_share=plan.min_share):
            cands[-1 - k] = pending[k].text  # negative ids: quotes new in this batch
            cand_norms[-1 - k] = pending[k].norm
        matches = decide(data.text, cands, thresholds=thresholds, norms=cand_norms)
        m = matches[0] if matches else None
        if m is not None and m.candidate_id > 0:
            if m.fuller:
                slow.append(data)  # the stored quote's text changes: add_quote does that
                seen_fp.discard(fp)
                continue
            appearance.update(
                quote_id=m.candidate_id,
                match_method=m.method,
                match_score=m.score,
                partial=m.partial,
            )
            appearances.append(appearance)
            touched.add(m.candidate_id)
            result.merged += 1
        elif m is not None:
            k = -1 - m.candidate_id
            p = pending[k]
            if m.fuller:  # the new row is the fuller version of a quote new in this batch
                for t in index_terms(p.norm):
                    batch_index[t].remove(k)
                p.text, p.norm = data.text, norm
                for t in index_terms(norm):
                    batch_index[t].append(k)
                batch_hash[h] = k
            p.appearances.append(
                appearance
                | {"match_method": m.method, "match_score": m.score, "partial": m.partial}
            )
            result.merged += 1
        else:
            k = len(pending)
            pending.append(
                _Pending(
                    text=data.text,
                    norm=norm,
                    speaker_id=speaker_id,
                    kind=data.kind,
                    language=data.language,
                    appearances=[appearance],
                )
            )
            batch_hash[h] = k
            for t in index_terms(norm):
                batch_index[t].append(k)
            result.new_quotes += 1
    # 5. write: new quotes (ids back in order), their index entries, all appearances, stats
    conn = session.connection()
    if pending:
        quote_rows = []
        for p in pending:
            dates = [a["published"] for a in p.appearances if a["published"] is not None]
            quote_rows.append(
                dict(
                    text=p.text,
                    norm=p.norm,
                    norm_hash=text_hash(p.norm),
                    variant=0,
                    kind=p.kind,
                    language=p.language,
                    speaker_id=p.speaker_id,
                    first_published=min(dates) if dates else None,  # type: ignore[type-var]
                    appearance_count=len(p.appearances),
                    merged_into_id=None,
                    speaker_conflict=any(a["speaker_id"] != p.speaker_id for a in p.appearances),
                    created_at=now,
                    updated_at=now,
                )
            )
        ids = [
            r[0]
            for r in conn.execute(
                insert(qt).returning(qt.c.id, sort_by_parameter_order=True), quote_rows
            )
        ]
        store.add_many(session, [(qid, p.norm) for qid, p in zip(ids, pending, strict=True)])
        for qid, p in zip(ids, pending, strict=True):
            appearances += [a | {"quote_id": qid} for a in p.appearances]
    if appearances:
        conn.execute(insert(at), appearances)
    result.new_appearances = len(appearances)
    if touched:
        _refresh_stats(session, sorted(touched))
    for data in slow:
        added = add_quote(
            session, data=data, created_by=created_by, thresholds=thresholds, plan=plan
        )
        result.new_appearances += added.appearance_created
        result.merged += added.appearance_created and not added.quote_created
        result.new_quotes += added.quote_created
    session.expire_all()
    return result


def _refresh_stats(session: Session, quote_ids: list[int]) -> None:
    """Recompute count, first date and speaker conflict of existing quotes in one statement."""
    qt, at = _QUOTE, _APPEARANCE
    conn = session.connection()
    for chunk in _chunks(quote_ids):
        conn.execute(
            update(qt)
            .where(qt.c.id.in_(chunk))
            .values(
                appearance_count=select(func.count())
                .where(at.c.quote_id == qt.c.id)
                .scalar_subquery(),
                first_published=select(func.min(at.c.published))
                .where(at.c.quote_id == qt.c.id)
                .scalar_subquery(),
                speaker_conflict=exists().where(
                    and_(at.c.quote_id == qt.c.id, at.c.speaker_id != qt.c.speaker_id)
                ),
                updated_at=utcnow(),
            )
        )


__all__ = ["BatchResult", "Resolver", "add_batch"]
