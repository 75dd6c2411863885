"""Put a new site in place of `output/` so that a crash at any instant leaves a complete site.

Beside `output/`, all hidden and named after it:
- `.output.staging-<pid>-<token>/`: a build in progress, one folder per build;
- `.output.swap`: the journal. Written atomically once the staged site has passed every check, it
  names that site: from then on the swap is decided, and whoever finds the journal finishes it;
- `.output.previous/`: the site being replaced, until the new one is in place.

A swap is five steps, each atomic: write the journal; rename `output/` to `.output.previous/`;
rename the staging folder to `output/`; remove the journal; remove `.output.previous/`. A crash
between any two leaves at `output/` the old site, the new one, or neither but both beside it with
the journal naming the new one. `recover`, run by the next build before anything else, finishes
the swap (or, without a journal, puts the previous site back) and removes what is left over.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

# Named instants of a swap, in order, at which tests kill the build (tests/saboteur.py).
SWAP_POINTS = (
    "journal-written",
    "output-moved",
    "staging-moved",
    "journal-removed",
    "previous-removed",
)
Checkpoint = Callable[[str], None]
_DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def no_checkpoint(name: str) -> None:
    """The checkpoint of every real build: nothing happens at the named instants."""


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C, or a kill that can be caught, during the swap takes effect once the swap is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    saved = {
        s: signal.signal(s, lambda number, _: received.append(number)) for s in _DEFERRED_SIGNALS
    }
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        if received:
            signal.raise_signal(received[0])


def _sync_folder(folder: Path) -> None:
    """Make renames in `folder` durable, so that they survive a power cut in the order made."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove_tree(path: Path) -> None:
    """Remove a folder (or a link standing where one was): nothing if it is not there."""
    if path.is_symlink():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


class OutputFolder:
    """`output/` and what lies beside it while a build is staged and swapped in."""

    def __init__(self, output: Path, checkpoint: Checkpoint = no_checkpoint) -> None:
        self.output = output
        self.parent = output.parent
        hidden = f".{output.name}"
        self.previous = self.parent / f"{hidden}.previous"
        self.journal = self.parent / f"{hidden}.swap"
        self.lock_file = self.parent / f"{hidden}.lock"
        self.staging_prefix = f"{hidden}.staging"
        self.checkpoint = checkpoint
        self.recovered: list[str] = []
        self.replaced = False

    def present(self) -> bool:
        """Is there anything at `output/` (a folder, or a link to one)?"""
        return os.path.lexists(self.output)

    def staging_folders(self) -> list[Path]:
        """Every staging folder beside `output/`, this version's and the older single one."""
        pattern = re.compile(re.escape(self.staging_prefix) + r"(-.*)?")
        if not self.parent.is_dir():
            return []
        return sorted(p for p in self.parent.iterdir() if pattern.fullmatch(p.name))

    def new_staging(self) -> Path:
        """A fresh staging folder of this build's own: an older build's leftovers never mix in."""
        folder = self.parent / f"{self.staging_prefix}-{os.getpid()}-{secrets.token_hex(4)}"
        folder.mkdir(parents=True)
        return folder

    def _journal_staging(self) -> Path | None:
        """The staged site the journal names, if there is a journal and it names one of ours."""
        try:
            name = json.loads(self.journal.read_text(encoding="utf-8"))["staging"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        pattern = re.escape(self.staging_prefix) + r"-[0-9]+-[0-9a-f]+"
        return self.parent / name if isinstance(name, str) and re.fullmatch(pattern, name) else None

    def recover(self) -> list[str]:
        """Finish the swap an interrupted build left half done and remove its leftovers; return
        what was done to `output/` (nothing when no build was interrupted while swapping)."""
        notes: list[str] = []
        staged = self._journal_staging()
        if staged is not None and staged.is_dir():
            # The journal is written only once the staged site has passed every check.
            if self.present():
                _remove_tree(self.previous)
                self.output.rename(self.previous)
            staged.rename(self.output)
            notes.append(
                "put in place the site of a build that was interrupted while swapping it in "
                "(that site had passed every check)"
            )
        elif not self.present() and self.previous.is_dir():
            self.previous.rename(self.output)
            notes.append("put back the previous site, which an interrupted build had moved aside")
        if self.parent.is_dir():
            _sync_folder(self.parent)
        for leftover in (self.journal, self.journal.with_name(f"{self.journal.name}.tmp")):
            leftover.unlink(missing_ok=True)
        _remove_tree(self.previous)
        for folder in self.staging_folders():
            shutil.rmtree(folder, ignore_errors=True)  # an unkillable orphan's: the next build's
        self.recovered = notes
        return notes

    def _write_journal(self, staging: Path) -> None:
        temporary = self.journal.with_name(f"{self.journal.name}.tmp")
        with temporary.open("w", encoding="utf-8") as out:
            json.dump({"staging": staging.name}, out)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(self.journal)
        _sync_folder(self.parent)

    def swap_in(self, staging: Path) -> list[str]:
        """Put the checked site in `staging` at `output/`; return what could not be tidied up."""
        with signals_deferred():
            self._write_journal(staging)
            self.checkpoint("journal-written")
            try:
                if self.present():
                    self.output.rename(self.previous)
            except OSError:
                self.journal.unlink()
                raise
            self.checkpoint("output-moved")
            try:
                staging.rename(self.output)
            except OSError:
                with contextlib.suppress(OSError):
                    if not self.present():
                        self.previous.rename(self.output)
                if self.present():  # the old site is back: the swap is off
                    self.journal.unlink()
                raise
            self.replaced = True
            _sync_folder(self.parent)
            self.checkpoint("staging-moved")
            problems: list[str] = []
            try:
                self.journal.unlink()
                _sync_folder(self.parent)
            except OSError as err:
                problems.append(f"could not remove the journal {self.journal.name}: {err}")
            self.checkpoint("journal-removed")
        try:
            _remove_tree(self.previous)
        except OSError as err:
            problems.append(f"could not remove the replaced site {self.previous.name}/: {err}")
        self.checkpoint("previous-removed")
        return problems

    def describe(self, shown: str) -> str:
        """What `output/` holds now, in one sentence, for the end of a build's report."""
        if self.replaced:
            return f"{shown}/ holds the new site."
        if not self.present():
            if self.journal.exists():
                return (
                    f"there is no {shown}/ right now: an interrupted swap left the new site and "
                    f"the previous one beside it; the next build puts the new one in place."
                )
            return f"there is no {shown}/: no build has succeeded into it yet."
        if self.recovered:
            return (
                f"{shown}/ holds the site that the recovery above put in place; "
                "this build changed nothing else."
            )
        return f"{shown}/ was left as it was."
