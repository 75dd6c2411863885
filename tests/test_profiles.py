"""Leader and organization pages: profile computations on the fixture index, then the built pages."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, REAL_CONTENT
from pagecheck import listing_entries, load, resolve, target_file
from pages.figures import Dating, figure_history, middle
from pages.profiles import (
    RoleLine,
    accounts,
    affiliation,
    json_ld,
    members,
    platforms_used,
    principal_role,
    profile_groups,
    related,
    roles_over_time,
    sort_name,
)
from records.dates import PartialDate
from records.events import Event
from records.index import ArchiveIndex
from records.schema import EventRecord, LeaderRecord, Role, Source, SourceRecord
from records.validation import check_archive

SITE_URL = "https://archive.example"


@pytest.fixture(scope="module")
def checked():
    result = check_archive(FIXTURE_SITE)
    assert result.problems == []
    return result


@pytest.fixture(scope="module")
def index(checked) -> ArchiveIndex:
    return ArchiveIndex.build(checked.events, checked.registry)


def leader(index: ArchiveIndex, slug: str):
    return index.terms["leaders"][slug]


def organization(index: ArchiveIndex, slug: str):
    return index.terms["organizations"][slug]


def event_with_metrics(slug: str, metrics: list[dict], sources: list[str]) -> Event:
    """An event citing figures about the United Nations, for the figure-history rules."""
    record = EventRecord.model_validate(
        {
            "title": slug,
            "summary": "s",
            "date": "2013-05-02",
            "type": "milestone",
            "platforms": ["sina-weibo"],
            "organizations": ["united-nations"],
            "metrics": metrics,
            "sources": sources,
            "added": "2026-01-01",
        }
    )
    return Event(slug, f"content/events/2013/{slug}.md", record, "b")


def registry_with(checked, sources: list[dict]):
    """The fixture's registry with these source files added (`id` is the file name)."""
    added = {
        fields["id"]: Source.of(
            fields["id"],
            SourceRecord.model_validate(
                {
                    "kind": "news-article",
                    "language": "en",
                    "url_note": "None.",
                    **{k: v for k, v in fields.items() if k != "id"},
                }
            ),
        )
        for fields in sources
    }
    return replace(checked.registry, sources={**checked.registry.sources, **added})


# --- computations (pure) -----------------------------------------------------------------------


def test_sort_name_ignores_case_and_accents():
    names = ["nicolás Maduro", "Ban Ki-moon", "Nicolas Sarkozy", "Émile"]
    assert sorted(names, key=sort_name) == [
        "Ban Ki-moon",
        "Émile",
        "nicolás Maduro",
        "Nicolas Sarkozy",
    ]


def test_roles_link_their_organization_and_give_their_period(index):
    (line,) = roles_over_time(leader(index, "ban-ki-moon"), index)
    assert line.organization is organization(index, "united-nations")
    assert (line.where, line.period) == ("United Nations", "1 January 2007 – 31 December 2016")
    (national,) = roles_over_time(leader(index, "david-cameron"), index)
    assert (national.organization, national.where, national.period) == (
        None,
        "United Kingdom",
        "2010 – 2016",
    )


@pytest.mark.parametrize(
    ("start", "end", "period"),
    [("2010", None, "from 2010"), (None, "2016-05", "until May 2016"), (None, None, None)],
)
def test_role_periods_never_invent_an_end_or_a_start(start, end, period):
    role = Role.model_validate({"title": "Minister", "start": start, "end": end})
    assert RoleLine(role, None).period == period


def test_roles_run_earliest_first_and_the_latest_is_principal(index):
    record = LeaderRecord.model_validate(
        {
            "name": "Several Roles",
            "roles": [
                {"title": "Secretary-General", "organization": "united-nations", "start": 2007},
                {"title": "Adviser"},
                {"title": "Foreign Minister", "country": "South Korea", "start": 2004, "end": 2006},
            ],
        }
    )
    term = leader(index, "no-events-yet")
    term = type(term)(term.taxonomy, "several-roles", record.name, None, record)
    titles = [line.role.title for line in roles_over_time(term, index)]
    assert titles == ["Foreign Minister", "Secretary-General", "Adviser"]
    assert principal_role(term, index).role.title == "Secretary-General"
    assert affiliation(term, index) == "United Nations"


