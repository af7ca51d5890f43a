"""Streaming readers of files to import: our JSON Lines and CSV, Quotebank and GDELT quotations.

`RecordStream(path)` yields `(line number, row)`: a row is a dict of `QuoteCreate` fields (plus
`speaker_external_id`, a Wikidata QID, where the source names exactly one) or a str saying why
that record cannot be imported. Files may be gzip, bzip2 or zstandard compressed (told by their
first bytes); they are read a line at a time, so memory stays flat however large the file.

Formats (`FORMATS`), told from the first non-empty record unless forced:

- ``jsonl``: one POST /v1/quotes body per line, passed through as written.
- ``csv``: a header naming those fields, then one quote per row; empty cells are dropped.
- ``quotebank``: Quotebank (Vaucher et al., WSDM 2021), either file. Quote-centric records
  (``quotation`` + ``urls``) give one row per URL; article-centric records (``quotations``) give
  one row per quotation, with ``context`` from its left and right contexts. Quotebank was
  extracted from English-language news, so rows get ``language="en"``.
- ``gdelt``: the GDELT Global Quotation Graph, one article per line with ``quotes`` of
  ``{pre, quote, post}``. GDELT names no speaker; our extractor's attribution rules look for one
  in the words around the quote (English rules: other languages mostly get no speaker).

A ``context`` is the text before and after the quote as ``before … after``, the ellipsis standing
where the quote was; past 10,000 characters it keeps the words nearest the quote.
"""

from __future__ import annotations

import bz2
import csv
import datetime as dt
import gzip
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import zstandard

from quotes.errors import InvalidInput
from quotes.extract import ExtractedItem, extract_quotes
from quotes.models import QuoteCreate

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

FORMATS: tuple[str, ...] = ("jsonl", "csv", "quotebank", "gdelt")

Row = dict[str, Any]

MAX_TEXT = 10_000  # characters, as QuoteCreate allows for text and context
MAX_URL = 2_048
# A longer line is skipped and reported rather than loaded: memory stays bounded by this.
MAX_LINE = 64 * 1024 * 1024
_CHUNK = 1 << 16
_ZSTD_FEED = 1 << 14
_BOM = b"\xef\xbb\xbf"
_FIELDS = frozenset(QuoteCreate.model_fields)

# Compression is told by magic bytes, so a misnamed file still reads; names only help for csv.
_COMPRESSIONS = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\x28\xb5\x2f\xfd", "zstd"))
_UNSUPPORTED = ((b"\xfd7zXZ\x00", "xz"), (b"PK\x03\x04", "zip"), (b"7z\xbc\xaf\x27\x1c", "7z"))
_COMPRESSED_SUFFIXES = (".gz", ".gzip", ".bz2", ".zst", ".zstd")

# 2020-01-16 12:00:00, 2020-03-03T10:15:00Z, or GDELT's compact 20200303101500.
_DATE_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?!\d)|^\s*(\d{4})(\d{2})(\d{2})(?:\d{2}){0,3}\s*$"
)
_QID_RE = re.compile(r"^Q[1-9]\d*$")
_LANG_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Words that open a description rather than a name ("the minister", "his spokesman").
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our"}
    | {"my", "your", "one", "some", "another"}
)
# GDELT has been seen to give language names rather than codes; the common ones, by name.
_LANGUAGE_NAMES = {
    "afrikaans": "af",
    "albanian": "sq",
    "arabic": "ar",
    "armenian": "hy",
    "azerbaijani": "az",
    "belarusian": "be",
    "bengali": "bn",
    "bulgarian": "bg",
    "catalan": "ca",
    "chinese": "zh",
    "croatian": "hr",
    "czech": "cs",
    "danish": "da",
    "dutch": "nl",
    "english": "en",
    "estonian": "et",
    "finnish": "fi",
    "french": "fr",
    "georgian": "ka",
    "german": "de",
    "greek": "el",
    "hebrew": "he",
    "hindi": "hi",
    "hungarian": "hu",
    "indonesian": "id",
    "italian": "it",
    "japanese": "ja",
    "kazakh": "kk",
    "korean": "ko",
    "latvian": "lv",
    "lithuanian": "lt",
    "malay": "ms",
    "norwegian": "no",
    "persian": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "romanian": "ro",
    "russian": "ru",
    "serbian": "sr",
    "slovak": "sk",
    "slovenian": "sl",
    "spanish": "es",
    "swahili": "sw",
    "swedish": "sv",
    "thai": "th",
    "turkish": "tr",
    "ukrainian": "uk",
    "urdu": "ur",
    "vietnamese": "vi",
}


