"""Test saboteur: damage a build from inside, or kill or pause `make html` at a named instant.

As a Pelican plugin (`PLUGINS = [..., "saboteur"]`), driven by settings that no real build has:
- `SABOTAGE`: output files to delete at `finalized`, so tests can prove the loss is caught;
- `SABOTAGE_SLOW_PAGES`: seconds every page render waits (workers' renders too), so that a test
  can kill the build while its workers are writing pages;
- `SABOTAGE_KILL_AFTER_FORK`: a file; once the page worker is forked (`article_writer_finalized`)
  the build writes the workers' pids there and kills its own main process with SIGKILL.

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
        """Pages are rendered at `finalized` by the archive's run, then lost here."""
        return [
            (signals.article_writer_finalized, self.kill_after_fork),
            (signals.finalized, self.lose_files),
        ]

    def lose_files(self, pelican: Any) -> None:
        """`finalized`: delete the output files the SABOTAGE setting names (none unless asked)."""
        for name in pelican.settings.get("SABOTAGE", ()):
            (Path(pelican.output_path) / name).unlink()

    def kill_after_fork(self, generator: Any, writer: Any) -> None:
        """`article_writer_finalized`, after the archive forked its page worker: note the
        workers' pids, then die at once, leaving them orphaned (unless they die with us)."""
        pid_file = generator.settings.get("SABOTAGE_KILL_AFTER_FORK")
        if not pid_file:
            return
        pids = [pid for pid, _ in writer.workers]
        Path(pid_file).write_text(" ".join(map(str, pids)), encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)


def slow_down_pages(pelican: Any) -> None:
    """Every page render waits SABOTAGE_SLOW_PAGES seconds (set before any fork, so that the
    workers inherit it). Only in the doomed process of a fault test."""
    delay = pelican.settings.get("SABOTAGE_SLOW_PAGES")
    if not delay:
        return
    from archive.writer import PageJob

    render = PageJob.render

    def slow_render(job: PageJob) -> None:
        time.sleep(delay)
        render(job)

    PageJob.render = slow_render  # type: ignore[method-assign]


def start_run(pelican: Any) -> None:
    """`initialized`: slow the pages down if asked, and start this run's saboteur."""
    if "saboteur" in pelican.settings["PLUGINS"]:
        slow_down_pages(pelican)
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