@pytest.mark.parametrize(
    ("taxonomy", "slug", "group"),
    [
        ("leaders", "ban-ki-moon", "United Nations"),
        ("leaders", "david-cameron", "United Kingdom"),
        ("leaders", "no-events-yet", "Other"),
        ("organizations", "unicef", "United Nations"),
        ("organizations", "united-nations", "International"),
    ],
)
def test_affiliation_groups_by_organization_or_country(index, taxonomy, slug, group):
    assert affiliation(index.terms[taxonomy][slug], index) == group


def test_profile_groups_sort_by_name_with_catch_alls_last(index):
    groups = profile_groups(list(index.terms["leaders"].values()), index)
    assert [g.label for g in groups] == ["United Kingdom", "United Nations", "Other"]
    assert [[e.term.slug for e in g.entries] for g in groups] == [
        ["david-cameron"],
        ["ban-ki-moon"],
        ["no-events-yet"],
    ]


def test_accounts_keep_registry_order_and_mark_closed_ones(index):
    lines = accounts(organization(index, "unicef"), index)
    assert [(line.platform.label, line.closed) for line in lines] == [
        ("WeChat", False),
        ("Facebook", True),
    ]


def test_platforms_used_join_accounts_and_events_in_vocabulary_order(index):
    used = platforms_used(organization(index, "united-nations"), index)
    assert [t.slug for t in used] == ["sina-weibo", "twitter", "instagram"]
    assert platforms_used(leader(index, "no-events-yet"), index) == []


def test_related_profiles_are_those_named_in_the_same_events(index):
    found = related(organization(index, "united-nations"), index)
    assert [(r.term.slug, r.shared) for r in found] == [("ban-ki-moon", 1), ("unicef", 1)]
    assert [r.term.slug for r in related(leader(index, "ban-ki-moon"), index)] == ["united-nations"]
    assert related(leader(index, "no-events-yet"), index) == []


def test_members_are_organizations_naming_this_one_as_parent(index):
    assert [t.slug for t in members(organization(index, "united-nations"), index)] == ["unicef"]
    assert members(organization(index, "unicef"), index) == []


def test_each_distinct_figure_is_one_row_listing_every_record_citing_it(index):
    (series,) = figure_history(organization(index, "united-nations"), index)
    assert series.title == "Followers on Sina Weibo"
    rows = [
        (
            f.metric.value,
            f.source.publisher,
            f.date.iso() if f.date else None,
            f.dated_by,
            [e.slug for e in f.events],
        )
        for f in series.figures
    ]
    assert rows == [
        (2_000_000, "News A", "2012-07", Dating.AS_OF, ["year-only-space", "full-day-chat"]),
        (587_000, "Sina", "2014-04", Dating.SOURCE, ["year-only-space"]),
        (3_250_000, "News B", None, None, ["year-only-space", "full-day-chat"]),
    ]
    assert series.figures[0].notes == ("the same figure of the same report as the live chat's",)
    assert figure_history(leader(index, "ban-ki-moon"), index) == []


def test_an_undated_figure_is_drawn_nowhere_and_never_at_its_events_date(index):
    (series,) = figure_history(organization(index, "united-nations"), index)
    assert [f.metric.value for f in series.undated] == [3_250_000]
    assert series.charted
    drawn = [p.item.metric.value for p in series.chart.points]
    assert drawn == [2_000_000, 587_000]
    points = series.chart.points
    assert points[0].x < points[1].x and points[0].y > points[1].y


def test_figures_of_different_sources_stay_apart_even_when_equal(checked):
    sources = [
        {"id": "dated", "publisher": "P", "title": "T", "date": "2013-06-01"},
        {"id": "other", "publisher": "Q", "title": "U", "date": "2013-06-01"},
    ]
    metric = {"subject": "united-nations", "platform": "sina-weibo", "measure": "followers"}
    event = event_with_metrics(
        "figures",
        [{**metric, "value": 5, "source": "dated"}, {**metric, "value": 5, "source": "other"}],
        ["dated", "other"],
    )
    again = event_with_metrics("again", [{**metric, "value": 5, "source": "dated"}], ["dated"])
    index = ArchiveIndex.build([event, again], registry_with(checked, sources))
    (series,) = figure_history(index.terms["organizations"]["united-nations"], index)
    assert [(f.source.id, [e.slug for e in f.events]) for f in series.figures] == [
        ("dated", ["again", "figures"]),
        ("other", ["figures"]),
    ]
    # Two figures, one point in time: table rows, not a chart of a single moment.
    assert not series.charted


