"""`make html`: build the site into a staging folder and swap it in only when the build is clean."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from archive.run import ArchiveRun
from archive.runs import end_runs, find_run
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.log import init as init_logging
from pelican.settings import read_settings
from records.problems import ArchiveError

from .cache import tracked_cache_files
from .completeness import verify_published
from .fingerprint import FileDigests, build_code_fingerprint
from .lock import BuildBusy, build_lock
from .memo import OutputMemo, declared_files, site_digest
from .stamp import BuildStamp
from .swap import SWAP_POINTS, Checkpoint, OutputFolder, no_checkpoint

logger = logging.getLogger(__name__)
PostBuildStep = Callable[[Path, dict[str, Any]], None]
DIGESTS_FILE = "archive-digests.json"
# The named instants of a build, in order, where a checkpoint runs (tests kill the build there).
CHECKPOINTS = ("locked", "recovered", "built", "checked", *SWAP_POINTS)


class BuildFailed(Exception):
    """The build did not produce a site worth publishing; the message says why."""


class _Collector(logging.Handler):
    """Remembers every warning and error that Pelican or a plugin logs during the build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def configured_steps(settings: dict[str, Any]) -> list[PostBuildStep]:
    """The `POST_BUILD` setting names steps as `module:function`, so test builds run them too."""
    steps: list[PostBuildStep] = []
    for name in settings.get("POST_BUILD", []):
        module, _, function = name.partition(":")
        steps.append(getattr(importlib.import_module(module), function))
    return steps


@contextmanager
def _collecting() -> Iterator[_Collector]:
    # Pelican's loggers drop a message already logged in this process (`LimitFilter`, class-level
    # sets): a second build in one process (`make serve`, tests) must hear all of its own warnings.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


def refuse_a_tracked_cache(folder: Path) -> None:
    """A cache in git could come from a pull request and put anything on the pages: refuse it."""
    tracked = tracked_cache_files(folder)
    if tracked:
        shown = ", ".join(tracked[:3]) + (
            f" and {len(tracked) - 3} more" if len(tracked) > 3 else ""
        )
        raise BuildFailed(
            f"{folder}/ holds files that git tracks ({shown}): a cache must hold only what builds "
            "on this machine computed, never files from the repository. Untrack them with "
            f"`git rm -r --cached {folder}` and build again."
        )


def run_pelican(
    settings: dict[str, Any],
    code: str | None = None,
    memo: OutputMemo | None = None,
    digests: FileDigests | None = None,
) -> ArchiveRun | None:
    """One Pelican run; returns the archive's run (None without the archive plugin), which
    holds what the outputs declared and the records it read. `code`: the build's code
    fingerprint, if computed already; `memo`: the last build's reusable outputs."""
    pelican = Pelican(settings)  # `initialized`: every plugin's run starts
    run = find_run(pelican, ArchiveRun)
    if run is not None:
        run.code_fingerprint = code
        run.file_digests = digests
        if memo is not None:
            run.outputs.memo = memo
            run.site_digest = memo.site
    try:
        pelican.run()
    finally:
        # Pelican sends no `finalized` after a failure: its runs end here, so that their
        # receivers hear no other run and their page workers die before the staging folder goes.
        end_runs(pelican)
    return run


def _build_and_check(
    settings: dict[str, Any],
    steps: tuple[list[PostBuildStep], list[PostBuildStep]],
    staging: Path,
    checkpoint: Checkpoint,
    code: str | None,
    memo: OutputMemo | None = None,
    digests: FileDigests | None = None,
) -> ArchiveRun | None:
    """Pelican writes the site into `staging`; any warning or failed step raises. The configured
    steps run first (or, when what a step reads is unchanged, its last output is reused), then
    the nothing-lost check of what the run's plugins declared, then the caller's steps. `code`
    is the build's code fingerprint, hashed once for stamp and cache."""
    configured, post_build = steps
    with _collecting() as collector:
        run = run_pelican(settings, code, memo, digests)
    checkpoint("built")
    if collector.records:
        lines = "\n".join(f"{r.levelname}: {r.getMessage()}" for r in collector.records)
        raise BuildFailed(
            f"the build logged {len(collector.records)} warning(s) or error(s):\n{lines}"
        )
    for step in configured:
        files = declared_files(step)
        if memo is not None and run is not None and files is not None:
            key = memo.step_key(files, run.outputs.keys)
            if memo.reuse_step(step, files, key):
                continue
        step(staging, settings)
    if run is not None and run.records is not None:
        verify_published(staging, settings, run.outputs, run.records)
    for step in post_build:
        step(staging, settings)
    checkpoint("checked")
    return run


