"""Search as a reader meets it: the Pagefind index that the build made, queried in Chromium."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, build, copy_content, drop_uncited_sources
from readersite.search import index_site
from records.validation import check_archive
from sitebuild.build import BuildFailed
from webtools import browser_page, serve

RESULTS = "#search-results li h2 a"


@pytest.fixture(scope="module")
def server(fixture_site: Path) -> Iterator[str]:
    with serve(fixture_site) as base:
        yield base


@pytest.fixture(scope="module")
def archive():
    checked = check_archive(FIXTURE_SITE)
    assert checked.problems == []
    return checked


def search_page(page, base: str, address: str) -> list[str]:
    """Open `/search/` with a query string, wait for the script, return result paths in order."""
    page.goto(f"{base}search/{address}")
    page.wait_for_selector("form[data-ready]")
    return [
        href.removeprefix(base.removesuffix("/"))
        for href in page.eval_on_selector_all(RESULTS, "links => links.map(a => a.href)")
    ]


def test_the_build_indexes_every_event_page(fixture_site, archive):
    entry = json.loads((fixture_site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(archive.events) == 5


def test_a_word_from_a_record_body_finds_its_event(browser, server):
    with browser_page(browser) as page:
        found = search_page(page, server, "?q=topics")
        assert found == ["/events/2012/full-day-chat/"]
        assert page.text_content("#search-status") == "1 record found for “topics”."
        assert page.text_content("#search-results mark").lower().startswith("topics")


def test_words_outside_the_record_are_not_indexed(browser, server):
    """Navigation, footer and the citation block are not record content."""
    with browser_page(browser) as page:
        assert search_page(page, server, "?q=pull+requests") == []
        assert search_page(page, server, "?q=suggested+citation") == []
        assert page.text_content("#search-status") == "0 records found for “suggested citation”."


def test_filters_offer_the_record_metadata_with_counts(browser, server, archive):
    registry = archive.registry
    expected = {
        "type": Counter(registry.event_types[e.record.type].label for e in archive.events),
        "platform": Counter(
            registry.platforms[p].label for e in archive.events for p in e.record.platforms
        ),
        "leader": Counter(
            registry.leaders[s].name for e in archive.events for s in e.record.leaders
        ),
        "organization": Counter(
            registry.organizations[s].name for e in archive.events for s in e.record.organizations
        ),
        "year": Counter(str(e.record.date.year) for e in archive.events),
    }
    with browser_page(browser) as page:
        search_page(page, server, "")
        for name, counts in expected.items():
            options = page.eval_on_selector_all(
                f"#filter-{name} option", "options => options.map(o => [o.value, o.textContent])"
            )
            assert options[0] == ["", "Any"]
            assert dict(options[1:]) == {v: f"{v} ({n})" for v, n in counts.items()}, name


def test_choosing_a_facet_filters_the_results(browser, server, archive):
    cameron = sorted(f"/{e.url}" for e in archive.events if "david-cameron" in e.record.leaders)
    sina_2012 = sorted(
        f"/{e.url}"
        for e in archive.events
        if "sina-weibo" in e.record.platforms and e.record.date.year == 2012
    )
    with browser_page(browser) as page:
        search_page(page, server, "")
        page.select_option("#filter-leader", "David Cameron")
        page.wait_for_selector(f"{RESULTS}[href$='{cameron[0]}']")
        found = page.eval_on_selector_all(RESULTS, "links => links.map(a => a.pathname)")
        assert sorted(found) == cameron
        assert page.url.endswith("?leader=David+Cameron")
        assert sorted(search_page(page, server, "?platform=Sina+Weibo&year=2012")) == sina_2012
        assert len(sina_2012) == 2


def test_a_query_and_a_facet_combine(browser, server):
    with browser_page(browser) as page:
        assert search_page(page, server, "?q=award&type=Award") == [
            "/events/2012/month-only-award/"
        ]
        assert search_page(page, server, "?q=award&type=Account+launch") == []


def test_without_javascript_the_page_explains_and_links_the_indexes(browser, server):
    with browser_page(browser, java_script_enabled=False) as page:
        page.goto(f"{server}search/")
        assert page.is_hidden("#search")
        fallback = page.locator("[data-search-fallback]")
        assert "needs JavaScript" in fallback.inner_text()
        links = fallback.locator("a").evaluate_all("links => links.map(a => a.pathname)")
        assert links == ["/timeline/", "/leaders/", "/organizations/", "/types/", "/platforms/"]


def test_with_javascript_the_no_javascript_message_never_shows(browser, server):
    with browser_page(browser) as page:
        page.goto(f"{server}search/", wait_until="domcontentloaded")
        assert "needs JavaScript" not in page.inner_text("body")
        page.wait_for_selector("form[data-ready]")
        assert "needs JavaScript" not in page.inner_text("body")
        assert page.locator("[data-search-fallback]").count() == 0


def test_while_the_index_loads_the_page_says_so(browser, server):
    held = []
    with browser_page(browser) as page:
        page.route("**/pagefind/pagefind.js", lambda route: held.append(route))  # held unanswered
        page.goto(f"{server}search/?q=chat", wait_until="load")
        page.wait_for_function("document.getElementById('search-status').textContent !== ''")
        assert page.text_content("#search-status") == "Loading the search index…"
        assert page.get_attribute("#search-results", "aria-busy") == "true"
        assert page.is_hidden("#search")
        for route in held:
            route.continue_()
        page.wait_for_selector("form[data-ready]")
        assert page.text_content("#search-status").endswith("found for “chat”.")
        assert page.get_attribute("#search-results", "aria-busy") is None


def test_a_query_without_results_suggests_what_to_try(browser, server):
    with browser_page(browser) as page:
        assert search_page(page, server, "?q=zzzzqqq") == []
        hints = page.locator("#search-hints")
        assert hints.is_visible()
        assert "original script" in hints.inner_text()
        assert search_page(page, server, "?q=topics") != []
        assert page.is_hidden("#search-hints")


def test_a_name_in_original_script_finds_its_records(browser, server):
    """Ban Ki-moon's name in Hangul is on the pages of his events (with its language)."""
    with browser_page(browser) as page:
        assert sorted(search_page(page, server, "?q=반기문")) == [
            "/events/2012/full-day-chat/",
            "/events/2012/month-only-award/",
        ]


