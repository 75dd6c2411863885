"""Countries, the fifth taxonomy, made by one declaration: pages, feeds, search filter and CSV
columns come from the same loops as leaders', organizations', types' and platforms'."""

from __future__ import annotations

import csv
from pathlib import Path

import feedparser
import pytest
from conftest import FIXTURE_SITE, build, copy_content, parse
from records.taxonomy import country_slug
from records.validation import find_problems

# A leader whose national office ended before the event is not filed under that country; an
# organization's country counts, under its most used spelling.
EXTRA_ROLE = """  - title: Foreign Minister
    country: Narnia
    start: 2000
    end: 2005
"""
ORGANIZATION = """name: Ministry of Examples
kind: ministry
country: united kingdom
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("countries")
    content = copy_content(FIXTURE_SITE, root / "content")
    leader = content / "leaders" / "david-cameron.yaml"
    text = leader.read_text(encoding="utf-8")
    leader.write_text(text.replace("roles:\n", "roles:\n" + EXTRA_ROLE, 1), encoding="utf-8")
    (content / "organizations" / "ministry-of-examples.yaml").write_text(ORGANIZATION, "utf-8")
    launch = content / "events" / "2014" / "account-launch.md"
    record = launch.read_text(encoding="utf-8")
    launch.write_text(
        record.replace("organizations: [unicef]", "organizations: [unicef, ministry-of-examples]"),
        encoding="utf-8",
    )
    assert find_problems(content).problems == []  # `make check` accepts what the build accepts
    return build(content, root / "output")


def _listed(page: Path) -> list[str]:
    return [a["href"] for a in parse(page).select("a.entry-link")]


def test_each_country_has_a_page_listing_its_events(site: Path) -> None:
    index = parse(site / "countries" / "index.html")
    names = [a.get_text(strip=True) for a in index.select("main a[href*='countries/']")]
    assert {"China", "United Kingdom", "Narnia"} <= set(names)
    assert any(
        "events/2012/full-day-chat/" in h for h in _listed(site / "countries/china/index.html")
    )
    british = _listed(site / "countries/united-kingdom/index.html")
    assert any("events/2013/multi-day-visit/" in h for h in british)  # the office held then
    assert any("events/2014/account-launch/" in h for h in british)  # an organization's country
    assert _listed(site / "countries/narnia/index.html") == []  # an office that had ended


def test_event_page_names_its_countries_with_a_search_filter(site: Path) -> None:
    page = parse(site / "events/2012/full-day-chat/index.html")
    link = page.select_one("a[data-pagefind-filter='country']")
    assert link is not None and link.get_text() == "China"
    assert link["href"].endswith("countries/china/")
    heading = [dt.get_text() for dt in page.select("dl.facts dt")]
    assert heading.index("Countries") > heading.index("Type")


def test_each_country_has_feeds(site: Path) -> None:
    feed = feedparser.parse((site / "feeds/countries/china.atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == ["full-day-chat"]
    catalog = parse(site / "feeds/index.html")
    assert catalog.select_one("#feeds-countries") is not None


def test_events_csv_has_country_columns(site: Path) -> None:
    with (site / "data/events.csv").open(encoding="utf-8-sig", newline="") as rows:
        table = {row["slug"]: row for row in csv.DictReader(rows)}
    assert table["full-day-chat"]["countries"] == "china"
    assert table["full-day-chat"]["country_names"] == "China"
    assert table["account-launch"]["country_names"] == "United Kingdom"


def test_search_page_offers_a_country_filter(site: Path) -> None:
    assert parse(site / "search/index.html").select_one("select#filter-country") is not None


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Côte d'Ivoire", "cote-d-ivoire"), ("United States", "united-states"), ("  Peru ", "peru")],
)
def test_country_slugs_are_ascii_words(name: str, slug: str) -> None:
    assert country_slug(name) == slug


def test_a_name_without_latin_letters_gets_a_stable_slug() -> None:
    assert country_slug("中国") == country_slug("中国") != country_slug("日本")
    assert country_slug("中国").startswith("c-")
