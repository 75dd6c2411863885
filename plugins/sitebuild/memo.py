"""The incremental build: the files of the last good build, reused where their inputs are unchanged.

A build writes into an empty staging folder and swaps it in whole (`swap.py`). With the memo, an
output whose key (`records.dependencies`: the code, theme and settings, and the inputs the output
declares) is the one it had in the last good build is not made again: that build's file is
hard-linked into the staging folder. Everything else is written as in a full build, and an output
that no longer exists is simply not in the new folder. So a failed build still leaves the previous
site as it was, and the swap stays atomic.

The manifest, kept beside the build stamp (never published), names each reusable file with its key
and its size, modification time and inode as they were after the swap. A file is reused only if it
still has them: a file edited, replaced or damaged by hand since is made again, and a manifest left
over from an older build (the save after a swap failed) matches no file written since.

A post-build step (Pagefind's index) may declare which outputs it reads and the folder it writes
(`step_files`): when every file it reads was reused under the same keys, its folder is reused too.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import logging
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from records.dependencies import digest as inputs_digest

from .fingerprint import FileDigests, digest, files_fingerprint, settings_fingerprint
from .jsonfile import replace_json
from .stamp import output_listing

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
FORMAT = 1  # bump when keys are computed differently: an old manifest then reuses nothing
STEP_FILES = "__build_files__"


@dataclass(frozen=True)
class StepFiles:
    """What a post-build step reads (a pattern of output files) and the folder it writes."""

    reads: str
    writes: str


def step_files(reads: str, writes: str) -> Callable[[F], F]:
    """Declare a post-build step's inputs and output folder, so that an incremental build can
    reuse that folder when none of the step's inputs changed."""

    def declare(step: F) -> F:
        setattr(step, STEP_FILES, StepFiles(reads, writes))
        return step

    return declare


def declared_files(step: Callable[..., Any]) -> StepFiles | None:
    """The files a step declared with `step_files`, if it did."""
    found = getattr(step, STEP_FILES, None)
    return found if isinstance(found, StepFiles) else None


def step_name(step: Callable[..., Any]) -> str:
    """A step's stable name: its module and function."""
    return f"{getattr(step, '__module__', '')}.{getattr(step, '__qualname__', repr(step))}"


def site_digest(
    settings: dict[str, Any],
    code: str,
    steps: Iterable[Callable[..., Any]],
    digests: FileDigests | None = None,
) -> str:
    """What every output depends on: the plugins' code and the libraries (`code`), every setting
    but the output folder, the theme, the other files named by `BUILD_INPUT_FILES`, the steps."""
    theme = Path(settings["THEME"])
    themes = [p for p in theme.rglob("*") if p.is_file()] if theme.is_dir() else []
    extra = [p for p in map(Path, settings.get("BUILD_INPUT_FILES", [])) if p.is_file()]
    parts = [
        str(FORMAT),
        code,
        settings_fingerprint(settings),
        files_fingerprint(themes, theme, digests),
        files_fingerprint(extra, Path("/"), digests),
        *(step_name(s) for s in steps),
    ]
    return digest("\n".join(parts).encode("utf-8"))


def _identity(status: os.stat_result) -> list[int]:
    return [status.st_size, status.st_mtime_ns, status.st_ino]


