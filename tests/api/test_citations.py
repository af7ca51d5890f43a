"""GET /v1/quotes/{id}/citation and POST /v1/citations/check: the seed story and its edges."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.main import create_app
from quotes.config import Settings
from quotes.db import writer
from quotes.services.demo import load_demo
from tests.factories import STRADNER, post_quote

LOYALTY = "no such thing as loyalty when it comes to Moscow"
NEVER_SAID = "The harbour of Valletta will be paved with chocolate by the spring of 2031"


@pytest.fixture
def demo(engine: Engine) -> None:
    """The demo article's quotes loaded (Politico 2024-06-13, Example News 2024-06-14)."""
    with Session(writer(engine)) as s:
        load_demo(s)
        s.commit()


def _check(client: TestClient, **body: Any) -> dict[str, Any]:
    r = client.post("/v1/citations/check", json=body)
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def _basis(check: dict[str, Any]) -> dict[str, Any]:
    """The result the verdict rests on."""
    return next(r for r in check["results"] if r["quote_id"] == check["quote_id"])


def _field_errors(r: Any) -> list[str]:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    return [e["field"] for e in r.json()["errors"]]


# The seed story ------------------------------------------------------------------------------


def test_seed_fragment_is_found_first_said_by_stradner_to_politico(
    client: TestClient, demo: None
) -> None:
    check = _check(client, text=LOYALTY)
    assert check["verdict"] == "confirmed"
    top = _basis(check)
    assert top["speaker"]["name"] == "Ivana Stradner"
    assert top["first_appearance"]["outlet"]["name"] == "Politico"
    assert top["first_appearance"]["date"] == "2024-06-13"
    assert top["evidence"] is True and top["partial"] is True
    start, end = top["span"]
    assert top["text"][start:end].lower() == LOYALTY.lower()
    assert top["matched_text"] == top["text"][start:end]
    assert top["appearance_count"] == 2
    assert "Ivana Stradner" in check["notes"][0] and "2024-06-13" in check["notes"][0]


def test_seed_claimed_for_stradner_is_confirmed(client: TestClient, demo: None) -> None:
    check = _check(client, text=LOYALTY, speaker="ivana stradner")
    assert check["verdict"] == "confirmed"
    assert "Politico on 2024-06-13" in " ".join(check["notes"])


@pytest.mark.parametrize("claimed", ["Aleksander Lukashenko", "Lukashenka", "Alexander Lukashenko"])
def test_seed_claimed_for_lukashenko_is_attributed_elsewhere(
    client: TestClient, demo: None, claimed: str
) -> None:
    check = _check(client, text=LOYALTY, speaker=claimed)
    assert check["verdict"] == "attributed_elsewhere"
    note = check["notes"][0]
    assert claimed in note and "Ivana Stradner" in note
    assert "Politico on 2024-06-13" in note
    assert _basis(check)["speaker"]["name"] == "Ivana Stradner"


def test_sentence_never_stored_is_not_found_and_says_so_plainly(
    client: TestClient, demo: None
) -> None:
    check = _check(client, text=NEVER_SAID, speaker="Ivana Stradner")
    assert check["verdict"] == "not_found"
    assert check["quote_id"] is None
    assert "no evidence either way" in check["notes"][0]
    assert all(r["evidence"] is False for r in check["results"])


def test_check_on_an_empty_database_is_not_found(client: TestClient) -> None:
    check = _check(client, text=LOYALTY)
    assert check == {
        "verdict": "not_found",
        "quote_id": None,
        "notes": [check["notes"][0]],
        "results": [],
    }


def test_reprint_spelling_with_straight_apostrophes_still_confirms(
    client: TestClient, demo: None
) -> None:
    text = "it's all about preserving their own security even if it's at the expense of their own"
    check = _check(client, text=text, speaker="Ivana Stradner")
    assert check["verdict"] == "confirmed"


# Disputes and misattribution ----------------------------------------------------------------


