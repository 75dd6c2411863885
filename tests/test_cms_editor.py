"""The editor end to end in Chromium: Decap CMS at /admin/ against its local backend (decap-server)
on a copy of the archive. What the form writes is a record that the archive reads back with the
values entered and that `make check` accepts; an edit changes only the line it edits."""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cmstools import decap_server, free_port, require_decap, wait_until
from conftest import REAL_CONTENT, ROOT, build, copy_content
from records.validation import check_archive
from records.yamlsource import parse_yaml, read_text, split_front_matter
from webtools import browser_page, serve

# What the editor enters, as the form shows it, and what the record must then hold.
TITLE = "Ban Ki-moon answers Weibo users again"
SLUG = "ban-ki-moon-answers-weibo-users-again"
SUMMARY = "The Secretary-General took questions from Sina Weibo users for a second time."
DATE = "2013-05"
BODY = "A test record written through the editor.\n\nIt has two paragraphs."
SOURCE = "un-news-ban-weibo-beijing"
QUOTE = "Since the UN opened an account on Sina Weibo, it has attracted more than two million followers."
SOURCE_PUBLISHER = "UN News"
SOURCE_TITLE = "Ban kicks off Beijing visit with live social media conversation with Weibo users"
SOURCE_URL = "https://news.un.org/en/story/2012/07/415762"


# Collections whose files all write their keys in one order, which the form follows.
ORDERED_BY_HAND = ("events", "leaders", "organizations")


def loaded(text: str, path: str) -> tuple[Any, str | None]:
    """A record file's data as the archive's loader reads it, and its body."""
    if not path.endswith(".md"):
        return parse_yaml(text).data, None
    front, body, _ = split_front_matter(text)
    return parse_yaml(front).data, body


@dataclass
class Editor:
    """The archive copy the editor writes, the address of /admin/, and what the browser fetched."""

    repository: Path
    admin: str
    config: dict[str, Any]
    requests: list[str] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.repository / "content"

    def form(self, collection: str) -> dict[str, dict[str, Any]]:
        """The fields of one collection's form, by name (nested ones too, as `list.field`)."""
        fields = next(c for c in self.config["collections"] if c["name"] == collection)["fields"]
        found: dict[str, dict[str, Any]] = {}
        for item in fields:
            found[item["name"]] = item
            for inner in item.get("fields", []):
                found[f"{item['name']}.{inner['name']}"] = inner
        return found


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Editor]:
    """A copy of the real content, the site built with /admin/, decap-server on the copy."""
    require_decap()
    base = tmp_path_factory.mktemp("cms")
    repository = base / "repository"
    copy_content(REAL_CONTENT, repository / "content")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api/v1"
    site = build(
        repository / "content", base / "site", {"CMS_ADMIN": True, "CMS_LOCAL_BACKEND": api}
    )
    config = parse_yaml(read_text(site / "admin" / "config.yml")).data
    with decap_server(repository, port), serve(site) as address:
        yield Editor(repository, f"{address}admin/", config)


@contextmanager
def admin_page(browser: Any, editor: Editor, route: str) -> Iterator[Any]:
    """/admin/ at `route`, signed in to the local backend; every request is remembered."""
    with browser_page(browser, viewport={"width": 1400, "height": 1000}) as page:
        page.on("request", lambda request: editor.requests.append(request.url))
        page.goto(f"{editor.admin}#/collections/{route}")
        page.get_by_role("button", name="Login").click()
        yield page


def field_input(page: Any, name: str) -> Any:
    """The input of a field: Decap names it `<name>-field-<n>`."""
    return page.locator(f'[id^="{name}-field-"]')


def pick(page: Any, name: str, typed: str, option: str, index: int = 0) -> None:
    """Choose an entry in a select or relation field by typing, then clicking the option."""
    field_input(page, name).nth(index).fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


def publish(page: Any) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now", exact=True).click()


