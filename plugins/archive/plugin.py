"""Signal wiring of the archive plugin: thin glue around the module-level build object."""

from __future__ import annotations

from typing import Any

from pelican import signals
from records.formatting import FILTERS

from .listings import skip_unwritten_listings
from .reader import YamlMarkdownReader
from .run import BUILD


def add_reader(readers: Any) -> None:
    """Route every `.md` file through the YAML front-matter reader."""
    readers.reader_classes["md"] = YamlMarkdownReader


def add_filters(generator: Any) -> None:
    """Give every generator's Jinja environment the archive's formatting filters."""
    generator.env.filters.update(FILTERS)


def register() -> None:
    """Connect bound methods of the module-level build object (strong references)."""
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_filters)
    signals.article_generator_init.connect(BUILD.start)
    signals.article_generator_finalized.connect(BUILD.finish_reading)
    signals.page_generator_finalized.connect(BUILD.finish_pages)
    signals.article_generator_finalized.connect(skip_unwritten_listings)
    signals.finalized.connect(BUILD.check_output)