@pytest.fixture
def disputed(client: TestClient, auth: dict[str, str]) -> int:
    """STRADNER's words, also printed under Eduard Arakelyan's name by Misquote Weekly."""
    qid: int = post_quote(client, auth).json()["quote"]["id"]
    again = post_quote(
        client, auth, speaker="Eduard Arakelyan", outlet="Misquote Weekly", date="2024-07-01"
    )
    assert again.json()["quote"]["id"] == qid
    return qid


def test_sources_that_disagree_make_a_dispute(client: TestClient, disputed: int) -> None:
    check = _check(client, text=STRADNER)
    assert check["verdict"] == "disputed"
    assert check["quote_id"] == disputed
    note = check["notes"][0]
    assert "Ivana Stradner" in note and "Eduard Arakelyan" in note and "Misquote Weekly" in note
    names = {a["speaker"]["name"] for a in _basis(check)["attributions"]}
    assert names == {"Ivana Stradner", "Eduard Arakelyan"}


@pytest.mark.parametrize("claimed", ["Ivana Stradner", "Eduard Arakelyan"])
def test_claim_for_either_side_of_a_dispute_is_disputed(
    client: TestClient, disputed: int, claimed: str
) -> None:
    assert _check(client, text=STRADNER, speaker=claimed)["verdict"] == "disputed"


def test_claim_for_a_third_person_is_attributed_elsewhere_and_notes_the_dispute(
    client: TestClient, auth: dict[str, str], disputed: int
) -> None:
    post_quote(client, auth, text="An unrelated sentence said by the president about the harvest")
    client.post(
        "/v1/speakers", json={"name": "Aleksander Lukashenko"}, headers=auth
    ).raise_for_status()
    check = _check(client, text=STRADNER, speaker="Aleksander Lukashenko")
    assert check["verdict"] == "attributed_elsewhere"
    assert any("disagree among themselves" in n for n in check["notes"])


def test_shared_words_confirm_the_claimed_speaker_and_name_the_other(
    client: TestClient, auth: dict[str, str]
) -> None:
    shared = "there is no such thing as loyalty when it comes to Moscow"
    post_quote(client, auth, text=f"I told them plainly that {shared}, and they laughed at me")
    theirs = post_quote(
        client,
        auth,
        text=f"Our neighbours learned the hard way that {shared} and never will be",
        speaker="Eduard Arakelyan",
        date="2024-08-01",
    ).json()
    assert theirs["quote_created"] is True
    check = _check(client, text=shared, speaker="Eduard Arakelyan")
    assert check["verdict"] == "confirmed"
    assert check["quote_id"] == theirs["quote"]["id"]
    assert "The words also match quotes attributed to Ivana Stradner." in check["notes"]


def test_unknown_claimed_speaker_is_named_in_the_notes(client: TestClient, demo: None) -> None:
    check = _check(client, text=LOYALTY, speaker="Nobody We Know")
    assert check["verdict"] == "attributed_elsewhere"
    assert any("no speaker named “Nobody We Know”" in n for n in check["notes"])


def test_quote_with_no_named_speaker_cannot_confirm_a_claim(
    client: TestClient, auth: dict[str, str]
) -> None:
    post_quote(client, auth, speaker=None, speaker_role=None).raise_for_status()
    unclaimed = _check(client, text=STRADNER)
    assert unclaimed["verdict"] == "confirmed"
    assert "no source names who said them" in unclaimed["notes"][0]
    claimed = _check(client, text=STRADNER, speaker="Ivana Stradner")
    assert claimed["verdict"] == "not_found"
    assert "neither confirm nor contradict" in " ".join(claimed["notes"])
    assert claimed["quote_id"] == unclaimed["quote_id"]


# Claimed outlet and date ---------------------------------------------------------------------


