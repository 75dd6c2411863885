"""What reading a record produced, kept between builds and reused only while nothing it depends on
changed: the record's bytes, the registry files, every setting and the plugins' code."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fingerprint import code_fingerprint, digest, files_fingerprint, settings_fingerprint
from .markup import BodyRenderer
from .records import EventFile, layout_problems, load_event
from .registry import REGISTRY_FOLDERS, Registry

CACHE_FILE = "archive-records.pickle"
PLUGINS_FOLDER = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ReadResult:
    """One record as read: the checked event (or its problems) and the body as safe HTML."""

    loaded: EventFile
    html: str


def read_record(path: Path, root: Path, registry: Registry, renderer: BodyRenderer) -> ReadResult:
    """Check one record file and render its body: the work that the cache saves."""
    problems = layout_problems(path, root)
    loaded = EventFile(None, problems) if problems else load_event(path, root, registry)
    html = renderer.render(loaded.event.body) if loaded.event is not None else ""
    return ReadResult(loaded, html)


def registry_files(root: Path) -> list[Path]:
    """Every file that the registry is loaded from, whether valid or not."""
    files = [root / "vocabulary.yaml"] if (root / "vocabulary.yaml").is_file() else []
    for folder in REGISTRY_FOLDERS:
        if (root / folder).is_dir():
            files += [p for p in (root / folder).iterdir() if p.is_file()]
    return files


def build_fingerprint(settings: dict[str, Any], root: Path) -> str:
    """What every cached result depends on besides its own file."""
    parts = (
        code_fingerprint([str(PLUGINS_FOLDER), *settings.get("PLUGIN_PATHS", [])]),
        settings_fingerprint(settings),
        files_fingerprint(registry_files(root), root),
    )
    return digest("\n".join(parts).encode("ascii"))


class RecordCache:
    """Results by (path, content digest), valid for one build fingerprint; saved atomically."""

    def __init__(self, file: Path | None, fingerprint: str) -> None:
        self.file = file
        self.fingerprint = fingerprint
        self.stored: dict[tuple[str, str], ReadResult] = {}
        self.used: dict[tuple[str, str], ReadResult] = {}
        self.hits = 0
        self.changed = False
        if file is not None and file.is_file():
            try:
                with file.open("rb") as handle:
                    saved_fingerprint, entries = pickle.load(handle)
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
                saved_fingerprint, entries = None, {}
            if saved_fingerprint == fingerprint:
                self.stored = entries

    @classmethod
    def for_build(cls, settings: dict[str, Any], root: Path) -> RecordCache:
        """The cache under CACHE_PATH when ARCHIVE_CACHE is on, else one that only lives this build."""
        if not settings.get("ARCHIVE_CACHE"):
            return cls(None, "")
        return cls(Path(settings["CACHE_PATH"]) / CACHE_FILE, build_fingerprint(settings, root))

    def key(self, path: Path) -> tuple[str, str]:
        """A record is identified by where it is and by its exact bytes."""
        return str(path), digest(path.read_bytes())

    def lookup(self, key: tuple[str, str]) -> ReadResult | None:
        """The stored result for these bytes, if any."""
        found = self.stored.get(key)
        if found is not None:
            self.hits += 1
            self.used[key] = found
        return found

    def read(self, path: Path, compute: Callable[[], ReadResult]) -> ReadResult:
        """Reuse the result for the file's current bytes, or compute it and remember it."""
        key = self.key(path)
        found = self.lookup(key)
        if found is not None:
            return found
        result = compute()
        # Keep it only if the file did not change while it was read.
        if self.key(path) == key:
            self.add(key, result)
        return result

    def add(self, key: tuple[str, str], result: ReadResult) -> None:
        """Remember a result computed for `key` (here or by a worker process)."""
        self.stored[key] = self.used[key] = result
        self.changed = True

    def save(self) -> None:
        """Write the entries this build used (so removed records drop out), replacing the file atomically."""
        if self.file is None or not (self.changed or len(self.used) < len(self.stored)):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.file.parent, prefix=".records-")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump((self.fingerprint, self.used), out, protocol=pickle.HIGHEST_PROTOCOL)
            Path(name).replace(self.file)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
