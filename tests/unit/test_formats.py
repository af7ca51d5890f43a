"""Streaming readers of import files: our jsonl/csv, Quotebank and GDELT, plain or compressed."""

from __future__ import annotations

import bz2
import gzip
import json
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import zstandard

from quotes.errors import InvalidInput
from quotes.formats import FORMATS, RecordStream, detect_format
from quotes.models import QuoteCreate

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
FIXTURE_FORMATS = {
    "quotes.jsonl": "jsonl",
    "quotes.csv": "csv",
    "quotebank-quotes.jsonl": "quotebank",
    "quotebank-articles.jsonl": "quotebank",
    "gdelt-quotes.jsonl": "gdelt",
}
COMPRESSORS = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


def read(path: Path, fmt: str | None = None) -> list[tuple[int, dict[str, Any] | str]]:
    with RecordStream(path, fmt) as stream:
        return list(stream)


def rows(path: Path, fmt: str | None = None) -> list[dict[str, Any]]:
    out = read(path, fmt)
    assert all(isinstance(row, dict) for _, row in out), out
    return [row for _, row in out if isinstance(row, dict)]


def errors(path: Path, fmt: str | None = None) -> list[tuple[int, str]]:
    return [(n, row) for n, row in read(path, fmt) if isinstance(row, str)]


def compressed(src: Path, tmp_path: Path, suffix: str, name: str | None = None) -> Path:
    dest = tmp_path / ((name or src.name) + suffix)
    dest.write_bytes(COMPRESSORS[suffix](src.read_bytes()))
    return dest


def write(tmp_path: Path, name: str, lines: list[Any]) -> Path:
    """Write JSON Lines (str items as they are, others as JSON)."""
    path = tmp_path / name
    text = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    path.write_text(text, encoding="utf-8")
    return path


# --- every format, plain and compressed --------------------------------------------------------


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
@pytest.mark.parametrize("name", sorted(FIXTURE_FORMATS))
def test_compressed_file_gives_the_same_rows_as_plain(name: str, suffix: str, tmp_path: Path):
    plain = FIXTURES / name
    packed = compressed(plain, tmp_path, suffix)
    with RecordStream(packed) as stream:
        got = list(stream)
        assert stream.format == FIXTURE_FORMATS[name]
    assert got == read(plain)
    assert got


@pytest.mark.parametrize("name", sorted(FIXTURE_FORMATS))
def test_format_is_detected_from_content(name: str):
    assert detect_format(FIXTURES / name) == FIXTURE_FORMATS[name]


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
@pytest.mark.parametrize(
    "name", ["quotebank-quotes.jsonl", "quotebank-articles.jsonl", "gdelt-quotes.jsonl"]
)
def test_misnamed_compressed_file_is_read_by_its_content(name: str, suffix: str, tmp_path: Path):
    # Compression is told by magic bytes and the format by the first record, not by the name.
    packed = compressed(FIXTURES / name, tmp_path, suffix)
    misnamed = packed.rename(tmp_path / "download.json")
    assert detect_format(misnamed) == FIXTURE_FORMATS[name]
    assert read(misnamed) == read(FIXTURES / name)


def test_csv_is_detected_by_its_header_without_a_csv_name(tmp_path: Path):
    path = tmp_path / "export.txt"
    shutil.copy(FIXTURES / "quotes.csv", path)
    assert detect_format(path) == "csv"


def test_csv_and_jsonl_fixtures_hold_the_same_rows():
    assert rows(FIXTURES / "quotes.csv") == rows(FIXTURES / "quotes.jsonl")


def test_csv_rows_carry_the_line_where_they_start():
    # The third data row's context spans two lines; nothing follows, but its number is its start.
    assert [n for n, _ in read(FIXTURES / "quotes.csv")] == [2, 3, 4]