def test_claimed_date_before_first_appearance_is_noted(client: TestClient, demo: None) -> None:
    check = _check(client, text=LOYALTY, speaker="Ivana Stradner", date="2023-01-05")
    assert check["verdict"] == "confirmed"
    assert any(
        "2023-01-05 is earlier than the first appearance we have, 2024-06-13" in n
        for n in check["notes"]
    )
    later = _check(client, text=LOYALTY, speaker="Ivana Stradner", date="2024-06-13")
    assert not any("earlier" in n for n in later["notes"])


def test_claimed_outlet_that_never_printed_it_is_noted(
    client: TestClient, auth: dict[str, str], demo: None
) -> None:
    post_quote(client, auth, text="A different sentence that The Guardian printed in June 2024.")
    post_quote(client, auth, outlet="The Guardian", text="The Guardian printed this one, not that")
    check = _check(client, text=LOYALTY, outlet="The Guardian")
    assert any(
        n.startswith("We have no record of The Guardian printing it") and "Politico" in n
        for n in check["notes"]
    )
    printed = _check(client, text=LOYALTY, outlet="politico.eu")
    assert not any("printing it" in n for n in printed["notes"])


def test_unknown_claimed_outlet_is_noted(client: TestClient, demo: None) -> None:
    check = _check(client, text=LOYALTY, outlet="The Daily Nowhere")
    assert "We have no record of an outlet named “The Daily Nowhere”." in check["notes"]


# Odd text ------------------------------------------------------------------------------------

ODD = [
    "Մենք պետք է պաշտպանենք մեր սահմանները ամեն գնով, և դա անելու ենք միասին",
    "Мы не отдадим ни пяди нашей земли — это вопрос нашей безопасности и чести",
    "We will 🚀 launch the programme\u00a0next spring whatever the costs turn out to be 🎉",
    'Robert\'); DROP TABLE quote;-- said 100% of the "budget" goes to % and _ wildcards',
]


@pytest.mark.parametrize("text", ODD)
def test_odd_text_is_confirmed_for_its_speaker_and_cited(
    client: TestClient, auth: dict[str, str], text: str
) -> None:
    qid = post_quote(client, auth, text=text, speaker="Վարդան Ղուկասյան").json()["quote"]["id"]
    check = _check(client, text=text, speaker="Վարդան Ղուկասյան")
    assert check["verdict"] == "confirmed"
    assert check["quote_id"] == qid
    apa = client.get(f"/v1/quotes/{qid}/citation", params={"style": "apa"}).json()
    assert text in apa["text"] and "Վարդան Ղուկասյան" in apa["text"]


def test_sql_metacharacters_in_claim_are_plain_names(client: TestClient, demo: None) -> None:
    check = _check(
        client, text=LOYALTY, speaker="x' OR '1'='1", outlet="Politico'; DROP TABLE outlet;--"
    )
    assert check["verdict"] == "attributed_elsewhere"
    assert any("no record of an outlet" in n for n in check["notes"])
    assert _check(client, text=LOYALTY)["verdict"] == "confirmed"  # nothing was dropped


# Validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\u00a0\u200b\n", "x" * 10_001])
def test_check_refuses_empty_or_huge_text_naming_text(client: TestClient, text: str) -> None:
    assert _field_errors(client.post("/v1/citations/check", json={"text": text})) == ["text"]


@pytest.mark.parametrize("date", ["2024-02-30", "13/06/2024", "yesterday", 20240613])
def test_check_refuses_a_bad_date_naming_date(client: TestClient, date: object) -> None:
    r = client.post("/v1/citations/check", json={"text": LOYALTY, "date": date})
    assert _field_errors(r) == ["date"]


def test_check_refuses_a_missing_text(client: TestClient) -> None:
    assert _field_errors(client.post("/v1/citations/check", json={"speaker": "x"})) == ["text"]


