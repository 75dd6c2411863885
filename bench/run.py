"""`make bench`: build one synthetic archive with our site, plain Pelican and Hugo; report medians."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .generate import SyntheticArchive, generate
from .measure import Measurement, count_files, run_process, summarise
from .report import Results, write_report
from .variants import write_hugo, write_plain

ROOT = Path(__file__).resolve().parent.parent
TMPFS = Path("/dev/shm")


@dataclass
class Sources:
    """One archive in the three forms the three builders read."""

    archive: SyntheticArchive
    ours: Path
    plain: Path
    hugo: Path


def prepare(folder: Path, count: int) -> Sources:
    """Generate the records, then the plain-Pelican and Hugo copies of the same records."""
    archive = generate(folder / "content", count)
    write_plain(archive, folder / "plain")
    write_hugo(archive, folder / "hugo")
    return Sources(archive, folder / "content", folder / "plain", folder / "hugo")


class Bench:
    """Runs every build in its own process and keeps what was measured."""

    def __init__(self, scratch: Path, hugo: str | None, log: Callable[[str], None]) -> None:
        self.scratch = scratch
        self.hugo = hugo
        self.log = log
        self.reports = scratch / "reports"
        self.reports.mkdir(parents=True, exist_ok=True)
        self.counter = 0

    def tools(self) -> list[str]:
        """Hugo only when it is installed."""
        return ["ours", "plain", *(["hugo"] if self.hugo else [])]

    def build(
        self,
        tool: str,
        sources: Sources,
        output: Path,
        fresh: bool = True,
    ) -> Measurement:
        """One build of `sources` by `tool` into `output`: `fresh` empties output and cache first,
        else it is a rebuild that uses the cache (plain Pelican's content cache is on only then)."""
        cache = output.with_name(f"{output.name}-cache")
        if fresh:
            for folder in (output, cache):
                if folder.exists():
                    shutil.rmtree(folder)
        self.counter += 1
        report = self.reports / f"{self.counter}.json"
        if tool == "hugo":
            assert self.hugo is not None
            command = [self.hugo, "--source", str(sources.hugo), "--destination", str(output)]
            command.append("--quiet")
        else:
            command = [sys.executable, "-m", "bench.child", tool]
            command += ["--output", str(output), "--report", str(report)]
            command += ["--content", str(sources.ours if tool == "ours" else sources.plain)]
            if tool == "ours":
                command += ["--settings", json.dumps({"CACHE_PATH": str(cache)})]
            elif not fresh:
                command += ["--cache", str(cache)]
        measured = run_process(command, cwd=ROOT)
        measured.files = count_files(output)
        if report.exists():
            inside = json.loads(report.read_text(encoding="utf-8"))
            measured.phases = inside.get("phases", {})
            measured.extra = {
                "startup": measured.wall - inside["inside"],
                "self_peak_mb": inside["self_peak_mb"],
                "children_peak_mb": inside["children_peak_mb"],
                "search_cpu": inside.get("search_cpu", 0.0),
            }
        self.log(
            f"  {tool:5} {measured.wall:7.2f} s {measured.peak_mb:6.0f} MB {measured.files:7} files"
        )
        return measured

    def check(self, sources: Sources) -> Measurement:
        """`make check` on the whole archive."""
        command = [sys.executable, "-m", "editing.check", str(sources.ours)]
        measured = run_process(command, cwd=ROOT)
        self.log(f"  check {measured.wall:7.2f} s")
        return measured


def edit_record(path: Path, run: int) -> None:
    """What an editor does: correct one record's body."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nCorrected in edit {run}.\n", encoding="utf-8")


def full_builds(bench: Bench, sources: Sources, runs: int) -> dict[str, dict[str, Measurement]]:
    """Alternating full builds into an empty output, on disk and on tmpfs."""
    places = {
        "disk": bench.scratch / "disk",
        "tmpfs": Path(tempfile.mkdtemp(dir=TMPFS, prefix="archive-bench-")),
    }
    measured: dict[str, dict[str, list[Measurement]]] = {
        place: {tool: [] for tool in bench.tools()} for place in places
    }
    try:
        for run in range(runs):
            bench.log(f"full builds, round {run + 1}/{runs}")
            for place, folder in places.items():
                for tool in bench.tools():
                    output = folder / f"{tool}-output"
                    measured[place][tool].append(bench.build(tool, sources, output))
    finally:
        shutil.rmtree(places["tmpfs"], ignore_errors=True)
    return {
        place: {tool: summarise(runs) for tool, runs in tools.items()}
        for place, tools in measured.items()
    }


def rebuilds(bench: Bench, sources: Sources, runs: int) -> dict[str, Measurement]:
    """After one build: rebuilds with nothing changed, then with one record edited (tmpfs output)."""
    folder = Path(tempfile.mkdtemp(dir=TMPFS, prefix="archive-bench-"))
    event = sources.archive.events[len(sources.archive.events) // 2]
    tools = ("ours", "plain")
    results: dict[str, list[Measurement]] = {}
    try:
        outputs = {tool: folder / f"{tool}-output" for tool in tools}
        for tool in tools:  # the first build with caches on, which the rebuilds then use
            bench.build(tool, sources, outputs[tool])
            if tool == "plain":
                bench.build(tool, sources, outputs[tool], fresh=False)
        bench.log("rebuilds, nothing changed")
        for _ in range(runs):
            for tool in tools:
                results.setdefault(f"{tool} unchanged", []).append(
                    bench.build(tool, sources, outputs[tool], fresh=False)
                )
        bench.log("rebuilds, one record edited")
        for run in range(runs):
            edit_record(sources.ours / event.relative_path, run)
            edit_record(sources.plain / event.relative_path, run)
            for tool in tools:
                results.setdefault(f"{tool} one edit", []).append(
                    bench.build(tool, sources, outputs[tool], fresh=False)
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {name: summarise(runs) for name, runs in results.items()}


def scaling(bench: Bench, small: Sources, runs: int) -> dict[str, Measurement]:
    """Full builds of the archive a tenth the size, output on tmpfs, to compare growth."""
    folder = Path(tempfile.mkdtemp(dir=TMPFS, prefix="archive-bench-"))
    measured: dict[str, list[Measurement]] = {tool: [] for tool in bench.tools()}
    try:
        bench.log(f"full builds of {len(small.archive.events)} records")
        for _ in range(runs):
            for tool in bench.tools():
                measured[tool].append(bench.build(tool, small, folder / f"{tool}-output"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {tool: summarise(runs) for tool, runs in measured.items()}


def main(argv: list[str] | None = None) -> int:
    """Command line: `python -m bench.run --count 10000 --runs 3`."""
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--command", default=None, help="the command to print in the report")
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("--runs: at least 3, so that the median means something")
    hugo = shutil.which("hugo")

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="archive-bench-") as scratch_name:
        scratch = Path(scratch_name)
        small_count = max(args.count // 10, 10)
        log(f"generating {args.count} and {small_count} records in {scratch}")
        sources = prepare(scratch / "large", args.count)
        small = prepare(scratch / "small", small_count)
        bench = Bench(scratch, hugo, log)
        results = Results(count=args.count, small_count=small_count, runs=args.runs, hugo=hugo)
        results.load.append(os.getloadavg()[0])
        results.full = full_builds(bench, sources, args.runs)
        results.small = scaling(bench, small, args.runs)
        results.check = summarise([bench.check(sources) for _ in range(args.runs)])
        results.small_check = summarise([bench.check(small) for _ in range(args.runs)])
        results.rebuild = rebuilds(bench, sources, args.runs)
        results.load.append(os.getloadavg()[0])
    command = args.command or f"make bench N={args.count} RUNS={args.runs}"
    text = write_report(args.report, results, command)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
