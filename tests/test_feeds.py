"""Feeds of a built fixture archive, read by feedparser and lxml and held to RFC 4287 and RSS 2.0."""

from __future__ import annotations

import email.utils
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_SITE, FIXTURES, REAL_CONTENT, ROOT, build, copy_content, parse
from feeds.catalog import build_catalog
from feeds.links import absolute_html, xml_safe
from feeds.settings import FeedSettingsError, read_feed_settings
from jinja2 import Environment, FileSystemLoader
from lxml import etree
from pelican.settings import read_settings
from records.index import ArchiveIndex
from records.taxonomy import TAXONOMIES
from records.validation import check_archive

SITE = "http://127.0.0.1:8000"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)

# Front matter that YAML and the schema accept, full of what feeds must escape. (Control
# characters are refused at input, raw or as YAML escapes: see tests/test_hostile.py.)
HOSTILE_RECORD = (
    "---\n"
    r'title: "<script>alert(1)</script> Q&A \"quoted\" bell"' + "\n"
    'summary: "Tom & Jerry\'s <b>bold</b> claim here"\n'
    "date: 2014-05\n"
    "type: award\n"
    "platforms: []\n"
    "leaders: [ban-ki-moon]\n"
    "sources: [press]\n"
    "added: 2026-11-25\n"
    "---\n"
    'Body with <script>alert(2)</script>, an ampersand &, "quotes" and a ]]> character.\n'
)
HOSTILE_SOURCE = (
    "kind: news-article\n"
    'publisher: "Press & <i>Co</i>"\n'
    'title: "A </cite> title"\n'
    "language: en\n"
    "url_note: Printed only.\n"
)
HOSTILE_TITLE = '<script>alert(1)</script> Q&A "quoted" bell'

# Every record of the feeds fixture, newest added first (two added the same day: the newer event
# first).
NEWEST_ADDED_FIRST = [
    "events/2014/hostile-text/",
    "events/2013/renamed-chat/",
    "events/2013/multi-day-visit/",
    "events/2012/year-only-space/",
    "events/2012/month-only-award/",
    "events/2012/full-day-chat/",
    "events/2014/account-launch/",
]
ARCHIVE_CAP = 5


def feed_content(folder: Path) -> Path:
    """The fixture archive plus a renamed record with links of every kind and a hostile record."""
    content = copy_content(FIXTURE_SITE, folder / "content")
    shutil.copytree(FIXTURES / "feeds", content, dirs_exist_ok=True)
    (content / "events/2014/hostile-text.md").write_text(HOSTILE_RECORD, encoding="utf-8")
    (content / "sources/press.yaml").write_text(HOSTILE_SOURCE, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return feed_content(tmp_path_factory.mktemp("feeds"))


@pytest.fixture(scope="module")
def site(content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("feeds-site") / "output"
    return build(content, output, {"FEED_MAX_ITEMS": ARCHIVE_CAP})


@pytest.fixture(scope="module")
def index(content: Path) -> ArchiveIndex:
    checked = check_archive(content)
    assert checked.problems == []
    return ArchiveIndex.build(checked.events, checked.registry)


def xml_feeds(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.xml"))


def xml(path: Path) -> etree._Element:
    """Strict XML parsing: any character or escaping mistake raises."""
    return etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))


def atom_entries(site: Path, name: str) -> list[etree._Element]:
    return xml(site / "feeds" / name).findall(f"{ATOM}entry")


def entry_link(entry: etree._Element) -> str:
    (link,) = [
        a.get("href")
        for a in entry.findall(f"{ATOM}link")
        if a.get("rel", "alternate") == "alternate"
    ]
    return link


def atom_links(site: Path, name: str) -> list[str]:
    return [entry_link(e) for e in atom_entries(site, name)]


def rss_items(site: Path, name: str) -> list[etree._Element]:
    return xml(site / "feeds" / name).findall("channel/item")


def entry_of(site: Path, name: str, url: str) -> etree._Element:
    (entry,) = [e for e in atom_entries(site, name) if entry_link(e) == f"{SITE}/{url}"]
    return entry


def content_html(entry: etree._Element) -> BeautifulSoup:
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    return BeautifulSoup(content.text, "html.parser")


def absolute(url: str) -> str:
    return f"{SITE}/{url}"


# --- Every feed is written and parses -------------------------------------------------------


def test_every_term_and_the_archive_have_atom_and_rss_and_all_parse_cleanly(site, index):
    expected = {"feeds/all.atom.xml", "feeds/all.rss.xml"} | {
        url
        for table in index.terms.values()
        for t in table.values()
        for url in (t.atom_url, t.rss_url)
    }
    written = {p.relative_to(site).as_posix() for p in xml_feeds(site)}
    assert written == expected
    assert "feeds/leaders/no-events-yet.atom.xml" in written  # a term with no records yet
    for path in xml_feeds(site):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.name.endswith(".atom.xml") else "rss20")


