"""Pelican's writer with page renders deferred to the end of the build and split over the cores.

`write_file` does what Pelican's does (pagination, relative URLs, the refusal to overwrite a page)
but only records the page; `render_pages()` then renders every recorded page, a share of them in
each forked worker process, and sends `content_written` for each, as Pelican would have.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.paginator import Paginator
from pelican.plugins import signals as pelican_signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer
from processes.lifetime import fork_worker, stop

logger = logging.getLogger(__name__)

# Below this many pages a worker process costs more than it saves.
MIN_PAGES_PER_WORKER = 200


@dataclass
class PageJob:
    """One page to render: what Pelican's writer would have rendered at the time it was asked."""

    name: str
    path: str
    template: Any
    context: dict[str, Any]
    snapshot: dict[str, Any]
    values: dict[str, Any]
    relative_urls: bool

    def local_context(self) -> dict[str, Any]:
        """The template's context, built exactly as Pelican's `_get_localcontext` builds it."""
        local = self.snapshot.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if self.relative_urls:
            relative_url = path_to_url(get_relative_path(self.name))
            local["SITEURL"] = relative_url
            local["localsiteurl"] = relative_url
        local["output_file"] = self.name
        local.update(self.values)
        return local

    def render(self) -> None:
        """Render and write the page (Pelican's `_write_file`, Contents adjust links by the context)."""
        local = self.local_context()
        if local["localsiteurl"]:
            self.context["localsiteurl"] = local["localsiteurl"]
        output = self.template.render(local)
        target = Path(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")


class _WarningCollector(logging.Handler):
    """In a worker: keep warnings and errors to hand them to the parent, which fails the build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


def _render_in_worker(jobs: list[PageJob], pipe: int) -> None:
    """Child process: render `jobs`, report warnings or the failure through `pipe`, never return."""
    status = 0
    collector = _WarningCollector()
    logging.getLogger().addHandler(collector)
    try:
        for job in jobs:
            job.render()
        report: dict[str, Any] = {"logs": collector.messages}
    except BaseException:
        report = {"logs": collector.messages, "error": traceback.format_exc()}
        status = 1
    try:
        with os.fdopen(pipe, "w", encoding="utf-8") as out:
            json.dump(report, out)
    finally:
        os._exit(status)


def _wait_for_worker(pid: int, pipe: int) -> dict[str, Any]:
    """Parent: read a worker's report, reap it."""
    try:
        with os.fdopen(pipe, encoding="utf-8") as reader:
            text = reader.read()
    except BaseException:  # interrupted while waiting: the worker's pages are not wanted
        stop(pid)
        raise
    _, status = os.waitpid(pid, 0)
    if not text:
        return {"logs": [], "error": f"page worker {pid} died (status {status}) without a report"}
    return json.loads(text)


class ArchiveWriter(Writer):
    """Returned from `get_writer`; pages wait in `jobs` until `render_pages` (at `finalized`)."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.jobs: dict[str, PageJob] = {}
        self.handed_over: list[PageJob] = []
        self.workers: list[tuple[int, int]] = []
        self._last_snapshot: tuple[dict[str, Any], dict[str, Any]] | None = None

    def _snapshot(self, context: dict[str, Any]) -> dict[str, Any]:
        """The context as it is now; one copy shared by the many pages asked for between changes."""
        last = self._last_snapshot
        if last is not None and last[0] is context and last[1] == context:
            return last[1]
        snapshot = context.copy()
        self._last_snapshot = (context, snapshot)
        return snapshot

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's `_open_w` rules: a page is written once, unless one (and only one) write overrides."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                "(set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def _add(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        values: dict[str, Any],
        relative_urls: bool,
        override: bool,
    ) -> None:
        path = sanitised_join(self.output_path, name)
        if self._claim(path, override):
            snapshot = self._snapshot(context)
            self.jobs[path] = PageJob(
                name, path, template, context, snapshot, values, relative_urls
            )

    def write_file(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict[str, Any] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Record the page (or its paginated pages) as Pelican's `write_file` would write them."""
        if not name:
            return
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self._add(name, template, context, kwargs, relative_urls, override_output)
            return
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        paginators = {
            key: Paginator(name, url, val, self.settings, per_page)
            for key, val in paginated.items()
        }
        for page_num in range(next(iter(paginators.values())).num_pages):
            paginated_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                page = paginator.page(page_num + 1)
                paginated_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(page_num) if page_num else None,
                        f"{key}_next_page": (
                            paginator.page(page_num + 2)
                            if page_num + 1 < paginator.num_pages
                            else None
                        ),
                    }
                )
            self._add(
                page.save_as, template, context, paginated_kwargs, relative_urls, override_output
            )

    def _take(self) -> list[PageJob]:
        """The pages recorded so far, handed over for rendering (and for `content_written` later)."""
        jobs = list(self.jobs.values())
        self.jobs = {}
        self.handed_over += jobs
        return jobs

    def _fork(self, jobs: list[PageJob]) -> None:
        """A worker process that renders `jobs` with the objects as they are now."""
        reader, writer = os.pipe()
        pid = fork_worker()  # dies with this process: an orphan would write into a dead staging
        if pid == 0:
            os.close(reader)
            _render_in_worker(jobs, writer)
        os.close(writer)
        self.workers.append((pid, reader))

    def render_in_background(self, workers: int) -> None:
        """Once the event pages are recorded: a worker renders them while the other generators run,
        seeing the objects exactly as Pelican's own writer would have rendered them, at this point."""
        if workers < 2 or len(self.jobs) < MIN_PAGES_PER_WORKER:
            return
        gc.freeze()  # the worker then shares the parent's objects instead of copying them
        try:
            self._fork(self._take())
        finally:
            gc.unfreeze()

    def render_pages(self, workers: int) -> None:
        """Render every page not yet handed over, in up to `workers` processes; then wait for every
        worker, fail on any worker's failure, and send `content_written` for every page."""
        jobs = self._take()
        count = max(1, min(workers, len(jobs) // MIN_PAGES_PER_WORKER))
        gc.freeze()
        try:
            for share in range(1, count):
                self._fork(jobs[share::count])
            for job in jobs[0::count]:
                job.render()
            reports = []
            while self.workers:
                reports.append(_wait_for_worker(*self.workers.pop(0)))
        finally:
            self.abandon()  # only after a failure here: the workers' pages are not wanted
            gc.unfreeze()
        for report in reports:
            for level, message in report["logs"]:
                logger.log(level, "%s", message)
            if "error" in report:
                raise RuntimeError(
                    f"rendering pages failed in a worker process:\n{report['error']}"
                )
        if pelican_signals.content_written.receivers:
            for job in self.handed_over:
                pelican_signals.content_written.send(job.path, context=job.local_context())

    def abandon(self) -> None:
        """A build that failed: kill and reap its workers, so that none writes another page."""
        while self.workers:
            pid, reader = self.workers.pop()
            stop(pid)
            os.close(reader)
