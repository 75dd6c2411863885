"""Signal wiring of the feeds plugin: hand Pelican the feeds generator."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import FeedsGenerator


def get_generators(pelican: Any) -> type[FeedsGenerator]:
    """`get_generators`: Pelican instantiates the generator once per build."""
    return FeedsGenerator


def register() -> None:
    """Connect a module-level function (blinker keeps only weak references)."""
    signals.get_generators.connect(get_generators)