def test_json_feed_follows_json_feed_1_1(site):
    document = json.loads((site / "feeds/all.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == absolute("feeds/all.json")
    assert document["home_page_url"] == absolute("")
    assert document["title"] and document["authors"][0]["name"] and document["language"] == "en"
    atom_ids = [e.findtext(f"{ATOM}id") for e in atom_entries(site, "all.atom.xml")]
    assert [item["id"] for item in document["items"]] == atom_ids
    for item in document["items"]:
        assert item["content_html"] and item["title"] and item["url"].startswith(SITE)
        assert RFC3339.match(item["date_published"]) and RFC3339.match(item["date_modified"])


# --- The formats' rules ---------------------------------------------------------------------


def test_atom_feeds_have_the_elements_rfc_4287_requires(site):
    for path in sorted((site / "feeds").rglob("*.atom.xml")):
        feed = xml(path)
        assert feed.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert len(feed.findall(f"{ATOM}{name}")) == 1, (path, name)
        assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
        assert urlsplit(feed.findtext(f"{ATOM}id")).scheme == "http"
        # The feed names its author, so entries need not (RFC 4287 4.1.1).
        assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Digital Diplomacy Archive"
        links = {a.get("rel"): a for a in feed.findall(f"{ATOM}link")}
        assert links["self"].get("href") == absolute(path.relative_to(site).as_posix())
        assert links["self"].get("type") == "application/atom+xml"
        assert links["alternate"].get("type") == "text/html"
        ids = []
        for entry in feed.findall(f"{ATOM}entry"):
            for name in ("id", "title", "updated", "published", "content", "summary"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1, (path, name)
            ids.append(entry.findtext(f"{ATOM}id"))
            assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
            assert entry.findtext(f"{ATOM}published") <= entry.findtext(f"{ATOM}updated")
            assert entry_link(entry).startswith(SITE)
        assert len(ids) == len(set(ids)), path
        assert all(i.startswith("tag:127.0.0.1,") for i in ids)


def test_rss_feeds_have_channel_title_link_description_and_rfc_822_dates(site):
    for path in sorted((site / "feeds").rglob("*.rss.xml")):
        rss = xml(path)
        assert rss.tag == "rss" and rss.get("version") == "2.0"
        channel = rss.find("channel")
        for name in ("title", "link", "description"):
            assert (channel.findtext(name) or "").strip(), (path, name)
        assert channel.findtext("link").startswith(SITE)
        assert RFC822.match(channel.findtext("lastBuildDate"))
        self_link = channel.find(f"{ATOM}link")
        assert self_link.get("rel") == "self"
        assert self_link.get("href") == absolute(path.relative_to(site).as_posix())
        guids = []
        for item in channel.findall("item"):
            assert item.findtext("title") and item.findtext("link").startswith(SITE)
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false" and guid.text.startswith("tag:")
            guids.append(guid.text)
            pub_date = item.findtext("pubDate")
            assert RFC822.match(pub_date), pub_date
            assert email.utils.parsedate_to_datetime(pub_date).utcoffset().total_seconds() == 0
            assert item.findtext(f"{CONTENT_NS}encoded")
        assert len(guids) == len(set(guids)), path


# --- What an entry is, in which order --------------------------------------------------------


def test_whole_archive_feeds_carry_the_newest_added_records_up_to_the_setting(site):
    expected = [absolute(u) for u in NEWEST_ADDED_FIRST[:ARCHIVE_CAP]]
    assert atom_links(site, "all.atom.xml") == expected
    assert [i.findtext("link") for i in rss_items(site, "all.rss.xml")] == expected
    document = json.loads((site / "feeds/all.json").read_text(encoding="utf-8"))
    assert [item["url"] for item in document["items"]] == expected


def test_term_feeds_carry_exactly_their_terms_records_newest_added_first(site, index):
    for taxonomy in TAXONOMIES:
        for term in index.terms[taxonomy.name].values():
            links = atom_links(site, term.atom_url.removeprefix("feeds/"))
            assert sorted(links) == sorted(absolute(e.url) for e in term.events), term.atom_url
            published = [
                e.findtext(f"{ATOM}published")
                for e in atom_entries(site, term.atom_url.removeprefix("feeds/"))
            ]
            assert published == sorted(published, reverse=True)
            rss = [i.findtext("link") for i in rss_items(site, term.rss_url.removeprefix("feeds/"))]
            assert rss == links
    assert atom_links(site, "leaders/ban-ki-moon.atom.xml") == [
        absolute("events/2014/hostile-text/"),
        absolute("events/2012/month-only-award/"),
        absolute("events/2012/full-day-chat/"),
    ]
    assert atom_links(site, "leaders/no-events-yet.atom.xml") == []


def test_term_feeds_cap_at_their_own_setting(tmp_path):
    site = build(feed_content(tmp_path), tmp_path / "output", {"FEED_TERM_MAX_ITEMS": 1})
    assert atom_links(site, "all.atom.xml") == [absolute(u) for u in NEWEST_ADDED_FIRST]
    assert atom_links(site, "leaders/ban-ki-moon.atom.xml") == [
        absolute("events/2014/hostile-text/")
    ]
    assert [i.findtext("link") for i in rss_items(site, "platforms/sina-weibo.rss.xml")] == [
        absolute("events/2013/multi-day-visit/")
    ]


def test_ids_derive_from_the_first_url_and_the_added_day(site):
    chat = entry_of(site, "all.atom.xml", "events/2013/renamed-chat/")
    assert chat.findtext(f"{ATOM}id") == "tag:127.0.0.1,2026-11-25:/events/2013/old-chat-name/"
    first = entry_of(site, "leaders/ban-ki-moon.atom.xml", "events/2012/full-day-chat/")
    assert first.findtext(f"{ATOM}id") == "tag:127.0.0.1,2026-11-20:/events/2012/full-day-chat/"
    guids = {i.findtext("link"): i.findtext("guid") for i in rss_items(site, "all.rss.xml")}
    assert guids[absolute("events/2013/renamed-chat/")] == chat.findtext(f"{ATOM}id")


def test_dates_come_from_the_records_never_the_clock(site):
    chat = entry_of(site, "all.atom.xml", "events/2013/renamed-chat/")
    assert chat.findtext(f"{ATOM}published") == "2026-11-25T00:00:00+00:00"
    assert chat.findtext(f"{ATOM}updated") == "2026-11-27T00:00:00+00:00"  # its `modified`
    updated = {
        name: xml(site / "feeds" / name).findtext(f"{ATOM}updated")
        for name in (
            "all.atom.xml",
            "types/award.atom.xml",
            "leaders/david-cameron.atom.xml",
            "leaders/no-events-yet.atom.xml",
        )
    }
    assert updated == {
        "all.atom.xml": "2026-11-27T00:00:00+00:00",
        "types/award.atom.xml": "2026-11-25T00:00:00+00:00",
        "leaders/david-cameron.atom.xml": "2026-11-27T00:00:00+00:00",
        # No records yet: the archive's own last change, still not the build time.
        "leaders/no-events-yet.atom.xml": "2026-11-27T00:00:00+00:00",
    }
    channel = xml(site / "feeds/types/award.rss.xml").find("channel")
    assert channel.findtext("lastBuildDate") == "Wed, 25 Nov 2026 00:00:00 +0000"
    pub_dates = [i.findtext("pubDate") for i in channel.findall("item")]
    assert pub_dates == ["Wed, 25 Nov 2026 00:00:00 +0000", "Sat, 21 Nov 2026 00:00:00 +0000"]


def test_entries_carry_date_terms_body_and_sources(site):
    chat = entry_of(site, "all.atom.xml", "events/2013/renamed-chat/")
    assert chat.findtext(f"{ATOM}title") == "Renamed live chat"
    assert chat.findtext(f"{ATOM}summary").startswith("A chat whose record was renamed")
    categories = {
        (c.get("scheme"), c.get("term"), c.get("label")) for c in chat.findall(f"{ATOM}category")
    }
    assert categories == {
        (absolute("timeline/"), "2013", "2013"),
        (absolute("leaders/"), "david-cameron", "David Cameron"),
        (absolute("organizations/"), "united-nations", "United Nations"),
        (absolute("types/"), "live-qa", "Live Q&A"),
        (absolute("platforms/"), "twitter", "Twitter"),
        # David Cameron was Prime Minister of the United Kingdom in 2013, the chat's year.
        (absolute("countries/"), "united-kingdom", "United Kingdom"),
    }
    html = content_html(chat)
    assert "Date: 10 May 2013 Leaders:" in html.get_text(" ", strip=True)
    assert "A quotation from an earlier chat." in html.get_text()
    (source,) = html.find_all("li")
    assert source.get_text() == (
        "Example News, The chat, reported, 11 May 2013, in English. Archived copy."
    )
    assert source.cite.a["href"] == "https://example.org/chat"
    assert source.find("a", string="Archived copy")["href"].startswith("https://web.archive.org/")
    assert "last corrected 27 November 2026" in html.get_text()
    rss_categories = {
        (c.get("domain"), c.text)
        for i in rss_items(site, "all.rss.xml")
        if i.findtext("link") == absolute("events/2013/renamed-chat/")
        for c in i.findall("category")
    }
    assert (absolute("types/"), "Live Q&A") in rss_categories


@pytest.mark.parametrize(
    ("feed", "url", "shown"),
    [
        ("leaders/ban-ki-moon.atom.xml", "events/2012/full-day-chat/", "16 July 2012"),
        ("leaders/ban-ki-moon.atom.xml", "events/2012/month-only-award/", "July 2012"),
        ("types/social-media-space.atom.xml", "events/2012/year-only-space/", "2012"),
        ("all.atom.xml", "events/2013/multi-day-visit/", "2–4 December 2013"),
    ],
)
def test_event_date_is_in_its_own_precision(site, feed, url, shown):
    facts = content_html(entry_of(site, feed, url)).p.get_text(" ", strip=True)
    assert facts.startswith(f"Date: {shown} ")


def test_body_links_are_resolved_against_the_event_page(site):
    links = [
        (a.get_text(), a.get("href"))
        for a in content_html(entry_of(site, "all.atom.xml", "events/2013/renamed-chat/")).select(
            "p a"
        )
    ]
    assert links[-6:] == [
        ("visit", absolute("events/2013/multi-day-visit/")),
        ("leader", absolute("leaders/david-cameron/")),
        ("source", absolute("events/2013/renamed-chat/#source-report")),
        ("first chat", absolute("events/2012/full-day-chat/")),
        ("outside page", "https://example.org/elsewhere"),
        ("the editors", None),  # only http(s) links are published: mailto is text
    ]
    quote = content_html(entry_of(site, "all.atom.xml", "events/2013/renamed-chat/")).q
    assert quote["cite"] == absolute("events/2012/full-day-chat/")


def _urls_in_html(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        tag[attr] for attr in ("href", "src", "cite") for tag in soup.find_all(attrs={attr: True})
    ]


def _is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    return parts.scheme == "tag"


def feed_urls(site: Path) -> tuple[list[str], int]:
    """Every URL in every feed: attributes, URL-valued elements and links inside entry HTML."""
    urls: list[str] = []
    in_content = 0
    for path in xml_feeds(site):
        for element in xml(path).iter():
            name = etree.QName(element).localname
            urls += [
                element.get(a) for a in ("href", "src", "scheme", "domain", "uri") if element.get(a)
            ]
            if name in ("id", "link", "guid", "uri", "docs") and (element.text or "").strip():
                urls.append(element.text.strip())
            if name in ("content", "summary", "description", "encoded") and element.text:
                found = _urls_in_html(element.text)
                in_content += len(found)
                urls += found
    document = json.loads((site / "feeds/all.json").read_text(encoding="utf-8"))
    urls += [document["home_page_url"], document["feed_url"]]
    for item in document["items"]:
        urls += [item["id"], item["url"], *_urls_in_html(item["content_html"])]
    return urls, in_content


def test_no_relative_url_anywhere_in_any_feed(site):
    urls, in_content = feed_urls(site)
    assert [u for u in urls if not _is_absolute(u)] == []
    assert in_content > 300  # the walk did reach the links inside the entries' HTML


def test_the_real_archive_feeds_parse_and_link_absolutely(real_site):
    records = len(check_archive(REAL_CONTENT).events)
    for path in xml_feeds(real_site):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    urls, _ = feed_urls(real_site)
    assert [u for u in urls if not _is_absolute(u)] == []
    assert len(atom_entries(real_site, "all.atom.xml")) == min(records, 50)


# --- Hostile text ----------------------------------------------------------------------------


def test_hostile_text_comes_out_escaped_and_feeds_stay_well_formed(site):
    for name in (
        "all.atom.xml",
        "all.rss.xml",
        "types/award.atom.xml",
        "leaders/ban-ki-moon.rss.xml",
    ):
        tree = xml(site / "feeds" / name)  # strict XML: raises on a bad character or escape
        assert not [e for e in tree.iter() if etree.QName(e).localname == "script"]
        parsed = feedparser.parse((site / "feeds" / name).read_bytes())
        assert not parsed.bozo
        titles = [e.title for e in parsed.entries]
        assert HOSTILE_TITLE in titles, titles
    entry = entry_of(site, "all.atom.xml", "events/2014/hostile-text/")
    assert entry.findtext(f"{ATOM}title") == HOSTILE_TITLE
    summary = BeautifulSoup(entry.findtext(f"{ATOM}summary"), "html.parser")
    assert not summary.find("b")  # the record's `<b>` is text, not markup
    assert summary.get_text() == "Tom & Jerry's <b>bold</b> claim here"
    html = content_html(entry)
    assert html.find("script") is None and html.find("i") is None
    assert "Press & <i>Co</i>" in html.li.get_text()
    assert html.li.cite.get_text() == "A </cite> title"
    assert 'an ampersand &, "quotes" and a ]]> character.' in html.get_text()
    document = json.loads((site / "feeds/all.json").read_text(encoding="utf-8"))
    assert HOSTILE_TITLE in [item["title"] for item in document["items"]]


# --- Stability across builds ----------------------------------------------------------------


def _entries_by_id(site: Path) -> dict[str, tuple[str, str, str]]:
    found = {}
    for path in sorted((site / "feeds").rglob("*.atom.xml")):
        for entry in xml(path).findall(f"{ATOM}entry"):
            found[entry.findtext(f"{ATOM}id")] = (
                entry.findtext(f"{ATOM}title"),
                entry_link(entry),
                entry.findtext(f"{ATOM}updated"),
            )
    return found


def test_ids_survive_a_title_edit_a_correction_and_a_rename(tmp_path):
    content = feed_content(tmp_path)
    before = _entries_by_id(build(content, tmp_path / "before"))
    visit = content / "events/2013/multi-day-visit.md"
    visit.write_text(
        visit.read_text(encoding="utf-8")
        .replace("title: Multi-day visit posts", "title: Three days of visit posts")
        .replace("modified: 2026-11-24", "modified: 2026-11-30"),
        encoding="utf-8",
    )
    launch = content / "events/2014/account-launch.md"
    (content / "events/2014/account-opening.md").write_text(
        launch.read_text(encoding="utf-8").replace(
            "added: 2026-11-19\n", "added: 2026-11-19\nformer_slugs: [account-launch]\n"
        ),
        encoding="utf-8",
    )
    launch.unlink()
    site = build(content, tmp_path / "after")
    after = _entries_by_id(site)
    assert after.keys() == before.keys()
    visit_id = "tag:127.0.0.1,2026-11-23:/events/2013/multi-day-visit/"
    assert before[visit_id][0] == "Multi-day visit posts"
    assert after[visit_id] == (
        "Three days of visit posts",
        absolute("events/2013/multi-day-visit/"),
        "2026-11-30T00:00:00+00:00",
    )
    launch_id = "tag:127.0.0.1,2026-11-19:/events/2014/account-launch/"
    assert before[launch_id][1] == absolute("events/2014/account-launch/")
    assert after[launch_id][1] == absolute("events/2014/account-opening/")
    assert (site / "events/2014/account-launch/index.html").is_file()  # the old URL redirects
    assert (
        xml(site / "feeds/all.atom.xml").findtext(f"{ATOM}updated") == "2026-11-30T00:00:00+00:00"
    )


def test_two_builds_of_the_same_content_give_byte_identical_feeds(tmp_path):
    content = feed_content(tmp_path)
    first, second = build(content, tmp_path / "first"), build(content, tmp_path / "second")

    def feeds(site: Path) -> dict[Path, bytes]:
        return {
            p.relative_to(site): p.read_bytes() for p in (site / "feeds").rglob("*") if p.is_file()
        }

    assert feeds(first) == feeds(second)
    assert len(feeds(first)) > 40


# --- Discovery ------------------------------------------------------------------------------


def _alternates(html: BeautifulSoup, base: str) -> list[tuple[str, str]]:
    return [
        (link["type"], urljoin(base, link["href"]))
        for link in html.head.find_all("link", rel="alternate")
    ]


@pytest.mark.parametrize("url", ["", "events/2013/renamed-chat/", "about/"])
def test_every_page_advertises_the_archive_feeds_in_its_head(site, page, url):
    assert _alternates(page(site, url), absolute(url)) == [
        ("application/atom+xml", absolute("feeds/all.atom.xml")),
        ("application/rss+xml", absolute("feeds/all.rss.xml")),
        ("application/feed+json", absolute("feeds/all.json")),
    ]


def test_home_page_shows_a_visible_feed_link(site, page):
    home = page(site, "")
    visible = {urljoin(absolute(""), a["href"]) for a in home.select("main a[href]")}
    assert {absolute("feeds/all.atom.xml"), absolute("feeds/all.rss.xml")} <= visible


def test_a_term_page_advertises_its_own_feed_first(index):
    """The partial as every term page includes it (term pages belong to another plugin)."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    catalog = build_catalog(index, read_feed_settings(settings))
    env = Environment(
        loader=FileSystemLoader(ROOT / "theme/templates"), **settings["JINJA_ENVIRONMENT"]
    )
    partial = env.get_template("partials/feed_links.html")
    term = index.term("leaders", "ban-ki-moon")
    html = BeautifulSoup(
        f"<head>{partial.render(feed_catalog=catalog, term=term, SITEURL='../..')}</head>",
        "html.parser",
    )
    base = absolute("leaders/ban-ki-moon/")
    assert _alternates(html, base)[:3] == [
        ("application/atom+xml", absolute("feeds/leaders/ban-ki-moon.atom.xml")),
        ("application/rss+xml", absolute("feeds/leaders/ban-ki-moon.rss.xml")),
        ("application/atom+xml", absolute("feeds/all.atom.xml")),
    ]
    assert html.link["title"] == "Ban Ki-moon – Digital Diplomacy Archive (Atom)"


def test_feeds_page_lists_every_written_feed_with_what_it_follows(site, page, index):
    html = page(site, "feeds/")
    linked = {urljoin(absolute("feeds/"), a["href"]) for a in html.select("main a[href]")}
    written = {absolute(p.relative_to(site).as_posix()) for p in xml_feeds(site)}
    assert written | {absolute("feeds/all.json")} <= linked
    for taxonomy in TAXONOMIES:
        for term in index.terms[taxonomy.name].values():
            item = html.find(id=f"feed-{taxonomy.name}-{term.slug}")
            text = item.get_text(" ", strip=True)
            assert term.label in text and f"for the {taxonomy.singular} {term.label}" in text
    title = xml(site / "feeds/leaders/ban-ki-moon.atom.xml").findtext(f"{ATOM}subtitle")
    assert title in html.find(id="feed-leaders-ban-ki-moon").get_text(" ", strip=True)


# --- Renamed records -------------------------------------------------------------------------


def test_a_renamed_records_old_url_redirects_to_its_page(site, page):
    old = page(site, "events/2013/old-chat-name/")
    refresh = old.find("meta", attrs={"http-equiv": "refresh"})["content"]
    delay, target = refresh.split("; url=")
    assert delay == "0"
    assert urljoin(absolute("events/2013/old-chat-name/"), target) == absolute(
        "events/2013/renamed-chat/"
    )
    assert old.find("link", rel="canonical")["href"] == absolute("events/2013/renamed-chat/")
    assert old.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert (site / "events/2013/renamed-chat/index.html").is_file()
    every_link = {link for path in xml_feeds(site) for link in _entries_links(path)}
    assert absolute("events/2013/old-chat-name/") not in every_link


def _entries_links(path: Path) -> list[str]:
    tree = xml(path)
    return [entry_link(e) for e in tree.findall(f"{ATOM}entry")] + [
        i.findtext("link") for i in tree.findall("channel/item")
    ]


# --- Settings and failures -------------------------------------------------------------------


def test_bad_feed_settings_are_all_reported_at_once():
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"FEED_SITEURL": "/relative", "FEED_MAX_ITEMS": 0, "FEED_TERM_MAX_ITEMS": True},
    )
    with pytest.raises(FeedSettingsError) as failure:
        read_feed_settings(settings)
    message = str(failure.value)
    for name in ("FEED_SITEURL", "FEED_MAX_ITEMS", "FEED_TERM_MAX_ITEMS"):
        assert f"\n{name}: " in message


def test_a_build_without_an_absolute_feed_url_fails(tmp_path):
    with pytest.raises(FeedSettingsError, match="FEED_SITEURL"):
        build(FIXTURE_SITE, tmp_path / "output", {"FEED_SITEURL": ""})
    assert not (tmp_path / "output").exists()


def test_published_feeds_use_the_public_url_for_links_and_ids():
    settings = read_feed_settings(read_settings(str(ROOT / "publishconf.py")))
    assert settings.site_url == "https://digital-diplomacy-archive.github.io"
    assert settings.tag_authority == "digital-diplomacy-archive.github.io"
    assert settings.max_items == 50 and settings.term_max_items == 50


def test_a_body_link_no_browser_could_follow_is_text_on_the_page_and_in_the_feeds(tmp_path):
    content = feed_content(tmp_path)
    record = content / "events/2012/month-only-award.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n[broken](//[::1)\n", encoding="utf-8")
    site = build(content, tmp_path / "output")
    page = parse(site / "events/2012/month-only-award/index.html")
    assert [a.get("href") for a in page.select("section.body a") if a.get_text() == "broken"] == [
        None
    ]
    entry = content_html(entry_of(site, "all.atom.xml", "events/2012/month-only-award/"))
    assert [a.get("href") for a in entry.find_all("a") if a.get_text() == "broken"] == [None]


# --- Pure helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "resolved"),
    [
        ("../other/", "https://example.org/events/2013/other/"),
        ("/leaders/x/", "https://example.org/leaders/x/"),
        ("#source-a", "https://example.org/events/2013/this/#source-a"),
        ("?q=1", "https://example.org/events/2013/this/?q=1"),
        ("//cdn.example.net/a", "https://cdn.example.net/a"),
        ("https://elsewhere.org/", "https://elsewhere.org/"),
    ],
)
def test_absolute_html_resolves_links_as_a_browser_on_the_event_page_would(link, resolved):
    html = absolute_html(
        f'<p>see <a href="{link}">this</a> &amp; more</p>', "https://example.org/events/2013/this/"
    )
    assert html == f'<p>see <a href="{resolved}">this</a> &amp; more</p>'


def test_xml_safe_replaces_only_what_xml_cannot_carry():
    assert (
        xml_safe("a\x00b\x01c\x0bd\x1fe\ud800f\ufffeg")
        == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg"
    )
    kept = "tab\there\nline\r é € \U0001f600 \x7f \x85"
    assert xml_safe(kept) == kept


DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


def test_entries_carry_the_events_date_as_dc_date_in_its_own_precision(site, index):
    dates = {absolute(e.url): e.record.date.iso() for e in index.events}
    for name in ("all.atom.xml", "types/award.atom.xml"):
        entries = atom_entries(site, name)
        assert entries
        for entry in entries:
            (date,) = entry.findall(DC_DATE)
            assert date.text == dates[entry_link(entry)]
    for item in xml(site / "feeds/all.rss.xml").find("channel").findall("item"):
        (date,) = item.findall(DC_DATE)
        assert date.text == dates[item.findtext("link")]
    parsed = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    assert not parsed.bozo
    assert {e.get("dc_date") or e.get("date") for e in parsed.entries} >= {"2014-05", "2012"}


def test_records_added_the_same_day_come_newest_event_first(site):
    links = atom_links(site, "all.atom.xml")
    assert links.index(absolute("events/2014/hostile-text/")) < links.index(
        absolute("events/2013/renamed-chat/")
    )