def test_a_figure_takes_its_own_date_then_its_sources_never_its_events(checked):
    sources = [
        {"id": "dated", "publisher": "P", "title": "T", "date": "2013-06-01"},
        {"id": "undated", "publisher": "Q", "title": "U"},
    ]
    metric = {"subject": "united-nations", "platform": "sina-weibo", "measure": "followers"}
    event = event_with_metrics(
        "figures",
        [
            {**metric, "value": 5, "source": "dated"},
            {**metric, "value": 6, "source": "undated"},
            {**metric, "value": 7, "source": "undated", "as_of": "2011"},
        ],
        ["dated", "undated"],
    )
    other = {**metric, "platform": None, "measure": "views", "value": 7, "source": "undated"}
    second = event_with_metrics("more-figures", [other], ["undated"])
    index = ArchiveIndex.build([event, second], registry_with(checked, sources))
    history = figure_history(index.terms["organizations"]["united-nations"], index)
    assert [s.title for s in history] == ["Followers on Sina Weibo", "Views"]
    dating = [
        (f.metric.value, f.date.iso() if f.date else None, f.dated_by) for f in history[0].figures
    ]
    assert dating == [(7, "2011", Dating.AS_OF), (5, "2013-06-01", Dating.SOURCE), (6, None, None)]
    assert history[0].charted and not history[1].charted


@pytest.mark.parametrize(
    ("date", "day"),
    [
        ("2012", "2012-07-01"),
        ("2012-07", "2012-07-16"),
        ("2012-02", "2012-02-15"),
        ("2012-07-16", "2012-07-16"),
    ],
)
def test_partial_dates_are_placed_in_the_middle_of_their_span(date, day):
    assert middle(PartialDate.parse(date)).isoformat() == day


def test_json_ld_names_the_profile_and_its_same_as_links(index):
    data = json_ld(organization(index, "united-nations"), SITE_URL)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "United Nations",
        "url": f"{SITE_URL}/organizations/united-nations/",
        "sameAs": ["https://www.wikidata.org/wiki/Q1065", "https://twitter.com/UN"],
    }
    person = json_ld(leader(index, "ban-ki-moon"), SITE_URL)
    assert (person["@type"], person["alternateName"]) == ("Person", "반기문")
    assert "sameAs" not in person


# --- the built fixture site --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "events"),
    [
        ("leaders/ban-ki-moon/", ["events/2012/month-only-award/", "events/2012/full-day-chat/"]),
        ("leaders/david-cameron/", ["events/2013/multi-day-visit/"]),
        ("leaders/no-events-yet/", []),
        (
            "organizations/united-nations/",
            ["events/2012/year-only-space/", "events/2012/full-day-chat/"],
        ),
        (
            "organizations/unicef/",
            ["events/2012/year-only-space/", "events/2014/account-launch/"],
        ),
    ],
)
def test_each_profile_lists_exactly_its_events_in_order(fixture_site, url, events):
    assert listing_entries(fixture_site, url) == events
    if not events:
        assert load(fixture_site, url).select_one(".timeline-empty") is not None


def test_leader_page_shows_names_roles_and_feeds(fixture_site, index):
    html = load(fixture_site, "leaders/ban-ki-moon/")
    assert html.h1.get_text(strip=True) == "Ban Ki-moon"
    original = html.select_one(".original-name [lang]")
    assert (original["lang"], original.get_text()) == ("ko", "반기문")
    (role,) = html.select("main li.role")
    text = role.get_text(" ", strip=True)
    assert text.startswith("Secretary-General , United Nations , 1 January 2007 – 31 December 2016")
    assert resolve("leaders/ban-ki-moon/", role.a["href"]) == "organizations/united-nations/"
    assert role.select_one("a.cite")["href"] == "#source-un-sg"
    term = leader(index, "ban-ki-moon")
    feeds = [resolve(term.url, a["href"]) for a in html.select(".term-feeds a")]
    assert feeds == [term.atom_url, term.rss_url]


