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

from .run import BUILD


class YamlMarkdownReader(BaseReader):
    """Replaces Pelican's Markdown reader: YAML front matter, safe HTML, loud failures."""

    enabled = True
    file_extensions: typing.ClassVar[list[str]] = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Events go through the archive's checks; a broken file is recorded, never silently dropped."""
        path = Path(source_path)
        if not BUILD.may_read(path):  # a link, or a file under one: never read through it
            return "", {
                "title": f"(refused {path.name})",
                "date": dt.datetime(1970, 1, 1),
                "slug": f"refused-{zlib.crc32(source_path.encode('utf-8', 'surrogateescape'))}",
                "status": "draft",
            }
        if BUILD.is_event_path(path):
            return BUILD.read_event(path, self.settings)
        return self._read_page(path)

    def _read_page(self, path: Path) -> tuple[str, dict[str, Any]]:
        loaded = load_page(path, Path(self.settings["PATH"]))
        BUILD.report(loaded.problems)
        if loaded.page is None:
            return "", {"title": f"(invalid {path.name})", "status": "hidden"}
        page = loaded.page
        metadata: dict[str, Any] = {"title": page.title, "date": dt.datetime(2000, 1, 1)}
        if page.summary:
            metadata["summary"] = escape(page.summary)
        if page.slug:
            metadata["slug"] = page.slug
        html, failure = render_checked(BUILD.renderer, loaded.body)
        if failure:
            BUILD.report(
                [Problem(relative(path, Path(self.settings["PATH"])), 1, "(body)", failure)]
            )
        return html, metadata
