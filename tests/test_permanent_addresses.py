"""A record whose corrected date moves it to another year keeps its old address and its feed id.

`former_slugs` lists a record's earlier addresses, oldest first: an old slug (in the record's own
year folder) or `YYYY/slug` (an address in another year). Each gets a redirect page, left out of
the sitemap; the feed id derives from the first. The check refuses an entry that is the record's
current address or that another record uses, and the build refuses it alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, build, copy_content, parse
from lxml import etree
from records.problems import ArchiveError
from records.validation import check_archive

ATOM = "{http://www.w3.org/2005/Atom}"
LOCAL = "http://127.0.0.1:8000/"
OLD, NEW = "events/2012/full-day-chat/", "events/2013/full-day-chat/"
RECORD = "content/events/2013/full-day-chat.md"


def move_to_2013(content: Path, former: str) -> Path:
    """Correct the record's date into 2013: the file moves to the 2013 folder, as the check asks."""
    old = content / "events/2012/full-day-chat.md"
    text = old.read_text(encoding="utf-8").replace("date: 2012-07-16", "date: 2013-07-16", 1)
    text = text.replace("added: 2026-11-20\n", f"added: 2026-11-20\nformer_slugs: [{former}]\n")
    moved = content / "events/2013/full-day-chat.md"
    moved.write_text(text, encoding="utf-8")
    old.unlink()
    return moved


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("moved")
    content = copy_content(FIXTURE_SITE, folder / "content")
    before = build(content, folder / "before")
    move_to_2013(content, "2012/full-day-chat")
    return {"before": before, "after": build(content, folder / "after")}


def feed_ids(site: Path) -> dict[str, str]:
    """Entry id by entry link in the feed of every record."""
    feed = etree.parse(str(site / "feeds/all.atom.xml")).getroot()
    return {
        e.find(f"{ATOM}link").get("href"): e.findtext(f"{ATOM}id")
        for e in feed.iter(f"{ATOM}entry")
    }


def test_the_record_is_at_its_new_address_and_the_old_one_redirects_there(sites):
    after = sites["after"]
    assert parse(after / NEW / "index.html").h1.get_text(strip=True) == "Full-day live chat"
    redirect = parse(after / OLD / "index.html")
    assert redirect.find("link", rel="canonical")["href"] == f"{LOCAL}{NEW}"
    refresh = redirect.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == f"0; url=../../../{NEW}"  # relative to the old page
    assert redirect.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert redirect.find("a")["href"] == f"../../../{NEW}"


def test_the_feed_id_is_the_one_readers_already_have(sites):
    before, after = feed_ids(sites["before"]), feed_ids(sites["after"])
    assert before[f"{LOCAL}{OLD}"] == "tag:127.0.0.1,2026-11-20:/events/2012/full-day-chat/"
    assert after[f"{LOCAL}{NEW}"] == before[f"{LOCAL}{OLD}"]
    assert f"{LOCAL}{OLD}" not in after
    assert sorted(after.values()) == sorted(before.values())


def test_the_sitemap_lists_the_new_address_and_not_the_redirect(sites):
    sitemap = (sites["after"] / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{LOCAL}{NEW}</loc>" in sitemap
    assert f"<loc>{LOCAL}{OLD}</loc>" not in sitemap


def test_the_data_files_keep_the_former_address(sites):
    events = json.loads((sites["after"] / "data/events.json").read_text(encoding="utf-8"))
    record = next(e for e in events["events"] if e["slug"] == "full-day-chat")
    assert record["former_slugs"] == ["2012/full-day-chat"]


@pytest.mark.parametrize(
    ("former", "problem"),
    [
        (
            "2013/full-day-chat",
            "former_slugs[0]: '2013/full-day-chat' is this record's own address",
        ),
        ("full-day-chat", "former_slugs[0]: 'full-day-chat' is this record's own slug"),
        (
            "2012/month-only-award",
            "former_slugs[0]: '2012/month-only-award' is already used by "
            "content/events/2012/month-only-award.md",
        ),
        (
            "2014/account-launch",
            "former_slugs[0]: '2014/account-launch' is already used by "
            "content/events/2014/account-launch.md",
        ),
    ],
)
def test_an_address_that_is_taken_is_refused_by_check_and_build(former, problem, tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    move_to_2013(content, former)
    expected = [f"{RECORD}:1: {problem}"]
    assert [str(p) for p in check_archive(content).problems] == expected
    with pytest.raises(ArchiveError) as failure:
        build(content, tmp_path / "output")
    assert [str(p) for p in failure.value.problems] == expected


@pytest.mark.parametrize("former", ["12/full-day-chat", "2012/../escaped", "2012/", "/2012/x"])
def test_a_former_address_of_another_form_is_refused_with_its_line(former, tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    move_to_2013(content, f'"{former}"')
    line = next(
        number
        for number, text in enumerate((content / RECORD.removeprefix("content/")).open(), 1)
        if text.startswith("former_slugs:")
    )
    assert [str(p) for p in check_archive(content).problems] == [
        f"{RECORD}:{line}: former_slugs[0]: {former!r} is not a former address: write the old "
        "slug, or YYYY/slug for an address in another year"
    ]
