"""What readers, sharers and search engines get: layout, canonical URLs, Open Graph, JSON-LD,
the citation block, the sitemap, robots.txt and the 404 page, in local and published builds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, build, copy_content, parse
from readersite.structured import event_json_ld
from records.events import Event
from records.index import ArchiveIndex
from records.registry import load_registry
from records.schema import EventRecord
from records.validation import check_archive

LOCAL = "http://127.0.0.1:8000/"
PUBLIC = "https://digital-diplomacy-archive.github.io/"
NAV = [
    "Timeline",
    "Leaders",
    "Organizations",
    "Types",
    "Platforms",
    "Feeds",
    "Sources",
    "Search",
    "About",
]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def archive():
    checked = check_archive(FIXTURE_SITE)
    assert checked.problems == []
    return checked


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built with publishconf.py: absolute public URLs."""
    output = tmp_path_factory.mktemp("published") / "output"
    return build(FIXTURE_SITE, output, settings_file="publishconf.py")


def html_pages(site: Path) -> list[Path]:
    """The reader's pages: not the editor at /admin/ (tests/test_cms_admin.py), which the
    published site has too."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")


def page_address(site: Path, file: Path) -> str:
    return file.relative_to(site).as_posix().removesuffix("index.html")


def json_ld(html) -> dict:
    scripts = html.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_every_page_has_skip_link_landmarks_navigation_and_one_heading(fixture_site):
    for file in html_pages(fixture_site):
        html = parse(file)
        skip = html.body.find("a")
        assert skip["href"] == "#main" and "skip" in skip["class"][0], file
        assert html.find("main", id="main") is not None, file
        assert html.find("header", class_="site-header") and html.find("footer"), file
        nav = html.find("nav", attrs={"aria-label": "Site"})
        assert [a.get_text() for a in nav.find_all("a")] == NAV, file
        assert len(html.find_all("h1")) == 1, file
        assert html.html["lang"] == "en"


def test_the_navigation_marks_where_the_reader_is(fixture_site, page):
    search_nav = page(fixture_site, "search/").find("nav", attrs={"aria-label": "Site"})
    assert search_nav.find("a", attrs={"aria-current": "page"}).get_text() == "Search"
    event_nav = page(fixture_site, "events/2012/full-day-chat/").find(
        "nav", attrs={"aria-label": "Site"}
    )
    assert event_nav.find("a", class_="current").get_text() == "Timeline"


def test_event_breadcrumbs_lead_from_home_through_the_timeline(fixture_site, page):
    trail = page(fixture_site, "events/2013/multi-day-visit/").find(
        "nav", attrs={"aria-label": "Breadcrumb"}
    )
    items = trail.find_all("li")
    assert [li.get_text(strip=True) for li in items] == [
        "Home",
        "Timeline",
        "2013",
        "Multi-day visit posts",
    ]
    assert items[2].a["href"] == "../../../timeline/2013/"
    assert items[-1]["aria-current"] == "page" and items[-1].a is None


@pytest.mark.parametrize(
    ("site_name", "base"), [("fixture_site", LOCAL), ("published_site", PUBLIC)]
)
def test_every_page_has_its_canonical_address_and_sharing_tags(request, site_name, base):
    site: Path = request.getfixturevalue(site_name)
    for file in html_pages(site):
        html = parse(file)
        meta = {m.get("property") or m.get("name"): m["content"] for m in html.find_all("meta")[2:]}
        title = html.title.get_text()
        assert meta["og:title"] == title and "twitter:title" not in meta, file
        assert meta["og:description"] == meta["description"] and "twitter:description" not in meta
        assert meta["og:site_name"] == "Digital Diplomacy Archive"
        assert meta["twitter:card"] == "summary"
        if file.name == "404.html":
            assert html.find("link", rel="canonical") is None and meta["robots"] == "noindex"
            continue
        address = base + page_address(site, file)
        assert html.find("link", rel="canonical")["href"] == address, file
        assert meta["og:url"] == address


def test_event_pages_describe_a_web_page_about_a_schema_org_event(fixture_site, page, archive):
    registry = archive.registry
    for event in archive.events:
        record = event.record
        html = page(fixture_site, event.url)
        page_data = json_ld(html)
        assert page_data["@context"] == "https://schema.org" and page_data["@type"] == "WebPage"
        assert page_data["url"] == LOCAL + event.url
        assert page_data["datePublished"] == record.added.iso()
        assert page_data["publisher"]["name"] == "Digital Diplomacy Archive"
        data = page_data["about"]
        assert data["@type"] == "Event"
        assert data["name"] == record.title and data["description"] == record.summary
        assert data["startDate"] == record.date.iso()
        assert data.get("endDate") == (record.end_date.iso() if record.end_date else None)
        performers = [p["name"] for p in data.get("performer", [])]
        assert performers == [registry.leaders[s].name for s in record.leaders]
        organizers = [o["url"] for o in data.get("organizer", [])]
        assert organizers == [f"{LOCAL}organizations/{s}/" for s in record.organizations]
        sources = [registry.sources[i] for i in record.sources]
        assert "citation" not in data, "schema.org defines citation on CreativeWork, not Event"
        citations = page_data["citation"]
        assert [c["name"] for c in citations] == [s.title for s in sources]
        assert [c.get("url") for c in citations] == [s.url for s in sources]
        assert [c["publisher"]["name"] for c in citations] == [s.publisher for s in sources]
        assert [c["inLanguage"] for c in citations] == [s.language for s in sources]
        assert [c.get("datePublished") for c in citations] == [
            s.date.iso() if s.date else None for s in sources
        ]
        virtual = [p["name"] for p in data.get("location", []) if p["@type"] == "VirtualLocation"]
        assert virtual == [registry.platforms[p].label for p in record.platforms]
        og = html.find("meta", property="og:type")["content"]
        assert og == "article"


def test_json_ld_keeps_place_and_wikidata_identity(fixture_site, page):
    data = json_ld(page(fixture_site, "events/2012/full-day-chat/"))["about"]
    place = data["location"][0]
    assert place == {
        "@type": "Place",
        "name": "Beijing",
        "address": {"@type": "PostalAddress", "addressCountry": "China"},
    }
    assert data["organizer"][0]["sameAs"] == "https://www.wikidata.org/wiki/Q1065"


def test_json_ld_cannot_be_closed_by_record_text():
    registry, problems = load_registry(FIXTURE_SITE)
    assert problems == []
    record = EventRecord.model_validate(
        {
            "title": "</script><script>alert(1)</script>",
            "summary": "<!-- & -->",
            "date": "2012-07",
            "type": "live-qa",
            "platforms": [],
            "leaders": ["ban-ki-moon"],
            "sources": ["un-sg"],
            "added": "2026-11-20",
        }
    )
    event = Event("x", "events/2012/x.md", record, "body")
    text = str(event_json_ld(event, ArchiveIndex.build([event], registry), LOCAL, "Archive"))
    assert "<" not in text and ">" not in text
    assert json.loads(text)["about"]["name"] == record.title


def test_cite_block_gives_permanent_address_and_record_dates(fixture_site, page):
    html = page(fixture_site, "events/2013/multi-day-visit/")
    cite = html.find("section", class_="cite-record")
    assert cite.h2.get_text() == "Cite this record"
    permanent = LOCAL + "events/2013/multi-day-visit/"
    assert cite.find("a", class_="permalink")["href"] == permanent
    assert html.find("link", rel="canonical")["href"] == permanent
    # The citation text itself is tested in tests/test_citation.py.
    assert permanent in cite.find(class_="citation").get_text()
    dates = [t["datetime"] for t in cite.find(class_="record-history").find_all("time")]
    assert dates == ["2026-11-23", "2026-11-24"]
    assert cite.has_attr("data-pagefind-ignore")


def test_published_event_pages_cite_the_public_address(published_site, page):
    html = page(published_site, "events/2012/full-day-chat/")
    assert html.find("a", class_="permalink")["href"] == PUBLIC + "events/2012/full-day-chat/"
    assert json_ld(html)["url"] == PUBLIC + "events/2012/full-day-chat/"


def test_sitemap_lists_every_page_with_record_dates(fixture_site, archive):
    tree = ET.parse(fixture_site / "sitemap.xml")
    entries = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in tree.getroot().findall("s:url", SITEMAP_NS)
    }
    expected = {
        LOCAL + page_address(fixture_site, f)
        for f in html_pages(fixture_site)
        if f.name != "404.html"
    }
    assert set(entries) == expected
    for event in archive.events:
        changed = event.record.modified or event.record.added
        assert entries[LOCAL + event.url] == changed.iso()


def test_robots_txt_points_to_the_absolute_sitemap(fixture_site, published_site):
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (fixture_site / "robots.txt").read_text()
    robots = (published_site / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in robots and f"Sitemap: {PUBLIC}sitemap.xml" in robots


@pytest.mark.parametrize(("site_name", "root"), [("fixture_site", "/"), ("published_site", PUBLIC)])
def test_404_page_links_from_the_site_root_and_offers_a_search(request, site_name, root):
    """It is served for missing addresses at any depth, so no link may be relative to it."""
    html = parse(request.getfixturevalue(site_name) / "404.html")
    links = [a["href"] for a in html.find_all("a") if not a["href"].startswith("#")]
    links += [link["href"] for link in html.find_all("link")]
    assert links and all(href.startswith(root) for href in links), links
    form = html.find("form", role="search")
    assert form["action"] == f"{root}search/" and form.find("input")["name"] == "q"


def test_about_page_says_who_publishes_how_facts_are_checked_and_how_to_correct(
    fixture_site, real_site, page
):
    about = page(real_site, "about/")
    sections = {h.get_text(): h for h in about.main.find_all("h2")}
    assert {
        "Who publishes it",
        "What the archive covers",
        "How facts are checked",
        "Corrections",
        "Licence",
        "Contact",
    } <= set(sections)

    def text_of(heading: str) -> str:
        parts = []
        for sibling in sections[heading].find_next_siblings():
            if sibling.name == "h2":
                break
            parts.append(sibling.get_text(" "))
        return " ".join(" ".join(parts).split())

    checked = text_of("How facts are checked")
    assert "precision" in checked and "disagree" in checked
    assert "issue" in text_of("Corrections") and "repository" in text_of("Corrections")
    assert "CC BY 4.0" in text_of("Licence")
    assert "open an issue in the source repository" in text_of("Contact")
    # No invented address: the only way in is the repository's issues.
    assert "@" not in about.main.get_text() and "mailto:" not in str(about.main)
    assert page(fixture_site, "about/").h1.get_text() == "About the archive"


def test_redirects_of_renamed_records_stay_out_of_the_sitemap(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    record = content / "events/2012/full-day-chat.md"
    record.write_text(
        record.read_text().replace("added: 2026-11-20", "added: 2026-11-20\nformer_slugs: [chat]")
    )
    site = build(content, tmp_path / "output")
    assert (site / "events/2012/chat/index.html").is_file()
    locs = (site / "sitemap.xml").read_text()
    assert f"{LOCAL}events/2012/full-day-chat/" in locs
    assert f"{LOCAL}events/2012/chat/" not in locs
