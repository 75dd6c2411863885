"""Signal wiring of the archive plugin: each Pelican run gets its own `ArchiveRun`."""

from __future__ import annotations

from pelican import signals

from .run import start_run


def register() -> None:
    """Connect `initialized` only: the run it starts connects the rest, and disconnects it."""
    signals.initialized.connect(start_run)
