"""Pelican reader for `.md` files with YAML front matter: events become typed records, pages stay pages."""

from __future__ import annotations

import datetime as dt
import typing
from html import escape
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader

from .build import BUILD
from .markup import body_link_problems
from .modelcheck import validate_model
from .problems import Problem
from .registry import relative
from .schema import Record, Slug, Text
from .yamlsource import SourceError, parse_yaml, read_text, split_front_matter

# Top-level folders of the permanent URL scheme (see the design guide): a page there would
# collide with the section's own index page.
SITE_SECTIONS = frozenset(
    {
        "events",
        "timeline",
        "leaders",
        "organizations",
        "types",
        "platforms",
        "feeds",
        "data",
        "search",
    }
)


class PageRecord(Record):
    """Front matter of a plain page (`content/pages/*.md`), e.g. the About page."""

    title: Text
    summary: Text | None = None
    slug: Slug | None = None  # a pattern, so a page can never be written outside output/


class YamlMarkdownReader(BaseReader):
    """Replaces Pelican's Markdown reader: YAML front matter, safe HTML, loud failures."""

    enabled = True
    file_extensions: typing.ClassVar[list[str]] = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Events go through the archive's checks; a broken file is recorded, never silently dropped."""
        path = Path(source_path)
        if BUILD.is_event_path(path):
            return BUILD.read_event(path, self.settings)
        return self._read_page(path)

    def _read_page(self, path: Path) -> tuple[str, dict[str, Any]]:
        root = Path(self.settings["PATH"])
        shown = relative(path, root)
        try:
            front, body, body_line = split_front_matter(read_text(path))
            doc = parse_yaml(front, offset=1)
        except (SourceError, OSError) as err:
            BUILD.report([Problem(shown, getattr(err, "line", 1), "(file)", str(err))])
            return "", {"title": f"(unreadable {path.name})", "status": "hidden"}
        page, problems = validate_model(PageRecord, doc, shown)
        problems += [
            Problem(shown, body_line + offset, "(body)", message)
            for offset, message in body_link_problems(body)
        ]
        BUILD.report(problems)
        if page is None:
            return "", {"title": f"(invalid {path.name})", "status": "hidden"}
        slug = page.slug or path.stem
        if slug in SITE_SECTIONS:
            field = "slug" if page.slug else "(file name)"
            message = f"'{slug}' is the site's own /{slug}/ section; give the page another slug"
            line = doc.line_of(("slug",)) if page.slug else 1
            BUILD.report([Problem(shown, line, field, message)])
            return "", {"title": f"(invalid {path.name})", "status": "hidden"}
        metadata: dict[str, Any] = {"title": page.title, "date": dt.datetime(2000, 1, 1)}
        if page.summary:
            metadata["summary"] = escape(page.summary)
        if page.slug:
            metadata["slug"] = page.slug
        return BUILD.renderer.render(body), metadata