def test_csv_drops_empty_cells():
    first = rows(FIXTURES / "quotes.csv")[0]
    assert "kind" not in first and "context" not in first


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[1, 2, 3]\n", "neither a JSON object"),
        ("Just some prose, not data.\n", "neither a JSON object"),
        ('{"title": "x", "body": "y"}\n', "keys: body, title"),
        ("\n\n42\n", "neither a JSON object"),
    ],
)
def test_unknown_format_is_refused_with_a_clear_message(content: str, problem: str, tmp_path: Path):
    path = tmp_path / "mystery.dat"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        detect_format(path)
    assert info.value.field == "format"
    assert problem in info.value.detail
    assert "mystery.dat" in info.value.detail


def test_a_malformed_first_line_does_not_hide_the_format(tmp_path: Path):
    good = json.dumps({"text": "We will see.", "speaker": "A", "outlet": "B", "date": "2024-01-02"})
    path = tmp_path / "rows.dat"
    path.write_text("{not json\n" + good + "\n", encoding="utf-8")
    assert detect_format(path) == "jsonl"
    named = tmp_path / "bad.jsonl"
    named.write_text("{not json\n", encoding="utf-8")
    assert detect_format(named) == "jsonl"
    with RecordStream(named) as stream:
        assert [(n, "malformed JSON" in str(r)) for n, r in stream] == [(1, True)]


def test_unsupported_compression_is_named(tmp_path: Path):
    path = tmp_path / "quotes.jsonl.xz"
    path.write_bytes(b"\xfd7zXZ\x00\x00\x04rest")
    with pytest.raises(InvalidInput, match="xz files are not supported"):
        RecordStream(path)


