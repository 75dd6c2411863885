"""Full builds of the fixture archive: every record reaches its page, in its own precision."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, REAL_CONTENT, build, copy_content, parse
from records.problems import ArchiveError
from records.validation import check_archive


def test_every_fixture_record_has_its_page(fixture_site: Path):
    checked = check_archive(FIXTURE_SITE)
    assert checked.problems == []
    assert len(checked.events) == 5
    for event in checked.events:
        html = parse(fixture_site / event.save_as)
        assert html.h1.get_text(strip=True) == event.record.title


@pytest.mark.parametrize(
    ("url", "shown", "machine"),
    [
        ("events/2012/full-day-chat/", "16 July 2012", "2012-07-16"),
        ("events/2012/month-only-award/", "July 2012", "2012-07"),
        ("events/2012/year-only-space/", "2012", "2012"),
        ("events/2013/multi-day-visit/", "2–4 December 2013", "2013-12-02"),
    ],
)
def test_event_date_is_shown_in_its_precision(fixture_site, page, url, shown, machine):
    time = page(fixture_site, url).select_one(".facts time")
    assert time.get_text(strip=True) == shown
    assert time["datetime"] == machine


def test_event_page_links_its_terms_and_cites_sources(fixture_site, page):
    html = page(fixture_site, "events/2012/full-day-chat/")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in html.select(".facts dt")}
    assert [a.get_text() for a in facts["Leaders"].find_all("a")] == ["Ban Ki-moon"]
    assert facts["Leaders"].a["href"].endswith("leaders/ban-ki-moon/")
    assert facts["Type"].a["href"].endswith("types/live-qa/")
    assert facts["Location"].get_text(strip=True) == "Beijing, China"
    sources = html.select(".sources li")
    assert [li["id"] for li in sources] == ["source-news-a", "source-news-b"]
    assert sources[0].find("a")["href"] == "https://example.org/a"
    assert "undated" in sources[1].get_text()


def test_conflicting_figures_are_all_shown_with_their_qualifiers(fixture_site, page):
    rows = page(fixture_site, "events/2012/full-day-chat/").select(".metrics tbody tr")
    cells = [[td.get_text(" ", strip=True) for td in row.find_all("td")] for row in rows]
    assert [c[2] for c in cells] == ["more than 2,000,000", "about 3,250,000"]
    assert cells[0][3] == "July 2012" and cells[1][3] == "not stated"
    assert rows[0].find_all("td")[4].a["href"] == "#source-news-a"


def test_body_markdown_is_rendered(fixture_site, page):
    body = page(fixture_site, "events/2012/full-day-chat/").select_one(".body")
    assert body.em.get_text() == "many"
    assert body.find("a", string="45 minutes") is not None


def test_record_history_shows_added_and_modified(fixture_site, page):
    history = (
        page(fixture_site, "events/2013/multi-day-visit/")
        .select_one(".record-history")
        .get_text(" ", strip=True)
    )
    assert "added 23 November 2026" in history and "corrected 24 November 2026" in history


def test_pelican_listing_pages_are_not_written(fixture_site: Path):
    for folder in (
        "tag",
        "category",
        "author",
        "tags.html",
        "categories.html",
        "authors.html",
        "archives.html",
    ):
        assert not (fixture_site / folder).exists()


def test_a_broken_build_leaves_the_previous_output_untouched(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    output = build(content, tmp_path / "output")
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (content / "events/2014/broken.md").write_text(
        "---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8"
    )
    with pytest.raises(ArchiveError) as failure:
        build(content, output)
    assert "content/events/2014/broken.md:2: (file): YAML syntax" in str(failure.value)
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert not (tmp_path / ".output.staging").exists()


def test_a_file_pelican_would_skip_fails_the_build(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    (content / "events/2014/notes.markdown").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(ArchiveError, match=r"events/2014/notes.markdown:1: \(file\): not a record"):
        build(content, tmp_path / "output")


def test_every_real_record_reaches_the_output(real_site: Path):
    checked = check_archive(REAL_CONTENT)
    assert checked.problems == []
    for event in checked.events:
        html = parse(real_site / event.save_as)
        assert html.h1.get_text(strip=True) == event.record.title
    written = {
        p.parent.relative_to(real_site).as_posix() + "/"
        for p in (real_site / "events").rglob("index.html")
    }
    assert written == {e.url for e in checked.events}
