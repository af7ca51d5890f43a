"""The inverted index of quotes, kept in the database: postings and document frequencies.

QuoteTerm holds one row per (term, quote): the terms are 63-bit hashes of words and word pairs of
a quote's matching form (quotes.index.terms). TermDf counts the quotes holding each term, so a
query can pick its rarest terms before reading any posting. Both are derived from Quote.norm and
can be rebuilt from it at any time (`quotes index rebuild`). QuoteKey and KeyDf are the same for
the dedup keys (winnowed word 3-grams, quotes.index.keys): the selective index the dedup decision
reads.
"""

from sqlalchemy import BigInteger, Column, Integer
from sqlmodel import Field, SQLModel


class QuoteTerm(SQLModel, table=True):
    """A posting: the quote quote_id holds the term."""

    __tablename__ = "quote_term"
    __table_args__ = {"sqlite_with_rowid": False}

    term: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    quote_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))


class TermDf(SQLModel, table=True):
    """How many live quotes hold a term (its document frequency)."""

    __tablename__ = "term_df"
    __table_args__ = {"sqlite_with_rowid": False}

    term: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    df: int = Field(sa_column=Column(Integer, nullable=False))


class QuoteKey(SQLModel, table=True):
    """A dedup key posting: the quote quote_id holds the winnowed k-gram key (quotes.index.keys)."""

    __tablename__ = "quote_key"
    __table_args__ = {"sqlite_with_rowid": False}

    key: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    quote_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))


class KeyDf(SQLModel, table=True):
    """How many live quotes hold a dedup key."""

    __tablename__ = "key_df"
    __table_args__ = {"sqlite_with_rowid": False}

    key: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    df: int = Field(sa_column=Column(Integer, nullable=False))
