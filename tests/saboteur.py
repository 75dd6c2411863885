"""Test saboteur: damage a build from inside, or kill or pause `make html` at a named instant.

As a Pelican plugin (`PLUGINS = [..., "saboteur"]`), driven by settings that no real build has:
- `SABOTAGE`: output files to delete at `finalized`, so tests can prove the loss is caught;
- `SABOTAGE_SLOW_READS`: seconds every record read of the cold-read workers waits (this process's
  share too), so that a test can kill the build while its workers are reading;
- `SABOTAGE_KILL_AFTER_FORK`: a file; once the cold-read workers are forked
  (`sitebuild.prefetch`), the build writes their pids there and kills its own main process with
  SIGKILL.

As a command, `make html` (`sitebuild.build.main`) with a checkpoint at the named instants
(`sitebuild.build.CHECKPOINTS`):
    python tests/saboteur.py --kill-at NAME -- -s settings.py -o output
    python tests/saboteur.py --pause-at NAME --signal FILE -- -s settings.py -o output
`--kill-at` sends SIGKILL to this process at NAME (no cleanup runs, as in a crash or `kill -9`);
`--pause-at` creates FILE.reached at NAME and waits until FILE.go exists.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive import runs
from blinker import Signal
from pelican import signals


class SaboteurRun(runs.PluginRun):
    """The saboteur for one run, connected after the archive's run: its receivers fire later."""

    def receivers(self) -> list[tuple[Signal, runs.Receiver]]:
        """Pages are written while the generators run; they are lost here, at `finalized`."""
        return [(signals.finalized, self.lose_files)]

    def lose_files(self, pelican: Any) -> None:
        """`finalized`: delete the output files the SABOTAGE setting names (none unless asked)."""
        for name in pelican.settings.get("SABOTAGE", ()):
            (Path(pelican.output_path) / name).unlink()


def running(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def children_of(parent: int) -> list[int]:
    """The processes whose parent is `parent`, from /proc (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended while we looked
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def sabotage_reads(pelican: Any) -> None:
    """`initialized`: the cold-read workers' record reads wait SABOTAGE_SLOW_READS seconds, and
    with SABOTAGE_KILL_AFTER_FORK this process, once its workers are forked, notes their pids and
    dies at once, leaving them orphaned (unless they die with it). Set before any fork, so that
    the workers inherit it. Only in the doomed process of a fault test."""
    delay = pelican.settings.get("SABOTAGE_SLOW_READS")
    pid_file = pelican.settings.get("SABOTAGE_KILL_AFTER_FORK")
    if not delay and not pid_file:
        return
    from sitebuild import prefetch

    read = prefetch.read_record
    parent = os.getpid()

    def sabotaged(*args: Any) -> Any:
        if pid_file and os.getpid() == parent:  # this process's share: its workers are forked
            pids = children_of(parent)
            Path(pid_file).write_text(" ".join(map(str, pids)), encoding="utf-8")
            os.kill(parent, signal.SIGKILL)
        time.sleep(delay or 0)
        return read(*args)

    prefetch.read_record = sabotaged  # type: ignore[assignment]


def start_run(pelican: Any) -> None:
    """`initialized`: slow the record reads down if asked, and start this run's saboteur."""
    if "saboteur" in pelican.settings["PLUGINS"]:
        sabotage_reads(pelican)
    runs.start_run(pelican, "saboteur", SaboteurRun)


def register() -> None:
    """Connect `initialized` only, as every plugin of the archive does."""
    signals.initialized.connect(start_run)


def _checkpoint(kill_at: str | None, pause_at: str | None, flag: Path | None) -> Callable:
    def reached(name: str) -> None:
        if name == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if name == pause_at and flag is not None:
            flag.with_name(f"{flag.name}.reached").write_text(str(os.getpid()), encoding="utf-8")
            while not flag.with_name(f"{flag.name}.go").exists():
                time.sleep(0.02)

    return reached


def main() -> int:
    """`make html` with a checkpoint that kills or pauses it at one named instant."""
    from sitebuild.build import CHECKPOINTS
    from sitebuild.build import main as make_html

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kill-at", choices=CHECKPOINTS)
    parser.add_argument("--pause-at", choices=CHECKPOINTS)
    parser.add_argument("--signal", type=Path, help="FILE.reached at the pause, go on at FILE.go")
    parser.add_argument("build", nargs=argparse.REMAINDER, help="-- then make html's arguments")
    args = parser.parse_args()
    build_args = args.build[1:] if args.build[:1] == ["--"] else args.build
    return make_html(build_args, _checkpoint(args.kill_at, args.pause_at, args.signal))


if __name__ == "__main__":
    sys.exit(main())