def test_empty_file_gives_no_rows(tmp_path: Path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert read(path) == []


# --- forced formats ----------------------------------------------------------------------------


def test_forced_jsonl_passes_quotebank_records_through_unchanged():
    got = rows(FIXTURES / "quotebank-quotes.jsonl", "jsonl")
    assert got[0]["quoteID"] == "2020-01-16-000088"
    assert len(got) == 4


def test_forced_quotebank_on_our_rows_reports_each_line():
    problem = "not a Quotebank record: expected quotation (quote-centric) or quotations"
    got = errors(FIXTURES / "quotes.jsonl", "quotebank")
    assert [n for n, _ in got] == [1, 2, 3]
    assert all(message.startswith(problem) for _, message in got)


def test_unknown_forced_format_is_refused():
    with pytest.raises(InvalidInput) as info:
        RecordStream(FIXTURES / "quotes.jsonl", "ndjson")
    assert info.value.field == "format"
    assert all(f in info.value.detail for f in FORMATS)


# --- Quotebank ---------------------------------------------------------------------------------


def test_quotebank_quote_gives_one_row_per_url():
    got = rows(FIXTURES / "quotebank-quotes.jsonl")
    first = [r for r in got if r["text"].startswith("we are not going")]
    assert [r["outlet"] for r in first] == [
        "nytimes.com",
        "edition.cnn.com",
        "harbourgazette.example",
    ]
    assert first[0] == {
        "text": "we are not going to let this port become a parking lot for rusting ships",
        "speaker": "Harriet Okafor",
        "speaker_external_id": "Q90000001",
        "outlet": "nytimes.com",
        "date": "2020-01-16",
        "url": "https://www.nytimes.com/2020/01/16/nyregion/port-rusting-ships.html",
        "kind": "direct",
        "language": "en",
    }


def test_quotebank_none_speaker_gives_a_row_without_speaker():
    got = rows(FIXTURES / "quotebank-quotes.jsonl")
    unattributed = [r for r in got if r["text"].startswith("nobody from the council")]
    assert len(unattributed) == 1
    assert "speaker" not in unattributed[0] and "speaker_external_id" not in unattributed[0]


def test_quotebank_homonym_qids_give_no_external_id():
    for path in ("quotebank-quotes.jsonl", "quotebank-articles.jsonl"):
        carter = [r for r in rows(FIXTURES / path) if r.get("speaker") == "John Carter"]
        assert carter
        assert all("speaker_external_id" not in r for r in carter)


def test_quotebank_article_gives_one_row_per_quotation_with_context():
    got = rows(FIXTURES / "quotebank-articles.jsonl")
    assert len(got) == 4
    assert got[0]["outlet"] == "harbourgazette.example"
    assert got[0]["context"] == (
        "Speaking at the harbour on Thursday, Mayor Harriet Okafor said … "
        "The city will fine owners who leave vessels moored for more than a year."
    )
    assert "speaker" not in got[1]
    assert got[3]["context"] == "Captain Luis Ferreira agreed. …"
    assert got[3]["speaker_external_id"] == "Q90000005"


def test_quotebank_rows_match_between_its_two_files():
    # The same appearance read from either file: same text, speaker, outlet, date and url.
    keys = ("text", "speaker", "outlet", "date", "url")
    by_quote = {tuple(r.get(k) for k in keys) for r in rows(FIXTURES / "quotebank-quotes.jsonl")}
    by_article = [
        tuple(r.get(k) for k in keys) for r in rows(FIXTURES / "quotebank-articles.jsonl")
    ]
    assert by_article[0] in by_quote
    assert by_article[2] in by_quote


# --- GDELT -------------------------------------------------------------------------------------


def test_gdelt_speakers_are_found_before_and_after_the_quote():
    got = rows(FIXTURES / "gdelt-quotes.jsonl")
    assert [r.get("speaker") for r in got] == [
        "Finance Minister Anna Lindqvist",  # in pre: "..., Finance Minister Anna Lindqvist said:"
        "Karl Meri",  # in post: "said Karl Meri, who leads ..."
        "Marco Bellini",  # in post: "coach Marco Bellini told reporters ..."
        None,  # nobody named
        None,  # French: our attribution rules are English
    ]
    assert got[2]["speaker_role"] == "coach"


def test_gdelt_description_without_a_name_gives_no_speaker(tmp_path: Path):
    # "the minister" is not someone to file a quote under; the row stays unattributed.
    record = {"date": "2021-06-01", "url": "https://news.example/a", "lang": "en"}
    record["quotes"] = [
        {"pre": "", "quote": "We have beds for the winter,", "post": "the minister said."}
    ]
    row = rows(write(tmp_path, "g.jsonl", [record]))[0]
    assert "speaker" not in row
    assert row["context"] == "… the minister said."


def test_gdelt_row_has_outlet_date_language_and_context():
    first, *_, last = rows(FIXTURES / "gdelt-quotes.jsonl")
    assert first["outlet"] == "balticledger.example"
    assert first["date"] == "2020-03-03"
    assert first["language"] == "en"  # from "ENGLISH"
    assert first["text"] == "We will not raise taxes this year."
    assert first["context"] == (
        "Speaking to reporters in Tallinn on Tuesday, Finance Minister Anna Lindqvist said: … "
        "She added that talks with the unions would continue into the weekend."
    )
    assert last["date"] == "2020-03-05"  # from GDELT's compact 20200305094500
    assert last["language"] == "fr"  # from "French"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "en"), ("EN", "en"), ("ENGLISH", "en"), ("Armenian", "hy"), ("pt-BR", "pt-BR"),
     ("Klingon", None), ("", None), (None, None)],
)  # fmt: skip
def test_gdelt_language_is_a_tag_or_dropped(lang: str | None, expected: str | None, tmp_path):
    record = {"date": "2021-06-01T00:00:00Z", "url": "https://news.example/a", "lang": lang}
    record["quotes"] = [{"pre": "", "quote": "We are ready.", "post": ""}]
    assert rows(write(tmp_path, "g.jsonl", [record]))[0].get("language") == expected


@pytest.mark.parametrize(
    "name", ["quotebank-quotes.jsonl", "quotebank-articles.jsonl", "gdelt-quotes.jsonl"]
)
def test_converted_rows_are_valid_quote_bodies(name: str):
    for row in rows(FIXTURES / name):
        body = {k: v for k, v in row.items() if k != "speaker_external_id"}
        # Speaker is becoming optional; until then give unattributed rows a stand-in.
        QuoteCreate.model_validate({"speaker": "Unknown", **body})