class _Bad(ValueError):
    """A record (or part of one) that cannot become a row; the message says why."""


# --- reading bytes -----------------------------------------------------------------------------


class _CountingFile(io.RawIOBase):
    """The file on disk, counting the bytes read from it (progress by bytes)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by close()
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int | None:
        n = self._file.readinto(buffer)
        self.count += n or 0
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


class _ZstdReader(io.RawIOBase):
    """Zstandard decompression that tells a cut-short file from a whole one.

    `ZstdDecompressor().stream_reader` (checked with zstandard 0.25) ends quietly where a
    truncated file stops, so a partial download would import as if complete; the `eof` of
    `decompressobj` says whether the last frame ended. Frames follow one another (pzstd, cat).
    """

    def __init__(self, source: io.BufferedReader[Any]) -> None:
        super().__init__()
        self._source = source
        self._dctx = zstandard.ZstdDecompressor()
        self._obj = self._dctx.decompressobj()
        self._out = b""  # decompressed and not yet read
        self._pos = 0
        self._in_frame = False  # input was fed since the last frame ended
        self._error: zstandard.ZstdError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        while self._pos >= len(self._out):
            if self._error is not None:
                raise self._error
            # Small feeds bound the output of one call, however well the data compressed.
            data = self._source.read(_ZSTD_FEED)
            if not data:
                if self._in_frame:
                    raise EOFError("zstandard data ends in the middle of a frame")
                return 0
            self._out, self._pos = self._feed(data), 0
        view = memoryview(buffer).cast("B")
        n = min(len(view), len(self._out) - self._pos)
        view[:n] = self._out[self._pos : self._pos + n]
        self._pos += n
        return n

    def _feed(self, data: bytes) -> bytes:
        out: list[bytes] = []
        while data:
            try:
                out.append(self._obj.decompress(data))
            except zstandard.ZstdError as exc:
                if not out:
                    raise
                self._error = exc  # after the frames that came whole
                break
            self._in_frame = not self._obj.eof
            if self._in_frame:
                break
            data = self._obj.unused_data
            self._obj = self._dctx.decompressobj()
        return b"".join(out)


class _Opened:
    """A file opened for reading its decompressed bytes, with every layer to close."""

    def __init__(self, path: Path) -> None:
        self.raw = _CountingFile(path)
        buffered = io.BufferedReader(self.raw, _CHUNK)
        self.stream: io.BufferedIOBase = buffered
        try:
            kind = _compression(buffered, path)
            if kind == "gzip":
                self.stream = gzip.GzipFile(fileobj=buffered, mode="rb")
            elif kind == "bz2":
                self.stream = bz2.BZ2File(buffered)
            elif kind == "zstd":
                self.stream = io.BufferedReader(_ZstdReader(buffered), _CHUNK)
        except BaseException:
            self.raw.close()
            raise
        self._buffered = buffered

    def close(self) -> None:
        # Decompressors given a file object leave it open: close every layer.
        self.stream.close()
        self._buffered.close()
        self.raw.close()


def _compression(head: io.BufferedReader[Any], path: Path) -> str | None:
    """Return "gzip", "bz2", "zstd" or None from the file's first bytes."""
    magic = head.peek(8)[:8]
    for prefix, kind in _COMPRESSIONS:
        if magic.startswith(prefix):
            return kind
    if magic[1:4] == b"\x2a\x4d\x18" and 0x50 <= magic[0] <= 0x5F:
        return "zstd"  # a skippable frame first, as pzstd writes
    for prefix, kind in _UNSUPPORTED:
        if magic.startswith(prefix):
            raise InvalidInput(
                f"{path.name}: {kind} files are not supported; use gzip, bzip2 or zstandard",
                field="format",
            )
    return None