@pytest.fixture(scope="module")
def real_server(real_site: Path) -> Iterator[str]:
    with serve(real_site) as base:
        yield base


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("陆慷", "/events/2019/china-foreign-ministry-spokesperson-weibo-launch/"),
        ("中华人民共和国外交部", "/events/2018/china-foreign-ministry-wechat-account/"),
        ("新浪", "/events/2012/sina-weibo-special-merit-award-ban-ki-moon/"),
    ],
)
def test_a_chinese_name_in_the_real_archive_finds_its_record(browser, real_server, query, record):
    with browser_page(browser) as page:
        assert record in search_page(page, real_server, f"?q={query}")


def test_an_archive_without_records_builds_without_an_index(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    for record in (content / "events").rglob("*.md"):
        record.unlink()
    assert drop_uncited_sources(content), "sources only records cited go with them"
    output = build(content, tmp_path / "output")
    assert not (output / "pagefind").exists()
    search = (output / "search/index.html").read_text(encoding="utf-8")
    assert "no records yet" in search and "search.js" not in search


def test_the_build_fails_when_an_event_page_is_not_indexed(tmp_path):
    """A page that claims to be searchable but has no indexable body must stop the build."""
    for slug, body in (("indexed", "<main data-pagefind-body>words</main>"), ("lost", "")):
        page = tmp_path / "events/2012" / slug / "index.html"
        page.parent.mkdir(parents=True)
        marker = "" if body else "<!-- data-pagefind-body -->"
        page.write_text(f"<!doctype html><html lang=en><body>{marker}{body}</body></html>")
    with pytest.raises(BuildFailed, match="pagefind indexed 1 of 2 event pages"):
        index_site(tmp_path, {})


def test_pages_fetch_only_from_this_site_and_log_no_errors(browser, server):
    """The event page and a search, as Chromium loads them: every request stays on this host."""
    with browser_page(browser) as page:
        requested: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{server}events/2012/full-day-chat/", wait_until="load")
        assert search_page(page, server, "?q=topics&platform=Sina+Weibo")
        assert any(url.endswith(".pf_fragment") for url in requested)
        assert [url for url in requested if not url.startswith(server)] == []
        assert errors == []
