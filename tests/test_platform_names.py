"""Renamed platforms: one slug and its URLs, the name of the time on each event, the history on its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_SITE, build, copy_content, parse
from pydantic import ValidationError
from records.dates import PartialDate
from records.schema import VocabularyEntry

RENAMED = {"label": "X", "names": [{"label": "Twitter", "until": "2023-07"}]}


def _event_on(content: Path, template: str, year: int, slug: str, date: str) -> None:
    """A copy of a fixture event with another date, slug and `platforms: [twitter]`."""
    text = (content / "events" / template).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^date: .*$", f"date: {date}", text, count=1)
    text = re.sub(r"(?m)^platforms: .*$", "platforms: [twitter]", text, count=1)
    text = re.sub(r"(?m)^title: .*$", f"title: Event of {date} on the platform", text, count=1)
    folder = content / "events" / str(year)
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive with Twitter renamed X in 2023-07 and one event after the rename."""
    content = copy_content(FIXTURE_SITE, tmp_path_factory.mktemp("renamed") / "content")
    vocabulary_file = content / "vocabulary.yaml"
    vocabulary = yaml.safe_load(vocabulary_file.read_text(encoding="utf-8"))
    vocabulary["platforms"]["twitter"].update(RENAMED)
    vocabulary_file.write_text(
        yaml.safe_dump(vocabulary, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    _event_on(content, "2014/account-launch.md", 2024, "after-rename", "2024-02-05")
    return build(content, content.parent / "output")


def _platform_names(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select("a.platform")]


def test_an_event_before_the_rename_shows_the_old_name(renamed_site: Path) -> None:
    soup = parse(renamed_site / "events/2012/year-only-space/index.html")
    assert "Twitter" in _platform_names(soup.select_one(".event-facts, main"))
    assert "X" not in _platform_names(soup.select_one("main"))


def test_an_event_after_the_rename_shows_the_new_name(renamed_site: Path) -> None:
    soup = parse(renamed_site / "events/2024/after-rename/index.html")
    names = _platform_names(soup.select_one("main"))
    assert names == ["X"]
    links = [a["href"] for a in soup.select("main a.platform")]
    assert all(link.endswith("platforms/twitter/") for link in links)


def test_timeline_cards_show_the_name_of_the_time(renamed_site: Path) -> None:
    soup = parse(renamed_site / "timeline/index.html")
    by_title = {
        card.select_one(".entry-link").get_text(strip=True): _platform_names(card)
        for card in soup.select("li.entry")
    }
    assert "Twitter" in by_title["Year-only social-media space"]
    assert by_title["Event of 2024-02-05 on the platform"] == ["X"]


def test_the_platform_page_keeps_its_url_and_says_both_names(renamed_site: Path) -> None:
    soup = parse(renamed_site / "platforms/twitter/index.html")
    assert soup.select_one("h1").get_text(strip=True) == "X"
    assert (
        soup.select_one(".term-names")
        .get_text(" ", strip=True)
        .startswith("Called Twitter until July 2023")
    )
    # Its event cards still name the platform as it was on each date.
    assert "Twitter" in _platform_names(soup.select_one("main"))
    assert (renamed_site / "feeds/platforms/twitter.atom.xml").exists()
    assert not (renamed_site / "platforms/x").exists()


def test_feed_categories_carry_the_name_of_the_time(renamed_site: Path) -> None:
    feed = (renamed_site / "feeds/platforms/twitter.atom.xml").read_text(encoding="utf-8")
    labels = re.findall(r'<category term="twitter" scheme="[^"]*" label="([^"]*)"', feed)
    assert sorted(labels) == ["Twitter", "X"]


def test_the_mark_follows_the_name_of_the_time(renamed_site: Path) -> None:
    before = parse(renamed_site / "events/2012/year-only-space/index.html")
    after = parse(renamed_site / "events/2024/after-rename/index.html")
    twitter = next(a for a in before.select("main a.platform") if "Twitter" in a.get_text())
    assert twitter.select_one("svg.mark") is None  # simple-icons has no Twitter icon any more
    assert after.select_one("main a.platform svg.mark use")["href"] == "#mark-twitter"


@pytest.mark.parametrize(
    ("date", "label"),
    [("2012", "Twitter"), ("2023-07", "Twitter"), ("2023-07-31", "Twitter"), ("2023-08", "X")],
)
def test_label_on_a_date(date: str, label: str) -> None:
    entry = VocabularyEntry.model_validate(RENAMED)
    assert entry.label_on(PartialDate.parse(date)) == label


def test_earlier_names_must_be_in_order() -> None:
    with pytest.raises(ValidationError, match=r"names\[1\]\.until: 2010 must come after 2023-07"):
        VocabularyEntry.model_validate(
            {
                "label": "X",
                "names": [{"label": "B", "until": "2023-07"}, {"label": "A", "until": "2010"}],
            }
        )
    with pytest.raises(ValidationError, match="must come after"):
        VocabularyEntry.model_validate(
            {
                "label": "X",
                "names": [{"label": "B", "until": "2023"}, {"label": "A", "until": "2023-05"}],
            }
        )
