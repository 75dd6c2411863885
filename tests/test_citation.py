"""Citing a record: the citation text (citeproc-py, a CSL style), the BibTeX, RIS and CSL-JSON files
beside each event page, and the Highwire Press and Dublin Core tags reference managers read.
Every check reads the built files as a reference manager would: bibtexparser, a RIS reader, JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from urllib.parse import urljoin

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
from conftest import FIXTURE_SITE, REAL_CONTENT, parse
from readersite.citation import CitationRenderer, RecordCitation, bibtex, ris
from records.dates import PartialDate
from records.validation import check_archive

LOCAL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def fixture_events():
    checked = check_archive(FIXTURE_SITE)
    assert checked.problems == []
    return checked.events


def read_bibtex(text: str) -> list[dict]:
    parser = BibTexParser(common_strings=True)
    parser.customization = convert_to_unicode
    return bibtexparser.loads(text, parser=parser).entries


def read_ris(text: str) -> list[dict[str, list[str]]]:
    """RIS as its specification writes it: `TAG  - value` lines, each reference ending at `ER`."""
    references: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for line in text.split("\r\n"):
        if not line:
            continue
        assert line[2:6] == "  - " or line == "ER  - ", line
        tag, value = line[:2], line[6:]
        if tag == "TY":
            assert current is None, "TY before the previous reference's ER"
            current = {}
        assert current is not None, f"{tag} outside a reference"
        if tag == "ER":
            references.append(current)
            current = None
            continue
        current.setdefault(tag, []).append(value)
    assert current is None, "a reference without ER"
    return references


def expected_date(date: PartialDate) -> list[int]:
    return [p for p in (date.year, date.month, date.day) if p]


def test_every_event_has_bibtex_ris_and_csl_json_beside_its_page(fixture_site, fixture_events):
    assert fixture_events
    for event in fixture_events:
        record, folder = event.record, fixture_site / event.url
        url = LOCAL + event.url

        (entry,) = read_bibtex((folder / "cite.bib").read_text(encoding="utf-8"))
        assert entry["title"] == record.title
        assert entry["year"] == str(record.added.year)
        assert entry["date"] == record.added.iso()
        assert entry["url"] == url
        assert entry["author"] == entry["publisher"] == "Digital Diplomacy Archive"

        ris_bytes = (folder / "cite.ris").read_bytes()
        (reference,) = read_ris(ris_bytes.decode("utf-8"))
        assert reference["TY"] == ["ELEC"]
        assert reference["TI"] == [record.title]
        assert reference["PY"] == [str(record.added.year)]
        assert reference["UR"] == [url]
        assert reference["DA"][0].startswith(record.added.iso().replace("-", "/"))

        (item,) = json.loads((folder / "cite.json").read_text(encoding="utf-8"))
        assert item["type"] == "webpage" and item["title"] == record.title
        assert item["issued"] == {"date-parts": [expected_date(record.added)]}
        assert item["URL"] == url


def test_cite_block_links_the_files_and_gives_the_styled_citation(fixture_site, page):
    html = page(fixture_site, "events/2013/multi-day-visit/")
    cite = html.find("section", class_="cite-record")
    links = {a.get_text(): a["href"] for a in cite.find_all("a", download=True)}
    assert set(links) == {"BibTeX", "RIS", "CSL-JSON"}
    page_url = LOCAL + "events/2013/multi-day-visit/"
    for name, href in links.items():
        address = urljoin(page_url, href)
        assert address == page_url + {"BibTeX": "cite.bib", "RIS": "cite.ris"}.get(
            name, "cite.json"
        )
        assert (fixture_site / address.removeprefix(LOCAL)).is_file(), href
    citation = cite.find(class_="citation")
    # Cite Them Right (Harvard): author (year) title in italics. Available at: address.
    assert citation.get_text(" ", strip=True) == (
        "Digital Diplomacy Archive (2026) Multi-day visit posts . Available at:"
        f" {LOCAL}events/2013/multi-day-visit/."
    )
    assert citation.find("i").get_text() == "Multi-day visit posts"


def test_reference_manager_tags_on_every_event_page_of_the_real_archive(real_site):
    events = check_archive(REAL_CONTENT).events
    assert events
    for event in events:
        html = parse(real_site / event.url / "index.html")

        def meta(name: str, html=html, event=event) -> str:
            tags = html.find_all("meta", attrs={"name": name})
            assert len(tags) == 1, (event.url, name)
            return tags[0]["content"]

        url = html.find("link", rel="canonical")["href"]
        added = event.record.added
        assert meta("citation_title") == event.record.title == html.h1.get_text()
        # The record's publication is the day it was added to the archive, not the event's date.
        assert meta("citation_publication_date") == "/".join(map(str, expected_date(added)))
        assert meta("citation_publisher") == "Digital Diplomacy Archive"
        assert meta("citation_public_url") == url
        assert meta("DC.title") == event.record.title
        assert meta("DC.date") == added.iso()
        assert meta("DC.publisher") == "Digital Diplomacy Archive"
        assert meta("DC.identifier") == url
        assert (real_site / event.url / "cite.bib").is_file()


TRICKY = RecordCitation(
    key="dda-2012-x",
    title='Rudd & Wen: 50% of $ #1 "posts" <b>_live_</b>',
    publisher="Digital Diplomacy Archive",
    published=PartialDate(2026, 11),
    modified=None,
    url="https://example.org/events/2012/x/?a=1&b=2",
)


def test_record_text_survives_bibtex_and_ris_as_written():
    (entry,) = read_bibtex(bibtex(TRICKY))
    assert entry["title"] == TRICKY.title
    assert entry["month"] == "11" and "day" not in entry
    (reference,) = read_ris(ris(TRICKY))
    assert reference["TI"] == [TRICKY.title]
    assert reference["DA"] == ["2026/11//"]


def test_styled_citation_escapes_record_text():
    html = parse_fragment(str(CitationRenderer().html(TRICKY)))
    assert html.find("b") is None
    assert html.find("i").get_text() == TRICKY.title
    assert TRICKY.url in html.get_text()


def parse_fragment(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def test_fixture_cite_files_are_utf8_with_crlf_ris(fixture_site, fixture_events):
    event = fixture_events[0]
    ris_bytes = Path(fixture_site / event.url / "cite.ris").read_bytes()
    assert ris_bytes.endswith(b"ER  - \r\n") and b"\n" not in ris_bytes.replace(b"\r\n", b"")


def test_one_parsed_style_renders_every_record_as_a_fresh_one_would():
    """The style is parsed once per run and reused for every page: nothing of one record's
    entry may leak into the next."""
    plain = dataclasses.replace(
        TRICKY, title="A plain title", key="plain", published=PartialDate(2013, 5, 2)
    )
    shared = CitationRenderer()
    entries = [shared.html(c) for c in (TRICKY, plain, TRICKY)]
    assert entries == [CitationRenderer().html(c) for c in (TRICKY, plain, TRICKY)]
    assert "A plain title" in entries[1] and "A plain title" not in entries[2]
