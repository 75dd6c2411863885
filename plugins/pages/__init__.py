"""The pages plugin: timelines, year pages, and the pages of every leader, organization, type and platform."""

from typing import Any, ClassVar

from archive import runs
from pelican import signals

from .generator import ArchivePagesGenerator


class PagesRun(runs.GeneratorsRun):
    """The pages plugin for one run: the listing pages' generator reads the archive's index."""

    generators: ClassVar[tuple[type, ...]] = (ArchivePagesGenerator,)


def start_run(pelican: Any) -> None:
    """`initialized`: this Pelican run's PagesRun."""
    runs.start_run(pelican, __package__, PagesRun)


def register() -> None:
    """Connect `initialized` only: the run it starts connects the rest, and disconnects it."""
    signals.initialized.connect(start_run)


__all__ = ["register"]
