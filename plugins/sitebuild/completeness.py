"""Nothing lost: after a build, every record in content/ must be on its page, in its feeds and data.

The check reads `content/` again on its own and the files the build wrote, so that a record that a
plugin skipped, a writer dropped or a template lost is named, whichever step lost it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import lxml.html
from lxml import etree
from records.events import Event
from records.index import ArchiveIndex
from records.problems import ArchiveError, Problem
from records.published import data_rows, feed_links
from records.taxonomy import TAXONOMIES
from records.validation import check_archive

DATA_FILES = ("data/events.json", "data/events.csv")


@dataclass(frozen=True)
class Carrier:
    """One output file that must carry some records, and how to list the record URLs it carries."""

    file: str
    events: tuple[Event, ...]
    carried: Callable[[Path], set[str]]


def _page_carries(event: Event) -> Callable[[Path], set[str]]:
    """An event page carries its record when it shows the record's title."""

    def carried(path: Path) -> set[str]:
        # lxml-stubs types the page as a bare _Element; lxml.html makes it an HtmlElement.
        page = cast(lxml.html.HtmlMixin, lxml.html.document_fromstring(path.read_bytes()))
        text = page.text_content()
        return {event.url} if event.record.title in text else set()

    return carried


def _feed_windows(index: ArchiveIndex, settings: dict[str, Any]) -> list[tuple[str, list[Event]]]:
    """Each feed file with the records it must carry: its newest records, up to its cap."""
    # Imported here: only builds with the feeds plugin need it, and the feeds import the archive.
    from feeds.catalog import ARCHIVE_ATOM, ARCHIVE_JSON, ARCHIVE_RSS
    from feeds.entries import newest_first
    from feeds.settings import read_feed_settings

    feed_settings = read_feed_settings(settings)
    archive = newest_first(index.events)[: feed_settings.max_items]
    windows = [(name, archive) for name in (ARCHIVE_ATOM, ARCHIVE_RSS, ARCHIVE_JSON)]
    for taxonomy in TAXONOMIES:
        for term in index.terms[taxonomy.name].values():
            newest = newest_first(term.events)[: feed_settings.term_max_items]
            windows += [(term.atom_url, newest), (term.rss_url, newest)]
    return windows


def carriers(index: ArchiveIndex, settings: dict[str, Any]) -> list[Carrier]:
    """Every output that promises records: pages always, feeds and data when their plugin is on."""
    found = [Carrier(e.save_as, (e,), _page_carries(e)) for e in index.events]
    plugins = {getattr(p, "__name__", p) for p in settings["PLUGINS"]}  # names or modules
    site_url = str(settings.get("FEED_SITEURL") or "")
    if "feeds" in plugins:
        found += [
            Carrier(name, tuple(events), lambda path: feed_links(path, site_url))
            for name, events in _feed_windows(index, settings)
        ]
    if "exports" in plugins:
        found += [
            Carrier(name, tuple(index.events), lambda path: data_rows(path, site_url))
            for name in DATA_FILES
        ]
    return found


def missing_records(output: Path, carriers: Iterable[Carrier]) -> list[Problem]:
    """One problem per record and output file that should carry it but does not."""
    problems: list[Problem] = []
    for carrier in carriers:
        path = output / carrier.file
        if not path.is_file():
            problems += [
                Problem(e.path, 1, "(output)", f"lost: {carrier.file} was not written")
                for e in carrier.events
            ]
            continue
        try:
            carried = carrier.carried(path)
        except (ValueError, etree.LxmlError) as err:
            problems += [
                Problem(e.path, 1, "(output)", f"lost: {carrier.file} cannot be read ({err})")
                for e in carrier.events
            ]
            continue
        problems += [
            Problem(e.path, 1, "(output)", f"lost: not found in {carrier.file}")
            for e in carrier.events
            if e.url not in carried
        ]
    return problems


def verify_published(output: Path, settings: dict[str, Any]) -> None:
    """Post-build step: raise ArchiveError naming each record that some output lacks."""
    checked = check_archive(Path(settings["PATH"]))
    if checked.problems:
        raise ArchiveError(checked.problems)
    index = ArchiveIndex.build(checked.events, checked.registry)
    problems = missing_records(output, carriers(index, settings))
    if problems:
        raise ArchiveError(problems)
