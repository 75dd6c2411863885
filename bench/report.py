"""The benchmark's results as Markdown in BENCHMARKS.md, one section per archive size."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .measure import Measurement

TARGETS = {
    "full": 1.0,
    "edit": 0.1,
    "check_1000": 1.0,
    "check_10000": 3.0,
    "peak_mb": 500,
    "growth": 10.5,
}


@dataclass
class Results:
    """Every summarised measurement of one `make bench` run."""

    count: int
    small_count: int
    runs: int
    hugo: str | None
    full: dict[str, dict[str, Measurement]] = field(default_factory=dict)
    small: dict[str, Measurement] = field(default_factory=dict)
    rebuild: dict[str, Measurement] = field(default_factory=dict)
    check: Measurement | None = None
    small_check: Measurement | None = None
    load: list[float] = field(default_factory=list)


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not installed"


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine(hugo: str | None, load: list[float]) -> list[str]:
    """What the figures were measured on."""
    memory = "unknown"
    cpu = platform.processor() or "unknown"
    meminfo, cpuinfo = Path("/proc/meminfo"), Path("/proc/cpuinfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GB"
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    return [
        f"- {os.cpu_count()} cores ({cpu}), {memory} memory, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Pelican {_package('pelican')}, "
        f"Markdown {_package('markdown')}, Jinja2 {_package('jinja2')}, "
        f"Pagefind {_package('pagefind')}",
        f"- Hugo: {_version([hugo, 'version']) if hugo else 'not installed'}",
        f"- load average (1 min) at the start and the end of the run: "
        f"{', '.join(f'{value:.1f}' for value in load)} (other work shared the cores: wall times "
        "vary from run to run; CPU time, user + system, is the steadier figure)",
    ]


def _s(value: float) -> str:
    return f"{value:.2f} s"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def _holds(ok: bool) -> str:
    return "holds" if ok else "**misses**"


def without_search(m: Measurement) -> float:
    """Our build's wall time with the search index (timed apart by the targets) taken out."""
    return m.wall - m.phases.get("search", 0.0)


