"""16 clients posting the same new quote at once create exactly one quote (real HTTP)."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy import make_url
from sqlalchemy.engine import Engine

from api.main import create_app
from quotes.config import Settings
from quotes.matching import score
from quotes.testing import free_port
from tests.factories import quote_body

CLIENTS = 16


@pytest.fixture
def server(settings: Settings, engine: Engine) -> Iterator[str]:
    """The app served by uvicorn on a loopback port, in a thread."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, engine=engine), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=20)


def test_sixteen_clients_posting_same_new_quote_create_one(
    server: str, auth: dict[str, str]
) -> None:
    barrier = threading.Barrier(CLIENTS)
    results: list[httpx.Response] = []
    lock = threading.Lock()
    text = "We will never accept a ceasefire that leaves our villages undefended, the minister said"

    def client(i: int) -> None:
        body = quote_body(
            text=text,
            speaker="Brand New Speaker",
            outlet=f"Outlet {i % 4}",
            url=f"https://outlet{i}.example/story",
            date="2024-07-01",
        )
        with httpx.Client(base_url=server, timeout=60) as c:
            barrier.wait()
            r = c.post("/v1/quotes", json=body, headers=auth)
        with lock:
            results.append(r)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert [r.status_code for r in results] == [201] * CLIENTS, [
        r.text for r in results if r.status_code != 201
    ]
    quote_ids = {r.json()["quote"]["id"] for r in results}
    assert len(quote_ids) == 1
    assert sum(r.json()["quote_created"] for r in results) == 1
    with httpx.Client(base_url=server) as c:
        quote = c.get(f"/v1/quotes/{quote_ids.pop()}").json()
        assert quote["appearance_count"] == CLIENTS and len(quote["appearances"]) == CLIENTS
        speakers = c.get("/v1/speakers", params={"q": "Brand New Speaker"}).json()
        assert speakers["total"] == 1
        assert c.get("/v1/outlets", params={"q": "Outlet"}).json()["total"] == 4
        found = c.get("/v1/lookup", params={"q": "never accept a ceasefire"}).json()["results"]
        assert len(found) == 1


