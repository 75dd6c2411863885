"""How a reader moves between records: earlier and later events, accounts, links between records."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_SITE, build, copy_content
from editing.check import main as check_main
from pagecheck import load, resolve
from records.events import record_links
from records.problems import ArchiveError
from records.validation import check_archive

# The fixture archive in time order (a year-only date heads its year).
IN_TIME = [
    "events/2012/year-only-space/",
    "events/2012/month-only-award/",
    "events/2012/full-day-chat/",
    "events/2013/multi-day-visit/",
    "events/2014/account-launch/",
]


def neighbours(site, url: str) -> tuple[str | None, str | None]:
    nav = load(site, url).select_one("nav.event-nav")
    links = {a["rel"][0]: resolve(url, a["href"]) for a in nav.select("a[rel]")}
    return links.get("prev"), links.get("next")


@pytest.mark.parametrize("position", range(len(IN_TIME)))
def test_every_event_page_links_the_events_before_and_after_it_in_time(fixture_site, position):
    url = IN_TIME[position]
    before = IN_TIME[position - 1] if position else None
    after = IN_TIME[position + 1] if position + 1 < len(IN_TIME) else None
    assert neighbours(fixture_site, url) == (before, after)


def test_the_ends_of_the_archive_say_there_is_nothing_further(fixture_site):
    first = load(fixture_site, IN_TIME[0]).select_one(".event-nav-previous").get_text(" ")
    last = load(fixture_site, IN_TIME[-1]).select_one(".event-nav-next").get_text(" ")
    assert "earliest event" in first and "latest event" in last
    title = load(fixture_site, IN_TIME[1]).select_one("a[rel=prev] .event-nav-title")
    assert title.get_text() == "Year-only social-media space"


def test_event_pages_link_the_accounts_the_registry_has_addresses_for(fixture_site):
    facts = load(fixture_site, "events/2012/year-only-space/").select_one("dl.facts")
    accounts = {dt.get_text(): dt.find_next_sibling("dd") for dt in facts.find_all("dt")}
    links = [(a["href"], a.get_text()) for a in accounts["Accounts"].select("a")]
    # The UN's Twitter account (the event is on Twitter); its Sina Weibo account has no address.
    assert links == [("https://twitter.com/UN", "@UN")]
    chat = load(fixture_site, "events/2012/full-day-chat/").select_one("dl.facts")
    assert "Accounts" not in [dt.get_text() for dt in chat.find_all("dt")]


def test_names_in_original_script_appear_with_their_language(fixture_site):
    facts = load(fixture_site, "events/2012/full-day-chat/").select_one("dl.facts")
    original = facts.select_one("span.original")
    assert (original["lang"], original.get_text()) == ("ko", "반기문")


def test_record_links_are_found_with_their_lines():
    body = (
        "First line.\n"
        "See [the award](/events/2012/month-only-award/) and\n"
        "[x]: /events/2013/multi-day-visit\n"
        "but not https://example.org/events/2012/elsewhere/ nor /events/2012/ alone.\n"
    )
    found = [(link.line, link.url) for link in record_links(body, 10)]
    assert found == [
        (11, "/events/2012/month-only-award/"),
        (12, "/events/2013/multi-day-visit/"),
    ]


def test_deleting_a_linked_record_fails_the_check_and_the_build_naming_the_linking_file(
    tmp_path, capsys
):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    (content / "events/2012/month-only-award.md").unlink()
    expected = (
        "content/events/2012/full-day-chat.md:28: body: links to "
        "/events/2012/month-only-award/ which is no record"
    )
    assert [str(p) for p in check_archive(content).problems] == [expected]
    assert check_main([str(content)]) == 1
    assert expected in capsys.readouterr().out
    with pytest.raises(ArchiveError) as failure:
        build(content, tmp_path / "output")
    assert expected in str(failure.value)
    assert not (tmp_path / "output").exists()


def test_a_link_to_a_renamed_records_former_address_is_kept(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    old = content / "events/2012/month-only-award.md"
    new = content / "events/2012/award-in-july.md"
    new.write_text(old.read_text().replace("added:", "former_slugs: [month-only-award]\nadded:"))
    old.unlink()
    assert check_archive(content).problems == []
