"""Citations on the built pages: every citation links its source (and archived copy) and shows its
publisher, title, date and language; /sources/ lists exactly the sources, grouped by publisher,
each with exactly the records citing it; figures show their quotes and posts their language.

The expectations are computed from the content files themselves (plain YAML), not from the code
that builds the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURE_SITE, REAL_CONTENT, build, copy_content, parse
from pagecheck import resolve

POSTED = """\
---
title: A post quoted in two languages
summary: A leader posts in Chinese and a source quotes it.
date: 2013-04
type: visit-coverage
platforms: [sina-weibo]
leaders: [ban-ki-moon]
metrics:
  - subject: ban-ki-moon
    platform: sina-weibo
    measure: followers
    value: 123000
    qualifier: more-than
    source: quoted-post
    quote: "by Wednesday, he had attracted more than 123,000 followers"
posts:
  - author: ban-ki-moon
    platform: sina-weibo
    handle: 潘基文
    date: 2013-04-09
    text: "大家好！我是潘基文。"
    lang: zh-Hans
    translation: "Hello everyone! I am Ban Ki-moon."
    translation_by: archive
    source: quoted-post
  - author: united-nations
    platform: sina-weibo
    text: "Thank you, Weibo!"
    lang: en
    url: https://weibo.example/un/1
    source: quoted-post
  - author: united-nations
    platform: sina-weibo
    text: "谢谢"
    lang: zh-Hans
    translation: "Thanks"
    translation_by: source
    source: quoted-post
sources: [quoted-post]
added: 2026-11-25
---
A leader posted in Chinese.
"""
QUOTED_POST = """\
kind: news-article
publisher: Example Daily
title: Leader greets Weibo users
authors: [A. Writer, B. Writer]
date: 2013-04-10
language: en
url: https://example.org/daily/greets
archived_url: https://web.archive.org/web/2013/https://example.org/daily/greets
"""


def sources_site(folder: Path) -> tuple[Path, Path]:
    content = copy_content(FIXTURE_SITE, folder / "content")
    (content / "events/2013/posted.md").write_text(POSTED, encoding="utf-8")
    (content / "sources/quoted-post.yaml").write_text(QUOTED_POST, encoding="utf-8")
    return content, build(content, folder / "output")


@pytest.fixture(scope="module", params=["fixture", "real"])
def built(request: pytest.FixtureRequest, tmp_path_factory) -> tuple[Path, Path]:
    """(content, site): the fixture archive with a record quoting posts, and the real archive."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "fixture":
        return sources_site(folder)
    return REAL_CONTENT, build(REAL_CONTENT, folder / "output")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def source_files(content: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in (content / "sources").glob("*.yaml")}


def citing(content: Path) -> dict[str, set[str]]:
    """Source id -> the site URLs of the events and profiles that list it, from the files."""
    found: dict[str, set[str]] = {source_id: set() for source_id in source_files(content)}
    for path in (content / "events").glob("*/*.md"):
        data = front_matter(path)
        url = f"events/{str(data['date'])[:4]}/{path.stem}/"
        for source_id in data["sources"]:
            found[source_id].add(url)
    for folder in ("leaders", "organizations"):
        for path in (content / folder).glob("*.yaml"):
            for source_id in yaml.safe_load(path.read_text()).get("sources", []):
                found[source_id].add(f"{folder}/{path.stem}/")
    return found


def pages_with_citations(site: Path) -> list[tuple[str, BeautifulSoup]]:
    pages = []
    for file in sorted(site.rglob("index.html")):
        url = file.parent.relative_to(site).as_posix() + "/"
        if url.split("/")[0] in ("events", "leaders", "organizations"):
            pages.append((url, parse(file)))
    return pages


