"""Signal wiring of the feeds plugin: each Pelican run hands Pelican the feeds generator."""

from __future__ import annotations

from typing import Any, ClassVar

from archive import runs
from pelican import signals

from .generator import FeedsGenerator


class FeedsRun(runs.GeneratorsRun):
    """The feeds plugin for one run: Pelican makes a fresh feeds generator from it."""

    generators: ClassVar[tuple[type, ...]] = (FeedsGenerator,)


def start_run(pelican: Any) -> None:
    """`initialized`: this Pelican run's FeedsRun."""
    runs.start_run(pelican, __package__, FeedsRun)


def register() -> None:
    """Connect `initialized` only: the run it starts connects the rest, and disconnects it."""
    signals.initialized.connect(start_run)