def build_site(
    settings_file: Path,
    output: Path,
    overrides: dict[str, Any] | None = None,
    post_build: list[PostBuildStep] | None = None,
    folder: OutputFolder | None = None,
    command: str = "build_site",
    report: Callable[[str], None] = logger.warning,
) -> dict[str, Any]:
    """Build into a staging folder of its own and swap it in at `output` once every check passed;
    on any problem raise, leaving `output` as it was (or as the recovery of an interrupted build
    left it: `folder.describe()` says which). One build at a time per output folder."""
    folder = folder or OutputFolder(output.resolve())
    output = folder.output
    folder.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(folder.lock_file, command):
        folder.checkpoint("locked")
        for note in folder.recover():
            report(f"recovered {output}: {note}")
        folder.checkpoint("recovered")
        staging = folder.new_staging()
        try:
            settings = read_settings(
                str(settings_file), override={**(overrides or {}), "OUTPUT_PATH": str(staging)}
            )
            if settings.get("ARCHIVE_CACHE"):
                refuse_a_tracked_cache(Path(settings["CACHE_PATH"]))
            steps = (configured_steps(settings), post_build or [])
            code = build_code_fingerprint(settings) if settings.get("ARCHIVE_CACHE") else None
            named: list[Callable[..., Any]] = [*steps[0], verify_published, *steps[1]]
            # Each input file hashed once (stamp, cache, memo), and not at all when unchanged
            # since an earlier build hashed it.
            digests_file = Path(settings["CACHE_PATH"]) / DIGESTS_FILE
            digests = FileDigests.load(digests_file) if code is not None else FileDigests()
            stamp = BuildStamp.for_build(settings, output, named, code, digests)
            if stamp is not None and stamp.is_current():
                shutil.rmtree(staging)
                if digests.changed:  # files read again (touched, or too recent to trust)
                    with contextlib.suppress(OSError):
                        digests.save(digests_file)
                return settings
            memo = None
            if code is not None and settings.get("ARCHIVE_INCREMENTAL", True):
                site = site_digest(settings, code, named, digests)
                memo = OutputMemo.for_build(settings, output, staging, site)
            run = _build_and_check(settings, steps, staging, folder.checkpoint, code, memo, digests)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if stamp is not None:
            stamp.forget()
        if memo is not None:
            memo.forget()
        try:
            problems = folder.swap_in(staging)
        except BaseException:
            if not folder.replaced and not folder.journal.exists():
                shutil.rmtree(staging, ignore_errors=True)
            raise
        if stamp is not None:
            try:
                stamp.save()
            except OSError as err:
                problems.append(f"could not save the build stamp, so the next build runs: {err}")
        if code is not None:
            try:
                digests.save(digests_file)
            except OSError as err:
                problems.append(f"could not save the input files' digests: {err}")
        if memo is not None and run is not None:
            try:
                stepped = [(s, f) for s in steps[0] if (f := declared_files(s)) is not None]
                memo.save(run.outputs.keys, stepped)
            except OSError as err:
                problems.append(f"could not save what the build made, so the next is full: {err}")
        for problem in problems:
            report(f"{output} holds the new site, but {problem}")
    return settings


def build_and_report(
    settings_file: Path,
    output: Path,
    command: str,
    overrides: dict[str, Any] | None = None,
    checkpoint: Checkpoint = no_checkpoint,
) -> str | None:
    """Build as `make html` does and print the outcome on stderr: None after a success, else the
    failure's text, which ends with what `output/` holds now. Ctrl-C is reported, then re-raised."""
    shown = str(output).rstrip("/") or "."
    folder = OutputFolder(output.resolve(), checkpoint)
    started = time.perf_counter()

    def report(text: str) -> None:
        print(text.replace(str(folder.output), shown), file=sys.stderr)

    try:
        build_site(settings_file, output, overrides, folder=folder, command=command, report=report)
    except BuildBusy as err:
        failure = (
            f"another build is writing {shown}/ ({err}): wait for it to end, or stop it, "
            "then build again. This build did not start and changed nothing."
        )
    except KeyboardInterrupt:
        report(f"build interrupted.\n{folder.describe(shown)}")
        raise
    except ArchiveError as err:
        failure = f"{err}\n{folder.describe(shown)}"
    except BuildFailed as err:
        failure = f"build failed: {err}\n{folder.describe(shown)}"
    except Exception as err:  # a template or plugin bug: say what, keep the old site
        failure = f"build failed: {type(err).__name__}: {err}\n{folder.describe(shown)}"
    else:
        report(f"built {shown}/ in {time.perf_counter() - started:.2f} s")
        return None
    report(failure)
    return failure


def main(argv: list[str] | None = None, checkpoint: Checkpoint = no_checkpoint) -> int:
    """Command line: exit 0 with a fresh `output/`, or 1 with every problem and what `output/`
    holds now (as it was, unless a build interrupted earlier had to be recovered)."""
    parser = argparse.ArgumentParser(prog="make html", description=__doc__)
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill`: clean up as for Ctrl-C
    command = " ".join(["python -m sitebuild.build", *(argv or sys.argv[1:])])
    try:
        failure = build_and_report(args.settings, args.output, command, checkpoint=checkpoint)
    except KeyboardInterrupt:
        return 130
    return 0 if failure is None else 1


if __name__ == "__main__":
    sys.exit(main())
