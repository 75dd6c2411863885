"""The same records for the yardsticks: plain Pelican metadata, and Hugo front matter."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .generate import SyntheticArchive, SyntheticEvent

HUGO_SITE = Path(__file__).resolve().parent / "hugo"


def _first_day(partial: str) -> str:
    """Pelican and Hugo need a full date: the first day a partial date covers."""
    parts = [*partial.split("-"), "01", "01"][:3]
    return "-".join(parts)


def _tags(event: SyntheticEvent) -> list[str]:
    """Leaders, organizations, platforms and free tags: what a plain blog would tag the post with."""
    front = event.front
    return [
        *front.get("leaders", []),
        *front.get("organizations", []),
        *front["platforms"],
        *front.get("tags", []),
    ]


def plain_markdown(event: SyntheticEvent, archive: SyntheticArchive) -> str:
    """The record reduced to Pelican's own `Key: value` Markdown metadata."""
    front = event.front
    return (
        f"Title: {front['title']}\n"
        f"Date: {_first_day(front['date'])}\n"
        f"Category: {archive.vocabulary.types[front['type']]}\n"
        f"Tags: {', '.join(_tags(event))}\n"
        f"Slug: {event.slug}\n"
        f"Summary: {front['summary']}\n\n"
        f"{event.body}"
    )


def hugo_markdown(event: SyntheticEvent, archive: SyntheticArchive) -> str:
    """The same reduction for Hugo, as YAML front matter."""
    front = event.front
    data = {
        "title": front["title"],
        "date": _first_day(front["date"]),
        "slug": event.slug,
        "categories": [archive.vocabulary.types[front["type"]]],
        "tags": _tags(event),
        "summary": front["summary"],
    }
    return f"---\n{yaml.safe_dump(data, sort_keys=False, allow_unicode=True)}---\n{event.body}"


def write_plain(archive: SyntheticArchive, content: Path) -> None:
    """A plain Pelican content folder: one Markdown file per record, the About page."""
    if content.exists():
        shutil.rmtree(content)
    for event in archive.events:
        path = content / event.relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plain_markdown(event, archive), encoding="utf-8")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text(
        "Title: About the archive\nSlug: about\n\nA synthetic archive for benchmarks.\n",
        encoding="utf-8",
    )


def write_hugo(archive: SyntheticArchive, site: Path) -> None:
    """A Hugo site: the minimal templates of `bench/hugo/` plus one content file per record."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(HUGO_SITE, site)
    content = site / "content"
    for event in archive.events:
        path = content / event.relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(hugo_markdown(event, archive), encoding="utf-8")
    (content / "about.md").write_text(
        "---\ntitle: About the archive\n---\nA synthetic archive for benchmarks.\n",
        encoding="utf-8",
    )