def test_check_needs_a_key_only_when_reads_are_closed(
    settings: Settings, engine: Engine, auth: dict[str, str]
) -> None:
    closed = TestClient(
        create_app(settings.model_copy(update={"read_requires_key": True}), engine=engine)
    )
    assert closed.post("/v1/citations/check", json={"text": LOYALTY}).status_code == 401
    ok = closed.post("/v1/citations/check", json={"text": LOYALTY}, headers=auth)
    assert ok.status_code == 200


# GET /v1/quotes/{id}/citation ---------------------------------------------------------------


@pytest.fixture
def stradner(client: TestClient, auth: dict[str, str]) -> int:
    """STRADNER told Politico (2024-06-13), reprinted by Example News (2024-06-14)."""
    qid: int = post_quote(client, auth).json()["quote"]["id"]
    post_quote(
        client,
        auth,
        outlet="Example News",
        via_outlet="Politico",
        date="2024-06-14",
        url="https://example.org/belarus",
    )
    return qid


def _cite(client: TestClient, qid: int, style: str) -> dict[str, Any]:
    r = client.get(f"/v1/quotes/{qid}/citation", params={"style": style})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert body["style"] == style and body["quote_id"] == qid
    return body


def test_apa_citation_names_speaker_outlet_and_date(client: TestClient, stradner: int) -> None:
    apa = _cite(client, stradner, "apa")
    assert apa["text"].startswith("Ivana Stradner. (2024, June 13). It’s ridiculous to think")
    assert "Politico" in apa["text"] and "https://www.politico.eu/article/" in apa["text"]
    assert "<i>Politico</i>" in apa["html"]
    assert html.unescape(apa["html"].replace("<i>", "").replace("</i>", "")) == apa["text"]


def test_mla_and_chicago_keep_the_words_as_said(client: TestClient, stradner: int) -> None:
    mla = _cite(client, stradner, "mla")
    assert "“It’s ridiculous to think these transfers could have taken place" in mla["text"]
    assert "13 June 2024" in mla["text"]
    chicago = _cite(client, stradner, "chicago")
    assert "Politico, June 13, 2024" in chicago["text"]
    assert "Edition" not in chicago["text"]
    for rendered in (mla, chicago):
        assert "Ridiculous" not in rendered["text"]  # no Title Case of a quote


def test_csl_json_is_the_item_the_styles_come_from(client: TestClient, stradner: int) -> None:
    body = _cite(client, stradner, "csl-json")
    assert body["html"] is None
    assert json.loads(body["text"]) == [body["csl"]]
    csl = body["csl"]
    assert csl["type"] == "article-newspaper"
    assert csl["id"] == f"quote-{stradner}"
    assert csl["author"] == [{"literal": "Ivana Stradner"}]
    assert csl["title"] == f'<span class="nocase">{STRADNER}</span>'
    assert csl["container-title"] == "Politico"
    assert csl["issued"] == {"date-parts": [[2024, 6, 13]]}
    assert csl["URL"] == "https://www.politico.eu/article/belarus-weapons-azerbaijan/"
    assert "a research fellow at the Foundation for Defense of Democracies" in csl["note"]
    assert _cite(client, stradner, "apa")["csl"] == csl


def test_plain_citation_is_the_lookup_citation(client: TestClient, stradner: int) -> None:
    plain = _cite(client, stradner, "plain")
    assert plain["html"] is None
    looked_up = client.get("/v1/lookup", params={"q": STRADNER}).json()["results"][0]
    assert plain["text"] == looked_up["citation"]
    assert plain["text"].startswith("Ivana Stradner, a research fellow")
    assert plain["text"].endswith("— Politico, 2024-06-13, " + plain["csl"]["URL"])
    assert client.get(f"/v1/quotes/{stradner}/citation").json() == plain  # the default


