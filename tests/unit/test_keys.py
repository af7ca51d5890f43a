"""Dedup keys: winnowing keeps its guarantee, hashes are stable, caches stay bounded."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from quotes.index import keys
from quotes.index.keys import query_keys, select_keys, stored_keys, winnow
from quotes.matching import prepare

WORDS = """budget border treaty election reform pipeline deal tariff pension hospital school
bridge railway harbour vaccine ceasefire inquiry contract subsidy factory mine airport embargo
grain wage loan bond currency sanction strike protest curfew referendum census satellite""".split()  # noqa: SIM905


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


@pytest.mark.parametrize("seed", range(200))
def test_any_shared_run_of_four_words_shares_a_key(seed: int) -> None:
    rng = random.Random(seed)
    stored = _text(rng, rng.randint(6, 40)).split()
    start = rng.randrange(0, len(stored) - 4)
    run = stored[start : start + rng.randint(4, min(12, len(stored) - start))]
    query = " ".join([_text(rng, rng.randint(0, 8)), *run, _text(rng, rng.randint(0, 8))])
    shared = set(stored_keys(" ".join(stored))) & set(query_keys(query.strip()))
    assert shared


def test_winnowing_keeps_a_minimum_of_every_window() -> None:
    hashes = [5, 3, 9, 9, 1, 7, 2, 8]
    chosen = set(winnow(hashes, 2))
    assert all(min(hashes[i : i + 2]) in chosen for i in range(len(hashes) - 1))
    assert len(chosen) < len(hashes)


def test_keys_are_stable_across_processes() -> None:
    text = "there is no such thing as loyalty when it comes to moscow"
    code = f"from quotes.index.keys import stored_keys; print(stored_keys({text!r}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(stored_keys(text))


def test_stop_word_runs_are_not_keys_but_short_texts_are() -> None:
    assert query_keys("it is what it is") == []
    assert len(query_keys("moscow")) == 1


def test_select_keys_stays_within_the_posting_budget() -> None:
    ks = [1, 2, 3, 4]
    df = {1: 200, 2: 50, 3: 10, 4: 0}
    assert select_keys(ks, df, max_keys=8, max_postings=100) == [3, 2]
    assert select_keys([1], df, max_keys=8, max_postings=100) == []  # too common: no key


def test_hash_cache_keeps_no_long_caller_words() -> None:
    word = "x" * 10_000
    before = len(keys._WORD_CACHE)
    assert prepare(word + " and more words here").keys
    assert word not in keys._WORD_CACHE
    assert len(keys._WORD_CACHE) <= before + 4
