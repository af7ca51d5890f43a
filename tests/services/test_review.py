"""The review page's service: a misattribution split off by speaker, and each side's printing."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from quotes.errors import InvalidInput
from quotes.models import Quote, QuoteCreate
from quotes.services.curation import undo
from quotes.services.quotes import add_quote
from quotes.services.review import first_printings, speaker_appearances, split_speaker

WORDS = "Sanctions are a slow poison, and the patient is already very sick"


def _conflict(session: Session) -> tuple[int, int, int]:
    """A quote printed twice for Nora Vance and once for Piet Halvorsen: (quote, vance, piet)."""
    rows = [
        ("Nora Vance", "Evening Ledger", "2024-04-01"),
        ("Nora Vance", "Wire", "2024-04-02"),
        ("Piet Halvorsen", "Morning Post", "2024-04-03"),
    ]
    added = [
        add_quote(session, data=QuoteCreate(text=WORDS, speaker=s, outlet=o, date=d))
        for s, o, d in rows
    ]
    quote = added[0].quote
    assert {a.quote.id for a in added} == {quote.id} and added[2].quote.speaker_conflict
    vance, piet = added[0].appearance.speaker_id, added[2].appearance.speaker_id
    assert quote.id and vance and piet
    return quote.id, vance, piet


def test_split_speaker_moves_their_appearances_to_a_quote_of_their_own(session: Session) -> None:
    quote_id, vance, piet = _conflict(session)
    assert len(speaker_appearances(session, quote_id=quote_id, speaker_id=vance)) == 2
    printed = first_printings(session, [quote_id])
    assert {k for k in printed} == {(quote_id, vance), (quote_id, piet)}
    assert printed[(quote_id, vance)].published.isoformat() == "2024-04-01"  # type: ignore[union-attr]

    event = split_speaker(session, quote_id=quote_id, speaker_id=piet, actor="curator")
    assert event.kind == "split" and event.actor == "curator" and len(event.appearance_ids) == 1
    kept, new = session.get(Quote, quote_id), session.get(Quote, event.other_quote_id)
    assert kept is not None and new is not None
    assert not kept.speaker_conflict and new.speaker_id == piet
    assert speaker_appearances(session, quote_id=quote_id, speaker_id=piet) == []

    undo(session, event_id=event.id or 0, actor="curator")
    session.refresh(kept)
    assert kept.speaker_conflict


def test_split_speaker_refuses_a_speaker_the_quote_does_not_name(session: Session) -> None:
    quote_id, _, _ = _conflict(session)
    with pytest.raises(InvalidInput, match="names speaker"):
        split_speaker(session, quote_id=quote_id, speaker_id=None, actor="curator")