def _byte_lines(stream: io.BufferedIOBase) -> Iterator[tuple[int, bytes | str]]:
    """Yield (line number, bytes of the line), or a str problem for a line that cannot be read."""
    n = 0
    try:
        while raw := stream.readline(MAX_LINE):
            n += 1
            if n == 1:
                raw = raw.removeprefix(_BOM)
            if len(raw) >= MAX_LINE and not raw.endswith(b"\n"):
                while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                    pass
                yield n, f"line longer than {MAX_LINE >> 20} MiB"
                continue
            yield n, raw
    except (OSError, EOFError, zstandard.ZstdError) as exc:
        # A damaged or cut-short compressed file: nothing past here can be read.
        yield n + 1, f"the file is damaged or cut short after line {n}: {exc}"


def _json_object(raw: bytes | str) -> dict[str, Any] | str | None:
    """Return the JSON object of a line, a str problem, or None for a blank line."""
    if isinstance(raw, str):
        return raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8: {exc.reason} at byte {exc.start}"
    if not text.strip():
        return None
    try:
        obj = json.loads(text.rstrip("\r\n"))  # else a cut-off string ends in a "control character"
    except json.JSONDecodeError as exc:
        return f"malformed JSON: {exc.msg}"
    except RecursionError:
        return "malformed JSON: nested too deeply"
    return obj if isinstance(obj, dict) else "a line must be a JSON object"


# --- format detection --------------------------------------------------------------------------


def _inner_suffix(path: Path) -> str:
    """Return the suffix under any compression suffix: data.csv.gz -> .csv."""
    name = path.name.lower()
    for suffix in _COMPRESSED_SUFFIXES:
        if name.endswith(suffix):
            name = name.removesuffix(suffix)
            break
    return Path(name).suffix


def detect_format(path: Path) -> str:
    """Return the format of path (one of FORMATS), told from its first records.

    The first record that parses decides (a malformed first line is the reader's to report, with
    its line number); a .jsonl/.ndjson/.json file none of whose first lines parses is JSON Lines.
    """
    if _inner_suffix(path) == ".csv":
        return "csv"
    opened = _Opened(path)
    first_error: InvalidInput | None = None
    seen = 0
    try:
        for _, raw in _byte_lines(opened.stream):
            if isinstance(raw, str):
                raise InvalidInput(f"{path.name}: {raw}", field="format")
            text = raw.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            try:
                return _format_of(text, path, csv_header=seen == 0)
            except _Unparsed as exc:
                first_error = first_error or exc
            seen += 1
            if seen >= _DETECT_LINES:
                break
    finally:
        opened.close()
    if first_error is None:
        return "jsonl"  # an empty file: any reader gives no rows
    if _inner_suffix(path) in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    raise first_error


_DETECT_LINES = 20


class _Unparsed(InvalidInput):
    """A line that is neither JSON nor a CSV header: the next line may still tell the format."""