def test_accounts_render_with_handles_links_dates_and_closed_marks(fixture_site):
    rows = load(fixture_site, "organizations/unicef/").select("main section.accounts tbody tr")
    cells = [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for row in rows]
    assert cells[0][:3] == ["WeChat", "UNICEF China (source: Fixture Publisher)", "8 April 2014"]
    assert "closed" not in rows[0]["class"] and "no closure recorded" in cells[0][3]
    assert "closed" in rows[1]["class"] and cells[1][3] == "Closed June 2015"
    link = rows[1].find("td").a
    assert (link["href"], link.get_text()) == (
        "https://www.facebook.com/example-closed-page",
        "UNICEF Old Page",
    )


def test_organization_page_shows_kind_parent_and_members(fixture_site):
    facts = load(fixture_site, "organizations/unicef/").select_one("main dl.facts")
    pairs = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in facts.find_all("dt")}
    assert pairs["Kind"].get_text(strip=True) == "United Nations agency"
    assert resolve("organizations/unicef/", pairs["Part of"].a["href"]) == (
        "organizations/united-nations/"
    )
    un = load(fixture_site, "organizations/united-nations/").select_one("main dl.facts")
    assert [a.get_text() for a in un.select("dd a")] == ["UNICEF"]


def test_figure_chart_draws_each_dated_figure_once_and_the_table_lists_each_figure_once(
    fixture_site,
):
    html = load(fixture_site, "organizations/united-nations/")
    section = html.select_one("main section.figures")
    assert section.h3.get_text(strip=True) == "Followers on Sina Weibo"
    (chart,) = section.select("figure.history-chart")
    assert (
        chart.find(id=chart["aria-labelledby"])
        .get_text(strip=True)
        .startswith("Followers on Sina Weibo of United Nations")
    )
    points = chart.select(".points li.point")
    assert [p["title"] for p in points] == [
        "more than 2,000,000 as of July 2012, according to News A",
        "587,000 (reported April 2014), according to Sina",
    ]
    assert [p["class"] for p in points] == [["point", "dated"], ["point", "reported"]]
    assert "1 undated figure is listed in the table but not drawn" in chart.get_text(" ")
    rows = section.select("table.figure-table tbody tr")
    table = [[td.get_text(" ", strip=True) for td in row.find_all("td")] for row in rows]
    assert [row[0] for row in table] == ["more than 2,000,000", "587,000", "about 3,250,000"]
    assert table[1][1] == "not stated; reported April 2014"
    assert table[2][1].startswith("undated")
    cited = [
        [resolve("organizations/united-nations/", a["href"]) for a in row.select(".cited-by a")]
        for row in rows
    ]
    assert cited == [
        ["events/2012/year-only-space/", "events/2012/full-day-chat/"],
        ["events/2012/year-only-space/"],
        ["events/2012/year-only-space/", "events/2012/full-day-chat/"],
    ]
    assert [a["href"] for a in rows[0].select("td[data-label=Source] a")] == [
        "../../events/2012/year-only-space/#source-news-a"
    ]


