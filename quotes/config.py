"""Settings read from the environment (prefix QUOTES_), behind a cached get_settings()."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    max_text_length: int = Field(
        default=10_000, description="Longest quote text accepted, in characters."
    )
    max_body_bytes: int = Field(
        default=2_000_000, description="Largest request body accepted, in bytes (413 above)."
    )
    log_level: str = Field(default="WARNING", description="Log level of the quotes loggers.")
    sql_echo: bool = Field(default=False, description="Log every SQL statement (debugging).")


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings()
