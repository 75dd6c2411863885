"""The adoption page: accounts opened per platform and year, counted from the registry, and study figures."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_SITE, build, copy_content, parse

# Opening dates given to the fixture registry's accounts (owner file → accounts), across platforms
# and years; accounts left without `opened` must be counted apart.
ACCOUNTS = {
    "leaders/ban-ki-moon.yaml": [
        {"platform": "sina-weibo", "handle": "Ban Ki-moon", "opened": "2011-03"},
        {"platform": "twitter", "opened": "2012-12-04"},
        {"platform": "instagram"},
    ],
    "leaders/no-events-yet.yaml": [{"platform": "facebook", "opened": 2012}],
    "organizations/united-nations.yaml": [
        {"platform": "sina-weibo"},
        {"platform": "twitter", "handle": "@UN", "opened": "2009-05"},
    ],
}
STUDY_MEASURES = ("share-of-un-members", "countries")


def _rewrite_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _add_study_figures(event_file: Path) -> None:
    """Two of the event's own figures, restated as study figures (same value, source and wording)."""
    _, front, body = event_file.read_text(encoding="utf-8").split("---\n", 2)
    record = yaml.safe_load(front)
    first, second = record["metrics"][0], record["metrics"][1]
    record["metrics"] += [
        {**first, "measure": "share-of-un-members", "platform": "twitter"},
        {**second, "measure": "countries", "platform": "twitter"},
    ]
    front = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    event_file.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive with opening dates across platforms and years, and study figures."""
    root = copy_content(FIXTURE_SITE, tmp_path_factory.mktemp("adoption") / "content")
    for name, accounts in ACCOUNTS.items():
        _rewrite_yaml(root / name, lambda data, accounts=accounts: data.update(accounts=accounts))

    def add_measures(vocabulary: dict) -> None:
        vocabulary["measures"]["share-of-un-members"] = {"label": "Share of UN member states"}
        vocabulary["measures"]["countries"] = {"label": "Countries"}

    _rewrite_yaml(root / "vocabulary.yaml", add_measures)
    _add_study_figures(root / "events/2012/year-only-space.md")
    return root


@pytest.fixture(scope="module")
def site(content: Path) -> Path:
    return build(content, content.parent / "output")


def registry_counts(content: Path) -> tuple[Counter, Counter, Counter]:
    """Computed here from the registry files: opened per (year, platform label), per year, undated."""
    labels = {
        slug: entry["label"]
        for slug, entry in yaml.safe_load((content / "vocabulary.yaml").read_text())[
            "platforms"
        ].items()
    }
    opened: Counter = Counter()
    undated: Counter = Counter()
    for path in [*content.glob("leaders/*.yaml"), *content.glob("organizations/*.yaml")]:
        for account in yaml.safe_load(path.read_text(encoding="utf-8")).get("accounts", []):
            if "opened" in account:
                opened[(int(str(account["opened"])[:4]), labels[account["platform"]])] += 1
            else:
                undated[account["platform"]] += 1
    per_year: Counter = Counter()
    for (year, _), count in opened.items():
        per_year[year] += count
    return opened, per_year, undated


def _table(soup) -> dict[int, tuple[int, dict[str, int]]]:
    rows = {}
    for row in soup.select("table.adoption-table tbody tr"):
        year = int(row.th.get_text(strip=True))
        count = int(row.select("td")[0].get_text(strip=True))
        breakdown = row.select("td")[1].get_text(strip=True)
        parts = dict(re.findall(r"([^,]+?) (\d+)(?:,\s*|$)", breakdown))
        rows[year] = (count, {label.strip(): int(n) for label, n in parts.items()})
    return rows


def _chart(soup) -> dict[int, tuple[int, dict[str, int]]]:
    bars = {}
    for slot in (
        soup.select("#accounts-per-year-title")[0]
        .find_parent("figure")
        .select("li.bar-slot:not(.empty)")
    ):
        year = int(slot.select_one(".bar-year").get_text(strip=True))
        count = int(slot.select_one(".bar-count").get_text(strip=True))
        segments = {}
        for segment in slot.select(".segment"):
            label, n = re.fullmatch(r"\d{4}, (.+): (\d+)", segment["title"]).groups()
            segments[label] = int(n)
        bars[year] = (count, segments)
    return bars


def test_counts_equal_those_of_the_registry(site: Path, content: Path) -> None:
    opened, per_year, _ = registry_counts(content)
    table = _table(parse(site / "adoption/index.html"))
    assert {year: count for year, (count, _) in table.items()} == dict(per_year)
    for (year, label), count in opened.items():
        assert table[year][1][label] == count
    assert sum(count for count, _ in table.values()) == sum(opened.values()) == 6


def test_the_table_matches_the_chart(site: Path) -> None:
    soup = parse(site / "adoption/index.html")
    chart, table = _chart(soup), _table(soup)
    assert chart == table
    # Bars are sized by their share of the tallest gridline: equal counts get equal heights.
    heights = {}
    for slot in soup.select("li.bar-slot:not(.empty)"):
        share = float(re.search(r"--share: ([\d.]+)%", slot["style"]).group(1))
        heights.setdefault(int(slot.select_one(".bar-count").get_text()), set()).add(share)
    assert all(len(shares) == 1 for shares in heights.values())
    # Years between the first and last keep their slot, empty.
    empty = [s.get_text(strip=True) for s in soup.select("li.bar-slot.empty")]
    assert empty == ["2013"]


def test_accounts_without_a_date_are_counted_apart(site: Path, content: Path) -> None:
    _, _, undated = registry_counts(content)
    soup = parse(site / "adoption/index.html")
    total = sum(undated.values())
    assert (
        soup.select_one(".undated-accounts")
        .get_text(" ", strip=True)
        .startswith(f"{total} accounts have no opening date")
    )
    for row in soup.select("table.platform-adoption tbody tr"):
        assert int(row.select("td")[2].get_text(strip=True)) == undated[row["data-platform"]]
    listed = {row["data-platform"] for row in soup.select("table.platform-adoption tbody tr")}
    assert set(undated) <= listed


def test_every_dated_opening_is_listed_oldest_first(site: Path) -> None:
    soup = parse(site / "adoption/index.html")
    days = [t["datetime"] for t in soup.select("table.openings tbody td:first-child time")]
    assert days == ["2009-05", "2010", "2011-03", "2012", "2012-12-04", "2014-04-08"]
    assert len(days) == 6  # 4 new dates + UNICEF's fixture WeChat (2014) and Facebook (2010)


def test_study_figures_with_their_source_and_record(site: Path, content: Path) -> None:
    soup = parse(site / "adoption/index.html")
    tables = soup.select("table.study-figures")
    assert [t.caption.get_text(strip=True).split(":")[0] for t in tables] == [
        "Share of UN member states on Twitter",
        "Countries on Twitter",
    ]
    for table, source_id in zip(tables, ("news-a", "news-b"), strict=True):
        (row,) = table.select("tbody tr")
        source = row.select_one('td[data-label="Source"] a')["href"]
        assert source.endswith(f"events/2012/year-only-space/#source-{source_id}")
        cited = [a["href"] for a in row.select('td[data-label="Cited in"] a')]
        assert cited and all(h.endswith("events/2012/year-only-space/") for h in cited)


def test_linked_from_the_platforms_index_and_home(site: Path) -> None:
    for page in ("platforms/index.html", "index.html"):
        links = [a["href"] for a in parse(site / page).select("main a")]
        assert any(link.rstrip("/").endswith("adoption") for link in links), page
