"""The timeline, year pages, facet pages and the overview chart: pure pieces, then the built pages."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, REAL_CONTENT, build
from pagecheck import (
    entry_urls,
    heading_levels,
    listing_entries,
    listing_pages,
    load,
    resolve,
    target_file,
)
from pages.chart import Series, compact, history_chart, nice_ticks, year_chart
from pages.grouping import Order, group_by_year_and_month, in_order, paginate
from pages.settings import PagesConfig
from records.events import Event
from records.index import ArchiveIndex
from records.schema import EventRecord
from records.validation import check_archive

# The fixture archive, oldest first: a year-only date heads 2012, a month-only date heads July 2012.
OLDEST = [
    "events/2012/year-only-space/",
    "events/2012/month-only-award/",
    "events/2012/full-day-chat/",
    "events/2013/multi-day-visit/",
    "events/2014/account-launch/",
]
# Newest first, the coarse dates still head their year and month.
NEWEST = [
    "events/2014/account-launch/",
    "events/2013/multi-day-visit/",
    "events/2012/year-only-space/",
    "events/2012/month-only-award/",
    "events/2012/full-day-chat/",
]


def event(slug: str, date: str, type_: str = "live-qa", end: str | None = None) -> Event:
    """A minimal valid event for the pure functions."""
    data = {
        "title": slug,
        "summary": "s",
        "date": date,
        "type": type_,
        "platforms": [],
        "leaders": ["ban-ki-moon"],
        "sources": ["s"],
        "added": "2026-01-01",
    }
    if end:
        data["end_date"] = end
    return Event(
        slug, f"content/events/{date[:4]}/{slug}.md", EventRecord.model_validate(data), "b"
    )


@pytest.fixture(scope="module")
def fixture_index() -> ArchiveIndex:
    checked = check_archive(FIXTURE_SITE)
    assert checked.problems == []
    return ArchiveIndex.build(checked.events, checked.registry)


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive with two events a page, so every listing of three or more is split."""
    output = tmp_path_factory.mktemp("paged-site") / "output"
    return build(FIXTURE_SITE, output, {"TIMELINE_PAGE_SIZE": 2})


# --- ordering, grouping and pages (pure) -------------------------------------------------------


def test_newest_first_keeps_coarse_dates_at_the_head_of_their_group():
    events = [
        event(s, d)
        for s, d in [
            ("y", "2012"),
            ("march", "2012-03-05"),
            ("m", "2012-07"),
            ("first", "2012-07-01"),
            ("late", "2012-07-20"),
            ("next-year", "2013-01-02"),
        ]
    ]
    assert [e.slug for e in in_order(events, Order.OLDEST)] == [e.slug for e in events]
    assert [e.slug for e in in_order(events, Order.NEWEST)] == [
        "next-year",
        "y",
        "m",
        "late",
        "first",
        "march",
    ]


def test_groups_follow_years_and_months_in_the_given_order():
    events = [event("y", "2012"), event("m", "2012-07"), event("d", "2012-07-16")]
    events += [event("later", "2014-04-08")]
    years = group_by_year_and_month(events)
    assert [(y.year, y.count) for y in years] == [(2012, 3), (2014, 1)]
    assert [m.label for m in years[0].months] == ["Month not known", "July 2012"]
    assert [m.anchor for m in years[0].months] == ["y2012-m00", "y2012-m07"]
    assert [e.slug for e in years[0].months[1].events] == ["m", "d"]


def test_pages_split_a_listing_without_losing_or_repeating_events():
    events = [event(f"e{n}", f"2012-01-{n + 1:02d}") for n in range(5)]
    pages = paginate(events, "types/live-qa/", 2)
    assert [p.url for p in pages] == [
        "types/live-qa/",
        "types/live-qa/page/2/",
        "types/live-qa/page/3/",
    ]
    assert [(p.first, p.last) for p in pages] == [(1, 2), (3, 4), (5, 5)]
    shown = [e.slug for p in pages for y in p.years for m in y.months for e in m.events]
    assert shown == [e.slug for e in events]
    assert pages[0].previous_url is None and pages[0].next_url == "types/live-qa/page/2/"
    assert pages[2].next_url is None and pages[2].previous_url == "types/live-qa/page/2/"


