"""Signal wiring of the exports plugin: hand Pelican the generator that writes /data/."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import DataGenerator


def get_generators(pelican: Any) -> type[DataGenerator]:
    """`get_generators`: the data generator runs after the articles, so the archive index exists."""
    return DataGenerator


def register() -> None:
    """Connect a module-level function (a strong reference)."""
    signals.get_generators.connect(get_generators)
