"""Signal wiring of the reader's site: filters, the site-wide pages' generator, the sitemap."""

from __future__ import annotations

from typing import Any

from archive import runs
from blinker import Signal
from pelican import signals

from .citation import CITE_FILES, CitationRenderer, record_citation
from .citefiles import CiteFilesGenerator
from .navigation import event_accounts
from .pages import ReaderPagesGenerator
from .sitemap import Sitemap
from .structured import event_json_ld
from .urls import absolute_url, page_path

FILTERS = {
    "page_path": page_path,
    "absolute_url": absolute_url,
    "event_json_ld": event_json_ld,
    "event_accounts": event_accounts,
    "record_citation": record_citation,
}


class ReaderSiteRun(runs.PluginRun):
    """The reader's site for one run: its generators, filters and this run's sitemap."""

    def __init__(self, pelican: Any) -> None:
        super().__init__(pelican)
        self.sitemap = Sitemap()
        self.citations = CitationRenderer()

    def receivers(self) -> list[tuple[Signal, runs.Receiver]]:
        """The sitemap hears every page written, and is written at `finalized`."""
        return [
            (signals.generator_init, self.add_filters),
            (signals.get_generators, self.generators),
            (signals.content_written, self.sitemap.add),
            (signals.finalized, self.sitemap.write),
        ]

    def add_filters(self, generator: Any) -> None:
        """Give every generator's templates the URL and structured-data filters."""
        generator.env.filters.update(FILTERS)
        generator.env.filters["citation_html"] = self.citations.html
        generator.env.globals["CITE_FILES"] = CITE_FILES

    def generators(self, pelican: Any) -> tuple[type, ...]:
        """`get_generators`: the search page, 404 and robots.txt; each record's BibTeX, RIS and
        CSL-JSON."""
        return (ReaderPagesGenerator, CiteFilesGenerator)


def start_run(pelican: Any) -> None:
    """`initialized`: this Pelican run's ReaderSiteRun."""
    runs.start_run(pelican, __package__, ReaderSiteRun)


def register() -> None:
    """Connect `initialized` only: the run it starts connects the rest, and disconnects it."""
    signals.initialized.connect(start_run)