def test_an_empty_listing_still_has_its_page():
    (only,) = paginate([], "platforms/snapchat/", 200)
    assert (only.url, only.total_events, only.years) == ("platforms/snapchat/", 0, ())


@pytest.mark.parametrize("size", [0, -1, "20", 2.5, True])
def test_a_wrong_page_size_is_refused(size):
    with pytest.raises(ValueError, match="TIMELINE_PAGE_SIZE"):
        PagesConfig.from_settings({"TIMELINE_PAGE_SIZE": size})


# --- chart geometry (pure) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (3_250_000, [0, 1e6, 2e6, 3e6, 4e6]),
        (0, [0, 1]),
    ],
)
def test_nice_ticks_reach_the_maximum_in_round_steps(maximum, ticks):
    assert nice_ticks(maximum) == ticks


def test_compact_labels():
    assert [compact(v) for v in (0, 3, 1500, 2.5e6, 4e9)] == ["0", "3", "1.5K", "2.5M", "4B"]


def test_year_chart_stacks_types_and_keeps_empty_years_as_gaps():
    series = [Series("live-qa", "Live Q&A", "series-1"), Series("award", "Award", "series-2")]
    series.append(Series("campaign", "Campaign", "series-3"))
    chart = year_chart({2012: {"live-qa": 2, "award": 1}, 2014: {"award": 1}}, series)
    assert [b.year for b in chart.bars] == [2012, 2013, 2014]
    assert [b.year for b in chart.years_with_events] == [2012, 2014]
    assert [s.key for s in chart.series] == ["live-qa", "award"]
    first = chart.bars[0]
    assert [(s.series.key, s.count) for s in first.segments] == [("live-qa", 2), ("award", 1)]
    # Each segment's share of its bar, each bar's share of the plot (whose top is the tick 3).
    assert [s.share for s in first.segments] == [66.7, 33.3]
    assert (first.share, chart.bars[2].share) == (100.0, 33.3)
    assert [t.at for t in chart.ticks] == [0.0, 33.3, 66.7, 100.0]
    assert chart.bars[1].segments == () and chart.bars[1].share == 0
    assert first.description == "2012: 3 events (Live Q&A 2, Award 1)"
    assert first.breakdown == "Live Q&A 2, Award 1"
    assert (chart.total, chart.busiest) == (4, 3)


def test_year_labels_thin_out_when_years_are_many():
    chart = year_chart({y: {"a": 1} for y in range(1900, 2026)}, [Series("a", "A", "series-1")])
    labelled = [b.year for b in chart.bars if b.labelled]
    assert 2025 in labelled and len(labelled) < 30
    gaps = {b - a for a, b in itertools.pairwise(labelled)}
    assert len(gaps) == 1
    # Upright bars are at least 560 px wide: labels 40 px apart never overlap.
    assert len(labelled) * 40 <= 560


def test_history_chart_has_one_point_per_value_even_when_they_coincide():
    day = dt.date(2012, 7, 16)
    chart = history_chart([(day, 2e6, "a"), (day, 2e6, "b"), (day, 3.25e6, "c")])
    assert [p.item for p in chart.points] == ["a", "b", "c"]
    assert chart.points[0].y == chart.points[1].y < chart.points[2].y
    # The second of two figures at the same place is set beside the first, not hidden under it.
    assert [p.overlap for p in chart.points] == [0, 1, 0]
    assert [t.label for t in chart.years] == ["2012"]


def test_history_chart_places_time_in_order():
    values = [(dt.date(2012, 1, 1), 1, 1), (dt.date(2016, 1, 1), 2, 2)]
    values.append((dt.date(2014, 1, 1), 3, 3))
    chart = history_chart(values)
    xs = [p.x for p in chart.points]
    assert xs[0] < xs[2] < xs[1]
    assert xs[0] > 0 and xs[1] < 100
    assert [t.label for t in chart.years] == ["2013", "2014", "2015", "2016"]