def fill_sources(page: Any, editor: Editor) -> None:
    """Cite the source: picked among the source files, or written into the record where sources
    are still part of each record (before the source registry)."""
    form = editor.form("events")
    if form["sources"]["widget"] == "relation":
        pick(page, "sources", "Beijing visit", f"{SOURCE_TITLE} ({SOURCE_PUBLISHER})")
        pick(page, "source", "Beijing visit", f"{SOURCE_TITLE} ({SOURCE_PUBLISHER})")
        return
    field_input(page, "source").fill(SOURCE)
    page.get_by_role("button", name="Add sources").click()
    field_input(page, "id").fill(SOURCE)
    field_input(page, "publisher").fill(SOURCE_PUBLISHER)
    field_input(page, "title").last.fill(SOURCE_TITLE)
    field_input(page, "url").fill(SOURCE_URL)


@pytest.fixture(scope="module")
def created(editor: Editor, browser: Any) -> Path:
    """An event entered through the form and saved: its file."""
    with admin_page(browser, editor, "events/new") as page:
        field_input(page, "title").first.fill(TITLE)
        field_input(page, "summary").fill(SUMMARY)
        field_input(page, "date").first.fill(DATE)
        pick(page, "type", "Live", "Live Q&A")
        pick(page, "platforms", "Sina", "Sina Weibo")
        pick(page, "leaders", "Ban", "Ban Ki-moon")
        pick(page, "organizations", "United", "United Nations")
        page.get_by_role("button", name="Add metrics").click()
        pick(page, "subject", "United", "United Nations")
        pick(page, "platform", "Sina", "Sina Weibo")
        pick(page, "measure", "Follow", "Followers")
        field_input(page, "value").fill("2000000")
        pick(page, "qualifier", "more", "more-than")
        field_input(page, "as_of").fill(DATE)
        if "metrics.quote" in editor.form("events"):
            field_input(page, "quote").fill(QUOTE)
        fill_sources(page, editor)
        page.locator('[aria-label="markdown field"] [contenteditable="true"]').fill(BODY)
        publish(page)
        path = editor.content / "events" / "2013" / f"{SLUG}.md"
        wait_until(path.exists, str(path))
        wait_until(lambda: page.get_by_text("Changes saved").count() > 0, "the save")
    return path


def test_the_form_writes_the_event_at_its_year_folder_with_the_values_entered(editor, created):
    assert created == editor.content / "events" / DATE[:4] / f"{SLUG}.md"
    checked = check_archive(editor.content)
    assert checked.problems == []
    event = next(e for e in checked.events if e.slug == SLUG)
    record = event.record
    assert (record.title, record.summary, record.type) == (TITLE, SUMMARY, "live-qa")
    assert str(record.date) == DATE and record.date.precision.name == "MONTH"
    assert record.platforms == ["sina-weibo"]
    assert (record.leaders, record.organizations) == (["ban-ki-moon"], ["united-nations"])
    [metric] = record.metrics
    assert (metric.subject, metric.platform, metric.measure) == (
        "united-nations",
        "sina-weibo",
        "followers",
    )
    assert (metric.value, metric.qualifier.value, str(metric.as_of)) == (2000000, "more-than", DATE)
    assert metric.source == SOURCE
    assert getattr(metric, "quote", QUOTE) == QUOTE
    cited = [s if isinstance(s, str) else s.id for s in record.sources]
    assert cited == [SOURCE]
    assert event.body.strip() == BODY
    assert record.added.precision.name == "DAY"


def test_dates_are_written_as_text_and_the_front_matter_in_the_schemas_order(editor, created):
    front, _, _ = split_front_matter(read_text(created))
    data = parse_yaml(front).data
    assert data["date"] == DATE and data["metrics"][0]["as_of"] == DATE
    assert f"\ndate: {DATE}\n" in f"\n{front}\n", "a date as written, not quoted or retyped"
    order = [name for name in editor.form("events") if "." not in name and name in data]
    assert list(data) == order
    metric_order = [n.split(".")[1] for n in editor.form("events") if n.startswith("metrics.")]
    assert list(data["metrics"][0]) == [n for n in metric_order if n in data["metrics"][0]]
    assert "platforms: [sina-weibo]" in front and "!!" not in front


