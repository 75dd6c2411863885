"""The feeds generator: reads the one archive index, writes every feed and the /feeds/ page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator
from records.index import ArchiveIndex
from records.outputs import Reading
from records.urls import FEEDS_SECTION, page_file, section_url

from .catalog import FeedCatalog, build_catalog
from .entries import Entry, build_entry
from .settings import FeedSettings, read_feed_settings
from .writing import NEVER, atom_document, feed_updated, json_document, rss_document

FEEDS_PAGE = page_file(section_url(FEEDS_SECTION))


def build_entries(
    index: ArchiveIndex, articles: dict[str, Any], settings: FeedSettings
) -> dict[str, Entry]:
    """Every record's entry, by slug."""
    # Pelican resolves `{filename}` links against the absolute base; the rest is ours to resolve.
    return {
        event.slug: build_entry(
            event, articles[event.slug].get_content(settings.site_url), index, settings
        )
        for event in index.events
    }


def write_feed(output: Path, name: str, data: bytes) -> None:
    """Write one feed document into the build's output folder (the staging folder of `make html`)."""
    path = output / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


class FeedsGenerator(Generator):
    """Returned from `get_generators`: Pelican makes a fresh one each build, so no state outlives it."""

    def generate_context(self) -> None:
        """Describe every feed once the index exists, so that every page can advertise its feeds."""
        self.feed_settings = read_feed_settings(self.settings)
        self.catalog: FeedCatalog = build_catalog(self.context["archive"], self.feed_settings)
        self.context["feed_catalog"] = self.catalog
        outputs = self.context["archive_outputs"]  # what each feed must carry: its newest records
        for feed in self.catalog.all():
            outputs.declare(feed.atom_url, Reading.FEED, feed.events)
            outputs.declare(feed.rss_url, Reading.FEED, feed.events)
        outputs.declare(self.catalog.json_url, Reading.FEED, self.catalog.archive.events)

    def generate_output(self, writer: Any) -> None:
        """Feeds bypass Pelican's writer (feedgen), so they go straight into its output folder."""
        settings = self.feed_settings
        entries = build_entries(self.context["archive"], self.context["event_articles"], settings)
        output = Path(writer.output_path)
        archive_updated = feed_updated(list(entries.values()), NEVER)
        for feed in self.catalog.all():
            chosen = [entries[event.slug] for event in feed.events]
            updated = feed_updated(chosen, archive_updated)
            write_feed(output, feed.atom_url, atom_document(feed, chosen, settings, updated))
            write_feed(output, feed.rss_url, rss_document(feed, chosen, settings, updated))
        archive = self.catalog.archive
        chosen = [entries[event.slug] for event in archive.events]
        json_url = self.catalog.json_url
        write_feed(output, json_url, json_document(archive, chosen, settings, json_url))
        writer.write_file(
            FEEDS_PAGE,
            self.get_template("feeds"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=section_url(FEEDS_SECTION),
        )
