"""The world the page tests read: the demo, a quote printed three ways, a conflict, odd scripts,
and two suggested merges (near misses of demo quotes) for the review page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from quotes.db import writer
from quotes.models import QuoteCreate, SpeakerCreate
from quotes.services.demo import load_demo
from quotes.services.quotes import add_quote
from quotes.services.speakers import create_speaker

CANON = (
    "We will not send more troops to the border until the talks in Geneva have run their "
    "course, whatever the pressure from our allies"
)
# Printed three times: the canonical words (posted first, dated last), a changed word in the
# oldest printing, and an elision told to the Ledger.
PRINTINGS = [
    {
        "text": CANON,
        "speaker": "Nora Vance",
        "speaker_role": "the defence minister",
        "outlet": "Evening Ledger",
        "date": "2024-03-01",
        "url": "https://ledger.example/geneva",
    },
    {
        "text": CANON.replace("troops", "soldiers"),
        "speaker": "Nora Vance",
        "speaker_role": "the minister",
        "outlet": "Morning Post",
        "date": "2024-01-15",
        "url": "https://post.example/border",
    },
    {
        "text": "We will not send more troops to the border … whatever the pressure from our "
        "allies",
        "speaker": "N. Vance",
        "outlet": "Radio Free Town",
        "via_outlet": "Evening Ledger",
        "date": "2024-02-10",
    },
]
# Near misses of two demo quotes (words dropped: scores between the suggestion threshold and the
# automatic ones), each stored as a new quote plus a suggested merge.
NEAR_MISSES = [
    {
        "text": "This equipment was used against troops and was provided by a country supposed to "
        "be an ally",
        "speaker": "Eduard Arakelyan",
        "outlet": "News.am",
        "date": "2024-06-20",
    },
    {
        "text": "Ridiculous to think transfers could have taken place without knowledge, and "
        "Russia couldn’t have stopped them",
        "speaker": "Ivana Stradner",
        "outlet": "News.am",
        "date": "2024-06-21",
    },
]
CONFLICT = "Sanctions are a slow poison, and the patient is already very sick"
XSS_TEXT = '<script>alert("pwned")</script> is what the note said'
XSS_SPEAKER = "<b>Mallory</b>"
XSS_OUTLET = "Evil <img src=x onerror=alert(1)>"
UNICODE = {
    "hy": ("Մենք չենք հանձնվի, որքան էլ ծանր լինի", "Անի Հակոբյան"),
    "ru": ("Мы не сдадимся, как бы тяжело ни было", "Ирина Петрова"),
    "ar": ("لن نستسلم مهما كانت الظروف صعبة", "ليلى حداد"),
    "en": ("We did it 🎉🇦🇲 — finally, after 🕰️ ten years", "Zoë Ötzi"),
}


@dataclass(frozen=True)
class World:
    """The ids of what build_world stored."""

    timeline_quote: int
    conflict_quote: int
    vance: int
    halvorsen: int
    ledger: int
    post: int
    radio: int
    xss_quote: int
    unicode_quotes: dict[str, int]
    suggestions: list[int]


def build_world(engine: Engine) -> World:
    """Store the demo and the quotes of this module through the services; return their ids."""
    with Session(writer(engine)) as s:
        load_demo(s)
        vance = create_speaker(s, data=SpeakerCreate(name="Nora Vance", aliases=["N. Vance"]))
        added = [add_quote(s, data=QuoteCreate.model_validate(p)) for p in PRINTINGS]
        first = add_quote(
            s,
            data=QuoteCreate(
                text=CONFLICT, speaker="Nora Vance", outlet="Evening Ledger", date="2024-04-01"
            ),
        )
        other = add_quote(
            s,
            data=QuoteCreate(
                text=CONFLICT, speaker="Piet Halvorsen", outlet="Morning Post", date="2024-04-03"
            ),
        )
        xss = add_quote(
            s,
            data=QuoteCreate(
                text=XSS_TEXT, speaker=XSS_SPEAKER, outlet=XSS_OUTLET, date="2024-05-01"
            ),
        )
        scripts = {
            lang: add_quote(
                s,
                data=QuoteCreate(
                    text=text, speaker=speaker, outlet="Wire", date="2024-05-02", language=lang
                ),
            ).quote.id
            for lang, (text, speaker) in UNICODE.items()
        }
        near = [add_quote(s, data=QuoteCreate.model_validate(n)) for n in NEAR_MISSES]
        s.commit()
        assert all(n.suggestion is not None for n in near), "near misses must be suggestions"
        assert len({a.quote.id for a in added}) == 1, "the three printings must be one quote"
        assert first.quote.id == other.quote.id and other.quote.speaker_conflict
        return World(
            timeline_quote=added[0].quote.id or 0,
            conflict_quote=first.quote.id or 0,
            vance=vance.id or 0,
            halvorsen=other.appearance.speaker_id or 0,
            ledger=added[0].appearance.outlet_id or 0,
            post=added[1].appearance.outlet_id or 0,
            radio=added[2].appearance.outlet_id or 0,
            xss_quote=xss.quote.id or 0,
            unicode_quotes={lang: ident or 0 for lang, ident in scripts.items()},
            suggestions=[n.suggestion.id or 0 for n in near if n.suggestion],
        )
