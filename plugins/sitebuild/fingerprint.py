"""Stable fingerprints of what a build's results depend on: plugin code, settings, registry files."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import time
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from .jsonfile import replace_json

PLUGINS_FOLDER = Path(__file__).resolve().parent.parent
LIBRARIES = ("pelican", "markdown", "nh3", "pydantic", "pyyaml", "jinja2", "feedgen", "pagefind")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def digest(data: bytes) -> str:
    """Content hash used for every cache key."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def stable_repr(value: Any) -> str:
    """A representation that is the same in every process for equal settings (no memory addresses)."""
    if isinstance(value, dict):
        items = sorted((stable_repr(k), stable_repr(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return f"{type(value).__name__}[" + ", ".join(stable_repr(v) for v in value) + "]"
    if isinstance(value, set | frozenset):
        return "set{" + ", ".join(sorted(stable_repr(v) for v in value)) + "}"
    if isinstance(value, str | int | float | bool | Path) or value is None:
        return repr(value)
    qualified = getattr(value, "__qualname__", None)
    if qualified is not None:  # functions, classes, modules: their code is fingerprinted apart
        return f"<{getattr(value, '__module__', '')}.{qualified}>"
    return f"<{type(value).__module__}.{type(value).__qualname__}:{_ADDRESS.sub('', repr(value))}>"


# Where the site is written changes nothing in it (the build writes into a staging folder first).
LOCATION_SETTINGS = frozenset({"OUTPUT_PATH"})


def settings_fingerprint(settings: dict[str, Any]) -> str:
    """Every setting but the output folder: any change invalidates what was derived under the old ones."""
    kept = {k: v for k, v in settings.items() if k not in LOCATION_SETTINGS}
    return digest(stable_repr(kept).encode("utf-8"))


# A file changed less than this before its digest was taken is hashed again next time: a change
# within the same clock tick could leave its times as they were ("racy" files, as git calls them).
RACY_NS = 2_000_000_000


def _identity(status: os.stat_result) -> list[int]:
    """What changes whenever a file's bytes do: size, times (the change time cannot be set back by
    a user, as the modification time can) and inode (a file replaced by another)."""
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


class FileDigests:
    """Each file's digest, read once per build: the build stamp, the record cache and the memo of
    outputs fingerprint the same files (every registry file: 20,000 at 10,000 records).

    `trusted` are the digests an earlier build took, with each file's identity then: a file whose
    size, times and inode are still those, and which had not changed for two seconds before its
    digest was taken, is not read again (as git trusts its index). So a build with nothing to do
    costs a walk of content/, not a read of every file."""

    def __init__(self, trusted: Mapping[str, Any] | None = None) -> None:
        self.known: dict[str, str] = {}
        self.trusted = trusted or {}
        # Every digest this build used, with the file's identity and when it was taken.
        self.taken: dict[str, list[Any]] = {}
        self.changed = False  # a file was read: there is something new to save

    def of(self, path: Path | str) -> str:
        """The digest of the file's bytes, as they were when this build first read them."""
        name = str(path)
        found = self.known.get(name)
        if found is not None:
            return found
        identity = _identity(os.stat(name))  # noqa: PTH116 (30,000 files: no Path each)
        entry = self.trusted.get(name)
        if (
            isinstance(entry, list)
            and len(entry) == 6
            and entry[:4] == identity
            and isinstance(entry[4], str)
            and isinstance(entry[5], int)
            and identity[2] < entry[5] - RACY_NS
        ):
            found = entry[4]
            self.taken[name] = entry
        else:
            taken_at = time.time_ns()
            with open(name, "rb") as file:  # noqa: PTH123 (a name: no Path made for each file)
                found = digest(file.read())
            self.taken[name] = [*identity, found, taken_at]
            self.changed = True
        self.known[name] = found
        return found

    @classmethod
    def load(cls, file: Path) -> FileDigests:
        """The digests an earlier build saved in `file` (none when it is missing or damaged)."""
        try:
            saved = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls(saved if isinstance(saved, dict) else None)

    def save(self, file: Path) -> None:
        """Keep this build's digests for the next one (atomically: a torn file is never read)."""
        replace_json(file, self.taken)


def files_fingerprint(
    paths: Iterable[Path | str], base: Path, digests: FileDigests | None = None
) -> str:
    """Names and bytes of `paths`: a renamed, added, removed or edited file changes it."""
    known = digests or FileDigests()
    hasher = hashlib.blake2b(digest_size=20)
    root = str(base).rstrip("/") + "/"
    # Sorted and cut as strings: making, comparing and relativising 30,000 paths costs seconds.
    for name in sorted(map(str, paths)):
        shown = name[len(root) :] if name.startswith(root) else str(Path(name).relative_to(base))
        hasher.update(shown.encode("utf-8") + b"\0")
        hasher.update(known.of(name).encode("ascii"))
    return hasher.hexdigest()


def code_fingerprint(plugin_paths: Iterable[str]) -> str:
    """All plugin files (code, templates), the libraries' and Python's versions: what turns records
    into output."""
    parts = [platform.python_version()]
    for name in LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=-")
    for folder in map(Path, plugin_paths):
        if folder.is_dir():
            sources = [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
            parts.append(files_fingerprint(sources, folder))
    return digest("\n".join(parts).encode("utf-8"))


def build_code_fingerprint(settings: dict[str, Any]) -> str:
    """The code fingerprint of a build: this project's plugins and any other `PLUGIN_PATHS`.
    Hashing every plugin file costs time, so a build computes it once and hands it to the
    stamp and the record cache."""
    return code_fingerprint([str(PLUGINS_FOLDER), *settings.get("PLUGIN_PATHS", [])])