def test_real_profiles_give_each_figure_one_row_and_chart_only_changes_over_time(real_site):
    checked = check_archive(REAL_CONTENT)
    for taxonomy in ("leaders", "organizations"):
        for slug in getattr(checked.registry, taxonomy):
            url = f"{taxonomy}/{slug}/"
            section = load(real_site, url).select_one("main section.figures")
            if section is None:
                continue
            for chart in section.select("figure.history-chart"):
                points = chart.select(".points li.point")
                assert len({p["style"].split(";")[0] for p in points}) >= 2, url
            for table in section.select("table"):
                rows = [
                    tuple(td.get_text(" ", strip=True) for td in tr.find_all(["th", "td"])[:-1])
                    for tr in table.select("tbody tr")
                ]
                assert len(rows) == len(set(rows)), url
    un = load(real_site, "organizations/united-nations/").select_one("main section.figures")
    values = [td.get_text(strip=True) for td in un.select("td[data-label=Value]")]
    assert values.count("more than 2,000,000") == 1
    # Each profile draws one chart per platform and measure whose figures fall at two points in time
    # or more, counted here from the records themselves, and lists the rest in one table; figures
    # repeated by several records (the same value, source and date) are one point.
    points: dict[str, dict[tuple[str, str], set[object]]] = {}
    for event in checked.events:
        for metric in event.record.metrics:
            date = metric.as_of or checked.registry.sources[metric.source].date
            series = points.setdefault(metric.subject, {}).setdefault(
                (metric.platform or "", metric.measure), set()
            )
            if date is not None:
                series.add(middle(date))
    assert any(len(dates) < 2 for dates in points["ban-ki-moon"].values())
    for taxonomy in ("leaders", "organizations"):
        for slug in getattr(checked.registry, taxonomy):
            if slug not in points:
                continue
            section = load(real_site, f"{taxonomy}/{slug}/").select_one("main section.figures")
            charted = sum(len(dates) >= 2 for dates in points[slug].values())
            single = len(points[slug]) - charted
            assert len(section.select("figure.history-chart")) == charted, slug
            assert (section.select_one("table.single-figures") is not None) == (single > 0), slug


def test_related_profiles_and_wikidata_are_linked(fixture_site):
    html = load(fixture_site, "organizations/united-nations/")
    related_links = [
        resolve("organizations/united-nations/", a["href"]) for a in html.select("main .related a")
    ]
    assert related_links == ["leaders/ban-ki-moon/", "organizations/unicef/"]
    assert html.select_one(".wikidata a")["href"] == "https://www.wikidata.org/wiki/Q1065"
    assert load(fixture_site, "leaders/ban-ki-moon/").select_one(".wikidata") is None


def test_json_ld_is_in_the_head_with_the_public_url(fixture_site):
    script = load(fixture_site, "organizations/united-nations/").select_one(
        'head script[type="application/ld+json"]'
    )
    data = json.loads(script.string)
    assert data["@type"] == "Organization"
    assert data["url"] == "http://127.0.0.1:8000/organizations/united-nations/"
    assert data["sameAs"][0] == "https://www.wikidata.org/wiki/Q1065"


def test_profile_indexes_group_entries_with_role_or_kind_count_and_platforms(fixture_site):
    html = load(fixture_site, "leaders/")
    groups = html.select("main section.profile-group")
    assert [g.h2.get_text(strip=True) for g in groups] == [
        "United Kingdom",
        "United Nations",
        "Other",
    ]
    row = groups[1].select_one("tbody tr")
    cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
    assert cells == ["Ban Ki-moon", "Secretary-General, United Nations", "2", "Sina Weibo"]
    orgs = load(fixture_site, "organizations/").select("main tbody tr")
    kinds = {r.th.get_text(strip=True): r.find("td").get_text(strip=True) for r in orgs}
    assert kinds == {
        "UNICEF": "United Nations agency",
        "United Nations": "Intergovernmental organization",
    }


# --- the real archive --------------------------------------------------------------------------


def test_every_real_leader_and_organization_named_by_a_record_has_a_reachable_page(real_site):
    checked = check_archive(REAL_CONTENT)
    assert checked.problems == []
    for taxonomy in ("leaders", "organizations"):
        indexed = {
            resolve(f"{taxonomy}/", a["href"])
            for a in load(real_site, f"{taxonomy}/").select("main a[href]")
        }
        named = {slug for e in checked.events for slug in getattr(e.record, taxonomy)}
        for slug in named:
            url = f"{taxonomy}/{slug}/"
            assert target_file(real_site, url).is_file(), url
            assert url in indexed, url
        for event in checked.events:
            links = {resolve(event.url, a["href"]) for a in load(real_site, event.url).select("a")}
            for slug in getattr(event.record, taxonomy):
                assert f"{taxonomy}/{slug}/" in links, (event.url, slug)


def test_every_real_registry_entry_has_a_page_even_without_events(real_site: Path):
    checked = check_archive(REAL_CONTENT)
    for taxonomy in ("leaders", "organizations"):
        for slug in getattr(checked.registry, taxonomy):
            html = load(real_site, f"{taxonomy}/{slug}/")
            assert html.h1.get_text(strip=True) == getattr(checked.registry, taxonomy)[slug].name