def test_every_citation_on_every_page_links_its_source(built):
    content, site = built
    files = source_files(content)
    cited = 0
    for url, html in pages_with_citations(site):
        for item in html.select("section.sources li"):
            source_id = item["id"].removeprefix("source-")
            source = files[source_id]
            text = " ".join(item.get_text().split())
            assert item.select_one(".publisher").get_text() == source["publisher"], url
            assert item.cite.get_text() == source["title"], url
            link = item.select_one("cite a.source-link")
            if source.get("url"):
                assert link["href"] == source["url"], url
                assert link["hreflang"] == source["language"]
            else:
                assert link is None
                assert " ".join(source["url_note"].split()) in text, url
            archived = item.select_one("a.archived-link")
            assert (archived["href"] if archived else None) == source.get("archived_url")
            date = item.time["datetime"] if item.time else None
            assert date == (str(source["date"]) if source.get("date") else None)
            assert item.select_one(".language").get_text() != ""
            bibliography = item.select_one("a.bibliography-link")["href"]
            assert resolve(url, bibliography) == "sources/"
            assert bibliography.endswith(f"#source-{source_id}")
            cited += 1
        for link in html.select("a[href^='#source-']"):
            assert html.find(id=link["href"][1:]) is not None, f"{url}: {link['href']}"
    assert cited > 0


def test_each_record_page_lists_exactly_the_sources_its_file_lists(built):
    content, site = built
    for path in (content / "events").glob("*/*.md"):
        data = front_matter(path)
        html = parse(site / f"events/{str(data['date'])[:4]}/{path.stem}/index.html")
        listed = [li["id"].removeprefix("source-") for li in html.select("section.sources li")]
        assert listed == data["sources"]


def test_the_bibliography_lists_exactly_the_sources_and_the_records_citing_each(built):
    content, site = built
    html = parse(site / "sources/index.html")
    files = source_files(content)
    expected = citing(content)
    entries = html.select("li.source-entry")
    assert sorted(e["id"].removeprefix("source-") for e in entries) == sorted(files)
    for entry in entries:
        source_id = entry["id"].removeprefix("source-")
        links = {resolve("sources/", a["href"]) for a in entry.select(".cited-by a")}
        assert links == expected[source_id], source_id
        assert len(entry.select(".cited-by a")) == len(expected[source_id]), "each once"
        group = entry.find_parent("section", class_="publisher")
        assert group.h2.get_text() == files[source_id]["publisher"]
        link = entry.select_one("a.source-link")
        assert (link["href"] if link else None) == files[source_id].get("url")
    publishers = [h2.get_text() for h2 in html.select("section.publisher > h2")]
    assert sorted(publishers) == sorted({s["publisher"] for s in files.values()})
    assert len(publishers) == len(set(publishers)), "one group per publisher"
    index = [a["href"][1:] for a in html.select("ul.publisher-index a")]
    assert index == [h2["id"] for h2 in html.select("section.publisher > h2")]


def test_every_record_links_its_sources_entry_in_the_bibliography(built):
    _, site = built
    html = parse(site / "sources/index.html")
    for url, page in pages_with_citations(site):
        for link in page.select("a.bibliography-link"):
            assert html.find(id=link["href"].split("#")[1]) is not None, url


def test_figures_show_their_quote_with_their_source(tmp_path_factory):
    _, site = sources_site(tmp_path_factory.mktemp("quotes"))
    html = parse(site / "events/2013/posted/index.html")
    cell = html.select_one(".metrics tbody td[data-label=Source]")
    assert cell.a["href"] == "#source-quoted-post"
    quote = cell.q
    assert quote.get_text() == "by Wednesday, he had attracted more than 123,000 followers"
    assert quote["cite"] == "https://example.org/daily/greets" and quote["lang"] == "en"


def test_posts_are_quoted_in_their_language_with_the_translation_marked(tmp_path_factory):
    _, site = sources_site(tmp_path_factory.mktemp("posts"))
    html = parse(site / "events/2013/posted/index.html")
    posts = html.select("section.posts figure.post")
    assert len(posts) == 3
    first, second, third = posts
    original = first.select_one("blockquote.post-text")
    assert original["lang"] == "zh-Hans" and original.get_text(strip=True) == "大家好！我是潘基文。"
    translation = first.select_one("blockquote.post-translation")
    assert translation["lang"] == "en"
    assert translation.get_text(strip=True) == "Hello everyone! I am Ban Ki-moon."
    assert "ours" in first.select_one(".translation-credit").get_text()
    caption = " ".join(first.figcaption.get_text().split())
    assert caption.startswith("Ban Ki-moon (潘基文) on Sina Weibo, 9 April 2013")
    assert first.figcaption.select_one("a[href='#source-quoted-post']") is not None
    assert second.select_one("blockquote.post-text")["cite"] == "https://weibo.example/un/1"
    assert second.select_one("blockquote.post-translation") is None
    assert "given by the source" in third.select_one(".translation-credit").get_text()
