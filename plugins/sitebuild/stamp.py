"""Skip a build whose inputs are those of the build that wrote the current output, untouched since.

The site is a function of its inputs (builds are reproducible): the content files, every setting,
the theme, the plugins' code and the libraries' versions. The stamp records their fingerprint and
the size and modification time of every output file; a build with the same fingerprint over an
output that still matches has nothing to do.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .fingerprint import FileDigests, digest, files_fingerprint, settings_fingerprint
from .jsonfile import replace_json

logger = logging.getLogger(__name__)


def _files(folder: Path) -> list[str]:
    """Every file under `folder`, links to files included, by name (`scandir`, and no `Path` per
    file: `rglob` costs seconds at 30,000 files)."""
    found: list[str] = []
    folders = [str(folder)] if folder.is_dir() else []
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file():
                    found.append(entry.path)
    return found


def output_listing(output: Path) -> dict[str, list[int]]:
    """Every file of the output with its size and modification time (`scandir`: one call a folder)."""
    listing: dict[str, list[int]] = {}
    folders = [(str(output), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = f"{prefix}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{name}/"))
                else:
                    status = entry.stat(follow_symlinks=False)
                    listing[name] = [status.st_size, status.st_mtime_ns]
    return listing


def inputs_fingerprint(
    settings: dict[str, Any],
    steps: Iterable[Callable[..., Any]],
    code: str,
    digests: FileDigests | None = None,
) -> str:
    """Content, settings, theme, plugin code (`code`, the build's code fingerprint), other files
    named by `BUILD_INPUT_FILES` (such as the version of an npm package the theme draws on) and
    post-build steps of a build."""
    content, theme = Path(settings["PATH"]), Path(settings["THEME"])
    parts = [
        settings_fingerprint(settings),
        files_fingerprint(_files(content), content, digests),
        files_fingerprint(_files(theme), theme, digests),
        code,
        files_fingerprint(
            [p for p in map(Path, settings.get("BUILD_INPUT_FILES", [])) if p.is_file()],
            Path("/"),
            digests,
        ),
        *(f"{getattr(s, '__module__', '')}.{getattr(s, '__qualname__', s)}" for s in steps),
    ]
    return digest("\n".join(parts).encode("utf-8"))


class BuildStamp:
    """What the last successful build into `output` was made from, and what it wrote."""

    def __init__(self, file: Path, output: Path, fingerprint: str) -> None:
        self.file = file
        self.output = output
        self.fingerprint = fingerprint

    @classmethod
    def for_build(
        cls,
        settings: dict[str, Any],
        output: Path,
        steps: Iterable[Callable[..., Any]],
        code: str | None,
        digests: FileDigests | None = None,
    ) -> BuildStamp | None:
        """The stamp for building into `output`, or None when ARCHIVE_CACHE is off (the build's
        code fingerprint, `code`, is None then)."""
        if not settings.get("ARCHIVE_CACHE") or code is None:
            return None
        name = f"archive-stamp-{digest(str(output).encode('utf-8'))}.json"
        fingerprint = inputs_fingerprint(settings, steps, code, digests)
        return cls(Path(settings["CACHE_PATH"]) / name, output, fingerprint)

    def is_current(self) -> bool:
        """True when the output was built from these very inputs and nobody changed it since."""
        try:
            saved = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, unreadable or damaged: build
            return False
        if not isinstance(saved, dict) or saved.get("fingerprint") != self.fingerprint:
            return False
        if not self.output.is_dir():
            return False
        current = saved.get("files") == output_listing(self.output)
        if current:
            logger.info("%s is up to date: its inputs are those it was built from", self.output)
        return current

    def forget(self) -> None:
        """Before output/ is replaced: a stamp must never describe a site that is not there. (One
        that cannot be removed is harmless: it lists the old site's files, which are gone.)"""
        with contextlib.suppress(OSError):
            self.file.unlink(missing_ok=True)

    def save(self) -> None:
        """After a successful build: remember its inputs and its files."""
        replace_json(
            self.file, {"fingerprint": self.fingerprint, "files": output_listing(self.output)}
        )
