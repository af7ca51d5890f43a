"""Unit tables for quotes.index.terms."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from quotes.index.terms import (
    index_terms,
    query_terms,
    rank_candidates,
    select_terms,
    term_hash,
)
from quotes.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "Texas women make an average of $8,355 less per year than men doing the very same job."
OTHERS = [
    "Texas has the highest number of uninsured children in the nation.",
    "Men and women in Texas are paid the same under state law.",
    "The average teacher in Texas makes less than the national average.",
    "Our state created more jobs last year than any other state.",
]


def _df(texts: list[str]) -> dict[int, int]:
    df: dict[int, int] = {}
    for t in texts:
        for h in index_terms(normalize(t)):
            df[h] = df.get(h, 0) + 1
    return df


def _reference_hash(term: str) -> int:
    """An independent re-implementation of the documented hash."""
    d = hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest()
    v = int.from_bytes(d, "big")
    if v >= 1 << 63:
        v -= 1 << 64
    return v // 2


@pytest.mark.parametrize("term", ["u:texas", "b:texas women", "u:мир", "b:ես եմ", "f:it is"])
def test_hash_matches_reference_and_fits_63_bits(term: str) -> None:
    h = term_hash(term)
    assert h == _reference_hash(term)
    assert -(1 << 62) <= h < (1 << 62)


def test_hashes_stable_across_processes() -> None:
    code = f"from quotes.index.terms import index_terms;print(index_terms({normalize(SOURCE)!r}))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    ).stdout
    assert out.strip() == str(index_terms(normalize(SOURCE)))


def test_terms_distinct_and_query_same_family() -> None:
    terms = index_terms(normalize(SOURCE))
    assert len(terms) == len(set(terms))
    assert set(query_terms(normalize(SOURCE))) <= set(terms)


def test_spelling_variants_share_terms() -> None:
    a = set(index_terms(normalize("The colour of the labour centre")))
    b = set(index_terms(normalize("The color of the labor center")))
    assert a == b


def test_all_stop_word_text_still_gets_a_term() -> None:
    assert len(index_terms(normalize("It is what it is."))) == 1
    assert index_terms("") == []


@pytest.mark.parametrize(
    "query",
    [
        "Texas women make an avrage of $8,355 less per yaer than men doing the very same job.",
        "women make an average of $8,355 less per year",
        "Texas women make an average of $8,355 less per year than men doing the same job.",
        "Texas women make … than men doing the very same job.",
    ],
)
def test_variant_query_selects_terms_of_its_source(query: str) -> None:
    df = _df([SOURCE, *OTHERS])
    src = set(index_terms(normalize(SOURCE)))
    qt = query_terms(normalize(query))
    sel = select_terms(qt, df, max_terms=4, max_postings=100)
    assert sel
    assert len(set(sel) & src) >= 2


def test_select_terms_skips_unknown_and_bounds_postings() -> None:
    df = {1: 0, 2: 5, 3: 1, 4: 50, 5: 3}
    assert select_terms([1, 2, 3, 4, 5, 9], df, max_terms=10, max_postings=10) == [3, 5, 2]
    assert select_terms([1, 2, 3, 4, 5], df, max_terms=2, max_postings=1000) == [3, 5]
    assert select_terms([4], df, max_terms=3, max_postings=10) == [4]
    assert select_terms([1, 9], df, max_terms=3, max_postings=10) == []


def test_rank_candidates_by_hits_then_id() -> None:
    assert rank_candidates({5: 2, 3: 7, 9: 2, 1: 1}, limit=3, min_share=0) == [3, 5, 9]
    assert rank_candidates({}, limit=3) == []


def test_rank_candidates_drops_quotes_sharing_few_of_the_best_hits() -> None:
    assert rank_candidates({5: 2, 3: 7, 9: 4, 1: 1}, limit=10, min_share=0.5) == [3, 9]
