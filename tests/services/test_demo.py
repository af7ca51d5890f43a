"""The demo data: the example article's quotes with speakers, roles, outlets and dates."""

from __future__ import annotations

from sqlmodel import Session, select

from quotes.models import Appearance, Quote
from quotes.services.demo import load_demo
from quotes.services.quotes import quote_public
from quotes.services.speakers import find_speaker


def test_demo_holds_the_example_article(session: Session) -> None:
    load_demo(session)
    session.commit()
    by_speaker: dict[str, list[Quote]] = {}
    for q in session.exec(select(Quote)):
        name = quote_public(session, q).speaker.name  # type: ignore[union-attr]
        by_speaker.setdefault(name, []).append(q)
    assert {k: len(v) for k, v in by_speaker.items()} == {
        "Eduard Arakelyan": 2,
        "Ivana Stradner": 2,
        "Politico": 2,
        "Aleksander Lukashenko": 1,
    }
    (luka,) = by_speaker["Aleksander Lukashenko"]
    assert luka.kind == "indirect" and "Minsk’s support for Baku" in luka.text
    for q in by_speaker["Ivana Stradner"]:
        shaped = quote_public(session, q)
        assert shaped.first_appearance is not None
        assert (
            shaped.first_appearance.outlet is not None
            and shaped.first_appearance.outlet.name == "Politico"
        )
        assert str(shaped.first_appearance.date) == "2024-06-13"
        roles = {a.speaker_role for a in shaped.appearances}
        assert roles == {"a research fellow at the Foundation for Defense of Democracies"}
        vias = {a.via_outlet.name for a in shaped.appearances if a.via_outlet}
        assert vias == {"Politico"}
    lukashenka = find_speaker(session, "lukashenka")
    assert lukashenka is not None and lukashenka.id == luka.speaker_id
    assert load_demo(session) == 0  # loading twice adds nothing
    assert len(list(session.exec(select(Appearance)))) == 13
