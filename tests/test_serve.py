"""`make serve`: a record saved broken keeps the last good site in output/ and shows the error, in
the terminal and on the served pages, until the record is fixed.

Also: builds run one after another in one process (as `make serve` runs them) each fail on their
own warnings, though Pelican's loggers drop a message already logged in the process.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_SITE, ROOT, build, copy_content
from sitebuild.build import BuildFailed
from webtools import browser_page

PAGE = "events/2012/full-day-chat/"
BROKEN = "events/2014/broken.md"
ERROR = f"{BROKEN}:2: (file): YAML syntax"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """`make serve` in a subprocess, its terminal output in a file."""

    def __init__(self, folder: Path, content: Path) -> None:
        settings = folder / "settings.py"
        settings.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
            f"PATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
            f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nCACHE_PATH = {str(folder / 'cache')!r}\n",
            encoding="utf-8",
        )
        self.port = free_port()
        self.terminal = folder / "terminal.txt"
        command = [sys.executable, "-m", "sitebuild.serve", "-s", str(settings), "-o", "output"]
        self.process = subprocess.Popen(
            [*command, "-p", str(self.port)],
            cwd=folder,
            env={"PATH": os.environ["PATH"], "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"},
            stdout=subprocess.DEVNULL,
            stderr=self.terminal.open("w", encoding="utf-8"),
        )

    def said(self) -> str:
        return self.terminal.read_text(encoding="utf-8")

    def wait_for(self, text: str, count: int = 1) -> None:
        deadline = time.monotonic() + 120
        while self.said().count(text) < count:
            assert self.process.poll() is None, self.said()
            assert time.monotonic() < deadline, f"never said {text!r}:\n{self.said()}"
            time.sleep(0.1)

    def get(self, url: str) -> tuple[int, BeautifulSoup]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url}") as response:
                return response.status, BeautifulSoup(response.read(), "html.parser")
        except urllib.error.HTTPError as error:
            return error.code, BeautifulSoup(error.read(), "html.parser")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    running = Preview(tmp_path, content)
    try:
        yield running, content
    finally:
        running.stop()


def site(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_broken_record_keeps_the_last_good_site_and_shows_the_error(preview, tmp_path):
    server, content = preview
    server.wait_for("built output/")
    status, page = server.get(PAGE)
    assert status == 200 and page.h1.get_text(strip=True) == "Full-day live chat"
    assert page.select('[role="alert"]') == []
    before = site(tmp_path / "output")

    (content / BROKEN).write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    server.wait_for("output/ was left as it was.")
    assert ERROR in server.said()
    assert site(tmp_path / "output") == before, "the last good site is still there, whole"
    status, page = server.get(PAGE)
    assert status == 200 and page.h1.get_text(strip=True) == "Full-day live chat"
    alert = page.select_one('[role="alert"]')
    assert alert is not None and ERROR in alert.get_text()
    assert "this is the last good site" in alert.get_text()

    (content / BROKEN).unlink()
    server.wait_for("built output/", count=2)
    status, page = server.get(PAGE)
    assert status == 200 and page.select('[role="alert"]') == []


def test_a_missing_page_gets_the_404_page_and_the_search_index_stays(preview, tmp_path):
    server, _ = preview
    server.wait_for("built output/")
    status, page = server.get("events/2012/no-such-record/")
    assert status == 404
    assert page.title is not None and page.select_one("main") is not None, "the site's own 404 page"
    status, _ = server.get("events/")  # a folder without index.html is never listed
    assert status == 404
    assert (tmp_path / "output" / "pagefind" / "pagefind.js").is_file(), "search index built too"


def test_with_no_good_site_yet_every_page_shows_the_error(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    (content / BROKEN).write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    server = Preview(tmp_path, content)
    try:
        server.wait_for("there is no output/: no build has succeeded into it yet.")
        status, page = server.get(PAGE)
        assert status == 503
        assert ERROR in page.select_one('[role="alert"]').get_text()
    finally:
        server.stop()


def test_builds_in_one_process_each_fail_on_their_own_warnings(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    about = content / "pages/about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n[x]({filename}/missing.md)\n", encoding="utf-8"
    )
    for attempt in ("first", "second"):
        with pytest.raises(BuildFailed, match=r"Unable to find '/missing\.md'"):
            build(content, tmp_path / attempt)


def test_an_open_page_reloads_itself_after_a_save_and_shows_the_error(preview, browser):
    """The editor's loop: a page open in a real browser shows a saved edit, then the error of a
    broken save, then the fixed site, with nobody touching the browser."""
    server, content = preview
    server.wait_for("built output/")
    record = content / "events/2012/full-day-chat.md"
    with browser_page(browser) as page:
        page.goto(f"http://127.0.0.1:{server.port}/{PAGE}")
        assert page.locator("h1").inner_text() == "Full-day live chat"
        record.write_text(
            record.read_text(encoding="utf-8").replace(
                "title: Full-day live chat", "title: Full-day live chat, corrected"
            ),
            encoding="utf-8",
        )
        page.wait_for_function(
            "document.querySelector('h1').textContent.includes('corrected')", timeout=120_000
        )
        assert page.locator('[role="alert"]').count() == 0

        (content / BROKEN).write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
        page.wait_for_selector('[role="alert"]', timeout=120_000)
        assert ERROR in page.locator('[role="alert"]').inner_text()
        assert "corrected" in page.locator("h1").inner_text(), "the last good site, under the error"

        (content / BROKEN).unlink()
        page.wait_for_selector('[role="alert"]', state="detached", timeout=120_000)


def test_the_build_counter_and_script_are_the_preview_s_only(preview, tmp_path):
    """Pages carry the reload script only when served by the preview, never in output/."""
    server, _ = preview
    server.wait_for("built output/")
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/__build__") as response:
        assert response.read() == b"1"
    _, page = server.get(PAGE)
    assert any("__build__" in (s.string or "") for s in page.find_all("script"))
    written = (tmp_path / "output" / PAGE / "index.html").read_text(encoding="utf-8")
    assert "__build__" not in written
