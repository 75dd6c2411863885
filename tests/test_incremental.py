"""An incremental build makes exactly the site a clean build makes, and reuses what it can.

A stateful property test (Hypothesis `RuleBasedStateMachine`) edits a copy of the fixture archive
at random (records added, deleted, renamed, moved to another year; titles, leaders, platforms and
body links changed; a leader added, renamed or given another biography; a source retitled; an
organization's parent changed; a vocabulary label, a template and a setting changed) and after every step builds it twice: incrementally into one output folder kept
from step to step (with its cache), and from nothing into a fresh folder. The two must be equal
byte for byte, Pagefind's index compared by what it holds (its files are not byte-stable). After
an edit of records or registries the incremental build must have reused files of the last build
(else the test would pass by rebuilding everything); after a template or settings change it must
have reused none.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, ROOT, build, copy_content, parse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

BUNDLE = "pagefind"
LEADERS = ["ban-ki-moon", "david-cameron", "no-events-yet"]
PLATFORMS = ["sina-weibo", "twitter", "instagram", "wechat"]
SOURCES = ["blog", "news-b", "xinhua", "un-sg"]  # cited by the records the edits make
LINK = re.compile(r"\]\(/events/(\d{4})/([a-z0-9-]+)/\)")


def site_files(output: Path) -> dict[str, bytes]:
    """Every file of a built site but Pagefind's bundle, by name."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*")
        if p.is_file() and not p.relative_to(output).as_posix().startswith(f"{BUNDLE}/")
    }


def search_index(output: Path) -> dict[str, object]:
    """What Pagefind's bundle holds: each page's fragment (its URL, text, meta and filters, as
    JSON), the page count, and the bundle's fixed files; not its hashed file names or the order
    of pages inside its filter and word indexes."""
    bundle = output / BUNDLE
    if not bundle.is_dir():
        return {}
    fragments = sorted(
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        + gzip.decompress(p.read_bytes()).decode("utf-8")
        for p in (bundle / "fragment").glob("*.pf_fragment")
    )
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # The entry file and the `.pf_meta` index (named by its hash) list pages in no stable order.
    fixed = {
        p.name: p.read_bytes()
        for p in bundle.iterdir()
        if p.is_file() and p.name != "pagefind-entry.json" and p.suffix != ".pf_meta"
    }
    counts = {name: lang["page_count"] for name, lang in entry["languages"].items()}
    return {"fragments": fragments, "pages": counts, "fixed": fixed}


