"""Run one build in its own process and read its wall time, CPU time and peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class BenchFailed(Exception):
    """A build under measurement failed: a number from a broken build means nothing."""


@dataclass
class Measurement:
    """One timed process: wall seconds, CPU seconds (user + system), peak resident memory."""

    wall: float
    user: float
    system: float
    peak_mb: float
    files: int = 0
    phases: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def run_process(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measurement:
    """Run `command` to completion; `os.wait4` gives this child's own rusage, grandchildren included."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        text = output.decode("utf-8", "replace")[-4000:]
        raise BenchFailed(f"{' '.join(command)} exited {process.returncode}:\n{text}")
    return Measurement(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024)


def count_files(folder: Path) -> int:
    """Files a build wrote."""
    return sum(len(files) for _, _, files in os.walk(folder))


def median(values: list[float]) -> float:
    """The median, the figure we report for repeated runs."""
    return statistics.median(values)


def summarise(runs: list[Measurement]) -> Measurement:
    """Median of each figure over repeated runs (phases too); peak memory is the largest seen."""
    phases = {name: median([r.phases.get(name, 0.0) for r in runs]) for name in runs[0].phases}
    extra = {
        key: (max if key.endswith("peak_mb") else median)([r.extra[key] for r in runs])
        for key in runs[0].extra
    }
    return Measurement(
        wall=median([r.wall for r in runs]),
        user=median([r.user for r in runs]),
        system=median([r.system for r in runs]),
        peak_mb=max(r.peak_mb for r in runs),
        files=runs[-1].files,
        phases=phases,
        extra={**extra, "walls": [round(r.wall, 2) for r in runs]},
    )
