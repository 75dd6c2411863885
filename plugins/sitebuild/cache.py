"""What reading a record produced, kept between builds and reused only while nothing it depends on
changed: the record's bytes, the registry files, every setting and the plugins' code.

The file holds plain data (`cacheformat.py`), each entry checked before use: a damaged, truncated
or foreign file is a miss, never code run or wrong output. A cache that git tracks is refused by
the build (`tracked_cache_files`): a cache must come from this machine's builds, not a pull request.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from records.events import EventFile
from records.markup import BodyRenderer, render_checked
from records.problems import Problem
from records.registry import REGISTRY_FOLDERS, Registry
from records.validation import check_event_file

from .cacheformat import Key, ReadResult, decode, encode, header, line_key, matches
from .fingerprint import (
    FileDigests,
    build_code_fingerprint,
    digest,
    files_fingerprint,
    settings_fingerprint,
)

CACHE_FILE = "archive-records.jsonl"
__all__ = [
    "CACHE_FILE",
    "ReadResult",
    "RecordCache",
    "RecordReader",
    "read_record",
    "tracked_cache_files",
]


def read_record(path: Path, root: Path, registry: Registry, renderer: BodyRenderer) -> ReadResult:
    """Check one record file and render its body: the work that the cache saves."""
    loaded = check_event_file(path, root, registry)
    html = ""
    if loaded.event is not None:
        html, failure = render_checked(renderer, loaded.event.body)
        if failure:
            loaded = EventFile(None, [Problem(loaded.event.path, 1, "(body)", failure)])
    return ReadResult(loaded, html)


def registry_files(root: Path) -> list[Path]:
    """Every file that the registry is loaded from, whether valid or not."""
    files = [root / "vocabulary.yaml"] if (root / "vocabulary.yaml").is_file() else []
    for folder in REGISTRY_FOLDERS:
        if (root / folder).is_dir():
            files += [p for p in (root / folder).iterdir() if p.is_file()]
    return files


def build_fingerprint(
    settings: dict[str, Any], root: Path, code: str, digests: FileDigests | None = None
) -> str:
    """What every cached result depends on besides its own file (`code`: the code fingerprint;
    `digests`: the build's file digests, shared with its stamp)."""
    parts = (
        code,
        settings_fingerprint(settings),
        files_fingerprint(registry_files(root), root, digests),
    )
    return digest("\n".join(parts).encode("ascii"))


def tracked_cache_files(folder: Path) -> list[str]:
    """Files under `folder` that git tracks (none outside a git work tree or without git)."""
    if not folder.is_dir():
        return []
    try:
        listed = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--full-name", "--", "."],
            capture_output=True,
            check=False,
        )
    except OSError:
        return []
    if listed.returncode != 0:
        return []
    return [name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name]


class RecordCache:
    """Results by (path, content digest), valid for one build fingerprint; saved atomically."""

    def __init__(self, file: Path | None, fingerprint: str) -> None:
        self.file = file
        self.fingerprint = fingerprint
        self.lines: dict[str, bytes] = {}  # entries as read from the file, not yet checked
        self.results: dict[Key, ReadResult] = {}
        self.used: dict[Key, bytes | None] = {}  # the lines to save (None: not to be kept)
        self.from_file: set[Key] = set()
        self.hits = 0
        self.damaged = 0
        self.changed = False
        if file is not None:
            self._load(file)

    def _load(self, file: Path) -> None:
        try:
            first, *entries = file.read_bytes().split(b"\n")
        except (OSError, ValueError):
            return
        if matches(first, self.fingerprint):
            self.lines = {line[:40].decode("ascii", "replace"): line for line in entries if line}

    @classmethod
    def for_build(
        cls,
        settings: dict[str, Any],
        root: Path,
        code: str | None,
        digests: FileDigests | None = None,
    ) -> RecordCache:
        """The cache under CACHE_PATH when ARCHIVE_CACHE is on, else one that only lives this
        build; `code` is the build's code fingerprint (computed here when the build has none)."""
        if not settings.get("ARCHIVE_CACHE"):
            return cls(None, "")
        code = code or build_code_fingerprint(settings)
        fingerprint = build_fingerprint(settings, root, code, digests)
        return cls(Path(settings["CACHE_PATH"]) / CACHE_FILE, fingerprint)

    def key(self, path: Path) -> Key:
        """A record is identified by where it is and by its exact bytes."""
        return str(path), digest(path.read_bytes())

    def lookup(self, key: Key) -> ReadResult | None:
        """The result for these bytes, computed this build or read (and checked) from the file."""
        found = self.results.get(key)
        if found is None and (line := self.lines.pop(line_key(key), None)) is not None:
            found = decode(line, key, self.fingerprint)
            if found is None:
                self.damaged += 1
                self.changed = True
            else:
                self.results[key], self.used[key] = found, line
                self.from_file.add(key)
        return found

    def read(self, path: Path, compute: Callable[[], ReadResult]) -> ReadResult:
        """Reuse the result for the file's current bytes, or compute it and remember it."""
        return self.read_keyed(path, compute)[1]

    def read_keyed(
        self, path: Path, compute: Callable[[], ReadResult]
    ) -> tuple[str | None, ReadResult]:
        """`read`, with the digest of the bytes the result was made from (None when the file
        changed while it was read, so that nothing made from it is ever reused)."""
        key = self.key(path)
        found = self.lookup(key)
        if found is not None:
            self.hits += key in self.from_file
            return key[1], found
        result = compute()
        # Keep it only if the file did not change while it was read.
        if self.key(path) == key:
            self.add(key, result)
            return key[1], result
        return None, result

    def add(self, key: Key, result: ReadResult) -> None:
        """Remember a result computed for `key` (here or by a worker process)."""
        self.results[key] = result
        if self.file is not None:
            self.used[key] = encode(key, result, self.fingerprint)
        self.changed = True

    def save(self) -> None:
        """Write the entries this build used (so removed records drop out), replacing the file atomically."""
        if self.file is None or not (self.changed or self.lines):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.file.parent, prefix=".records-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header(self.fingerprint) + b"\n")
                for key in sorted(self.used):
                    line = self.used[key]
                    if line is not None:
                        out.write(line + b"\n")
            Path(name).replace(self.file)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise


@dataclass
class RecordReader:
    """Reads the record files of one build through its cache: the reader and the nothing-lost
    check both ask it, so a file is checked once a build for each version of its bytes."""

    root: Path
    registry: Registry
    cache: RecordCache
    renderer: BodyRenderer = field(default_factory=BodyRenderer)

    def read(self, path: Path) -> ReadResult:
        """The result for the file's current bytes, read and checked only on a miss."""
        return self.read_keyed(path)[1]

    def read_keyed(self, path: Path) -> tuple[str | None, ReadResult]:
        """`read`, with the digest of the file's bytes that the result was made from."""
        return self.cache.read_keyed(
            path, lambda: read_record(path, self.root, self.registry, self.renderer)
        )
