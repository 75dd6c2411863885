"""Signal wiring of the reader's site: filters, the site-wide pages' generator, the sitemap."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .citation import CITE_FILES, citation_html, record_citation
from .citefiles import CiteFilesGenerator
from .navigation import event_accounts
from .pages import ReaderPagesGenerator
from .sitemap import SITEMAP
from .structured import event_json_ld
from .urls import absolute_url, page_path

FILTERS = {
    "page_path": page_path,
    "absolute_url": absolute_url,
    "event_json_ld": event_json_ld,
    "event_accounts": event_accounts,
    "record_citation": record_citation,
    "citation_html": citation_html,
}


def add_filters(generator: Any) -> None:
    """Give every generator's templates the URL and structured-data filters."""
    generator.env.filters.update(FILTERS)
    generator.env.globals["CITE_FILES"] = CITE_FILES


def reader_pages(pelican: Any) -> type[ReaderPagesGenerator]:
    """`get_generators`: the generator that writes the search page, 404 and robots.txt."""
    return ReaderPagesGenerator


def cite_files(pelican: Any) -> type[CiteFilesGenerator]:
    """`get_generators`: the generator that writes each record's BibTeX, RIS and CSL-JSON."""
    return CiteFilesGenerator


def register() -> None:
    """Connect module-level functions and the module-level sitemap's methods (strong references)."""
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(reader_pages)
    signals.get_generators.connect(cite_files)
    signals.initialized.connect(SITEMAP.reset)
    signals.content_written.connect(SITEMAP.add)
    signals.finalized.connect(SITEMAP.write)
