"""Signal wiring of the exports plugin: each Pelican run hands Pelican the generator that writes /data/."""

from __future__ import annotations

from typing import Any, ClassVar

from archive import runs
from pelican import signals

from .generator import DataGenerator


class ExportsRun(runs.GeneratorsRun):
    """The exports plugin for one run: the data generator runs after the articles (the index exists)."""

    generators: ClassVar[tuple[type, ...]] = (DataGenerator,)


def start_run(pelican: Any) -> None:
    """`initialized`: this Pelican run's ExportsRun."""
    runs.start_run(pelican, __package__, ExportsRun)


def register() -> None:
    """Connect `initialized` only: the run it starts connects the rest, and disconnects it."""
    signals.initialized.connect(start_run)
