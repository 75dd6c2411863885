"""A test plugin that loses output after Pelican wrote it, so tests can prove the loss is caught."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals


def lose_files(pelican: Any) -> None:
    """`finalized`: delete the output files the SABOTAGE setting names (none unless a test asks)."""
    for name in pelican.settings.get("SABOTAGE", ()):
        (Path(pelican.output_path) / name).unlink()


def register() -> None:
    """Connect a module-level function (blinker keeps only weak references)."""
    signals.finalized.connect(lose_files)