def _format_of(line: str, path: Path, *, csv_header: bool = True) -> str:
    """Return the format a non-empty line belongs to (csv_header: it may be a CSV header)."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        obj = None
    if isinstance(obj, dict):
        if "quotation" in obj or "quotations" in obj:
            return "quotebank"
        quotes = obj.get("quotes")
        if isinstance(quotes, list) and all(isinstance(q, dict) and "quote" in q for q in quotes):
            return "gdelt"
        if _FIELDS & set(obj):
            return "jsonl"
        keys = ", ".join(sorted(obj)[:8]) or "none"
        raise InvalidInput(
            f"{path.name}: cannot tell the format of its first record (keys: {keys}); "
            "expected quote rows (text, speaker, outlet, date …), Quotebank or GDELT quotations",
            field="format",
        )
    if obj is None and csv_header:
        cells = next(csv.reader([line]), [])
        if "text" in cells and len(cells) > 1:
            return "csv"
    raise _Unparsed(
        f"{path.name}: cannot tell its format: the first line is neither a JSON object nor a "
        f"CSV header with a text column; formats are {', '.join(FORMATS)}",
        field="format",
    )


# --- the stream --------------------------------------------------------------------------------


class RecordStream:
    """The rows of one import file, read a line at a time; a context manager closing the file."""

    def __init__(self, path: Path, fmt: str | None = None) -> None:
        if fmt is not None and fmt not in FORMATS:
            raise InvalidInput(
                f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}", field="format"
            )
        self.path = path
        self.format: str = fmt or detect_format(path)
        self.total_bytes: int = path.stat().st_size
        self._opened = _Opened(path)
        self._started = False

    @property
    def bytes_read(self) -> int:
        """On-disk bytes consumed so far (compressed bytes for a compressed file)."""
        return self._opened.raw.count

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any] | str]]:
        if self._started:
            raise RuntimeError("a RecordStream can be read only once")
        self._started = True
        return self._records()

    def _records(self) -> Iterator[tuple[int, dict[str, Any] | str]]:
        lines = _byte_lines(self._opened.stream)
        if self.format == "csv":
            yield from _csv_rows(lines)
            return
        build = _BUILDERS[self.format]
        for n, raw in lines:
            obj = _json_object(raw)
            if obj is None:
                continue
            if isinstance(obj, str):
                yield n, obj
                continue
            for row in build(obj):
                yield n, row

    def close(self) -> None:
        """Close the file."""
        self._opened.close()

    def __enter__(self) -> RecordStream:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --- jsonl and csv -----------------------------------------------------------------------------


def _jsonl_rows(obj: dict[str, Any]) -> Iterator[Row | str]:
    """Yield the object as written: field checks belong to the importer."""
    yield obj


_CSV_FIELD_LIMIT = 131_072  # the csv module's default, kept whatever another module set


def _csv_rows(lines: Iterable[tuple[int, bytes | str]]) -> Iterator[tuple[int, Row | str]]:
    """Yield (first line of the row, row without empty cells) of CSV lines, header first."""
    problems: dict[int, str] = {}  # line number -> why it could not be read as text

    def text_lines() -> Iterator[str]:
        for n, raw in lines:
            if isinstance(raw, str):
                problems[n] = raw
                yield "\n"
                continue
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems[n] = f"not valid UTF-8: {exc.reason}"
                yield raw.decode("utf-8", errors="replace")

    reader = csv.reader(text_lines())
    header: list[str] | None = None
    end = 0
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            yield start, f"bad CSV: {exc}"
            continue
        end = reader.line_num
        bad = [problems.pop(i) for i in range(start, end + 1) if i in problems]
        if not cells:
            continue  # a blank line
        if header is None:
            header = cells
            continue
        if bad:
            yield start, bad[0]
            continue
        if any(len(c) > _CSV_FIELD_LIMIT for c in cells):  # the csv module's limit is global
            yield start, f"bad CSV: field larger than field limit ({_CSV_FIELD_LIMIT})"
            continue
        yield start, {k: v for k, v in zip(header, cells, strict=False) if k and v}
    yield from sorted(problems.items())


# --- shared pieces of Quotebank and GDELT rows -------------------------------------------------


def _text(value: object) -> str:
    """Return a quotation's text, or raise _Bad when it is missing, empty or too long."""
    if not isinstance(value, str):
        raise _Bad("quotation is missing")
    if not value.strip():
        raise _Bad("quotation is empty")
    if len(value) > MAX_TEXT:
        raise _Bad(f"quotation is longer than {MAX_TEXT:,} characters ({len(value):,})")
    return value


def _outlet(url: object) -> str:
    """Return the outlet of a URL: its host without a leading www. (e.g. nytimes.com)."""
    shown = repr(url)[:120]
    if not isinstance(url, str) or not url:
        raise _Bad(f"url {shown} is not an http(s) URL")
    if len(url) > MAX_URL:
        raise _Bad(f"url is longer than {MAX_URL:,} characters")
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        scheme, host = "", None
    if scheme not in ("http", "https") or not host or any(c.isspace() for c in url):
        raise _Bad(f"url {shown} is not an http(s) URL")
    return host.removeprefix("www.")