def test_context_is_kept_under_the_limit_nearest_the_quote(tmp_path: Path):
    pre, post = "early words " + "a" * 9_000 + " just before", "just after " + "b" * 9_000
    record = {"date": "2021-06-01", "url": "https://news.example/a", "lang": "en"}
    record["quotes"] = [{"pre": pre, "quote": "We are ready.", "post": post}]
    context = rows(write(tmp_path, "g.jsonl", [record]))[0]["context"]
    assert len(context) <= 10_000
    assert " just before … just after " in context
    assert not context.startswith("early words")


# --- bad records -------------------------------------------------------------------------------


def test_bad_json_lines_are_reported_and_the_stream_goes_on(tmp_path: Path):
    good = {
        "text": "We are ready.",
        "speaker": "Ada Berg",
        "outlet": "x.example",
        "date": "2021-06-01",
    }
    path = write(tmp_path, "q.jsonl", [good, '{"text": "unclosed', "[1, 2]", "", good])
    with path.open("ab") as fh:
        fh.write(b'{"text": "caf\xe9"}\n' + json.dumps(good).encode() + b"\n")
    got = read(path)
    assert [n for n, _ in got] == [1, 2, 3, 5, 6, 7]
    assert got[1][1] == "malformed JSON: Unterminated string starting at"
    assert got[2][1] == "a line must be a JSON object"
    assert isinstance(got[4][1], str) and got[4][1].startswith("not valid UTF-8")
    assert got[0][1] == got[3][1] == got[5][1] == good


def test_bad_quotebank_records_name_the_quote(tmp_path: Path):
    base = {"speaker": "Ada Berg", "qids": [], "date": "2020-01-01 00:00:00"}
    path = write(
        tmp_path,
        "qb.jsonl",
        [
            {**base, "quoteID": "Q-empty", "quotation": "  ", "urls": ["https://a.example/1"]},
            {**base, "quoteID": "Q-long", "quotation": "x" * 10_001, "urls": ["https://a.example/"]},
            {**base, "quoteID": "Q-date", "quotation": "Fine.", "date": "soon", "urls": []},
            {**base, "quoteID": "Q-urls", "quotation": "Fine.", "urls": ["ftp://a.example/f", "https://b.example/2"]},
            {"articleID": "A-1", "date": "2020-01-01", "url": "https://c.example/3",
             "quotations": [{"quoteID": "Q-none"}, {"quoteID": "Q-ok", "quotation": "Yes."}]},
        ],
    )  # fmt: skip
    got = read(path)
    assert got == [
        (1, "quoteID Q-empty: quotation is empty"),
        (2, "quoteID Q-long: quotation is longer than 10,000 characters (10,001)"),
        (3, "quoteID Q-date: date 'soon' is not a date"),
        (4, "quoteID Q-urls: url 'ftp://a.example/f' is not an http(s) URL"),
        (4, {"text": "Fine.", "speaker": "Ada Berg", "outlet": "b.example", "date": "2020-01-01",
             "url": "https://b.example/2", "kind": "direct", "language": "en"}),
        (5, "articleID A-1 quoteID Q-none: quotation is missing"),
        (5, {"text": "Yes.", "outlet": "c.example", "date": "2020-01-01",
             "url": "https://c.example/3", "kind": "direct", "language": "en"}),
    ]  # fmt: skip