def inodes(output: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file the incremental build reused keeps both
    (it is hard-linked); a file written again may get a freed inode back, never the old time."""
    found = {}
    for path in output.rglob("*"):
        if path.is_file():
            status = path.stat()
            found[path.relative_to(output).as_posix()] = (status.st_ino, status.st_mtime_ns)
    return found


def front_matter_set(text: str, field: str, value: str) -> str:
    """The record with `field: value` in its front matter (replaced, or added before `added:`)."""
    line = re.compile(rf"^{field}: .*$", re.M)
    if line.search(text):
        return line.sub(lambda _: f"{field}: {value}", text, count=1)
    return text.replace("\nadded: ", f"\n{field}: {value}\nadded: ", 1)


class IncrementalBuilds(RuleBasedStateMachine):
    """Random edits of one archive; after each, the incremental build equals a clean one."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(os.environ["INCREMENTAL_TMP"]) / f"run-{id(self)}"
        shutil.rmtree(self.root, ignore_errors=True)
        self.content = copy_content(FIXTURE_SITE, self.root / "content")
        self.theme = shutil.copytree(ROOT / "theme", self.root / "theme")
        self.output = self.root / "output"
        self.settings: dict[str, object] = {
            "ARCHIVE_CACHE": True,
            "CACHE_PATH": str(self.root / "cache"),
            "THEME": str(self.theme),
        }
        self.counter = 0
        self.expect_reuse: bool | None = None
        # Code, theme or settings changed since the last build that succeeded: nothing reusable.
        self.site_changed = False
        self.previous: dict[str, int] = {}
        self.built = False

    # -- the archive as it stands -------------------------------------------------------------

    def records(self) -> list[Path]:
        return sorted((self.content / "events").glob("*/*.md"))

    def url(self, record: Path) -> str:
        return f"/events/{record.parent.name}/{record.stem}/"

    def retarget_links(self, old: str, new: str | None) -> None:
        """Other records' body links to `old` follow it to `new`, or become plain text."""
        for record in self.records():
            text = record.read_text(encoding="utf-8")
            if old not in text:
                continue
            if new is None:
                text = re.sub(rf"\[([^\]]*)\]\({re.escape(old)}\)", r"\1", text)
            else:
                text = text.replace(f"]({old})", f"]({new})")
            record.write_text(text, encoding="utf-8")

    def edit(self, record: Path, field: str, value: str) -> None:
        record.write_text(
            front_matter_set(record.read_text(encoding="utf-8"), field, value), encoding="utf-8"
        )

    def next_name(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}-{self.counter}"

    # -- edits ----------------------------------------------------------------------------------

    @rule(
        year=st.sampled_from([2011, 2012, 2013, 2015]),
        leader=st.sampled_from(LEADERS[:2]),
        source=st.sampled_from(SOURCES),
        day=st.integers(1, 28),
    )
    def add_record(self, year: int, leader: str, source: str, day: int) -> None:
        name = self.next_name("added-event")
        folder = self.content / "events" / str(year)
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.md").write_text(
            f"---\ntitle: Added event {self.counter}\nsummary: An event added by the test.\n"
            f"date: {year}-03-{day:02d}\ntype: campaign\nplatforms: [twitter]\n"
            f"leaders: [{leader}]\nsources: [{source}]\nadded: 2026-11-2{self.counter % 10}\n"
            "---\nAdded.\n",
            encoding="utf-8",
        )
        self.expect_reuse = True

    @precondition(lambda self: len(self.records()) > 2)
    @rule(data=st.data())
    def delete_record(self, data: st.DataObject) -> None:
        record = data.draw(st.sampled_from(self.records()))
        self.retarget_links(self.url(record), None)
        record.unlink()
        self.drop_uncited_sources()
        self.expect_reuse = True

    def drop_uncited_sources(self) -> None:
        from conftest import drop_uncited_sources

        drop_uncited_sources(self.content)
        for source in SOURCES:  # the edits cite these: keep them (a leader cites them below)
            if not (self.content / "sources" / f"{source}.yaml").exists():
                shutil.copy(FIXTURE_SITE / "sources" / f"{source}.yaml", self.content / "sources")
        self.cite_kept_sources()

    def cite_kept_sources(self) -> None:
        """The leader without events cites the sources the edits use, so none is ever uncited."""
        leader = self.content / "leaders" / "no-events-yet.yaml"
        text = leader.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^sources: .*\n", "", text)
        leader.write_text(
            text.rstrip("\n") + f"\nsources: [{', '.join(SOURCES)}]\n", encoding="utf-8"
        )

    @rule(data=st.data())
    def rename_record(self, data: st.DataObject) -> None:
        record = data.draw(st.sampled_from(self.records()))
        target = record.with_name(f"{self.next_name(record.stem.split('-renamed')[0])}-renamed.md")
        text = record.read_text(encoding="utf-8")
        formers = re.search(r"^former_slugs: \[(.*)\]$", text, re.M)
        known = [f.strip() for f in formers.group(1).split(",")] if formers else []
        self.edit(record, "former_slugs", f"[{', '.join([*known, record.stem])}]")
        record.rename(target)
        self.retarget_links(self.url(record), self.url(target))
        self.expect_reuse = True

    @rule(data=st.data(), words=st.sampled_from(["A new title", "Another title", "Title 3"]))
    def change_title(self, data: st.DataObject, words: str) -> None:
        record = data.draw(st.sampled_from(self.records()))
        self.edit(record, "title", f"{words} {self.next_name('t')}")
        self.expect_reuse = True

    @rule(data=st.data(), year=st.sampled_from([2010, 2012, 2013, 2016]))
    def move_to_another_year(self, data: st.DataObject, year: int) -> None:
        record = data.draw(st.sampled_from(self.records()))
        old_year = int(record.parent.name)
        text = record.read_text(encoding="utf-8")
        if year == old_year or "end_date" in text or "as_of" in text:
            return
        date = re.search(r"^date: (\d{4})(.*)$", text, re.M)
        assert date is not None
        text = text.replace(date.group(0), f"date: {year}{date.group(2)}", 1)
        formers = re.search(r"^former_slugs: \[(.*)\]$", text, re.M)
        known = [f.strip() for f in formers.group(1).split(",")] if formers else []
        text = front_matter_set(
            text, "former_slugs", f"[{', '.join([*known, f'{old_year}/{record.stem}'])}]"
        )
        target = self.content / "events" / str(year) / record.name
        target.parent.mkdir(exist_ok=True)
        record.unlink()
        target.write_text(text, encoding="utf-8")
        self.retarget_links(self.url(record), self.url(target))
        self.expect_reuse = True

    @rule(data=st.data(), leaders=st.lists(st.sampled_from(LEADERS[:2]), min_size=1, unique=True))
    def change_leaders(self, data: st.DataObject, leaders: list[str]) -> None:
        record = data.draw(st.sampled_from(self.records()))
        self.edit(record, "leaders", f"[{', '.join(leaders)}]")
        self.expect_reuse = True

    @rule(data=st.data(), platforms=st.lists(st.sampled_from(PLATFORMS), min_size=1, unique=True))
    def change_platforms(self, data: st.DataObject, platforms: list[str]) -> None:
        record = data.draw(st.sampled_from(self.records()))
        if "metrics:" in record.read_text(encoding="utf-8"):
            platforms = sorted({*platforms, "sina-weibo"})
        self.edit(record, "platforms", f"[{', '.join(platforms)}]")
        self.expect_reuse = True

    @precondition(lambda self: len(self.records()) > 1)
    @rule(data=st.data())
    def link_another_record(self, data: st.DataObject) -> None:
        record, other = data.draw(
            st.lists(st.sampled_from(self.records()), min_size=2, max_size=2, unique=True)
        )
        with record.open("a", encoding="utf-8") as body:
            body.write(f"\nSee [that event]({self.url(other)}).\n")
        self.expect_reuse = True

    @rule(name=st.sampled_from(["Ban Ki-moon", "BAN Ki-moon", "Ban Ki-Moon (UN)"]))
    def rename_leader(self, name: str) -> None:
        leader = self.content / "leaders" / "ban-ki-moon.yaml"
        text = leader.read_text(encoding="utf-8")
        leader.write_text(
            re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1), encoding="utf-8"
        )
        self.expect_reuse = True

    @rule(source=st.sampled_from(SOURCES), title=st.sampled_from(["A report", "Another report"]))
    def change_source(self, source: str, title: str) -> None:
        """A source's title, shown on the pages, feeds and data of every record citing it."""
        path = self.content / "sources" / f"{source}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), "utf-8")
        self.expect_reuse = True

    @rule(bio=st.sampled_from(["A new biography.", "Fixture leader for tests."]))
    def change_profile(self, bio: str) -> None:
        """A profile field other than the name: shown on the profile page and in the data."""
        leader = self.content / "leaders" / "ban-ki-moon.yaml"
        text = leader.read_text(encoding="utf-8")
        leader.write_text(re.sub(r"(?m)^bio: .*$", f"bio: {bio}", text, count=1), "utf-8")
        self.expect_reuse = True

    @rule(parent=st.sampled_from(["united-nations", None]))
    def change_parent(self, parent: str | None) -> None:
        """An organization's parent: the parent's page lists its members."""
        organization = self.content / "organizations" / "unicef.yaml"
        text = re.sub(r"(?m)^parent: .*\n", "", organization.read_text(encoding="utf-8"))
        if parent is not None:
            text = text.replace("kind: un-agency\n", f"kind: un-agency\nparent: {parent}\n", 1)
        organization.write_text(text, encoding="utf-8")
        self.expect_reuse = True

    @rule()
    def add_leader(self) -> None:
        name = self.next_name("new-leader")
        (self.content / "leaders" / f"{name}.yaml").write_text(
            f"name: New Leader {self.counter}\nroles:\n  - title: Minister\n    country: Chile\n",
            encoding="utf-8",
        )
        self.expect_reuse = True

    @rule(label=st.sampled_from(["Live Q&A", "Live questions", "Q&A live"]))
    def change_vocabulary_label(self, label: str) -> None:
        vocabulary = self.content / "vocabulary.yaml"
        text = vocabulary.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(  live-qa:\n    label: ).*$", rf"\g<1>{label}", text, count=1)
        vocabulary.write_text(text, encoding="utf-8")
        self.expect_reuse = True

    @rule()
    def change_template(self) -> None:
        base = self.theme / "templates" / "base.html"
        base.write_text(
            base.read_text(encoding="utf-8") + f"\n{{# edit {self.counter} #}}\n", encoding="utf-8"
        )
        self.counter += 1
        self.site_changed = True

    @rule(subtitle=st.sampled_from(["One subtitle", "Another subtitle"]))
    def change_setting(self, subtitle: str) -> None:
        self.site_changed |= self.settings.get("SITESUBTITLE") != subtitle
        self.settings["SITESUBTITLE"] = subtitle

    # -- after every step -----------------------------------------------------------------------

    @invariant()
    def incremental_equals_clean(self) -> None:
        self.cite_kept_sources()
        before = inodes(self.output) if self.output.is_dir() else {}
        clean = self.root / f"clean-{self.counter}"
        clean_error = incremental_error = None
        try:
            build(
                self.content,
                clean,
                {
                    "THEME": str(self.theme),
                    **{
                        k: v
                        for k, v in self.settings.items()
                        if k not in ("ARCHIVE_CACHE", "CACHE_PATH")
                    },
                },
            )
        except Exception as err:
            clean_error = str(err)
        try:
            build(self.content, self.output, self.settings)
        except Exception as err:
            incremental_error = str(err)
        assert (clean_error is None) == (incremental_error is None), (
            clean_error,
            incremental_error,
        )
        if clean_error is not None:
            assert inodes(self.output) == before  # the failed build left the last site
            return
        assert site_files(self.output) == site_files(clean)
        assert search_index(self.output) == search_index(clean)
        shutil.rmtree(clean)
        after = inodes(self.output)
        kept = {n for n, i in after.items() if before.get(n) == i}
        if self.built and self.site_changed:
            assert not kept, f"after a template or settings change, {len(kept)} files were reused"
        elif self.built and self.expect_reuse:
            assert kept, "an edit of records or registries reused nothing of the last build"
        self.built = True
        self.expect_reuse = None
        self.site_changed = False


