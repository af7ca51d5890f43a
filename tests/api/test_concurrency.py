"""16 clients posting the same new quote at once create exactly one quote (real HTTP)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy.engine import Engine

from api.main import create_app
from quotes.config import Settings
from quotes.matching import score
from tests.factories import quote_body

CLIENTS = 16


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(settings: Settings, engine: Engine) -> Iterator[str]:
    """The app served by uvicorn on a loopback port, in a thread."""
    port = _free_port()
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
