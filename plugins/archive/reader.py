"""Pelican reader for `.md` files with YAML front matter: events become typed records, pages stay pages."""

from __future__ import annotations

import datetime as dt
import typing
import zlib
from html import escape
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader
from records.markup import render_checked
from records.pagefiles import load_page
from records.problems import Problem
from records.registry import relative

if typing.TYPE_CHECKING:
    from .run import ArchiveRun


class YamlMarkdownReader(BaseReader):
    """Replaces Pelican's Markdown reader for `.md` files: YAML front matter, safe HTML, loud
    failures. Each instance reads for one run, which the run's `readers_init` receiver binds."""

    enabled = True
    # No extension of its own: Pelican makes a reader of every `BaseReader` subclass that names
    # one, without a run; the archive run puts its own in `reader_classes["md"]`.
    file_extensions: list[str] = []  # noqa: RUF012 (an instance attribute of Pelican's BaseReader)

    def __init__(self, settings: dict[str, Any], run: ArchiveRun) -> None:
        super().__init__(settings)  # type: ignore[no-untyped-call]  # Pelican's, untyped
        self.run = run

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Events go through the archive's checks; a broken file is recorded, never silently dropped."""
        path = Path(source_path)
        if not self.run.may_read(path):  # a link, or a file under one: never read through it
            return "", {
                "title": f"(refused {path.name})",
                "date": dt.datetime(1970, 1, 1),
                "slug": f"refused-{zlib.crc32(source_path.encode('utf-8', 'surrogateescape'))}",
                "status": "draft",
            }
        if self.run.is_event_path(path):
            return self.run.read_event(path)
        return self._read_page(path)

    def _read_page(self, path: Path) -> tuple[str, dict[str, Any]]:
        loaded = load_page(path, Path(self.settings["PATH"]))
        self.run.report(loaded.problems)
        if loaded.page is None:
            return "", {"title": f"(invalid {path.name})", "status": "hidden"}
        page = loaded.page
        metadata: dict[str, Any] = {"title": page.title, "date": dt.datetime(2000, 1, 1)}
        if page.summary:
            metadata["summary"] = escape(page.summary)
        if page.slug:
            metadata["slug"] = page.slug
        html, failure = render_checked(self.run.renderer, loaded.body)
        if failure:
            self.run.report(
                [Problem(relative(path, Path(self.settings["PATH"])), 1, "(body)", failure)]
            )
        return html, metadata