def test_history_chart_labels_no_more_years_than_a_phone_can_show():
    values = [(dt.date(1950, 1, 1), 1, 1), (dt.date(2025, 1, 1), 2, 2)]
    years = history_chart(values).years
    assert len(years) * 40 <= 240


# --- the built fixture site ----------------------------------------------------------------------


def test_timeline_lists_every_event_once_oldest_first(fixture_site):
    assert listing_entries(fixture_site, "timeline/") == OLDEST


def test_newest_first_is_its_own_static_page(fixture_site):
    assert listing_entries(fixture_site, "timeline/newest/") == NEWEST
    html = load(fixture_site, "timeline/newest/")
    switch = {a.get_text(strip=True): a for a in html.select(".order-switch a")}
    assert resolve("timeline/newest/", switch["oldest first"]["href"]) == "timeline/"
    assert switch["newest first"]["aria-current"] == "page"


def test_timeline_groups_by_year_then_month(fixture_site):
    html = load(fixture_site, "timeline/")
    years = html.select("main .timeline > section.timeline-year")
    assert [y.h2.get_text(strip=True) for y in years] == ["2012", "2013", "2014"]
    months = [[h.get_text(strip=True) for h in y.find_all("h3")] for y in years]
    assert months == [["Month not known", "July 2012"], ["December 2013"], ["April 2014"]]
    july = years[0].find_all("section", class_="timeline-month")[1]
    assert entry_urls(july, "timeline/") == OLDEST[1:3]


def test_entries_show_dates_in_their_own_precision(fixture_site):
    entries = load(fixture_site, "timeline/").select("main li.entry")
    dates = [(t.get_text(strip=True), t["datetime"]) for t in (e.time for e in entries)]
    assert dates == [
        ("2012", "2012"),
        ("July 2012", "2012-07"),
        ("16 July 2012", "2012-07-16"),
        ("2–4 December 2013", "2013-12-02"),
        ("8 April 2014", "2014-04-08"),
    ]


def test_an_entry_shows_type_platforms_people_and_summary(fixture_site):
    entry = load(fixture_site, "timeline/").select("main li.entry")[0]
    facets = {
        div.dt.get_text(strip=True): [a.get_text() for a in div.dd.find_all("a")]
        for div in entry.select("dl.entry-facets > div")
    }
    assert facets == {
        "Type": ["Social-media space"],
        "Platforms": ["Twitter", "Instagram"],
        "Organizations": ["United Nations", "UNICEF"],
    }
    summary = entry.select_one(".entry-summary").get_text(strip=True)
    assert summary == "A space for social media whose month no source gives."


@pytest.mark.parametrize(
    ("year", "events", "previous", "following"),
    [
        (2012, OLDEST[:3], None, "timeline/2013/"),
        (2013, OLDEST[3:4], "timeline/2012/", "timeline/2014/"),
        (2014, OLDEST[4:], "timeline/2013/", None),
    ],
)
def test_year_pages_list_their_year_with_neighbours(
    fixture_site, year, events, previous, following
):
    url = f"timeline/{year}/"
    assert listing_entries(fixture_site, url) == events
    html = load(fixture_site, url)
    assert html.h1.get_text(strip=True) == str(year)
    links = {a["rel"][0]: resolve(url, a["href"]) for a in html.select("nav.year-nav a[rel]")}
    assert (links.get("prev"), links.get("next")) == (previous, following)
    assert [h.get_text(strip=True) for h in html.select("main .timeline h2")] == [
        m
        for m in ("Month not known", "July 2012", "December 2013", "April 2014")
        if (str(year) in m or (year == 2012 and m == "Month not known"))
    ]


