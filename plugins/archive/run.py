"""Per-build state of the archive plugin: registry, events read, problems; reset for every build."""

from __future__ import annotations

import datetime as dt
import logging
import os
from html import escape
from pathlib import Path
from typing import Any

from processes.chunks import workers
from records.contenttree import scan_content
from records.events import (
    EVENTS_FOLDER,
    Event,
    collection_problems,
    event_files,
    layout_problems,
    load_event,
    located,
)
from records.index import ArchiveIndex
from records.markup import BodyRenderer
from records.problems import ArchiveError, Problem
from records.registry import Registry, load_registry, relative
from records.sources import uncited_problems
from sitebuild.cache import RecordCache, read_record
from sitebuild.prefetch import prefetch

logger = logging.getLogger(__name__)


class ArchiveBuild:
    """One object whose bound methods are the signal receivers; its state lives for one build only."""

    def __init__(self) -> None:
        self.renderer = BodyRenderer()
        self.reset()

    def reset(self) -> None:
        """Forget the previous build (autoreload runs plugins again in the same process)."""
        self.root: Path | None = None
        self.registry: Registry | None = None
        self.problems: list[Problem] = []
        self.events: dict[Path, Event] = {}
        self.seen: set[Path] = set()
        self.citations: dict[Path, list[str] | None] = {}
        self.index: ArchiveIndex | None = None
        self.cache: RecordCache | None = None
        self.event_paths: dict[str, Path] = {}
        self.content_files: set[str] = set()
        self.refused_files = False
        self.located_files: dict[Path, Path] = {}

    def report(self, problems: list[Problem]) -> None:
        """Keep problems for the end of reading, so that all of them are shown at once."""
        self.problems.extend(problems)

    def start(self, generator: Any) -> None:
        """`article_generator_init`: load the registries once before any record is read."""
        self.reset()
        self.root = Path(generator.settings["PATH"]).resolve()
        tree = scan_content(self.root)
        self.registry, problems = load_registry(self.root)
        self.report([*tree.problems, *problems])
        self.refused_files = bool(tree.problems)
        # Every record file under the path Pelican will pass to the reader (`abspath` of PATH/...),
        # so that telling records from pages needs no `resolve()` (a system call per folder) each.
        content = generator.settings["PATH"]
        self.content_files = {
            os.path.abspath(os.path.join(content, path.relative_to(self.root)))  # noqa: PTH100, PTH118 (as Pelican computes it)
            for path in tree.files
        }
        folders: dict[Path, Path] = {}  # `located` resolves each folder once, not once per file
        self.located_files = {
            path: folders.setdefault(path.parent, path.parent.resolve()) / path.name
            for path in event_files(self.root, tree)
        }
        self.event_paths = {
            os.path.abspath(os.path.join(content, path.relative_to(self.root))): resolved  # noqa: PTH100, PTH118 (as Pelican computes it)
            for path, resolved in self.located_files.items()
        }
        self.cache = RecordCache.for_build(generator.settings, self.root)
        prefetch(
            self.cache,
            list(self.located_files.values()),
            self.root,
            self.registry,
            workers(generator.settings),
        )

    def may_read(self, path: Path) -> bool:
        """Pelican follows links; only files that `scan_content` found (never through a link) are
        read. The others were reported when the build started, unless one appeared since."""
        if str(path) in self.content_files:
            return True
        if not self.refused_files:
            shown = relative(path, self.root) if self.root else str(path)
            message = "appeared while the build was reading the content folder: build again"
            self.report([Problem(shown, 1, "(file)", message)])
        return False

    def is_event_path(self, path: Path) -> bool:
        """Records are the files under `content/events/`."""
        if str(path) in self.event_paths:
            return True
        return self.root is not None and located(path).is_relative_to(self.root / EVENTS_FOLDER)

    def read_event(self, path: Path, settings: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Read one record for Pelican; a broken record gets a stand-in and fails the build later."""
        assert self.root is not None and self.registry is not None and self.cache is not None
        resolved = self.event_paths.get(str(path)) or located(path)
        self.seen.add(resolved)
        root, registry = self.root, self.registry
        result = self.cache.read(
            resolved, lambda: read_record(resolved, root, registry, self.renderer)
        )
        loaded = result.loaded
        self.citations[resolved] = loaded.cited
        problems = loaded.problems
        if problems or loaded.event is None:
            self.report(problems)
            return "", {
                "title": f"(invalid record {path.name})",
                "date": dt.datetime(1970, 1, 1),
                "slug": f"invalid-{len(self.problems)}",
                "status": "draft",
            }
        event = loaded.event
        self.events[resolved] = event
        record = event.record
        metadata: dict[str, Any] = {
            "title": record.title,
            "date": dt.datetime.combine(record.date.first_day(), dt.time()),
            "slug": event.slug,
            "summary": escape(record.summary),
            "event": event,
        }
        if record.modified:
            metadata["modified"] = dt.datetime.combine(record.modified.first_day(), dt.time())
        return result.html, metadata

    def finish_reading(self, generator: Any) -> None:
        """`article_generator_finalized`: fail on any problem or lost file, else publish the index."""
        assert self.root is not None and self.registry is not None
        for path in event_files(self.root):
            resolved = self.located_files.get(path) or located(path)
            if resolved not in self.seen:
                unread = Problem(
                    relative(path, self.root),
                    1,
                    "(file)",
                    "was not read by the build (ignored by Pelican's settings?)",
                )
                found = layout_problems(path, self.root)
                self.citations[resolved] = None
                if not found:
                    loaded = load_event(path, self.root, self.registry)
                    found = loaded.problems
                    self.citations[resolved] = loaded.cited
                self.report(found or [unread])
        self.report(collection_problems(list(self.events.values())))
        # A file refused unread (a link, an unusable name) cites sources nobody knows.
        unread = [None] if self.refused_files else []
        self.report(uncited_problems(self.registry, [*self.citations.values(), *unread]))
        if self.problems:
            raise ArchiveError(self.problems)
        assert self.cache is not None
        self.cache.save()
        logger.info(
            "archive: %d records read, %d from the cache, %d damaged cache entries read again",
            len(self.seen),
            self.cache.hits,
            self.cache.damaged,
        )
        self.index = ArchiveIndex.build(self.events.values(), self.registry)
        articles = {a.event.slug: a for a in generator.articles if hasattr(a, "event")}
        missing = [e for e in self.index.events if e.slug not in articles]
        if missing:
            raise ArchiveError(
                Problem(e.path, 1, "(file)", "read but not published by Pelican") for e in missing
            )
        generator.context["archive"] = self.index
        generator.context["event_articles"] = articles

    def finish_pages(self, generator: Any) -> None:
        """`page_generator_finalized`: pages are read after the records, so their problems fail here."""
        if self.problems:
            raise ArchiveError(self.problems)

    def check_output(self, pelican: Any) -> None:
        """`finalized`: every record must have reached its page; then forget this build."""
        try:
            if self.index is not None:
                output = Path(pelican.output_path)
                lost = [e for e in self.index.events if not (output / e.save_as).is_file()]
                if lost:
                    raise ArchiveError(
                        Problem(e.path, 1, "(output)", f"no page written at {e.save_as}")
                        for e in lost
                    )
        finally:
            self.reset()


BUILD = ArchiveBuild()