def _date(value: object) -> str:
    """Return YYYY-MM-DD from '2020-01-16 12:00:00', '2020-03-03T10:15:00Z' or '20200303101500'."""
    match = _DATE_RE.match(value) if isinstance(value, str) else None
    if match is None:
        raise _Bad(f"date {value!r} is not a date")
    try:
        return dt.date(*(int(g) for g in match.groups() if g is not None)).isoformat()
    except ValueError:
        raise _Bad(f"date {value!r} is not a real date") from None


def _speaker(value: object) -> str | None:
    """Return a speaker name, or None for Quotebank's "None" (unattributed)."""
    if not isinstance(value, str) or value.strip() in ("", "None"):
        return None
    return value


def _qid(values: object) -> str | None:
    """Return the Wikidata QID when exactly one is given; several are homonyms, so none."""
    if isinstance(values, list) and len(values) == 1:
        qid = values[0]
        if isinstance(qid, str) and _QID_RE.match(qid):
            return qid
    return None


def _clean(value: object) -> str:
    """Return surrounding text without control characters (which QuoteCreate refuses)."""
    return _CONTROL_RE.sub(" ", value).strip() if isinstance(value, str) else ""


def _context(before: object, after: object) -> str | None:
    """Return 'before … after' (… stands for the quote), kept to MAX_TEXT characters."""
    left, right = _clean(before), _clean(after)
    budget = MAX_TEXT - 3
    if len(left) + len(right) > budget:
        # Keep the words nearest the quote: the end of what came before, the start of what after.
        keep_right = min(len(right), max(budget // 2, budget - len(left)))
        left, right = (
            left[len(left) - (budget - keep_right) :].lstrip(),
            right[:keep_right].rstrip(),
        )
    if left and right:
        return f"{left} … {right}"
    if left:
        return f"{left} …"
    return f"… {right}" if right else None


def _attributed(row: Row, speaker: str | None, qids: object) -> Row:
    """Add speaker and, when unambiguous, its QID to row (no speaker key when unattributed)."""
    if speaker is not None:
        row["speaker"] = speaker
        qid = _qid(qids)
        if qid is not None:
            row["speaker_external_id"] = qid
    return row


# --- Quotebank ---------------------------------------------------------------------------------


def _quotebank_rows(obj: dict[str, Any]) -> Iterator[Row | str]:
    """Yield the rows of a Quotebank record, quote-centric or article-centric."""
    if "quotations" in obj:
        yield from _quotebank_article(obj)
    elif "quotation" in obj:
        yield from _quotebank_quote(obj)
    else:
        yield (
            "not a Quotebank record: expected quotation (quote-centric) "
            "or quotations (article-centric)"
        )


def _quotebank_quote(obj: dict[str, Any]) -> Iterator[Row | str]:
    """Yield one row per URL of a quote-centric record: each URL is an appearance."""
    name = f"quoteID {obj.get('quoteID') or '?'}"
    try:
        text = _text(obj.get("quotation"))
        date = _date(obj.get("date"))
        urls = obj.get("urls")
        if not isinstance(urls, list) or not urls:
            raise _Bad("no urls")
    except _Bad as exc:
        yield f"{name}: {exc}"
        return
    speaker = _speaker(obj.get("speaker"))
    for url in urls:
        try:
            outlet = _outlet(url)
        except _Bad as exc:
            yield f"{name}: {exc}"
            continue
        row = {"text": text, "outlet": outlet, "date": date, "url": url, "kind": "direct"}
        row["language"] = "en"
        yield _attributed(row, speaker, obj.get("qids"))


def _quotebank_article(obj: dict[str, Any]) -> Iterator[Row | str]:
    """Yield one row per quotation of an article-centric record."""
    name = f"articleID {obj.get('articleID') or '?'}"
    try:
        url = obj.get("url")
        outlet = _outlet(url)
        date = _date(obj.get("date"))
        quotations = obj.get("quotations")
        if not isinstance(quotations, list):
            raise _Bad("quotations must be a list")
    except _Bad as exc:
        yield f"{name}: {exc}"
        return
    for q in quotations:
        if not isinstance(q, dict):
            yield f"{name}: a quotation must be a JSON object"
            continue
        try:
            text = _text(q.get("quotation"))
        except _Bad as exc:
            yield f"{name} quoteID {q.get('quoteID') or '?'}: {exc}"
            continue
        row = {"text": text, "outlet": outlet, "date": date, "url": url, "kind": "direct"}
        row["language"] = "en"
        context = _context(q.get("leftContext"), q.get("rightContext"))
        if context is not None:
            row["context"] = context
        yield _attributed(row, _speaker(q.get("quoteSpeaker")), q.get("speakerQIDs"))


# --- GDELT -------------------------------------------------------------------------------------


def _language(value: object) -> str | None:
    """Return a language tag from GDELT's lang: a code kept, a common name mapped, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _LANG_TAG_RE.match(value):
        primary, _, rest = value.partition("-")
        return primary.lower() + (f"-{rest}" if rest else "")
    return _LANGUAGE_NAMES.get(value.casefold())


def _looks_like_name(speaker: str) -> bool:
    """Tell a name (Anna Lindqvist) from a description the extractor could not resolve."""
    words = speaker.split()
    if not words or words[0].casefold() in _DETERMINERS:
        return False
    return any(w[:1].isupper() for w in words)


def _gdelt_attribution(pre: str, quote: str, post: str) -> ExtractedItem | None:
    """Return the extractor's item for the quote set between pre and post, if it has a speaker.

    The sentence is rebuilt as pre “quote” post, so the attribution rules see the marks they
    expect; the item whose span overlaps the quote most is the quote's.
    """
    start = len(pre) + 2 if pre else 1
    end = start + len(quote)
    sentence = f"{pre} “{quote}” {post}" if pre else f"“{quote}” {post}"
    best, best_overlap = None, 0
    for item in extract_quotes(sentence.rstrip()):
        overlap = min(end, item.end) - max(start, item.start)
        if item.kind != "indirect" and overlap > best_overlap:
            best, best_overlap = item, overlap
    if best is None or not best.speaker or not _looks_like_name(best.speaker):
        return None
    return best


def _gdelt_rows(obj: dict[str, Any]) -> Iterator[Row | str]:
    """Yield one row per quote of a GDELT article, with a speaker where the rules find one."""
    url = obj.get("url")
    name = f"url {str(url)[:200]}"
    try:
        outlet = _outlet(url)
        date = _date(obj.get("date"))
        quotes = obj.get("quotes")
        if not isinstance(quotes, list):
            raise _Bad("quotes must be a list")
    except _Bad as exc:
        yield f"{name}: {exc}"
        return
    language = _language(obj.get("lang"))
    for i, q in enumerate(quotes, start=1):
        if not isinstance(q, dict):
            yield f"{name} quote {i}: must be a JSON object"
            continue
        try:
            text = _text(q.get("quote"))
        except _Bad as exc:
            yield f"{name} quote {i}: {exc}"
            continue
        pre, post = _clean(q.get("pre")), _clean(q.get("post"))
        row: Row = {"text": text, "outlet": outlet, "date": date, "url": url, "kind": "direct"}
        if language is not None:
            row["language"] = language
        context = _context(pre, post)
        if context is not None:
            row["context"] = context
        item = _gdelt_attribution(pre, text, post)
        if item is not None:
            row["speaker"] = item.speaker
            if item.speaker_role:
                row["speaker_role"] = item.speaker_role
            if item.via_outlet:
                row["via_outlet"] = item.via_outlet
        yield row


_BUILDERS: dict[str, Callable[[dict[str, Any]], Iterator[Row | str]]] = {
    "jsonl": _jsonl_rows,
    "quotebank": _quotebank_rows,
    "gdelt": _gdelt_rows,
}
