"""The feeds generator: reads the one archive index, writes every feed and the /feeds/ page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pelican.generators import Generator
from records.events import Event
from records.outputs import OutputLedger, Reading
from records.urls import FEEDS_SECTION, page_file, section_url

from .catalog import Feed, FeedCatalog, build_catalog
from .entries import Entry, as_datetime, build_entry
from .settings import read_feed_settings
from .writing import NEVER, atom_document, feed_updated, json_document, rss_document

FEEDS_PAGE = page_file(section_url(FEEDS_SECTION))


def write_feed(output: Path, name: str, data: bytes) -> None:
    """Write one feed document into the build's output folder (the staging folder of `make html`)."""
    path = output / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


class FeedsGenerator(Generator):
    """Returned from `get_generators`: Pelican makes a fresh one each build, so no state outlives it."""

    @staticmethod
    def _inputs(feed: Feed, ledger: OutputLedger, updated: dt.datetime) -> tuple[str | None, ...]:
        """A feed's inputs: its own words and addresses, its term, its records (bodies, and the
        terms and sources they name) and, empty, the archive's newest date."""
        dependencies = ledger.dependencies
        if dependencies is None:
            return (None,)
        return (
            repr((feed.title, feed.follows, feed.page_url, feed.atom_url, feed.rss_url)),
            "" if feed.term is None else dependencies.term(feed.term),
            dependencies.events(feed.events),
            "" if feed.events else updated.isoformat(),
        )

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
        """Feeds bypass Pelican's writer (feedgen), so they go straight into its output folder. A
        feed whose key is unchanged since the last build is reused; entries are made only for
        the feeds written."""
        settings = self.feed_settings
        index = self.context["archive"]
        articles = self.context["event_articles"]
        ledger = self.context["archive_outputs"]
        output = Path(writer.output_path)
        made: dict[str, Entry] = {}

        def entries(events: tuple[Event, ...]) -> list[Entry]:
            for event in events:
                if event.slug not in made:
                    content = articles[event.slug].get_content(settings.site_url)
                    made[event.slug] = build_entry(event, content, index, settings)
            return [made[event.slug] for event in events]

        # An empty feed is dated by the newest record of the archive.
        archive_updated = max(
            (as_datetime(e.record.modified or e.record.added) for e in index.events), default=NEVER
        )
        for feed in self.catalog.all():
            inputs = self._inputs(feed, ledger, archive_updated)
            documents = ((feed.atom_url, atom_document), (feed.rss_url, rss_document))
            for name, document in documents:
                if not ledger.reuse(name, ledger.key(name, *inputs)):
                    chosen = entries(feed.events)
                    updated = feed_updated(chosen, archive_updated)
                    write_feed(output, name, document(feed, chosen, settings, updated))
        archive = self.catalog.archive
        json_url = self.catalog.json_url
        inputs = self._inputs(archive, ledger, archive_updated)
        if not ledger.reuse(json_url, ledger.key(json_url, *inputs)):
            chosen = entries(archive.events)
            write_feed(output, json_url, json_document(archive, chosen, settings, json_url))
        writer.write_file(
            FEEDS_PAGE,
            self.get_template("feeds"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=section_url(FEEDS_SECTION),
        )