def test_only_years_with_events_have_pages(fixture_site):
    written = sorted(p.name for p in (fixture_site / "timeline").iterdir() if p.name.isdigit())
    assert written == ["2012", "2013", "2014"]


def test_each_facet_page_lists_exactly_its_events(fixture_site, fixture_index):
    for taxonomy in ("types", "platforms"):
        for slug, term in fixture_index.terms[taxonomy].items():
            expected = [
                e.url for e in in_fixture_order(fixture_index) if _in_facet(e, taxonomy, slug)
            ]
            assert listing_entries(fixture_site, term.url) == expected, term.url
            html = load(fixture_site, term.url)
            assert html.h1.get_text(strip=True) == term.label
            description = html.select_one(".term-description").get_text(strip=True)
            assert description == term.description
            if not expected:
                assert html.select_one(".timeline-empty") is not None


def in_fixture_order(index: ArchiveIndex) -> list[Event]:
    """The fixture's events in the order the timeline test pins down."""
    return sorted(index.events, key=lambda e: OLDEST.index(e.url))


def _in_facet(event: Event, taxonomy: str, slug: str) -> bool:
    """Facet membership straight from the record, independent of the index's classification."""
    record = event.record
    return record.type == slug if taxonomy == "types" else slug in record.platforms


def test_facet_filters_link_every_type_and_platform_with_events(fixture_site, fixture_index):
    html = load(fixture_site, "timeline/")
    links = {resolve("timeline/", a["href"]) for a in html.select("nav.facet-filters a")}
    expected = {
        t.url
        for name in ("types", "platforms")
        for t in fixture_index.terms[name].values()
        if t.events
    }
    assert links == expected | {"timeline/"}
    current = load(fixture_site, "platforms/twitter/").select("nav.facet-filters [aria-current]")
    assert [a.get_text(strip=True) for a in current] == ["Twitter"]


@pytest.mark.parametrize(
    ("taxonomy", "counts"),
    [
        ("types", {"types/award/": "1 event", "types/campaign/": "no events yet"}),
        (
            "platforms",
            {"platforms/sina-weibo/": "3 events", "platforms/snapchat/": "no events yet"},
        ),
    ],
)
def test_taxonomy_indexes_list_every_term_by_name_with_its_count(
    fixture_site, fixture_index, taxonomy, counts
):
    url = f"{taxonomy}/"
    entries = load(fixture_site, url).select("main li.term-entry")
    listed = {resolve(url, li.a["href"]): li.select_one(".count").get_text() for li in entries}
    assert set(listed) == {t.url for t in fixture_index.terms[taxonomy].values()}
    assert {u: listed[u] for u in counts} == counts
    labels = [li.a.get_text(strip=True).casefold() for li in entries]
    assert labels == sorted(labels)


def _bars(html, page_url="timeline/"):
    figure = html.select_one("main figure.year-chart")
    return figure, {
        resolve(page_url, a["href"]): (
            int(a.select_one(".bar-count").get_text()),
            [segment["title"] for segment in a.select(".segment")],
        )
        for a in figure.select("a.bar")
    }


def test_chart_has_one_bar_per_year_with_the_right_counts(fixture_site):
    _, bars = _bars(load(fixture_site, "timeline/"))
    assert bars == {
        "timeline/2012/": (
            3,
            ["2012, Live Q&A: 1", "2012, Award: 1", "2012, Social-media space: 1"],
        ),
        "timeline/2013/": (1, ["2013, Visit coverage: 1"]),
        "timeline/2014/": (1, ["2014, Account launch: 1"]),
    }
    for url in bars:
        assert target_file(fixture_site, url).is_file()


