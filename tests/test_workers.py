"""Worker processes never outlive the job that started them, and one process gives the same site.

Pages are written by Pelican's own writer in this process (measured in BENCHMARKS.md: rendering
them in forked workers did not pay on two cores); the only workers are the cold readers of
`sitebuild.prefetch` and `make check`'s checkers, both through `processes.chunks.map_chunks`.
The archive must be large enough for workers to start (`MIN_RECORDS`)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import ROOT, build
from processes import chunks
from processes.chunks import MIN_RECORDS, WorkerCount, map_chunks
from saboteur import children_of
from sitebuild import prefetch

from bench.generate import generate

RECORDS = MIN_RECORDS + 50


def files(site: Path) -> dict[Path, bytes]:
    """Every file but the search index (whose file names come from its own build)."""
    return {
        p.relative_to(site): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
    }


def alive(pid: int) -> bool:
    """Running or a zombie: either way a process this one has not finished with."""
    return Path(f"/proc/{pid}").exists()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("synthetic") / "content", RECORDS).content


@pytest.fixture(scope="module")
def with_workers(synthetic: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(synthetic, tmp_path_factory.mktemp("workers") / "output", {"ARCHIVE_WORKERS": 2})


# --- map_chunks on its own --------------------------------------------------------------------


def square_slowly_in_children(numbers: list[int], parent: int, fail_in: str) -> list[int]:
    """In the workers: sleep (so that they are still running when this process fails)."""
    here = "parent" if os.getpid() == parent else "child"
    if here == fail_in:
        raise ValueError(f"{here} failed on purpose")
    if here == "child":
        time.sleep(30)
    return [n * n for n in numbers]


def test_a_failure_in_this_process_kills_and_reaps_every_child_at_once():
    before = set(children_of(os.getpid()))
    started = time.monotonic()
    with pytest.raises(ValueError, match="parent failed on purpose"):
        map_chunks(square_slowly_in_children, list(range(300)), 3, os.getpid(), "parent")
    assert time.monotonic() - started < 10  # killed, not waited for (each sleeps 30 s)
    assert set(children_of(os.getpid())) == before  # none left running, and no zombie


def test_a_failure_in_a_child_fails_the_job_with_its_traceback_and_reaps_it():
    def fail_in_child(numbers: list[int], parent: int) -> list[int]:
        if os.getpid() != parent and 7 in numbers:
            raise ValueError("child failed on purpose")
        return [n * n for n in numbers]

    before = set(children_of(os.getpid()))
    with pytest.raises(RuntimeError, match=r"(?s)a worker process failed.*child failed on purpose"):
        map_chunks(fail_in_child, list(range(300)), 2, os.getpid())
    assert set(children_of(os.getpid())) == before


def square(numbers: list[int]) -> list[int]:
    return [n * n for n in numbers]


def test_results_come_back_in_order_from_children_or_from_one_process(monkeypatch):
    numbers = list(range(MIN_RECORDS * 2 + 1))
    squares = [n * n for n in numbers]
    assert map_chunks(square, numbers, 1) == squares
    assert map_chunks(square, numbers, 3) == squares
    monkeypatch.delattr(os, "fork")  # Windows: the same results, from this process alone
    assert map_chunks(square, numbers, 3) == squares


def test_the_worker_count_is_asked_only_for_a_job_worth_splitting_and_only_once(monkeypatch):
    asked = []

    def cores() -> int:
        asked.append(1)
        return 2

    monkeypatch.setattr(chunks, "available_cores", cores)
    count = WorkerCount.from_settings({})
    assert map_chunks(square, [3, 1, 2], count) == [9, 1, 4]
    assert asked == []  # a few records: the system is not asked
    numbers = list(range(MIN_RECORDS))
    assert map_chunks(square, numbers, count) == square(numbers)
    assert map_chunks(square, numbers, count) == square(numbers)
    assert asked == [1]
    assert WorkerCount.from_settings({"ARCHIVE_WORKERS": 3})() == 3


def test_cores_are_counted_where_the_system_cannot_say_which_this_process_may_use(monkeypatch):
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert chunks.available_cores() == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert chunks.available_cores() == 1
    monkeypatch.delattr(os, "fork")
    assert WorkerCount.from_settings({"ARCHIVE_WORKERS": 4})() == 1


# --- Whole builds -----------------------------------------------------------------------------


def test_a_build_that_fails_while_its_workers_run_leaves_no_process_and_writes_nothing_after(
    synthetic: Path, tmp_path: Path, monkeypatch
):
    read = prefetch.read_record
    parent = os.getpid()

    def slow_children_failing_parent(path: Path, *args: object) -> object:
        if os.getpid() == parent:
            raise OSError(f"{path.name}: the disk failed on purpose")
        time.sleep(0.2)  # a child: still reading when the build fails
        return read(path, *args)

    monkeypatch.setattr(prefetch, "read_record", slow_children_failing_parent)
    before = set(children_of(parent))
    output = tmp_path / "output"
    with pytest.raises(OSError, match="failed on purpose"):
        build(synthetic, output, {"ARCHIVE_WORKERS": 2})
    assert set(children_of(parent)) == before
    time.sleep(1)  # a surviving worker would write now
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no output, no staging folder


def test_a_build_that_fails_after_its_workers_finished_leaves_no_process_and_no_file(
    synthetic: Path, tmp_path: Path
):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    broken = "{% if article.slug.endswith('-150') %}{{ this_is_not_a_function() }}{% endif %}"
    text = article.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}" + broken, 1
    )
    article.write_text(text, encoding="utf-8")
    before = set(children_of(os.getpid()))
    with pytest.raises(Exception, match="this_is_not_a_function"):
        build(synthetic, tmp_path / "site" / "output", {"ARCHIVE_WORKERS": 2, "THEME": str(theme)})
    assert set(children_of(os.getpid())) == before
    time.sleep(1)
    assert list((tmp_path / "site").iterdir()) == []


def test_without_fork_or_cpu_affinity_one_process_builds_the_same_site(
    synthetic: Path, with_workers: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.delattr(os, "fork")
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    alone = files(build(synthetic, tmp_path / "output"))
    assert len([p for p in alone if p.parts[0] == "events" and p.name == "index.html"]) == RECORDS
    assert alone == files(with_workers)