def test_near_duplicates_posted_at_once_become_one_quote(server: str, auth: dict[str, str]) -> None:
    """Typo'd, reworded and re-cased versions of one new quote, posted at the same moment.

    Every pair of variants matches on its own, so whichever arrives first, the others join it:
    one quote is the only right outcome, in any arrival order.
    """
    base = (
        "Our farmers were promised compensation for the drought and not one of them has been paid"
    )
    variants = [
        base,
        base.upper(),
        base.replace("promised", "promissed"),
        base.replace("drought", "droght"),
        base.replace(" not one of them", " none of them"),
        "“" + base + ".”",
        base.replace("compensation", "compensaton"),
        base.replace("farmers", "farmrs"),
    ]
    assert all(score(a, b) for a in variants for b in variants), "premise: pairwise matches"
    barrier = threading.Barrier(len(variants))
    results: list[httpx.Response] = []
    lock = threading.Lock()

    def client(i: int, text: str) -> None:
        body = quote_body(
            text=text,
            speaker="Another New Speaker",
            outlet=f"Paper {i}",
            url=f"https://paper{i}.example/story",
            date="2024-07-02",
        )
        with httpx.Client(base_url=server, timeout=60) as c:
            barrier.wait()
            r = c.post("/v1/quotes", json=body, headers=auth)
        with lock:
            results.append(r)

    threads = [threading.Thread(target=client, args=iv) for iv in enumerate(variants)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert [r.status_code for r in results] == [201] * len(variants), [r.text for r in results]
    assert len({r.json()["quote"]["id"] for r in results}) == 1
    assert sum(r.json()["quote_created"] for r in results) == 1


def _at_once(server: str, auth: dict[str, str], calls: list[tuple[str, dict]]) -> list[int]:
    """Send the POSTs (path, json) from one thread each, all released at the same moment."""
    barrier = threading.Barrier(len(calls))
    codes: list[int] = []
    lock = threading.Lock()

    def client(path: str, body: dict) -> None:
        with httpx.Client(base_url=server, timeout=60) as c:
            barrier.wait()
            r = c.post(path, json=body, headers=auth)
        with lock:
            codes.append(r.status_code)

    threads = [threading.Thread(target=client, args=call) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return codes


def _post(c: httpx.Client, auth: dict[str, str], text: str, n: int) -> dict:
    body = quote_body(text=text, outlet=f"Paper {n}", url=f"https://p{n}.example/a", speaker="X Y")
    r = c.post("/v1/quotes", json=body, headers=auth)
    assert r.status_code == 201, r.text
    return r.json()


def _every_appearance_on_a_live_quote(c: httpx.Client, appearance_ids: list[int]) -> set[int]:
    """Assert each appearance is readable and sits on a live quote that lists it; return them."""
    quotes = set()
    for aid in appearance_ids:
        a = c.get(f"/v1/appearances/{aid}")
        assert a.status_code == 200, a.text
        q = c.get(f"/v1/quotes/{a.json()['quote_id']}")
        assert q.status_code == 200, q.text
        assert q.json()["merged_into_id"] is None
        assert aid in {x["id"] for x in q.json()["appearances"]}
        quotes.add(q.json()["id"])
    return quotes


TEXTS = [
    "The harbour will be dredged before the autumn storms arrive on the coast",
    "Teachers in the north have not been paid for three months running now",
    "We found the missing ballots in a warehouse outside the capital last night",
    "The vaccine shipment was held at customs for eleven days without a reason",
    "Our embassy staff were never told that the talks had been cancelled",
    "The railway strike will continue until the pension reform is withdrawn",
]


def test_merges_both_ways_at_once_neither_deadlock_nor_fail(
    server: str, auth: dict[str, str]
) -> None:
    """Curators merging A into B while others merge B into A: each answer 201 or 409, no
    appearance lost, each ends on a live quote."""
    with httpx.Client(base_url=server, timeout=60) as c:
        posted = [_post(c, auth, t, n) for n, t in enumerate(TEXTS)]
    ids = [p["quote"]["id"] for p in posted]
    pairs = [(0, 1), (1, 0), (2, 3), (3, 2), (0, 2), (2, 0), (1, 3), (3, 1), (4, 5), (5, 4)]
    calls = [(f"/v1/quotes/{ids[a]}/merge", {"other_id": ids[b]}) for a, b in pairs]
    codes = _at_once(server, auth, calls)
    assert set(codes) <= {201, 409}, codes
    with httpx.Client(base_url=server, timeout=60) as c:
        live = _every_appearance_on_a_live_quote(c, [p["appearance"]["id"] for p in posted])
    assert len(live) == len(TEXTS) - codes.count(201)


def test_splits_of_the_same_words_at_once_all_succeed(server: str, auth: dict[str, str]) -> None:
    """Five appearances of one text split off at the same moment: five new quotes with the same
    words (each its own variant), none refused, none failed."""
    with httpx.Client(base_url=server, timeout=60) as c:
        posted = [_post(c, auth, TEXTS[0], n) for n in range(6)]
    quote_id = posted[0]["quote"]["id"]
    assert {p["quote"]["id"] for p in posted} == {quote_id}
    calls = [
        (f"/v1/quotes/{quote_id}/split", {"appearance_ids": [p["appearance"]["id"]]})
        for p in posted[1:]
    ]
    codes = _at_once(server, auth, calls)
    assert codes == [201] * 5
    with httpx.Client(base_url=server, timeout=60) as c:
        live = _every_appearance_on_a_live_quote(c, [p["appearance"]["id"] for p in posted])
    assert len(live) == 6


def test_undo_racing_merges_leaves_every_appearance_on_a_live_quote(
    server: str, auth: dict[str, str]
) -> None:
    """Undo of a split at the moment the split-off quote is merged elsewhere (and back): each
    answer is a success or a 409 naming the conflict, never a failure or a hidden appearance."""
    for round_ in range(3):
        with httpx.Client(base_url=server, timeout=60) as c:
            a1 = _post(c, auth, TEXTS[round_], 10 * round_)
            a2 = _post(c, auth, TEXTS[round_], 10 * round_ + 1)
            other = _post(c, auth, TEXTS[round_ + 3], 10 * round_ + 2)
            quote_id, other_id = a1["quote"]["id"], other["quote"]["id"]
            split = c.post(
                f"/v1/quotes/{quote_id}/split",
                json={"appearance_ids": [a2["appearance"]["id"]]},
                headers=auth,
            )
            assert split.status_code == 201, split.text
            event, new_id = split.json()["id"], split.json()["other_quote_id"]
        calls = [
            (f"/v1/events/{event}/undo", {}),
            (f"/v1/quotes/{other_id}/merge", {"other_id": new_id}),
            (f"/v1/quotes/{new_id}/merge", {"other_id": other_id}),
            (f"/v1/quotes/{quote_id}/merge", {"other_id": other_id}),
        ]
        codes = _at_once(server, auth, calls)
        assert set(codes) <= {200, 201, 409}, codes
        with httpx.Client(base_url=server, timeout=60) as c:
            appearances = [a1["appearance"]["id"], a2["appearance"]["id"]]
            _every_appearance_on_a_live_quote(c, [*appearances, other["appearance"]["id"]])


def test_splits_of_the_same_words_from_different_quotes_at_once(
    server: str, auth: dict[str, str]
) -> None:
    """Two curators split the same words out of two different quotes at the same moment: both
    new quotes need a free variant of those words, and both get one (no 500)."""
    with httpx.Client(base_url=server, timeout=60) as c:
        for round_ in range(4):
            words = TEXTS[round_]
            t1 = _post(c, auth, words, 100 * round_)
            t2 = _post(c, auth, words, 100 * round_ + 1)
            a = t1["quote"]["id"]
            split = c.post(
                f"/v1/quotes/{a}/split",
                json={"appearance_ids": [t2["appearance"]["id"]]},
                headers=auth,
            )
            assert split.status_code == 201, split.text
            a_twin = split.json()["other_quote_id"]
            p = _post(c, auth, TEXTS[4] + f" in round {round_}", 100 * round_ + 2)["quote"]["id"]
            q = _post(c, auth, TEXTS[5] + f" in round {round_}", 100 * round_ + 3)["quote"]["id"]
            for host, guest in ((p, a), (q, a_twin)):
                r = c.post(f"/v1/quotes/{host}/merge", json={"other_id": guest}, headers=auth)
                assert r.status_code == 201, r.text
            calls = [
                (f"/v1/quotes/{p}/split", {"appearance_ids": [t1["appearance"]["id"]]}),
                (f"/v1/quotes/{q}/split", {"appearance_ids": [t2["appearance"]["id"]]}),
            ]
            assert _at_once(server, auth, calls) == [201, 201]
            _every_appearance_on_a_live_quote(c, [t1["appearance"]["id"], t2["appearance"]["id"]])


def test_writers_kept_waiting_leave_the_server_free_to_read(
    server: str, auth: dict[str, str], db_url: str
) -> None:
    """While another program holds the SQLite database, 48 POSTs wait for it; reads still answer
    at once (waiting writers hold none of the threads that reads need), and once the database is
    free every POST is stored."""
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL writers do not queue: each locks only the rows it touches")
    rng = random.Random(5)
    words = ["harbour", "council", "nurses", "tunnel", "audit", "wind", "embassy", "grain"]
    words += ["river", "budget", "school", "minister", "court", "strike", "bridge", "ferry"]
    holder = sqlite3.connect(make_url(db_url).database or "", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # e.g. an import committing a large batch
    statuses: list[int] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        text = " ".join(rng.choice(words) for _ in range(14))
        body = quote_body(text=f"{i} {text}", url=f"https://queue.example/{i}")
        r = httpx.post(f"{server}/v1/quotes", json=body, headers=auth, timeout=60)
        with lock:
            statuses.append(r.status_code)

    writers = [threading.Thread(target=client, args=(i,)) for i in range(48)]
    try:
        for t in writers:
            t.start()
        time.sleep(1.0)  # every writer has sent its POST and waits for the database
        t0 = time.monotonic()
        r = httpx.get(f"{server}/v1/quotes", params={"limit": 1}, timeout=20)
        waited = time.monotonic() - t0
        assert r.status_code == 200
        assert not statuses  # the writers were still waiting while the read was answered
    finally:
        holder.execute("COMMIT")
        holder.close()
    for t in writers:
        t.join(timeout=60)
    assert waited < 5
    assert statuses == [201] * 48
