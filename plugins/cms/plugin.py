"""Signal wiring of the CMS plugin: write /admin/ once the site is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archive import runs
from blinker import Signal
from pelican import signals

from .admin import write_admin


class CmsRun(runs.PluginRun):
    """The CMS plugin for one run."""

    def receivers(self) -> list[tuple[Signal, runs.Receiver]]:
        """`finalized`: the editor goes beside the complete site."""
        return [(signals.finalized, self.add_admin)]

    def add_admin(self, pelican: Any) -> None:
        """Write /admin/ (only in builds with `CMS_ADMIN`)."""
        write_admin(Path(pelican.settings["OUTPUT_PATH"]), pelican.settings)


def start_run(pelican: Any) -> None:
    """`initialized`: this Pelican run's CmsRun."""
    runs.start_run(pelican, __package__, CmsRun)


def register() -> None:
    """Connect `initialized` only: the run it starts connects the rest, and disconnects it."""
    signals.initialized.connect(start_run)
