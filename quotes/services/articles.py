"""Article ingestion: extract attributed quotes and statements, store them via the dedup path.

Extraction (`extract_article`) needs no database and is time-limited; storing (`store_article`)
takes what it found. `ingest_article` does both, for callers that need no split (the CLI).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from pydantic import ValidationError
from sqlmodel import Session, select

from quotes.config import get_settings
from quotes.extract import Deadline, ExtractedItem, extract_quotes, strip_html
from quotes.extract.bounds import more_words_than
from quotes.index.terms import RetrievalPlan
from quotes.matching import Thresholds
from quotes.models import (
    Article,
    ArticleCreate,
    ArticlePublic,
    ArticleResult,
    Outlet,
    OutletRef,
    QuoteCreate,
)
from quotes.models.article import ExtractedItemPublic
from quotes.services._db import insert_or_get, pk
from quotes.services.outlets import get_outlet, resolve_outlet
from quotes.services.quotes import add_quote

CONTEXT_CHARS = 1000
# The fewest words of an indirect statement that is stored: a shorter one is the object of a
# stance ("endorsed Trump", "declined to comment"), returned by extraction but not a quote.
STORED_INDIRECT_WORDS = 4


def _fingerprint(outlet_id: int, data: ArticleCreate, text: str) -> str:
    parts = [str(outlet_id), data.date.isoformat(), data.url or "", text]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def paragraph_around(text: str, start: int, end: int) -> str:
    """Return the paragraph holding text[start:end] (capped), as context for the appearance."""
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    para = text[left + 2 if left >= 0 else 0 : right if right >= 0 else len(text)].strip()
    return para[:CONTEXT_CHARS]


def _public(item: ExtractedItem, **extra: object) -> ExtractedItemPublic:
    return ExtractedItemPublic(
        text=item.text,
        start=item.start,
        end=item.end,
        kind=item.kind,
        speaker=item.speaker,
        speaker_role=item.speaker_role,
        cue=item.cue,
        via_outlet=item.via_outlet,
        confidence=item.confidence,
        rule=item.rule,
        context_before=item.context_before,
        context_after=item.context_after,
        represented=item.represented,
        **extra,
    )


def _outlet(session: Session, data: ArticleCreate) -> Outlet:
    if data.outlet_id is not None:
        return get_outlet(session, data.outlet_id)
    assert data.outlet is not None  # the schema guarantees one of them
    return resolve_outlet(session, name=data.outlet)


def article_public(session: Session, article: Article) -> ArticlePublic:
    """Return the API shape of an article."""
    outlet = get_outlet(session, article.outlet_id)
    return ArticlePublic(
        id=pk(article),
        outlet=OutletRef(id=pk(outlet), name=outlet.name, domain=outlet.domain),
        date=article.published,
        url=article.url,
        title=article.title,
        created_at=article.created_at,
    )


@dataclass(frozen=True)
class Extraction:
    """What extraction found in an article: its text as stored (HTML stripped) and the items."""

    text: str
    items: list[ExtractedItem]

    def only(self, spans: Collection[tuple[int, int]]) -> Extraction:
        """Return this extraction keeping only the items at these (start, end) offsets.

        For storing a chosen subset (the article page stores the items a person left ticked):
        store_article stores every item of the extraction it is given. Offsets are into the
        text as stored (HTML stripped); offsets of no item are ignored.
        """
        wanted = set(spans)
        return Extraction(
            text=self.text, items=[i for i in self.items if (i.start, i.end) in wanted]
        )


def extract_article(*, data: ArticleCreate, timeout: float | None = None) -> Extraction:
    """Strip the article's HTML and extract its quotes and statements, within a time limit.

    timeout: seconds the extraction may take, by default the extract_timeout_seconds setting;
    past it, ExtractionTimeout (an InvalidInput) is raised. Extraction takes time linear in the
    text, but holds the CPU meanwhile: the limit bounds what one request can take.
    """
    deadline = Deadline(get_settings().extract_timeout_seconds if timeout is None else timeout)
    text = strip_html(data.text)
    return Extraction(text=text, items=extract_quotes(text, deadline=deadline))


def dry_run(extraction: Extraction) -> ArticleResult:
    """Return what was found, as the API answers it when nothing is stored; an item that storing
    would leave out says why (`reason`)."""
    items = [_public(i, reason=not_stored_reason(i)) for i in extraction.items]
    return ArticleResult(article=None, article_created=False, items=items)


def not_stored_reason(item: ExtractedItem) -> str | None:
    """Say why storing an article leaves an item out, or None if it is stored.

    A quote whose speaker extraction could not name is stored with speaker unknown (a later
    appearance or a curator names it); a reported clause is a statement only through its
    speaker, and only with STORED_INDIRECT_WORDS words or more: "Christie endorsed Trump" is
    found, but "Trump" is no statement to look up, and every endorsement of Trump would merge
    into one quote.
    """
    if item.kind != "indirect":
        return None
    if not item.speaker:
        return "no speaker found"
    if not more_words_than(item.text, STORED_INDIRECT_WORDS - 1):
        return "too short to store as a statement"
    return None


def ingest_article(
    session: Session,
    *,
    data: ArticleCreate,
    created_by: str | None = None,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    timeout: float | None = None,
) -> ArticleResult:
    """Extract an article's quotes and statements; unless a dry run, store them and the article.

    See `extract_article` (timeout) and `store_article`.
    """
    return store_article(
        session,
        data=data,
        extraction=extract_article(data=data, timeout=timeout),
        created_by=created_by,
        thresholds=thresholds,
        plan=plan,
    )


def store_article(
    session: Session,
    *,
    data: ArticleCreate,
    extraction: Extraction,
    created_by: str | None = None,
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
) -> ArticleResult:
    """Store what extraction found in an article, and the article (unless data.store is false).

    Each quote goes through add_quote, so a reprinted story adds appearances to the quotes it
    shares with earlier ones; ingesting the same article twice adds nothing. A quote without a
    speaker is stored with speaker unknown; an indirect statement needs its speaker.
    Offsets are into the article text as stored (HTML stripped).
    """
    text, items = extraction.text, extraction.items
    if not data.store or not text.strip():
        return dry_run(extraction)
    outlet = _outlet(session, data)
    fingerprint = _fingerprint(pk(outlet), data, text)
    article, created = insert_or_get(
        session,
        Article(
            outlet_id=pk(outlet),
            published=data.date,
            url=data.url,
            title=data.title,
            text=text,
            fingerprint=fingerprint,
            created_by=created_by,
        ),
        lambda: session.exec(select(Article).where(Article.fingerprint == fingerprint)).first(),
    )
    out: list[ExtractedItemPublic] = []
    for item in items:
        reason = not_stored_reason(item)
        if reason is not None:
            out.append(_public(item, reason=reason))
            continue
        try:
            quote = QuoteCreate(
                text=item.text,
                speaker=item.speaker,
                outlet_id=outlet.id,
                date=data.date,
                url=data.url,
                kind="indirect" if item.kind == "indirect" else "direct",
                language=data.language,
                speaker_role=item.speaker_role if item.speaker else None,
                via_outlet=item.via_outlet,
                context=paragraph_around(text, item.start, item.end),
            )
        except ValidationError as exc:
            out.append(_public(item, reason=exc.errors()[0]["msg"]))
            continue
        with session.begin_nested():
            added = add_quote(
                session, data=quote, created_by=created_by, thresholds=thresholds, plan=plan
            )
            if added.appearance.article_id is None:
                added.appearance.article_id = article.id
                added.appearance.article_start = item.start
                added.appearance.article_end = item.end
                session.add(added.appearance)
                session.flush()
        out.append(
            _public(
                item,
                quote_id=added.quote.id,
                appearance_id=added.appearance.id,
                merged=not added.quote_created,
                match_method=added.match.method if added.match else "new",
                stored=True,
            )
        )
    return ArticleResult(
        article=article_public(session, article), article_created=created, items=out
    )


def get_article(session: Session, article_id: int) -> Article:
    """Return the article with this id or raise NotFound."""
    from quotes.errors import NotFound

    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"article {article_id} does not exist", field="article_id")
    return article