def test_chart_is_named_described_and_has_a_table_with_the_same_figures(fixture_site):
    html = load(fixture_site, "timeline/")
    figure, bars = _bars(html)
    assert figure.find(id=figure["aria-labelledby"]).get_text(strip=True) == (
        "Events per year, by event type"
    )
    assert "5 events from 2012 to 2014" in figure.select_one(".chart-note").get_text()
    assert all(
        a["aria-label"].startswith(("2012: 3 events", "2013: 1 event", "2014: 1 event"))
        for a in figure.select("a.bar")
    )
    table = html.select_one("main table.year-table")
    assert table.caption.get_text(strip=True)
    header = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert header == ["Year", "Events", "By type"]
    rows = {
        resolve("timeline/", tr.th.a["href"]): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    }
    for url, (count, titles) in bars.items():
        assert rows[url][0] == str(count)
        assert rows[url][1] == ", ".join(t.split(", ", 1)[1].replace(":", "") for t in titles)


def test_home_page_shows_the_archive_at_a_glance(fixture_site):
    html = load(fixture_site, "")
    assert html.h1.get_text(strip=True) == "Digital Diplomacy Archive"
    days = html.select("main .recent h3.added-day")
    recent = [
        [resolve("", a["href"]) for a in day.find_next_sibling("ol").select("a.entry-link")]
        for day in days
    ]
    # By the day added, newest first; a day's records by event date, newest first.
    assert [d.time["datetime"] for d in days] == [
        "2026-11-23",
        "2026-11-22",
        "2026-11-21",
        "2026-11-20",
        "2026-11-19",
    ]
    assert recent == [
        ["events/2013/multi-day-visit/"],
        ["events/2012/year-only-space/"],
        ["events/2012/month-only-award/"],
        ["events/2012/full-day-chat/"],
        ["events/2014/account-launch/"],
    ]
    _, bars = _bars(html, "")
    assert {url: count for url, (count, _) in bars.items()} == {
        "timeline/2012/": 3,
        "timeline/2013/": 1,
        "timeline/2014/": 1,
    }
    cited = [a.get_text(strip=True) for a in html.select("#leaders-heading + ul a")]
    assert cited == ["Ban Ki-moon", "David Cameron"]
    platforms = [
        (a.get_text(strip=True), a.select_one("svg.mark") is not None)
        for a in html.select("#platforms-heading + ul a")
    ]
    assert platforms[0] == ("Sina Weibo", True)
    assert ("Twitter", False) in platforms


def test_recent_additions_order_by_day_added_then_by_event_date(fixture_index):
    from pages.overview import added_days

    events = [
        event("old-event", "2010-01-01"),
        event("new-event", "2015-03"),
        event("middle-event", "2012"),
    ]
    index = ArchiveIndex.build(events, fixture_index.registry)
    assert [e.slug for e in index.recently_added(10)] == ["new-event", "middle-event", "old-event"]
    later = event("later-added", "2011-05-05")
    later = Event(
        later.slug,
        later.path,
        later.record.model_copy(update={"added": later.record.added.parse("2026-02-01")}),
        "b",
    )
    index = ArchiveIndex.build([*events, later], fixture_index.registry)
    days = added_days(index.recently_added(3))
    assert [(d.day.iso(), [e.slug for e in d.events]) for d in days] == [
        ("2026-02-01", ["later-added"]),
        ("2026-01-01", ["new-event", "middle-event"]),
    ]


def _my_pages(site: Path) -> list[str]:
    """Every page this plugin writes, plus the home page."""
    folders = ("timeline", "types", "platforms", "leaders", "organizations")
    urls = [""]
    for folder in folders:
        urls += [
            p.parent.relative_to(site).as_posix() + "/" for p in (site / folder).rglob("index.html")
        ]
    return urls


def test_every_link_in_the_pages_leads_to_a_page_and_anchor_that_exist(fixture_site):
    checked = 0
    for url in _my_pages(fixture_site):
        html = load(fixture_site, url)
        for a in html.select("main a[href]"):
            target = resolve(url, a["href"])
            if target is None:
                continue
            assert target_file(fixture_site, target).is_file(), f"{url}: {a['href']}"
            fragment = a["href"].partition("#")[2]
            if fragment:
                assert load(fixture_site, target).find(id=fragment), f"{url}: {a['href']}"
            checked += 1
    assert checked > 100


