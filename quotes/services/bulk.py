"""Bulk add of many quotes at once: the decisions of add_quote, with the database work batched.

add_quote() reads and writes row by row (a dozen statements per quote). add_batch() makes the
*same* decisions, by the same functions (quotes.services.dedup.retrieve, quotes.matching.decide),
for a whole batch with a handful of statements: the candidates are read from a ``BatchSource``,
which is the database as it stood before the batch (read in bulk, a few statements for the whole
batch) seen through what the batch has decided so far (its new quotes, fuller texts and key
counts, kept in memory). Posting the rows one by one in file order gives the same quotes, the
same texts and the same first appearances; tests/services/test_import_differential.py checks it
on both databases.

Then the writes: new quotes (their ids come back in order), the appearances in row order, the
index postings and document frequencies, the stats of the stored quotes the batch touched, and
the merges suggested for the new quotes that nearly are another (their ids known only then).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Table, insert, update
from sqlmodel import Session

from quotes.db import fetch_rows, insert_rows, marks, one_of
from quotes.fingerprint import appearance_fingerprint
from quotes.index import store
from quotes.index.keys import select_keys
from quotes.index.terms import RetrievalPlan, rank_candidates
from quotes.matching import Candidate, Match, Prepared, Thresholds, judge, prepare
from quotes.models import Appearance, Outlet, Quote, QuoteCreate, Speaker, SpeakerAlias
from quotes.models._common import utcnow
from quotes.names import clean_name, name_key
from quotes.services._db import pk
from quotes.services.dedup import DbSource, retrieve
from quotes.services.outlets import get_outlet, resolve_outlet
from quotes.services.rows import (
    appearance_row,
    quote_row,
    quote_stats,
    refresh_stats,
    suggestion_row,
)
from quotes.services.speakers import get_speaker, resolve_speaker

_CHUNK = 500
_QUOTE: Table = Quote.__table__  # type: ignore[attr-defined]
_APPEARANCE: Table = Appearance.__table__  # type: ignore[attr-defined]
_ALIAS: Table = SpeakerAlias.__table__  # type: ignore[attr-defined]
_SPEAKER: Table = Speaker.__table__  # type: ignore[attr-defined]
_OUTLET: Table = Outlet.__table__  # type: ignore[attr-defined]
#: Ids of quotes new in a batch until they are stored: above every stored id, in creation order,
#: so every tie-break by id orders them as the ids the database will give them.
NEW_ID_BASE = 1 << 62


@dataclass
class BatchResult:
    """Counts of what a batch did."""

    new_quotes: int = 0
    new_appearances: int = 0
    merged: int = 0
    already_present: int = 0
    suggested: int = 0


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


class Resolver:
    """Speaker and outlet ids by name, cached for one import (names resolve as in add_quote)."""

    def __init__(self) -> None:
        self.speakers: dict[str, int] = {}
        self.external: dict[str, int] = {}
        self.outlets: dict[str, int] = {}

    def speaker(self, session: Session, data: QuoteCreate) -> tuple[int | None, str | None]:
        """Return the id of the row's speaker (None: unknown) and the name it goes by there."""
        if data.speaker_id is not None:
            speaker = get_speaker(session, data.speaker_id)
            return speaker.id, speaker.name
        if data.speaker is None:
            return None, None
        ext = data.speaker_external_id
        if ext is not None and ext in self.external:
            return self.external[ext], data.speaker
        key = name_key(data.speaker)
        if key not in self.speakers or ext is not None:
            found = resolve_speaker(session, name=data.speaker, external_id=ext)
            self.speakers[key] = pk(found)
            if found.external_id is not None:
                self.external[found.external_id] = pk(found)
        return self.speakers[key], data.speaker

    def prefetch(self, session: Session, rows: Sequence[QuoteCreate]) -> None:
        """Resolve the batch's new names in a few statements, creating the missing ones in bulk.

        Rows with an external id (a Wikidata QID) resolve one by one, as add_quote does; a
        speaker created in bulk here is one that neither its name nor any QID found.
        """
        ext_ids = {r.speaker_external_id for r in rows if r.speaker_external_id} - set(
            self.external
        )
        st, at = _SPEAKER, _ALIAS
        for ext, sid in _in(session, st.c.external_id, ext_ids, st.c.external_id, st.c.id):
            self.external[ext] = sid
        speakers = {
            name_key(r.speaker): r.speaker for r in rows if r.speaker and not r.speaker_external_id
        }
        missing = [k for k in speakers if k not in self.speakers]
        for key, sid in _in(session, at.c.alias_key, missing, at.c.alias_key, at.c.speaker_id):
            self.speakers[key] = sid
        gone = {
            sid
            for sid, at_ in _in(
                session, st.c.id, set(self.speakers.values()), st.c.id, st.c.deleted_at
            )
            if at_ is not None
        }
        revived = {k for k, sid in self.speakers.items() if sid in gone}
        for key in revived:  # add_quote's resolve_speaker brings a deleted speaker back
            del self.speakers[key]
        with_ext = {name_key(r.speaker) for r in rows if r.speaker and r.speaker_external_id}
        new = sorted(k for k in missing if k not in self.speakers and k not in with_ext | revived)
        if new:
            now = utcnow()
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
        for key, oid, gone in _in(
            session, ot.c.name_key, missing, ot.c.name_key, ot.c.id, ot.c.deleted_at
        ):
            if gone is None:  # a deleted outlet comes back through resolve_outlet below
                self.outlets[key] = oid
        for k in missing:
            if k not in self.outlets:  # few per import: the one-by-one path handles domains too
                self.outlets[k] = pk(resolve_outlet(session, name=outlets[k]))

    def outlet(self, session: Session, name: str | None, outlet_id: int | None) -> int | None:
        """Return the id of an outlet given by id or name, creating it if new."""
        if outlet_id is not None:
            return get_outlet(session, outlet_id).id
        if name is None:
            return None
        key = name_key(name)
        if key not in self.outlets:
            self.outlets[key] = pk(resolve_outlet(session, name=name))
        return self.outlets[key]

    def clear(self) -> None:
        """Forget everything (after a rolled-back batch, whose new rows are gone)."""
        self.speakers.clear()
        self.external.clear()
        self.outlets.clear()