def test_make_check_accepts_what_the_form_wrote(editor, created):
    run = subprocess.run(
        [sys.executable, "-m", "editing.check", str(editor.content)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no problems" in run.stdout + run.stderr


def test_editing_the_title_changes_that_one_line(editor, created, browser):
    before = created.read_text(encoding="utf-8")
    with admin_page(browser, editor, f"events/entries/{DATE[:4]}/{SLUG}") as page:
        title = field_input(page, "title").first
        wait_until(lambda: title.input_value() == TITLE, "the record in the form")
        title.fill(f"{TITLE}, in Beijing")
        publish(page)
        wait_until(lambda: created.read_text(encoding="utf-8") != before, "the saved edit")
    after = created.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [f"-title: {TITLE}", f"+title: {TITLE}, in Beijing"]
    assert sorted(p.name for p in created.parent.iterdir() if SLUG in p.name) == [created.name]
    assert check_archive(editor.content).problems == []


def test_the_editor_loads_nothing_from_elsewhere(editor, created):
    assert editor.requests, "the browser fetched the editor"
    elsewhere = [url for url in editor.requests if not url.startswith("http://127.0.0.1:")]
    assert elsewhere == []


def test_every_record_reads_back_with_its_values_through_the_editors_format(editor, browser):
    """Each real record, read and written by the editor's format, loads with the same data."""
    files = {
        folder["name"]: {
            p.relative_to(REAL_CONTENT).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((REAL_CONTENT / folder["name"]).rglob(f"*.{folder['extension']}"))
        }
        for folder in editor.config["collections"]
    }
    assert sum(map(len, files.values())) >= 20
    with admin_page(browser, editor, "events") as page:
        written = page.evaluate(
            """async (files) => {
                const { parseRecordYaml, recordFormat } = await import('./records.js');
                const config = parseRecordYaml(await (await fetch('config.yml')).text());
                const out = {};
                for (const collection of config.collections) {
                    const format = recordFormat(collection);
                    for (const [path, text] of Object.entries(files[collection.name])) {
                        out[path] = format.toFile(format.fromFile(text));
                    }
                }
                return out;
            }""",
            files,
        )
    for collection, texts in files.items():
        for path, text in texts.items():
            assert loaded(written[path], path) == loaded(text, path), path
            if collection in ORDERED_BY_HAND:  # keys stay where the file had them
                assert json.dumps(loaded(written[path], path)) == json.dumps(loaded(text, path))


def test_rules_the_form_cannot_express_are_reported_on_their_lines(editor, browser, tmp_path):
    """The form lets a metric's subject be anyone and a location lack its name; `make check`
    (on a pull request, as annotations) names the file, the line and the field."""
    content = copy_content(REAL_CONTENT, tmp_path / "content")
    record = {
        "title": TITLE,
        "summary": SUMMARY,
        "date": DATE,
        "type": "live-qa",
        "platforms": ["sina-weibo"],
        "leaders": ["ban-ki-moon"],
        "location": {"country": "China"},
        "metrics": [
            {"subject": "unicef", "measure": "followers", "value": 5, "source": SOURCE},
        ],
        "sources": [SOURCE]
        if editor.form("events")["sources"]["widget"] == "relation"
        else [
            {"id": SOURCE, "publisher": SOURCE_PUBLISHER, "title": SOURCE_TITLE, "url": SOURCE_URL}
        ],
        "added": "2026-12-01",
        "body": BODY,
    }
    with admin_page(browser, editor, "events") as page:
        text = page.evaluate(
            """async (record) => {
                const { parseRecordYaml, recordFormat } = await import('./records.js');
                const config = parseRecordYaml(await (await fetch('config.yml')).text());
                const events = config.collections.find((c) => c.name === 'events');
                return recordFormat(events).toFile(record);
            }""",
            record,
        )
    path = content / "events" / "2013" / f"{SLUG}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "editing.check", str(content)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )
    lines = text.splitlines()
    subject = next(n for n, line in enumerate(lines, 1) if "subject: unicef" in line)
    location = next(n for n, line in enumerate(lines, 1) if line.startswith("location:"))
    shown = f"content/events/2013/{SLUG}.md"
    assert run.returncode == 1
    assert f"{shown}:{subject}: metrics[0].subject: 'unicef' is not among" in run.stdout
    assert f"{shown}:{location}: location.name:" in run.stdout