@pytest.fixture
def incremental_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INCREMENTAL_TMP", str(tmp_path))
    return tmp_path


def test_incremental_builds_equal_clean_builds(incremental_tmp: Path) -> None:
    examples = int(os.environ.get("INCREMENTAL_EXAMPLES", "3"))
    machine = settings(
        max_examples=examples,
        stateful_step_count=int(os.environ.get("INCREMENTAL_STEPS", "8")),
        deadline=None,
        derandomize=os.environ.get("INCREMENTAL_RANDOM") is None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )(IncrementalBuilds)
    machine.TestCase().runTest()


# --- What one edit rewrites -------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> dict:
    """The fixture archive built once incrementally (cache and memo on), with its content copy."""
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    settings = {"ARCHIVE_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    output = build(content, tmp_path / "output", settings)
    return {"content": content, "settings": settings, "output": output, "tmp": tmp_path}


def rebuild(site: dict) -> tuple[set[str], set[str]]:
    """Build again; the files reused (same inode) and the files written again."""
    before = inodes(site["output"])
    build(site["content"], site["output"], site["settings"])
    after = inodes(site["output"])
    kept = {n for n, i in after.items() if before.get(n) == i}
    return kept, set(after) - kept


def test_a_leader_renamed_rewrites_only_the_outputs_that_show_the_leader(built: dict):
    leader = built["content"] / "leaders" / "david-cameron.yaml"
    leader.write_text(
        leader.read_text(encoding="utf-8").replace("David Cameron", "D. Cameron"), encoding="utf-8"
    )
    kept, written = rebuild(built)
    shows = {n for n in kept | written if b"D. Cameron" in (built["output"] / n).read_bytes()}
    assert "events/2013/multi-day-visit/index.html" in shows
    assert "leaders/david-cameron/index.html" in shows
    assert {"data/leaders.json", "data/events.csv"} <= shows
    assert shows <= written  # every file that shows the new name was written again
    # Records and feeds that do not name him are the last build's files.
    for name in (
        "events/2014/account-launch/index.html",
        "events/2012/full-day-chat/cite.bib",
        "organizations/unicef/index.html",
        "feeds/organizations/unicef.atom.xml",
        "data/events.json",  # slugs and record fields only, no names
        "data/schema/event.schema.json",
        "data/vocabulary.json",
    ):
        assert name in kept, name
    clean = build(built["content"], built["tmp"] / "clean")
    assert site_files(built["output"]) == site_files(clean)


def test_the_search_index_is_reused_unless_an_event_page_changed(built: dict):
    (built["content"] / "leaders" / "new-leader.yaml").write_text(
        "name: New Leader\nroles:\n  - title: Minister\n    country: Chile\n", encoding="utf-8"
    )
    _, written = rebuild(built)
    assert "leaders/new-leader/index.html" in written
    assert {n for n in written if n.startswith(f"{BUNDLE}/")} == set()
    record = built["content"] / "events/2014/account-launch.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("Account launch", "Launch"), encoding="utf-8"
    )
    _, written = rebuild(built)
    assert {n for n in written if n.startswith(f"{BUNDLE}/fragment/")}
    assert "events/2014/account-launch/index.html" in written
    clean = build(built["content"], built["tmp"] / "clean")
    assert search_index(built["output"]) == search_index(clean)


