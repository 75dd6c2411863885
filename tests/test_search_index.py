"""How the search index is made: Pagefind dies with the build, and bundles compare by content.

`bench.search_index` keeps the fastest way of indexing only if its bundle says what the CLI's
says; these tests make sure that comparison can tell (bench.pagefind_bundle) and that the
service client it measures gives Pagefind's own errors.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from readersite.search import BUNDLE, index_site
from saboteur import running

from bench.pagefind_bundle import differences, read_bundle
from bench.pagefind_service import PagefindError, index_html, new_index
from bench.search_index import event_pages, sort_values

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def many_pages(site: Path, count: int) -> Path:
    """Event pages enough to keep Pagefind busy for a second or more."""
    words = " ".join(f"word{n}" for n in range(400))
    for n in range(count):
        page = site / "events/2012" / f"page-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        body = f"<main data-pagefind-body><h1>Page {n}</h1><p>{words} page{n}</p></main>"
        page.write_text(f"<!doctype html><html lang=en><body>{body}</body></html>")
    return site


def test_pagefind_dies_with_a_killed_build_and_writes_nothing(tmp_path):
    site = many_pages(tmp_path / "site", 2000)
    step = (
        "import sys, pathlib, readersite.search as s; s.index_site(pathlib.Path(sys.argv[1]), {})"
    )
    build = subprocess.Popen([sys.executable, "-c", step, str(site)], env=ENV)
    deadline = time.monotonic() + 30
    while not (pagefind := children(build.pid)) and time.monotonic() < deadline:
        assert build.poll() is None, "the step ended before Pagefind could be seen"
        time.sleep(0.01)
    assert pagefind, "Pagefind was started"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 5
    while any(running(pid) for pid in pagefind) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(pid) for pid in pagefind)
    assert not (site / BUNDLE).exists()


def test_two_indexings_of_the_built_site_say_the_same(fixture_site, tmp_path):
    """The build's bundle against a second one of the same pages, by Pagefind's service."""
    pages = list(event_pages(fixture_site))
    assert len(index_html(pages, tmp_path / BUNDLE)) == len(pages) == 5
    built, again = read_bundle(fixture_site / BUNDLE), read_bundle(tmp_path / BUNDLE)
    assert differences(built, again, sort_values(fixture_site)) == []
    assert built.filters["leader"]["David Cameron"] == {
        url for url, html in pages if ">David Cameron</a>" in html
    }
    assert built.sorts["date"] and len(built.words) > 100


def test_a_changed_filter_or_word_is_a_difference(fixture_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site, ignore=shutil.ignore_patterns(BUNDLE))
    page = site / "events/2012/full-day-chat/index.html"
    html = page.read_text(encoding="utf-8")
    changed = html.replace('data-pagefind-filter="year:2012"', 'data-pagefind-filter="year:2013"')
    page.write_text(changed.replace("topics", "subjects"), encoding="utf-8")
    index_site(site, {})
    before, after = read_bundle(fixture_site / BUNDLE), read_bundle(site / BUNDLE)
    found = differences(before, after, sort_values(site))
    kinds = [line.split(":")[0] for line in found]
    assert kinds == ["fragments", "words", "filters"], found
    assert "'/events/2012/full-day-chat/'" in found[0]


def test_pagefind_refusing_a_page_says_why():
    with pytest.raises(PagefindError, match="source_path or url"), new_index() as (service, index):
        service.request(
            {"type": "AddFile", "index_id": index, "file_contents": "<p>"}, "IndexedFile"
        )