def test_first_appearance_via_another_outlet_says_who_they_spoke_to(
    client: TestClient, auth: dict[str, str]
) -> None:
    qid = post_quote(
        client, auth, outlet="Example News", via_outlet="Politico", url=None, speaker_role=None
    ).json()["quote"]["id"]
    plain = _cite(client, qid, "plain")
    assert plain["text"].startswith("Ivana Stradner, speaking to Politico: “It’s ridiculous")
    assert plain["csl"]["note"] == "speaking to Politico"
    assert plain["csl"]["container-title"] == "Example News"
    assert "URL" not in plain["csl"]


def test_quote_with_no_known_speaker_is_cited_as_unknown_speaker(
    client: TestClient, auth: dict[str, str]
) -> None:
    qid = post_quote(client, auth, speaker=None, speaker_role=None).json()["quote"]["id"]
    for style in ("plain", "apa", "mla", "chicago"):
        assert _cite(client, qid, style)["text"].startswith("Unknown speaker")


def test_markup_in_a_quote_is_escaped_in_html(client: TestClient, auth: dict[str, str]) -> None:
    text = "They wrote <script>alert('x')</script> & <b>bold</b> claims on every wall of the city"
    qid = post_quote(client, auth, text=text, outlet="A&B <News>").json()["quote"]["id"]
    for style in ("apa", "mla", "chicago"):
        cited = _cite(client, qid, style)
        assert "<script>" not in cited["html"] and "<b>" not in cited["html"]
        assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold" in cited["html"]
        assert "A&amp;B &lt;News&gt;" in cited["html"]
        assert text in cited["text"] and "A&B <News>" in cited["text"]
        assert html.unescape(re.sub(r"</?i>", "", cited["html"])) == cited["text"]


def test_paraphrase_is_marked_in_every_style(client: TestClient, auth: dict[str, str]) -> None:
    body = post_quote(client, auth, kind="indirect", text="Stradner said Russia knew everything")
    qid = body.json()["quote"]["id"]
    assert _cite(client, qid, "csl-json")["csl"]["genre"] == "paraphrase"
    assert "[Paraphrase]" in _cite(client, qid, "apa")["text"]
    assert "Paraphrase" in _cite(client, qid, "mla")["text"]
    assert "(paraphrase)" in _cite(client, qid, "plain")["text"]


def test_article_title_reaches_the_csl_note(client: TestClient, auth: dict[str, str]) -> None:
    article = (
        "Armenia's prime minister spoke on Tuesday. “We will not accept any outcome that harms "
        "the people of Syunik, whatever the pressure,” Nikol Pashinyan, the prime minister of "
        "Armenia, told reporters in Yerevan."
    )
    r = client.post(
        "/v1/articles",
        json={
            "text": article,
            "outlet": "Asbarez",
            "date": "2024-06-20",
            "title": "Pashinyan rules out concessions",
        },
        headers=auth,
    )
    assert r.status_code == 201, r.text
    qid = next(i["quote_id"] for i in r.json()["items"] if i["quote_id"])
    csl = _cite(client, qid, "csl-json")["csl"]
    assert "in “Pashinyan rules out concessions”" in csl["note"]
    assert csl["container-title"] == "Asbarez"


def test_unknown_style_is_a_422_naming_style(client: TestClient, stradner: int) -> None:
    r = client.get(f"/v1/quotes/{stradner}/citation", params={"style": "harvard"})
    assert _field_errors(r) == ["query.style"]


@pytest.mark.parametrize("qid", [0, -1, 2**31])
def test_impossible_id_is_a_422(client: TestClient, qid: int) -> None:
    assert _field_errors(client.get(f"/v1/quotes/{qid}/citation")) == ["path.quote_id"]


def test_unknown_or_deleted_quote_is_a_404(
    client: TestClient, auth: dict[str, str], stradner: int
) -> None:
    missing = client.get(f"/v1/quotes/{stradner + 1000}/citation", params={"style": "apa"})
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    gone = client.delete(
        f"/v1/quotes/{stradner}", params={"with_appearances": "true"}, headers=auth
    )
    assert gone.status_code == 204
    assert client.get(f"/v1/quotes/{stradner}/citation").status_code == 404