def test_an_output_changed_by_hand_is_made_again(built: dict):
    page = built["output"] / "events/2014/account-launch/index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Account launch", b"Tampered"))
    leader = built["content"] / "leaders" / "david-cameron.yaml"
    leader.write_text(leader.read_text(encoding="utf-8") + "bio: Edited.\n", encoding="utf-8")
    _, written = rebuild(built)
    assert "events/2014/account-launch/index.html" in written
    assert page.read_bytes() == original


def test_a_failed_incremental_build_leaves_the_last_site_as_it_was(built: dict):
    before = {n: (built["output"] / n).read_bytes() for n in inodes(built["output"])}
    identities = inodes(built["output"])
    record = built["content"] / "events/2014/account-launch.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("type: account-launch", "type: unknown-type"),
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="unknown"):
        build(built["content"], built["output"], built["settings"])
    assert inodes(built["output"]) == identities
    assert {n: (built["output"] / n).read_bytes() for n in identities} == before
    assert parse(built["output"] / "events/2014/account-launch/index.html").h1 is not None


def test_a_plugin_code_change_reuses_nothing(built: dict):
    plugins = built["tmp"] / "more-plugins"
    (plugins / "extra").mkdir(parents=True)
    (plugins / "extra" / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")
    built["settings"]["PLUGIN_PATHS"] = [str(ROOT / "plugins"), str(plugins)]
    rebuild(built)  # the setting itself changed: everything built again
    record = built["content"] / "events/2014/account-launch.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    kept, _ = rebuild(built)
    assert kept  # the same code: the other records' files are reused
    (plugins / "extra" / "__init__.py").write_text("VALUE = 2\n", encoding="utf-8")
    record.write_text(record.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    kept, _ = rebuild(built)
    assert kept == set()
