"""Rule-based quote extraction from article text: `extract_quotes(text) -> list[ExtractedItem]`.

Pure code: no database, no web framework. The rules (cue verbs, titles, speaker phrases) are data
in `quotes.extract.patterns`. Extraction takes time linear in the text (`quotes.extract.bounds`);
`extract_quotes(text, deadline=Deadline(seconds))` raises ExtractionTimeout past a time limit.
"""

from quotes.extract.bounds import Deadline, ExtractionTimeout
from quotes.extract.extractor import ExtractedItem, extract_quotes
from quotes.extract.text import strip_html

__all__ = ["Deadline", "ExtractedItem", "ExtractionTimeout", "extract_quotes", "strip_html"]
