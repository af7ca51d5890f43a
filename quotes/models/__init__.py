"""The SQLModel families of quotes; importing this module registers every table."""

from quotes.models.api_key import ROLES, ApiKey, KeyCreate, KeyCreated, KeyPublic, Role
from quotes.models.appearance import Appearance, AppearancePublic, AppearanceUpdate
from quotes.models.article import Article, ArticleCreate, ArticlePublic, ArticleResult
from quotes.models.audit import AuditAction, AuditEntity, AuditEvent, AuditEventPublic, AuditList
from quotes.models.citation import (
    CheckedResult,
    Citation,
    CitationCheck,
    CitationClaim,
    CitationStyle,
    Verdict,
)
from quotes.models.event import (
    MergeRequest,
    QuoteEvent,
    QuoteEventPublic,
    QuoteHistory,
    SplitRequest,
)
from quotes.models.index import KeyDf, QuoteKey, QuoteTerm, TermDf
from quotes.models.outlet import (
    Outlet,
    OutletCreate,
    OutletList,
    OutletPublic,
    OutletRef,
    OutletUpdate,
)
from quotes.models.quote import (
    Quote,
    QuoteCreate,
    QuoteCreated,
    QuoteKind,
    QuoteList,
    QuotePublic,
    QuoteSummary,
    QuoteUpdate,
)
from quotes.models.speaker import (
    AliasCreate,
    Speaker,
    SpeakerAlias,
    SpeakerCreate,
    SpeakerDetail,
    SpeakerList,
    SpeakerPublic,
    SpeakerRef,
    SpeakerUpdate,
)
from quotes.models.suggestion import (
    Suggestion,
    SuggestionFilter,
    SuggestionList,
    SuggestionPublic,
    SuggestionStatus,
)

SpeakerDetail.model_rebuild(_types_namespace={"QuoteSummary": QuoteSummary})

__all__ = [
    "ROLES",
    "AliasCreate",
    "ApiKey",
    "Appearance",
    "AppearancePublic",
    "AppearanceUpdate",
    "Article",
    "ArticleCreate",
    "ArticlePublic",
    "ArticleResult",
    "AuditAction",
    "AuditEntity",
    "AuditEvent",
    "AuditEventPublic",
    "AuditList",
    "CheckedResult",
    "Citation",
    "CitationCheck",
    "CitationClaim",
    "CitationStyle",
    "KeyCreate",
    "KeyCreated",
    "KeyDf",
    "KeyPublic",
    "MergeRequest",
    "Outlet",
    "OutletCreate",
    "OutletList",
    "OutletPublic",
    "OutletRef",
    "OutletUpdate",
    "Quote",
    "QuoteCreate",
    "QuoteCreated",
    "QuoteEvent",
    "QuoteEventPublic",
    "QuoteHistory",
    "QuoteKey",
    "QuoteKind",
    "QuoteList",
    "QuotePublic",
    "QuoteSummary",
    "QuoteTerm",
    "QuoteUpdate",
    "Role",
    "Speaker",
    "SpeakerAlias",
    "SpeakerCreate",
    "SpeakerDetail",
    "SpeakerList",
    "SpeakerPublic",
    "SpeakerRef",
    "SpeakerUpdate",
    "SplitRequest",
    "Suggestion",
    "SuggestionFilter",
    "SuggestionList",
    "SuggestionPublic",
    "SuggestionStatus",
    "TermDf",
    "Verdict",
]