@dataclass
class _Quote:
    """A quote as the batch sees it: new in the batch, or stored and changed by it."""

    candidate: Candidate
    stored_norm: str | None = None  # a stored quote's norm before the batch (its indexed form)
    kind: str = "direct"  # of a new quote: its first row's
    language: str | None = None
    appearances: list[int] = field(default_factory=list)  # a new quote's, as indexes in the batch


class BatchSource:
    """The database as it stood before a batch, seen through the batch's decisions so far.

    It answers what dedup.DbSource answers (key frequencies, key postings, quotes by exact key,
    live quotes by id) as if every earlier row of the batch had been stored one by one. The
    database part is read in bulk by ``prefetch`` and, for the rare question it did not
    foresee, on demand.
    """

    def __init__(self, session: Session) -> None:
        self.db = DbSource(session)
        self.db_df: dict[int, int] = {}
        self.db_postings: dict[int, list[int]] = {}
        self.db_exact: dict[str, list[Candidate]] = {}
        self.db_live: dict[int, Candidate | None] = {}
        self.df_delta: Counter[int] = Counter()
        self.added: defaultdict[int, list[int]] = defaultdict(list)
        self.removed: set[tuple[int, int]] = set()
        self.by_hash: defaultdict[str, list[int]] = defaultdict(list)
        self.quotes: dict[int, _Quote] = {}  # new quotes and changed stored quotes, by id
        self.on_demand = 0  # database reads prefetch did not foresee (for the benchmark)
        self.new_count = 0

    # -- the database part ---------------------------------------------------------------------

    def prefetch(self, forms: Sequence[Prepared], plan: RetrievalPlan) -> None:
        """Read what the batch's rows will most likely ask: exact keys, key counts, postings."""
        hashes = sorted({f.norm_hash for f in forms} - set(self.db_exact))
        for chunk in _chunks(hashes):
            self.db_exact.update(self.db.exact_many(chunk))
        keys = {k for f in forms for k in f.keys}
        self._read_df(keys)
        chosen = [
            select_keys(f.keys, self.db_df, max_keys=plan.max_keys, max_postings=plan.key_postings)
            for f in forms
        ]
        self._read_postings({k for ks in chosen for k in ks})
        # Only the few quotes each row will score (its top-ranked hits among the stored ones),
        # not every id of the postings read: those are up to key_postings per row.
        ids: set[int] = set()
        postings = self.db_postings
        for ks in chosen:
            if ks:
                hits = Counter(q for k in ks for q in postings.get(k, ()))
                ids.update(
                    rank_candidates(hits, limit=plan.dedup_candidates, min_share=plan.min_share)
                )
        self._read_live(ids)

    def _read_df(self, keys: Iterable[int]) -> None:
        todo = [k for k in keys if k not in self.db_df]
        found = self.db.key_df(todo)
        for k in todo:
            self.db_df[k] = found.get(k, 0)

    def _read_postings(self, keys: Iterable[int]) -> None:
        todo = sorted(k for k in keys if k not in self.db_postings and self.db_df.get(k, 0))
        for k in todo:
            self.db_postings[k] = []
        for chunk in _chunks(todo):
            key_in, params = one_of(self.db.conn, "key", chunk)
            sql = f"SELECT key, quote_id FROM quote_key WHERE {key_in}"
            for k, q in fetch_rows(self.db.conn, sql, params):
                self.db_postings[k].append(q)

    def _read_live(self, ids: Iterable[int]) -> None:
        todo = [i for i in ids if i not in self.db_live]
        for i in todo:
            self.db_live[i] = None
        for chunk in _chunks(sorted(todo)):
            for c in self.db.live(chunk):
                self.db_live[c.id] = c

    # -- what retrieve() asks ----------------------------------------------------------------

    def key_df(self, keys: Sequence[int]) -> dict[int, int]:
        """Return the document frequency of each known key, as if earlier rows were stored."""
        if any(k not in self.db_df for k in keys):
            self.on_demand += 1
            self._read_df(keys)
        df = {k: self.db_df[k] + self.df_delta[k] for k in keys}
        return {k: n for k, n in df.items() if n > 0}

    def key_postings(self, keys: Sequence[int], limit: int) -> list[int]:
        """Return the quote ids holding the keys, stored and new in the batch."""
        if any(k not in self.db_postings and self.db_df.get(k, 0) for k in keys):
            self.on_demand += 1
            self._read_postings(keys)
        out: list[int] = []
        for k in keys:
            out += [q for q in self.db_postings.get(k, ()) if (k, q) not in self.removed]
            out += self.added.get(k, ())
        return out[:limit]

    def shared_terms(self, form: Prepared, ids: Sequence[int]) -> dict[int, int]:
        """Return {id: telling words of form each quote holds}, as if earlier rows were stored.

        A quote new or changed in the batch is counted on its form in memory (the words the index
        will hold for it); a stored one as the database holds it.
        """
        mine = set(form.telling_terms)
        out = {
            q: len(mine.intersection(self.quotes[q].candidate.forms().terms))
            for q in ids
            if q in self.quotes
        }
        stored = [q for q in ids if q not in self.quotes]
        if stored:
            out.update(self.db.shared_terms(form, stored))
        return out

    def exact(self, norm_hash: str) -> list[Candidate]:
        """Return the quotes with this exact key, stored or new, as they now stand."""
        if norm_hash not in self.db_exact:
            self.on_demand += 1
            self.db_exact.update(self.db.exact_many([norm_hash]))
        out = []
        for c in self.db_exact[norm_hash]:
            entry = self.quotes.get(c.id)
            if entry is None:
                out.append(c)
            elif c.norm != entry.stored_norm:  # a text merged into it: its speaker may be new
                out.append(replace(c, speaker_id=entry.candidate.speaker_id))
            # else its own text: by_hash below has it if it still has this key
        return out + [self.quotes[i].candidate for i in self.by_hash.get(norm_hash, ())]

    def live(self, ids: Sequence[int]) -> list[Candidate]:
        """Return the live quotes among ids, as they now stand, in the order of ids."""
        if any(i < NEW_ID_BASE and i not in self.db_live for i in ids):
            self.on_demand += 1
            self._read_live(ids)
        out = []
        for i in ids:
            c = self.quotes[i].candidate if i in self.quotes else self.db_live.get(i)
            if c is not None:
                out.append(c)
        return out

    # -- what the batch decides ---------------------------------------------------------------

    def new_quote(self, data: QuoteCreate, form: Prepared, speaker_id: int | None) -> int:
        """Record a quote new in the batch; return its provisional id."""
        qid = NEW_ID_BASE + self.new_count
        self.new_count += 1
        self.quotes[qid] = _Quote(
            Candidate(qid, form.text, form.norm, speaker_id, 0, form),
            kind=data.kind,
            language=data.language,
        )
        self._index(qid, form, +1)
        return qid

    def change_text(self, qid: int, form: Prepared) -> None:
        """Record that a quote's text became the fuller form (keys and exact key follow)."""
        entry = self.entry(qid)
        old = entry.candidate.forms()
        self._index(qid, old, -1)
        entry.candidate = replace(entry.candidate, text=form.text, norm=form.norm, prepared=form)
        self._index(qid, form, +1)

    def set_speaker(self, qid: int, speaker_id: int) -> None:
        """Record that a quote whose speaker was unknown now has one."""
        entry = self.entry(qid)
        entry.candidate = replace(entry.candidate, speaker_id=speaker_id)

    def speaker_of(self, qid: int) -> int | None:
        """Return a quote's speaker as the batch sees it."""
        return (self.quotes[qid].candidate if qid in self.quotes else self._stored(qid)).speaker_id

    def _stored(self, qid: int) -> Candidate:
        if qid not in self.db_live:  # matched through a text merged into it
            self._read_live([qid])
        c = self.db_live.get(qid)
        assert c is not None, f"quote {qid} was matched but is not live"
        return c

    def entry(self, qid: int) -> _Quote:
        """Return the batch's record of a quote, starting one for a stored quote."""
        if qid not in self.quotes:
            c = self._stored(qid)
            self.quotes[qid] = _Quote(c, stored_norm=c.norm)
            self.by_hash[c.forms().norm_hash].append(qid)  # its keys are stored already
        return self.quotes[qid]

    def _index(self, qid: int, form: Prepared, sign: int) -> None:
        for k in form.stored_keys:
            self.df_delta[k] += sign
            if sign > 0:
                if (k, qid) in self.removed:
                    self.removed.discard((k, qid))
                else:
                    self.added[k].append(qid)
            elif qid in self.added.get(k, ()):
                self.added[k].remove(qid)
            else:
                self.removed.add((k, qid))
        if sign > 0:
            self.by_hash[form.norm_hash].append(qid)
        elif qid in self.by_hash.get(form.norm_hash, ()):
            self.by_hash[form.norm_hash].remove(qid)