def _full_table(results: Results) -> list[str]:
    names = {"ours": "our site", "plain": "plain Pelican", "hugo": "Hugo"}
    lines = [
        "| build | wall, output on disk | wall, output on tmpfs | CPU (user+sys, tmpfs) | peak memory | files written |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for tool, disk in results.full["disk"].items():
        tmpfs = results.full["tmpfs"][tool]
        peak = disk.extra.get("self_peak_mb", disk.peak_mb)
        lines.append(
            f"| {names[tool]} | {_s(disk.wall)} | {_s(tmpfs.wall)} | "
            f"{_s(tmpfs.user + tmpfs.system)} | {peak:.0f} MB | {disk.files:,} |"
        )
        if tool == "ours":
            lines.append(
                f"| our site without the search index | {_s(without_search(disk))} | "
                f"{_s(without_search(tmpfs))} | | | |"
            )
    return lines


def _phase_table(results: Results) -> list[str]:
    ours = results.full["tmpfs"]["ours"]
    total = ours.wall
    lines = ["| phase | seconds | share of wall time |", "| --- | --- | --- |"]
    startup = ours.extra.get("startup", 0.0)
    for phase, seconds in [*ours.phases.items(), ("interpreter start-up, imports", startup)]:
        lines.append(f"| {phase} | {seconds:.2f} | {100 * seconds / total:.0f}% |")
    return lines


def _rebuild_table(results: Results) -> list[str]:
    lines = [
        "| rebuild (output on tmpfs) | our site | plain Pelican, its content cache on | ratio |",
        "| --- | --- | --- | --- |",
    ]
    for kind in ("unchanged", "one edit"):
        ours, plain = results.rebuild[f"ours {kind}"], results.rebuild[f"plain {kind}"]
        label = "nothing changed" if kind == "unchanged" else "one record edited"
        lines.append(
            f"| {label} | {_s(ours.wall)} | {_s(plain.wall)} | {_ratio(ours.wall, plain.wall)} |"
        )
    return lines


def _scaling_table(results: Results) -> list[str]:
    lines = [
        f"| build (tmpfs) | {results.small_count:,} records | {results.count:,} records | growth |",
        "| --- | --- | --- | --- |",
    ]
    for tool, small in results.small.items():
        large = results.full["tmpfs"][tool]
        lines.append(
            f"| {tool} | {_s(small.wall)} | {_s(large.wall)} | {_ratio(large.wall, small.wall)} |"
        )
    return lines


def _targets(results: Results) -> list[str]:
    disk, tmpfs = results.full["disk"], results.full["tmpfs"]
    ours_disk, ours_tmpfs = without_search(disk["ours"]), without_search(tmpfs["ours"])
    edit = results.rebuild["ours one edit"].wall / results.rebuild["plain one edit"].wall
    unchanged = results.rebuild["ours unchanged"].wall
    peak = max(m.extra.get("self_peak_mb", m.peak_mb) for m in (disk["ours"], tmpfs["ours"]))
    growth = tmpfs["ours"].wall / results.small["ours"].wall
    checks = {results.count: results.check, results.small_count: results.small_check}
    lines = ["| target | measured | |", "| --- | --- | --- |"]
    full_ok = ours_disk <= disk["plain"].wall and ours_tmpfs <= tmpfs["plain"].wall
    lines.append(
        f"| full build ≤ 1.0× plain Pelican (search apart) | {_ratio(ours_disk, disk['plain'].wall)} "
        f"on disk, {_ratio(ours_tmpfs, tmpfs['plain'].wall)} on tmpfs | {_holds(full_ok)} |"
    )
    ours_cpu = tmpfs["ours"].user + tmpfs["ours"].system - tmpfs["ours"].extra["search_cpu"]
    plain_cpu = tmpfs["plain"].user + tmpfs["plain"].system
    lines.append(
        f"| the same in CPU time (user + system, tmpfs, search apart) | "
        f"{_ratio(ours_cpu, plain_cpu)} | {_holds(ours_cpu <= plain_cpu)} |"
    )
    if "hugo" in tmpfs:
        lines.append(
            f"| aim: Hugo's time | {_ratio(ours_disk, disk['hugo'].wall)} on disk, "
            f"{_ratio(ours_tmpfs, tmpfs['hugo'].wall)} on tmpfs | "
            f"{'reached' if ours_tmpfs <= tmpfs['hugo'].wall else 'not reached'} |"
        )
    lines.append(
        f"| one-record rebuild ≤ 0.1× plain Pelican's cached rebuild | {edit:.2f}× | {_holds(edit <= TARGETS['edit'])} |"
    )
    lines.append(
        f"| rebuild with nothing changed faster still | {_s(unchanged)} vs {_s(results.rebuild['ours one edit'].wall)} "
        f"| {_holds(unchanged <= results.rebuild['ours one edit'].wall)} |"
    )
    for count, measured in sorted(checks.items()):
        limit = {1000: TARGETS["check_1000"], 10000: TARGETS["check_10000"]}.get(count)
        if measured is not None and limit is not None:
            lines.append(
                f"| `make check` ≤ {limit:.0f} s at {count:,} | {_s(measured.wall)} | {_holds(measured.wall <= limit)} |"
            )
    lines.append(f"| peak memory ≤ 500 MB | {peak:.0f} MB | {_holds(peak <= TARGETS['peak_mb'])} |")
    lines.append(
        f"| {results.small_count:,} → {results.count:,} records grows ≤ 10.5× | {growth:.2f}× | "
        f"{_holds(growth <= TARGETS['growth'])} |"
    )
    return lines


def render(results: Results, command: str) -> str:
    """One self-contained section: command, machine, tables, targets."""
    ours = results.full["tmpfs"]["ours"]
    search = ours.phases.get("search", 0.0)
    lines = [
        f"### {results.count:,} records",
        "",
        f"`{command}`, {dt.date.today().isoformat()}, median of {results.runs} alternating runs, "
        "each build in its own process.",
        "",
        *machine(results.hugo, results.load),
        "",
        "**Targets**",
        "",
        *_targets(results),
        "",
        "**Full build** (into an empty output folder; peak memory of the build process itself)",
        "",
        *_full_table(results),
        "",
        f"Search index (Pagefind, inside our build): {_s(search)} on tmpfs, "
        f"CPU time {_s(ours.extra.get('search_cpu', 0.0))}, "
        f"peak {ours.extra.get('children_peak_mb', 0.0):.0f} MB.",
        "",
        "**Our build by phase** (output on tmpfs)",
        "",
        *_phase_table(results),
        "",
        "**Rebuilds** (Hugo has no persistent cache, so it has no separate rebuild figure)",
        "",
        *_rebuild_table(results),
        "",
        "**`make check` on the whole archive**",
        "",
        f"{_s(results.small_check.wall)} at {results.small_count:,} records, "
        f"{_s(results.check.wall)} at {results.count:,} records "
        f"(CPU time {_s(results.small_check.user + results.small_check.system)} and "
        f"{_s(results.check.user + results.check.system)}: it runs on one core).",
        "",
        "**Scaling**",
        "",
        *_scaling_table(results),
        "",
    ]
    return "\n".join(lines)


HEADER = """# Benchmarks

Figures written by `make bench` (see `bench/`): a deterministic synthetic archive built by our
site, by plain Pelican on the same records and by Hugo. Each `make bench N=...` replaces its own
section below and leaves the others.
"""


def write_report(path: Path, results: Results, command: str) -> str:
    """Replace (or add) the section for this archive size in `path`; return the section."""
    section = render(results, command)
    start, end = f"<!-- bench N={results.count} -->", f"<!-- end bench N={results.count} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"{start}\n{section}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{block}\n"
    path.write_text(text, encoding="utf-8")
    print(f"results written to {path}", file=sys.stderr)
    return section