def test_pages_have_ordered_headings_and_unique_ids(fixture_site):
    for url in _my_pages(fixture_site):
        html = load(fixture_site, url)
        levels = heading_levels(html)
        assert levels[0] == 1 and levels.count(1) == 1, url
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (url, levels)
        ids = [tag["id"] for tag in html.find_all(id=True)]
        assert len(ids) == len(set(ids)), url


# --- pagination, built -----------------------------------------------------------------------------


def test_split_timeline_keeps_every_event_once_across_its_pages(paged_site):
    pages = listing_pages(paged_site, "timeline/")
    assert [url for url, _ in pages] == ["timeline/", "timeline/page/2/", "timeline/page/3/"]
    assert listing_entries(paged_site, "timeline/") == OLDEST
    assert listing_entries(paged_site, "timeline/newest/") == NEWEST
    second = pages[1][1]
    assert "Events 3–4 of 5" in second.select_one(".timeline-position").get_text()
    current = second.select("nav.pagination [aria-current=page]")
    assert [a.get_text(" ", strip=True) for a in current] == ["Page 2"]
    assert pages[0][1].select_one("figure.year-chart") is not None
    assert second.select_one("figure.year-chart") is None


def test_split_year_and_facet_pages_keep_their_events(paged_site):
    assert listing_entries(paged_site, "timeline/2012/") == OLDEST[:3]
    assert (paged_site / "timeline/2012/page/2/index.html").is_file()
    weibo = listing_pages(paged_site, "platforms/sina-weibo/")
    assert [url for url, _ in weibo] == ["platforms/sina-weibo/", "platforms/sina-weibo/page/2/"]
    assert listing_entries(paged_site, "platforms/sina-weibo/") == [
        "events/2012/month-only-award/",
        "events/2012/full-day-chat/",
        "events/2013/multi-day-visit/",
    ]


# --- the real archive --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_events() -> list[Event]:
    checked = check_archive(REAL_CONTENT)
    assert checked.problems == []
    return checked.events


def test_real_timeline_lists_every_event_exactly_once(real_site, real_events):
    index_order = [
        e.url for e in ArchiveIndex.build(real_events, check_archive(REAL_CONTENT).registry).events
    ]
    for url in ("timeline/", "timeline/newest/"):
        shown = listing_entries(real_site, url)
        assert sorted(shown) == sorted(e.url for e in real_events)
        assert len(shown) == len(set(shown))
    assert listing_entries(real_site, "timeline/") == index_order
    for year in {e.record.date.year for e in real_events}:
        in_year = [u for u in index_order if u.startswith(f"events/{year}/")]
        assert listing_entries(real_site, f"timeline/{year}/") == in_year


def test_real_facet_pages_list_exactly_their_facets_events(real_site, real_events):
    checked = check_archive(REAL_CONTENT)
    vocabulary = checked.registry.vocabulary
    chronological = [e.url for e in ArchiveIndex.build(real_events, checked.registry).events]
    for taxonomy, slugs in (("types", vocabulary.event_types), ("platforms", vocabulary.platforms)):
        for slug in slugs:
            members = {e.url for e in real_events if _in_facet(e, taxonomy, slug)}
            expected = [u for u in chronological if u in members]
            assert listing_entries(real_site, f"{taxonomy}/{slug}/") == expected


def test_the_timeline_never_repeats_a_heading_under_itself(fixture_site):
    for url in ("timeline/", "timeline/newest/", "leaders/ban-ki-moon/"):
        html = load(fixture_site, url)
        for year in html.select("main section.timeline-year"):
            year_text = year.find(["h2", "h3"]).get_text(strip=True)
            months = [
                m.find(["h3", "h4"]).get_text(strip=True) for m in year.select(".timeline-month")
            ]
            assert year_text not in months, url
            assert not any(m.startswith(year_text) for m in months), (url, months)
    assert "Month not known" in [
        h.get_text(strip=True) for h in load(fixture_site, "timeline/").find_all("h3")
    ]