def _real(match: Match, real: dict[int, int]) -> Match:
    """Return match naming its candidate by its stored id (a batch's new quote has one now)."""
    return replace(match, candidate_id=real.get(match.candidate_id, match.candidate_id))


def reserve_ids(session: Session, table: str, n: int) -> list[int]:
    """Return n new ids for rows of table, in increasing order, to insert in one statement.

    INSERT … RETURNING in parameter order runs row by row on SQLite; ids chosen up front let
    one executemany insert a whole batch. SQLite: the batch holds the write lock (BEGIN
    IMMEDIATE), so max(id) + 1 … is free. PostgreSQL: the ids come from the table's sequence,
    which concurrent writers share safely.
    """
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        top = conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar_one()
        return list(range(int(top) + 1, int(top) + 1 + n))
    rows = conn.exec_driver_sql(
        f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, {n})"
    )
    return sorted(int(r[0]) for r in rows)


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
    now = utcnow()
    # 1. who and where, and each row's prepared text and fingerprint
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
            speaker_id=speaker_id or 0,
        )
        prepared.append((data, speaker_id, speaker_name, outlet_id, via_id, fp))
    at = _APPEARANCE
    known_fp = {
        r[0] for r in _in(session, at.c.fingerprint, [p[5] for p in prepared], at.c.fingerprint)
    }
    forms = {i: prepare(p[0].text) for i, p in enumerate(prepared) if p[5] not in known_fp}
    source = BatchSource(session)
    source.prefetch(list(forms.values()), plan)
    # 2. decide row after row, exactly as add_quote would
    appearances: list[dict[str, Any]] = []
    targets: list[int] = []  # the quote id (provisional for new quotes) of each appearance
    near: list[tuple[int, Match]] = []  # (new quote's provisional id, the quote it nearly is)
    seen_fp: set[str] = set()
    for i, (data, speaker_id, speaker_name, outlet_id, via_id, fp) in enumerate(prepared):
        if fp in known_fp or fp in seen_fp:
            result.already_present += 1
            continue
        seen_fp.add(fp)
        form = forms[i]
        decision = judge(
            form, retrieve(source, form, plan=plan), speaker_id=speaker_id, thresholds=thresholds
        )
        m = decision.best
        if m is not None:
            qid = m.candidate_id
            if m.fuller:
                source.change_text(qid, form)
            if speaker_id is not None and source.speaker_of(qid) is None:
                source.set_speaker(qid, speaker_id)
            result.merged += 1
        else:
            qid = source.new_quote(data, form, speaker_id)
            result.new_quotes += 1
            if decision.near_miss is not None:
                near.append((qid, decision.near_miss))
        if qid >= NEW_ID_BASE:
            source.entry(qid).appearances.append(len(appearances))
        targets.append(qid)
        appearances.append(
            appearance_row(
                data,
                quote_id=0,
                outlet_id=outlet_id,
                via_outlet_id=via_id,
                speaker_id=speaker_id,
                speaker_name=speaker_name,
                fingerprint=fp,
                match=m,
                created_by=created_by,
                now=now,
            )
        )
    # 3. write: changed stored quotes, new quotes (ids back in order), appearances, index, stats
    conn = session.connection()
    changed = [(qid, e) for qid, e in source.quotes.items() if qid < NEW_ID_BASE]
    texts_changed = [(qid, e) for qid, e in changed if e.candidate.norm != e.stored_norm]
    for qid, e in texts_changed:
        store.remove(session, quote_id=qid, norm=e.stored_norm or "")
        form = e.candidate.forms()
        conn.execute(
            update(_QUOTE)
            .where(_QUOTE.c.id == qid)
            .values(text=form.text, norm=form.norm, norm_hash=form.norm_hash, updated_at=now)
        )
    new = [(qid, e) for qid, e in source.quotes.items() if qid >= NEW_ID_BASE]
    real: dict[int, int] = {}
    if new:
        quote_rows = []
        for _, e in new:
            c = e.candidate
            mine = [appearances[j] for j in e.appearances]
            quote_rows.append(
                quote_row(
                    c.forms(), speaker_id=c.speaker_id, kind=e.kind, language=e.language, now=now
                )
                | quote_stats(c.speaker_id, [(a["published"], a["speaker_id"]) for a in mine])
            )
        ids = reserve_ids(session, "quote", len(quote_rows))
        for row, ident in zip(quote_rows, ids, strict=True):
            row["id"] = ident
        insert_rows(conn, "quote", quote_rows)
        real = {qid: ident for (qid, _), ident in zip(new, ids, strict=True)}
    for a, qid in zip(appearances, targets, strict=True):
        a["quote_id"] = real.get(qid, qid)
    insert_rows(conn, "appearance", appearances)
    result.new_appearances = len(appearances)
    store.add_forms(
        session,
        [(real[qid], e.candidate.forms()) for qid, e in new]
        + [(qid, e.candidate.forms()) for qid, e in texts_changed],
    )
    touched = {qid for qid in targets if qid < NEW_ID_BASE}
    if touched:
        refresh_stats(session, sorted(touched))
    # Each pairs a quote new in this batch: no suggestion of the pair (nor a rejection) exists.
    insert_rows(
        conn,
        "suggestion",
        [suggestion_row(real.get(qid, qid), _real(m, real), now=now) for qid, m in near],
    )
    result.suggested = len(near)
    session.expire_all()
    return result
