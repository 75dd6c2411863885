"""A/B of our full build: one synthetic archive built by this checkout and by another, alternating.

`python -m bench.compare OTHER_CHECKOUT --count 10000 --runs 3` generates the archive once, then
runs full builds (empty output, no cache) by each checkout in turn, each in its own process with
that checkout's `bench.child`, plugins, theme and settings. It prints medians of wall time, CPU
time and peak memory of the build process, with Pagefind (the search index) reported apart, so
that a change to the code can be shown to cost nothing (or what it costs) on the same machine
under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from statistics import median

from .generate import generate
from .measure import run_process

ROOT = Path(__file__).resolve().parent.parent


def build(checkout: Path, content: Path, output: Path, report: Path) -> dict[str, float]:
    """One full build by `checkout`; what the process and the phase clock measured."""
    for folder in (output, output.with_name(output.name + "-cache")):
        shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "bench.child", "ours", "--content", str(content)]
    command += ["--output", str(output), "--report", str(report)]
    command += ["--settings", json.dumps({"CACHE_PATH": str(output) + "-cache"})]
    measured = run_process(command, cwd=checkout, env={"PYTHONPATH": str(checkout / "plugins")})
    inside = json.loads(report.read_text(encoding="utf-8"))
    search = inside["phases"].get("search", 0.0)
    cpu = measured.user + measured.system
    return {
        "wall": measured.wall,
        "wall_without_search": measured.wall - search,
        "cpu_without_search": cpu - inside.get("search_cpu", 0.0),
        "search": search,
        "self_peak_mb": inside["self_peak_mb"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("other", type=Path, help="the other checkout (e.g. a worktree of main)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    checkouts = {"this": ROOT, "other": args.other.resolve()}
    with tempfile.TemporaryDirectory(prefix="archive-compare-") as scratch_name:
        scratch = Path(scratch_name)
        content = scratch / "content"
        generate(content, args.count)
        results: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
        load = [os.getloadavg()[0]]
        for run in range(args.runs):
            for name, checkout in checkouts.items():
                report = scratch / f"{name}-{run}.json"
                found = build(checkout, content, scratch / f"{name}-output", report)
                results[name].append(found)
                print(
                    f"{name:5} run {run + 1}: "
                    + ", ".join(f"{k} {v:.2f}" for k, v in found.items()),
                    file=sys.stderr,
                    flush=True,
                )
        load.append(os.getloadavg()[0])
    print(
        f"{args.count} records, {args.runs} runs each, alternating; load average {load[0]:.1f} → {load[1]:.1f}"
    )
    print(f"{'median':28} {'this':>10} {'other':>10} {'this/other':>10}")
    for key in results["this"][0]:
        mine = median(r[key] for r in results["this"])
        theirs = median(r[key] for r in results["other"])
        print(f"{key:28} {mine:10.2f} {theirs:10.2f} {mine / theirs if theirs else 0:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
