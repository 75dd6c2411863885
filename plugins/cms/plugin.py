"""Signal wiring of the CMS plugin: write /admin/ once the site is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from .admin import write_admin


def add_admin(pelican: Any) -> None:
    """`finalized`: the site is complete; add the editor beside it (also under autoreload)."""
    write_admin(Path(pelican.settings["OUTPUT_PATH"]), pelican.settings)


def register() -> None:
    """Connect a module-level function (blinker keeps only weak references)."""
    signals.finalized.connect(add_admin)
