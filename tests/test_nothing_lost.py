"""Nothing lost: a record missing from its page, a feed or a data file fails the build by name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sitebuild.cache
from archive.run import ArchiveRun
from conftest import FIXTURE_SITE, ROOT, build, copy_content
from lxml import etree
from pelican.settings import read_settings
from records.problems import ArchiveError
from sitebuild.build import run_pelican
from sitebuild.completeness import verify_published

from pelicanconf import PLUGINS

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "http://127.0.0.1:8000/"
CHAT = "content/events/2012/full-day-chat.md"
CHAT_URL = "events/2012/full-day-chat/"
EVERY_RECORD = [
    "content/events/2012/full-day-chat.md",
    "content/events/2012/month-only-award.md",
    "content/events/2012/year-only-space.md",
    "content/events/2013/multi-day-visit.md",
    "content/events/2014/account-launch.md",
]


Built = tuple[Path, dict, ArchiveRun]


def run_site(content: Path, output: Path, **overrides: object) -> Built:
    """One Pelican run of `content`: the site, its settings, and the archive's run, which holds
    what the outputs declared and the records read (what the build's check is given)."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "THEME": str(ROOT / "theme"),
            "OUTPUT_PATH": str(output),
            "ARCHIVE_CACHE": False,
            **overrides,
        },
    )
    run = run_pelican(settings)
    assert run is not None
    return output, settings, run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture archive built once, with the settings and the run of the build."""
    folder = tmp_path_factory.mktemp("nothing-lost")
    return run_site(copy_content(FIXTURE_SITE, folder / "content"), folder / "output")


@pytest.fixture
def site(built: tuple[Path, dict], tmp_path: Path) -> Path:
    """A writable copy of the built site, to lose things from."""
    return Path(shutil.copytree(built[0], tmp_path / "output"))


def lost(site: Path, built: Built) -> list[str]:
    """The problems the check reports on `site` for the build `built`, or [] when nothing is lost."""
    _, settings, run = built
    assert run.records is not None
    try:
        verify_published(site, settings, run.outputs, run.records)
    except ArchiveError as err:
        return [str(p) for p in err.problems]
    return []


def drop_entry(feed: Path, url: str) -> None:
    """Remove the entry (Atom) or item (RSS) that links to `url`, keeping the feed well-formed."""
    tree = etree.parse(feed)
    for entry in [*tree.iter(f"{ATOM}entry"), *tree.iter("item")]:
        link = entry.find(f"{ATOM}link")
        href = link.get("href") if link is not None else entry.findtext("link")
        if href == SITE + url:
            entry.getparent().remove(entry)
    tree.write(feed, xml_declaration=True, encoding="UTF-8")


def test_a_complete_build_passes(built):
    assert lost(built[0], built) == []


def test_a_missing_page_names_its_record(site, built):
    (site / CHAT_URL / "index.html").unlink()
    assert lost(site, built) == [f"{CHAT}:1: (output): lost: {CHAT_URL}index.html was not written"]


def test_an_empty_page_cannot_be_read(site, built):
    (site / CHAT_URL / "index.html").write_bytes(b"")
    assert lost(site, built) == [
        f"{CHAT}:1: (output): lost: {CHAT_URL}index.html cannot be read (Document is empty)"
    ]


def test_a_page_without_its_records_title_counts_as_lost(site, built):
    page = site / CHAT_URL / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Full-day live chat", "Untitled"))
    assert lost(site, built) == [f"{CHAT}:1: (output): lost: not found in {CHAT_URL}index.html"]


@pytest.mark.parametrize(
    "feed",
    [
        "types/live-qa.atom.xml",
        "types/live-qa.rss.xml",
        "all.atom.xml",
        "leaders/ban-ki-moon.rss.xml",
    ],
)
def test_an_entry_missing_from_a_feed_names_its_record_and_the_feed(site, built, feed):
    drop_entry(site / "feeds" / feed, CHAT_URL)
    assert lost(site, built) == [f"{CHAT}:1: (output): lost: not found in feeds/{feed}"]


def test_an_item_missing_from_the_json_feed_is_named(site, built):
    path = site / "feeds/all.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["items"] = [i for i in document["items"] if i["url"] != SITE + CHAT_URL]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert lost(site, built) == [f"{CHAT}:1: (output): lost: not found in feeds/all.json"]


def test_a_missing_or_broken_feed_names_every_record_it_should_carry(site, built):
    (site / "feeds/all.rss.xml").unlink()
    (site / "feeds/types/live-qa.atom.xml").write_text("<feed>unclosed", encoding="utf-8")
    problems = lost(site, built)
    assert [p for p in problems if "all.rss.xml" in p] == [
        f"{path}:1: (output): lost: feeds/all.rss.xml was not written" for path in EVERY_RECORD
    ]
    [broken] = [p for p in problems if "live-qa" in p]
    assert broken.startswith(
        f"{CHAT}:1: (output): lost: feeds/types/live-qa.atom.xml cannot be read "
        "(not well-formed XML: Premature end of data in tag feed"
    )


def test_a_feed_capped_by_its_settings_must_still_carry_its_newest_records(tmp_path):
    # Capped at 1, Ban Ki-moon's feed holds the newest added of his two records (month-only-award).
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    capped = run_site(content, tmp_path / "output", FEED_TERM_MAX_ITEMS=1)
    site = capped[0]
    assert lost(site, capped) == [], "records beyond a feed's cap are not lost"
    feed = site / "feeds/leaders/ban-ki-moon.atom.xml"
    drop_entry(feed, "events/2012/month-only-award/")
    assert lost(site, capped) == [
        "content/events/2012/month-only-award.md:1: (output): lost: "
        "not found in feeds/leaders/ban-ki-moon.atom.xml"
    ]


def test_a_missing_data_file_names_every_record(site, built):
    (site / "data/events.csv").unlink()
    assert lost(site, built) == [
        f"{path}:1: (output): lost: data/events.csv was not written" for path in EVERY_RECORD
    ]


def test_a_record_without_a_data_row_is_named(site, built):
    json_path, csv_path = site / "data/events.json", site / "data/events.csv"
    document = json.loads(json_path.read_text(encoding="utf-8"))
    document["events"] = [e for e in document["events"] if e["slug"] != "full-day-chat"]
    json_path.write_text(json.dumps(document), encoding="utf-8")
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    csv_path.write_text("".join(x for x in lines if "account-launch" not in x), encoding="utf-8")
    assert lost(site, built) == [
        f"{CHAT}:1: (output): lost: not found in data/events.json",
        "content/events/2014/account-launch.md:1: (output): lost: not found in data/events.csv",
    ]


def test_losing_output_inside_a_build_fails_it_and_keeps_the_previous_site(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    output = build(content, tmp_path / "output")
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    sabotage = {
        "PLUGINS": [*PLUGINS, "saboteur"],
        "SABOTAGE": [f"{CHAT_URL}index.html", "feeds/types/award.rss.xml"],
    }
    with pytest.raises(ArchiveError) as failure:
        build(content, output, sabotage)
    assert [str(p) for p in failure.value.problems] == [
        f"{CHAT}:1: (output): lost: {CHAT_URL}index.html was not written",
        "content/events/2012/month-only-award.md:1: (output): lost: "
        "feeds/types/award.rss.xml was not written",
    ]
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before


def test_a_record_the_build_never_read_is_named_in_every_output_for_every_record(tmp_path):
    # The check walks content/ on its own: a record Pelican's list lacks (here one that appeared
    # after the run) is expected on its page and in every data file, and found in neither.
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    built = run_site(content, tmp_path / "output")
    chat = (content / "events/2012/full-day-chat.md").read_text(encoding="utf-8")
    (content / "events/2012/late-chat.md").write_text(
        chat.replace("Full-day live chat", "A late live chat", 1), encoding="utf-8"
    )
    late = "content/events/2012/late-chat.md:1: (output): lost:"
    assert lost(built[0], built) == [
        f"{late} events/2012/late-chat/index.html was not written",
        f"{late} not found in data/events.csv",
        f"{late} not found in data/events.json",
    ]


def test_the_check_reads_records_through_the_builds_cache(tmp_path, monkeypatch):
    # Unchanged files are the cache's hits (checked when the run read them); an edited one is
    # read again, and a record it no longer reads as is a problem of its own.
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    built = run_site(content, tmp_path / "output")
    read = sitebuild.cache.read_record
    reads: list[str] = []

    def counted(path: Path, *args: object) -> object:
        reads.append(path.name)
        return read(path, *args)

    monkeypatch.setattr(sitebuild.cache, "read_record", counted)
    assert lost(built[0], built) == []
    assert reads == []
    record = content / "events/2013/multi-day-visit.md"
    record.write_text(record.read_text(encoding="utf-8").replace("type: ", "type: x", 1))
    problems = lost(built[0], built)
    assert reads == ["multi-day-visit.md"]
    assert len(problems) == 1 and problems[0].startswith("content/events/2013/multi-day-visit.md:")
    assert "type" in problems[0]
