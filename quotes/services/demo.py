"""The demo data set: the quotes of the example Belarus–Azerbaijan article (2024)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlmodel import Session

from quotes.models import OutletCreate, QuoteCreate, SpeakerCreate
from quotes.services.outlets import create_outlet, find_outlet
from quotes.services.quotes import add_quote
from quotes.services.speakers import create_speaker, find_speaker


def demo_data() -> dict[str, Any]:
    """Return the demo data shipped with the package."""
    text = resources.files("quotes").joinpath("demo/belarus_azerbaijan.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def load_demo(session: Session) -> int:
    """Load the demo outlets, speakers and quotes; returns new appearances (0 the second time)."""
    data = demo_data()
    for outlet in data["outlets"]:
        if find_outlet(session, outlet["name"]) is None:
            create_outlet(session, data=OutletCreate.model_validate(outlet), actor="demo")
    for speaker in data["speakers"]:
        if find_speaker(session, speaker["name"]) is None:
            create_speaker(session, data=SpeakerCreate.model_validate(speaker), actor="demo")
    added = 0
    for item in data["quotes"]:
        result = add_quote(session, data=QuoteCreate.model_validate(item), created_by="demo")
        added += result.appearance_created
    return added
