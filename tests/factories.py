"""Factories that build the world a test needs, through the API or the services."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

ARAKELYAN = (
    "This equipment was used with devastating effect against Armenian troops and was provided "
    "by a country that is supposed to be an ally of Armenia"
)
STRADNER = (
    "It’s ridiculous to think these transfers could have taken place without Moscow’s knowledge, "
    "and that Russia couldn’t have stopped them if it wanted to"
)


def quote_body(**overrides: Any) -> dict[str, Any]:
    """Return a valid POST /v1/quotes body (Stradner to Politico), with overrides."""
    body: dict[str, Any] = {
        "text": STRADNER,
        "speaker": "Ivana Stradner",
        "speaker_role": "a research fellow at the Foundation for Defense of Democracies",
        "outlet": "Politico",
        "date": "2024-06-13",
        "url": "https://www.politico.eu/article/belarus-weapons-azerbaijan/",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def post_quote(client: TestClient, auth: dict[str, str], **overrides: Any) -> Response:
    """POST a quote body built by quote_body."""
    return client.post("/v1/quotes", json=quote_body(**overrides), headers=auth)
