"""Settings read from the environment (prefix QUOTES_), behind a cached get_settings()."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from quotes.index.terms import RetrievalPlan

if TYPE_CHECKING:
    from quotes.matching import Thresholds

DEFAULT_DB_PATH = Path("quotes.db")


class Settings(BaseSettings):
    """Every knob of quotes; each field is read from QUOTES_<NAME> (e.g. QUOTES_DATABASE_URL)."""

    model_config = SettingsConfigDict(env_prefix="QUOTES_", env_file=None, extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DB_PATH}",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db",
    )
    read_requires_key: bool = Field(
        default=False, description="When true, GET routes need an API key too."
    )
    max_body_bytes: int = Field(
        default=2_000_000, description="Largest request body accepted, in bytes (413 above)."
    )
    rate_limit: str = Field(
        default="",
        description="Requests per API key (or per client address without one) on the expensive "
        "routes, e.g. 120/minute or 10/second;300/hour (limits notation); empty: no limit.",
    )
    rate_limit_storage: str = Field(
        default="memory://",
        description="Where the rate limiter counts (limits storage URI). memory:// counts per "
        "process; redis://host:6379 or memcached://host:11211 share it across workers.",
    )
    match_thresholds: dict[str, float] = Field(
        default_factory=dict,
        description='Overrides of quotes.matching.Thresholds, JSON: {"similar": 88}. suggest '
        "(a near miss is stored as a new quote plus a merge suggested to curators) must not "
        "exceed similar (the automatic merge).",
    )
    lookup_min_score: float = Field(
        default=60.0, description="Lowest looser (fuzzy) score a lookup result may have."
    )
    index_max_terms: int = Field(default=8, description="Index terms a query reads at most.")
    index_max_postings: int = Field(
        default=5_000, description="Postings a query reads at most (bounds its cost)."
    )
    index_candidates: int = Field(default=30, description="Candidates scored per lookup.")
    dedup_candidates: int = Field(
        default=8,
        ge=1,
        description="Candidates scored per dedup decision (bench.keys: the source of 99.85% of "
        "reprints is among the 8 sharing most keys, 99.94% among 30).",
    )
    extract_timeout_seconds: float = Field(
        default=5.0,
        gt=0,
        description="Longest time quote extraction may take for one article (422 beyond it).",
    )
    session_secret: SecretStr | None = Field(
        default=None,
        description="Key that signs the web pages' session cookies (32+ random characters, "
        "the same on every worker). Unset: a random one is made at startup, so sign-ins last "
        "until the process restarts and are not shared between workers.",
    )
    log_level: str = Field(default="WARNING", description="Log level of the quotes loggers.")
    sql_echo: bool = Field(default=False, description="Log every SQL statement (debugging).")

    @field_validator("rate_limit")
    @classmethod
    def _rate_limit_parses(cls, value: str) -> str:
        from limits import parse_many

        if value.strip():
            parse_many(value)  # ValueError names what it could not read
        return value.strip()

    @field_validator("match_thresholds")
    @classmethod
    def _known_thresholds(cls, value: dict[str, float]) -> dict[str, float]:
        from dataclasses import fields

        from quotes.matching import Thresholds

        known = {f.name for f in fields(Thresholds)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"unknown thresholds {unknown}; known: {sorted(known)}")
        merged = Thresholds(**value)  # type: ignore[arg-type]
        if merged.suggest > merged.similar:
            raise ValueError(
                f"suggest ({merged.suggest:g}) must not exceed similar ({merged.similar:g}): "
                "texts scoring from suggest up to similar are suggested for review, at or above "
                "similar they merge (suggest = similar turns suggestions off)"
            )
        return value

    def thresholds(self) -> Thresholds:
        """Return the matching thresholds, defaults overridden by match_thresholds."""
        from quotes.matching import Thresholds

        return Thresholds(**self.match_thresholds)  # type: ignore[arg-type]

    def plan(self) -> RetrievalPlan:
        """Return the candidate retrieval budget."""
        return RetrievalPlan(
            max_terms=self.index_max_terms,
            max_postings=self.index_max_postings,
            candidates=self.index_candidates,
            dedup_candidates=self.dedup_candidates,
        )


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings()
