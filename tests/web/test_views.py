"""The pure view helpers of the pages: timeline marks and the schema.org Quotation."""

from __future__ import annotations

import datetime as dt

import pytest

from api.web.views import TimelineEntry, quotation_ld
from quotes.diff import words_diff
from quotes.models import AppearancePublic, QuotePublic, SpeakerRef

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def _appearance(text: str, *, partial: bool = False, **extra: object) -> AppearancePublic:
    fields: dict[str, object] = {
        "id": 1,
        "quote_id": 1,
        "outlet": None,
        "via_outlet": None,
        "date": None,
        "url": None,
        "text": text,
        "speaker": None,
        "speaker_name": None,
        "speaker_role": None,
        "context": None,
        "partial": partial,
        "created_at": NOW,
    }
    return AppearancePublic.model_validate(fields | extra)


@pytest.mark.parametrize(
    ("printed", "partial", "marks"),
    [
        ("we will see it", False, []),
        ("we will it", False, ["words cut"]),
        ("we will surely see it", False, ["words added"]),
        ("we shall see it", False, ["words changed"]),
        ("we will … it", False, ["elided"]),
        ("we … it …", False, ["elided"]),
        # A mark among new words cannot say which cut words it stands for: a change.
        ("we shall … it", False, ["words changed"]),
        ("will see", True, ["words cut", "fragment"]),
    ],
)
def test_timeline_marks_name_each_kind_of_difference(
    printed: str, partial: bool, marks: list[str]
) -> None:
    segments = words_diff("we will see it", printed)
    entry = TimelineEntry(_appearance(printed, partial=partial), segments, first=True)
    assert entry.marks == marks
    assert entry.verbatim is (marks == [])


def test_quotation_names_the_speaker_and_the_first_appearance() -> None:
    first = _appearance("a", date=dt.date(2024, 1, 2), url="https://a.example/1")
    later = _appearance("a", date=dt.date(2024, 2, 1), url="https://b.example/2")
    quote = QuotePublic(
        id=7,
        text="a",
        kind="direct",
        language="hy",
        speaker=SpeakerRef(id=3, name="Անի"),
        appearance_count=2,
        first_appearance=first,
        appearances=[first, later],
        created_at=NOW,
        updated_at=NOW,
    )
    data = quotation_ld(quote, page_url="http://x/quotes/7", speaker_url="http://x/speakers/3")
    assert data == {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "@id": "http://x/quotes/7",
        "url": "http://x/quotes/7",
        "text": "a",
        "inLanguage": "hy",
        "creator": {"@type": "Person", "name": "Անի", "url": "http://x/speakers/3"},
        "spokenByCharacter": {"@type": "Person", "name": "Անի", "url": "http://x/speakers/3"},
        "dateCreated": "2024-01-02",
        "isBasedOn": "https://a.example/1",
        "citation": ["https://a.example/1", "https://b.example/2"],
    }


def test_quotation_of_an_unknown_speaker_names_no_creator() -> None:
    quote = QuotePublic(
        id=7,
        text="a",
        kind="direct",
        language=None,
        speaker=None,
        appearance_count=0,
        first_appearance=None,
        appearances=[],
        created_at=NOW,
        updated_at=NOW,
    )
    data = quotation_ld(quote, page_url="http://x/quotes/7", speaker_url=None)
    assert "creator" not in data and "dateCreated" not in data and "citation" not in data
