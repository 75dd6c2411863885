"""Signal wiring of the reader's site: filters, the site-wide pages' generator, the sitemap."""

from __future__ import annotations

from typing import Any

from pelican import signals

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
}


def add_filters(generator: Any) -> None:
    """Give every generator's templates the URL and structured-data filters."""
    generator.env.filters.update(FILTERS)


def reader_pages(pelican: Any) -> type[ReaderPagesGenerator]:
    """`get_generators`: the generator that writes the search page, 404 and robots.txt."""
    return ReaderPagesGenerator


def register() -> None:
    """Connect module-level functions and the module-level sitemap's methods (strong references)."""
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(reader_pages)
    signals.initialized.connect(SITEMAP.reset)
    signals.content_written.connect(SITEMAP.add)
    signals.finalized.connect(SITEMAP.write)
