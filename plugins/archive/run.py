"""The archive plugin's run: one object per Pelican run, made at `initialized`, whose bound
methods read the records, publish the index and declare the event pages."""

from __future__ import annotations

import datetime as dt
import logging
import os
from html import escape
from pathlib import Path
from typing import Any

from blinker import Signal
from pelican.contents import Content
from pelican.plugins import signals
from processes.chunks import workers
from records.contenttree import scan_content
from records.dependencies import Dependencies, digest
from records.events import EVENTS_FOLDER, Event, collection_problems, event_files, located
from records.formatting import FILTERS
from records.index import ArchiveIndex
from records.markup import BodyRenderer
from records.outputs import OutputLedger, Reading
from records.problems import ArchiveError, Problem
from records.registry import Registry, load_registry, relative
from records.sources import uncited_problems
from records.validation import check_event_file
from sitebuild.cache import RecordCache, RecordReader
from sitebuild.fingerprint import FileDigests
from sitebuild.prefetch import prefetch

from . import listings, runs
from .reader import YamlMarkdownReader
from .runs import PluginRun, Receiver
from .writer import ReusingWriter

logger = logging.getLogger(__name__)


class ArchiveRun(PluginRun):
    """The archive plugin for one Pelican run: its bound methods are the run's receivers."""

    def __init__(self, pelican: Any) -> None:
        super().__init__(pelican)
        # Set by the build (`sitebuild.build`) before `run()`, which hashes the code once for its
        # stamp too; computed by the cache when the run has none (a plain `Pelican().run()`).
        self.code_fingerprint: str | None = None
        self.file_digests: FileDigests | None = None  # the build's, shared with its stamp
        # Set by an incremental build with the memo (`outputs.memo`): the digest of the code,
        # theme and settings that every output's key starts from.
        self.site_digest: str | None = None
        self.record_digests: dict[str, str | None] = {}
        self.templates: Any = None  # the run's one Jinja environment (`add_filters`)
        self.renderer = BodyRenderer()
        self.root: Path | None = None
        self.registry: Registry | None = None
        self.records: RecordReader | None = None
        self.problems: list[Problem] = []
        self.events: dict[Path, Event] = {}
        self.seen: set[Path] = set()
        self.citations: dict[Path, list[str] | None] = {}
        self.index: ArchiveIndex | None = None
        self.outputs = OutputLedger()
        self.event_paths: dict[str, Path] = {}
        self.content_files: set[str] = set()
        self.refused_files = False
        self.located_files: dict[Path, Path] = {}

    def receivers(self) -> list[tuple[Signal, Receiver]]:
        """The run's receivers, in the order they fire for one signal."""
        return [
            (signals.readers_init, self.add_reader),
            (signals.get_writer, self.writer),
            (signals.generator_init, self.add_filters),
            (signals.article_generator_init, self.start_reading),
            (signals.article_generator_finalized, self.finish_reading),
            (signals.article_generator_finalized, self.skip_unwritten_listings),
            (signals.page_generator_finalized, self.finish_pages),
            (signals.content_written, self.forget_rendered_bodies),
            (signals.finalized, self.check_output),
            (signals.finalized, self.forget_rendered_bodies),
        ]

    def forget_rendered_bodies(self, *_: Any, **__: Any) -> None:
        """`content_written`, `finalized`: Pelican memoizes every article's HTML (and summary) per
        site URL in one cache for the whole process, so the bodies of every page written would
        pile up and outlive the run (`make serve` builds again in the same process). A page's
        body is read while that page is rendered, so the cache is emptied once it is written."""
        for memoized in (Content.get_content, Content.get_summary):
            memoized.cache.clear()

    def writer(self, pelican: Any) -> type:
        """`get_writer`: Pelican's writer, made to reuse the pages this run's ledger expects
        unchanged; a class of this run's own, so that nothing outlives the run."""
        return type("ArchiveRunWriter", (ReusingWriter,), {"outputs": self.outputs})

    def add_reader(self, readers: Any) -> None:
        """`readers_init`: every `.md` file goes through this run's YAML front-matter reader."""
        readers.reader_classes["md"] = self.make_reader

    def make_reader(self, settings: dict[str, Any]) -> YamlMarkdownReader:
        """Pelican makes its readers from `reader_classes`: here, one bound to this run."""
        return YamlMarkdownReader(settings, self)

    def add_filters(self, generator: Any) -> None:
        """`generator_init`: every generator's templates get the archive's formatting filters, and
        every generator of the run shares the first one's Jinja environment. Pelican gives each
        generator an environment of its own, made from the same settings (loaders, filters,
        globals, tests), so each compiled `base.html` and the partials again: one environment
        compiles each template once a run."""
        if self.templates is None:
            self.templates = generator.env
        else:
            generator.env = self.templates
        generator.env.filters.update(FILTERS)

    def skip_unwritten_listings(self, generator: Any) -> None:
        """`article_generator_finalized`: no category or author lists for pages never written."""
        listings.skip_unwritten_listings(generator)

    def report(self, problems: list[Problem]) -> None:
        """Keep problems for the end of reading, so that all of them are shown at once."""
        self.problems.extend(problems)

    def start_reading(self, generator: Any) -> None:
        """`article_generator_init`: load the registries once before any record is read."""
        self.root = root = Path(generator.settings["PATH"]).resolve()
        tree = scan_content(root)
        # The source files (two per record) are checked over the worker processes too.
        self.registry, problems = load_registry(root, workers(generator.settings))
        self.report([*tree.problems, *problems])
        self.refused_files = bool(tree.problems)
        # Every record file under the path Pelican will pass to the reader (`abspath` of PATH/...),
        # so that telling a record from a page needs no `resolve()` (a system call per folder) each.
        content = generator.settings["PATH"]
        self.content_files = {
            os.path.abspath(os.path.join(content, path.relative_to(root)))  # noqa: PTH100, PTH118 (as Pelican computes it)
            for path in tree.files
        }
        self.located_files = located_files(event_files(root, tree))
        self.event_paths = {
            os.path.abspath(os.path.join(content, path.relative_to(root))): resolved  # noqa: PTH100, PTH118 (as Pelican computes it)
            for path, resolved in self.located_files.items()
        }
        cache = RecordCache.for_build(
            generator.settings, root, self.code_fingerprint, self.file_digests
        )
        self.records = RecordReader(root, self.registry, cache, self.renderer)
        prefetch(
            cache,
            list(self.located_files.values()),
            root,
            self.registry,
            workers(generator.settings),
        )
        generator.context["archive_outputs"] = self.outputs

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

    def read_event(self, path: Path) -> tuple[str, dict[str, Any]]:
        """Read one record for Pelican; a broken record gets a stand-in and fails the build later."""
        assert self.records is not None
        resolved = self.event_paths.get(str(path)) or located(path)
        self.seen.add(resolved)
        record_digest, result = self.records.read_keyed(resolved)
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
        self.record_digests[event.path] = record_digest
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
        """`article_generator_finalized`: fail on any problem or lost file, else publish the index
        and declare the event pages (one per record, showing its title)."""
        assert self.root is not None and self.registry is not None and self.records is not None
        for path in event_files(self.root):
            resolved = self.located_files.get(path) or located(path)
            if resolved not in self.seen:
                unread = Problem(
                    relative(path, self.root),
                    1,
                    "(file)",
                    "was not read by the build (ignored by Pelican's settings?)",
                )
                loaded = check_event_file(path, self.root, self.registry)
                self.citations[resolved] = loaded.cited
                self.report(loaded.problems or [unread])
        self.report(collection_problems(list(self.events.values())))
        # A file refused unread (a link, an unusable name) cites sources nobody knows.
        unread_citations = [None] if self.refused_files else []
        self.report(uncited_problems(self.registry, [*self.citations.values(), *unread_citations]))
        if self.problems:
            raise ArchiveError(self.problems)
        cache = self.records.cache
        cache.save()
        logger.info(
            "archive: %d records read, %d from the cache, %d damaged cache entries read again",
            len(self.seen),
            cache.hits,
            cache.damaged,
        )
        self.index = ArchiveIndex.build(self.events.values(), self.registry)
        articles = {a.event.slug: a for a in generator.articles if hasattr(a, "event")}
        missing = [e for e in self.index.events if e.slug not in articles]
        if missing:
            raise ArchiveError(
                Problem(e.path, 1, "(file)", "read but not published by Pelican") for e in missing
            )
        self.outputs.declare_each_record(event_page, Reading.PAGE)
        if self.site_digest is not None:
            self.expect_event_pages(self.index, self.site_digest)
        generator.context["archive"] = self.index
        generator.context["event_articles"] = articles

    def expect_event_pages(self, index: ArchiveIndex, site: str) -> None:
        """The inputs of the outputs (`records.dependencies`), and each record page's key: its
        record and what it names, and the records before and after it (their titles and dates)."""
        root = self.root
        assert root is not None
        dependencies = Dependencies(
            index, self.record_digests, site, lambda: content_digest(root, self.content_files)
        )
        self.outputs.dependencies = dependencies
        for event in index.events:
            before, after = index.neighbours(event)
            self.outputs.expect(
                event.save_as,
                self.outputs.key(
                    event.save_as,
                    dependencies.event(event),
                    dependencies.neighbour(before),
                    dependencies.neighbour(after),
                ),
            )

    def finish_pages(self, generator: Any) -> None:
        """`page_generator_finalized`: pages are read after the records, so their problems fail here."""
        if self.problems:
            raise ArchiveError(self.problems)

    def check_output(self, pelican: Any) -> None:
        """`finalized`: every record must have reached its page."""
        if self.index is not None:
            output = Path(pelican.output_path)
            lost = [e for e in self.index.events if not (output / e.save_as).is_file()]
            if lost:
                raise ArchiveError(
                    Problem(e.path, 1, "(output)", f"no page written at {e.save_as}") for e in lost
                )


def event_page(event: Event) -> str:
    """Where a record's page is written."""
    return event.save_as


def content_digest(root: Path, files: set[str]) -> str:
    """Every content file's name and bytes: what a body's `{filename}` link may read."""
    parts: list[str] = []
    for name in sorted(files):
        path = Path(name)
        parts += [relative(path, root), digest(path.read_bytes().hex())]
    return digest(*parts)


def located_files(paths: list[Path]) -> dict[Path, Path]:
    """Each record file with its folders resolved, each folder once (not once per file)."""
    folders: dict[Path, Path] = {}
    return {
        path: folders.setdefault(path.parent, path.parent.resolve()) / path.name for path in paths
    }


def start_run(pelican: Any) -> None:
    """`initialized`: this Pelican run's archive run (the only receiver `register()` connects)."""
    runs.start_run(pelican, __package__, ArchiveRun)
