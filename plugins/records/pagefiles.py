"""Plain pages (`content/pages/*.md`, e.g. the About page): read and checked as records are, by
`make check` and the build alike, so that the check refuses every page the build would."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .contenttree import ContentTree
from .events import body_file_problems
from .modelcheck import validate_model
from .problems import Problem
from .registry import relative
from .schema import Record, Slug, Text
from .taxonomy import SITE_SECTIONS
from .yamlsource import SourceError, parse_yaml, read_text, split_front_matter

PAGES_FOLDER = "pages"


class PageRecord(Record):
    """Front matter of a plain page (`content/pages/*.md`), e.g. the About page."""

    title: Text
    summary: Text | None = None
    slug: Slug | None = None  # a pattern, so a page can never be written outside output/


@dataclass
class PageFile:
    """What reading one page produced: the page and its body, or the problems that stop it."""

    page: PageRecord | None
    body: str = ""
    problems: list[Problem] = field(default_factory=list)


def page_files(tree: ContentTree) -> list[Path]:
    """The Markdown files under `pages/`, which Pelican reads as pages."""
    return [path for path in tree.under(PAGES_FOLDER) if path.suffix == ".md"]


def load_page(path: Path, root: Path) -> PageFile:
    """Read and check one page; never raises for bad content, returns its problems instead."""
    shown = relative(path, root)
    try:
        front, body, body_line = split_front_matter(read_text(path))
        doc = parse_yaml(front, offset=1)
    except (SourceError, OSError) as err:
        return PageFile(
            None, problems=[Problem(shown, getattr(err, "line", 1), "(file)", str(err))]
        )
    page, problems = validate_model(PageRecord, doc, shown)
    problems += body_file_problems(body, body_line, shown)
    if page is not None:
        slug = page.slug or path.stem
        if slug in SITE_SECTIONS:
            field_name = "slug" if page.slug else "(file name)"
            message = f"'{slug}' is the site's own /{slug}/ section; give the page another slug"
            line = doc.line_of(("slug",)) if page.slug else 1
            problems.append(Problem(shown, line, field_name, message))
    if problems:
        return PageFile(None, problems=problems)
    return PageFile(page, body)