class OutputMemo:
    """The last good build's reusable files, for one build into `staging`."""

    def __init__(self, file: Path, output: Path, staging: Path, site: str) -> None:
        self.file = file
        self.output = output
        self.staging = staging
        self.site = site
        self.files: dict[str, list[Any]] = {}  # name: [key, size, mtime_ns, inode]
        self.steps: dict[str, str] = {}  # step name: key of what it read
        self.step_keys: dict[str, str] = {}  # this build's
        self._folders: set[str] = set()  # folders made in the staging folder
        self._load()

    @classmethod
    def for_build(
        cls, settings: dict[str, Any], output: Path, staging: Path, site: str
    ) -> OutputMemo | None:
        """The memo of builds into `output`, kept under CACHE_PATH; None when ARCHIVE_CACHE is off."""
        if not settings.get("ARCHIVE_CACHE"):
            return None
        name = f"archive-outputs-{digest(str(output).encode('utf-8'))}.json"
        return cls(Path(settings["CACHE_PATH"]) / name, output, staging, site)

    def _load(self) -> None:
        try:
            saved = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(saved, dict) or saved.get("site") != self.site:
            return  # other code, theme or settings: nothing is reused
        files, steps = saved.get("files"), saved.get("steps")
        if isinstance(files, dict) and isinstance(steps, dict):
            self.files, self.steps = files, steps

    def _intact(self, name: str, key: str) -> bool:
        entry = self.files.get(name)
        if not isinstance(entry, list) or len(entry) != 4 or entry[0] != key:
            return False
        try:
            status = os.lstat(os.path.join(self.output, name))  # noqa: PTH118 (tens of thousands)
        except OSError:
            return False
        return stat.S_ISREG(status.st_mode) and _identity(status) == entry[1:]

    def _link(self, name: str) -> bool:
        target = os.path.join(self.staging, name)  # noqa: PTH118 (tens of thousands a build)
        folder = os.path.dirname(target)  # noqa: PTH120
        try:
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)  # noqa: PTH103
                self._folders.add(folder)
            os.link(os.path.join(self.output, name), target)  # noqa: PTH118
        except OSError as err:
            logger.info("could not reuse %s (%s): it is written again", name, err)
            return False
        return True

    def reuse(self, name: str, key: str) -> bool:
        """Hard-link the last build's `name` into the staging folder if it was made from `key` and
        is unchanged since; False (nothing done) otherwise."""
        return self._intact(name, key) and self._link(name)

    def step_key(self, files: StepFiles, keys: Mapping[str, str]) -> str | None:
        """The key of what a step reads: every staged file matching its pattern and that file's
        key; None when one of them has no key (so the step runs)."""
        found: list[str] = []
        for name in _staged(self.staging, files.reads):
            key = keys.get(name)
            if key is None:
                return None
            found += [name, key]
        return inputs_digest(self.site, files.reads, files.writes, *found)

    def reuse_step(self, step: Callable[..., Any], files: StepFiles, key: str | None) -> bool:
        """Link the folder a step wrote in the last build when it read the same files then; on
        any failure, leave no part of it (the step writes the folder whole)."""
        name = step_name(step)
        if key is not None:
            self.step_keys[name] = key
        if key is None or self.steps.get(name) != key:
            return False
        prefix = files.writes.rstrip("/") + "/"
        written = [n for n in self.files if n.startswith(prefix)]
        if written and all(self._intact(n, key) and self._link(n) for n in written):
            return True
        shutil.rmtree(self.staging / files.writes, ignore_errors=True)
        return False

    def forget(self) -> None:
        """Before output/ is replaced (as the stamp is)."""
        with contextlib.suppress(OSError):
            self.file.unlink(missing_ok=True)

    def save(
        self, keys: Mapping[str, str], steps: Iterable[tuple[Callable[..., Any], StepFiles]]
    ) -> None:
        """After the swap: each keyed output of this build, and each step's folder, as they are
        now in the output folder."""
        files: dict[str, list[Any]] = {}
        for name, key in keys.items():
            with contextlib.suppress(OSError):
                files[name] = [key, *_identity(os.lstat(self.output / name))]
        for step, declared in steps:
            read = self.step_keys.get(step_name(step))
            folder = self.output / declared.writes
            if read is None or not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                if path.is_file():
                    files[path.relative_to(self.output).as_posix()] = [
                        read,
                        *_identity(path.lstat()),
                    ]
        replace_json(self.file, {"site": self.site, "files": files, "steps": dict(self.step_keys)})


def _staged(staging: Path, pattern: str) -> list[str]:
    """The files under `staging` whose names match `pattern` (fnmatch: `*` crosses folders)."""
    top = pattern.split("*", 1)[0].rpartition("/")[0]
    start = staging / top if top else staging
    if not start.is_dir():
        return []
    prefix = f"{top}/" if top else ""
    names = (prefix + name for name in output_listing(start))
    return sorted(name for name in names if fnmatch.fnmatchcase(name, pattern))
