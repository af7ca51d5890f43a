"""Rule-based quote extraction from article text: `extract_quotes(text) -> list[ExtractedItem]`.

Pure code: no database, no web framework. The rules (cue verbs, titles, speaker phrases) are data
in `quotes.extract.patterns`.
"""

from quotes.extract.extractor import ExtractedItem, extract_quotes
from quotes.extract.text import strip_html

__all__ = ["ExtractedItem", "extract_quotes", "strip_html"]
