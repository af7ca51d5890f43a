"""quotes: a statement and quote attribution database."""

__version__ = "0.1.0"