def test_bad_gdelt_records_name_the_article(tmp_path: Path):
    url = "https://news.example/a"
    path = write(
        tmp_path,
        "g.jsonl",
        [
            {"date": "2021-06-01", "url": "not a url", "quotes": []},
            {"date": "2021-06-01", "url": url, "quotes": [{"pre": "x"}, "text", {"quote": "Ok."}]},
        ],
    )
    got = read(path)
    assert [(n, row) for n, row in got if isinstance(row, str)] == [
        (1, "url not a url: url 'not a url' is not an http(s) URL"),
        (2, f"url {url} quote 1: quotation is missing"),
        (2, f"url {url} quote 2: must be a JSON object"),
    ]
    assert [row["text"] for _, row in got if isinstance(row, dict)] == ["Ok."]


def test_bad_csv_rows_are_reported_and_the_stream_goes_on(tmp_path: Path):
    path = tmp_path / "q.csv"
    path.write_bytes(
        b"text,speaker,outlet,date\n"
        b'"Two\nlines.",Ada Berg,x.example,2021-06-01\n'
        b"Caf\xe9 talk.,Ada Berg,x.example,2021-06-01\n"
        b'"' + b"x" * 200_000 + b'",Ada Berg,x.example,2021-06-01\n'
        b"\n"
        b"Last.,Ada Berg,x.example,2021-06-01\n"
    )
    got = read(path)
    assert [n for n, _ in got] == [2, 4, 5, 7]
    assert got[0][1] == {"text": "Two\nlines.", "speaker": "Ada Berg", "outlet": "x.example",
                         "date": "2021-06-01"}  # fmt: skip
    assert isinstance(got[1][1], str) and got[1][1].startswith("not valid UTF-8")
    assert isinstance(got[2][1], str) and got[2][1].startswith("bad CSV: field larger")
    assert isinstance(got[3][1], dict) and got[3][1]["text"] == "Last."


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_cut_short_compressed_file_gives_its_rows_then_an_error(suffix: str, tmp_path: Path):
    # Enough varied rows for bzip2 to write several 900 kB blocks before the cut.
    row = {
        "text": "We are ready.",
        "speaker": "Ada Berg",
        "outlet": "x.example",
        "date": "2021-06-01",
    }
    many = [{**row, "context": f"row {i} {i * 7919 % 104729}"} for i in range(40_000)]
    packed = compressed(write(tmp_path, "q.jsonl", many), tmp_path, suffix)
    data = packed.read_bytes()
    packed.write_bytes(data[: len(data) * 3 // 4])
    got = read(packed)
    *whole, (last_line, last) = got
    assert isinstance(last, str) and "damaged or cut short" in last
    assert all(isinstance(r, dict) for _, r in whole)
    assert 0 < len(whole) < 40_000
    assert last_line == len(whole) + 1


# --- progress and memory -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", *sorted(COMPRESSORS)])
def test_bytes_read_reaches_total_bytes(suffix: str, tmp_path: Path):
    plain = FIXTURES / "quotebank-quotes.jsonl"
    path = compressed(plain, tmp_path, suffix) if suffix else plain
    with RecordStream(path) as stream:
        assert stream.total_bytes == path.stat().st_size
        list(stream)
        assert stream.bytes_read == stream.total_bytes


def test_large_gzip_file_streams_in_flat_memory(tmp_path: Path):
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        for i in range(200_000):
            row = {"text": f"Statement number {i} on the budget.", "speaker": f"Speaker {i % 97}"}
            fh.write(json.dumps({**row, "outlet": "x.example", "date": "2021-06-01"}) + "\n")
    size = 200_000 * 100  # decompressed bytes, at least
    count, progress = 0, []
    tracemalloc.start()
    try:
        with RecordStream(path) as stream:
            for _, row in stream:
                count += isinstance(row, dict)
                if count % 50_000 == 0:
                    progress.append(stream.bytes_read)
            assert stream.bytes_read == stream.total_bytes
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert progress == sorted(progress) and progress[0] < stream.total_bytes
    assert peak < size / 20, f"peak {peak:,} bytes for a {size:,}-byte file"


def test_stream_is_read_once():
    with RecordStream(FIXTURES / "quotes.jsonl") as stream:
        list(stream)
        with pytest.raises(RuntimeError):
            iter(stream)
