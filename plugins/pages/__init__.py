"""The pages plugin: timelines, year pages, and the pages of every leader, organization, type and platform."""

from pelican import signals

from .generator import ArchivePagesGenerator


def get_generators(pelican: object) -> type[ArchivePagesGenerator]:
    """Add the listing pages' generator to the build (a module-level receiver: a strong reference)."""
    return ArchivePagesGenerator


def register() -> None:
    """Connect the generator; it reads the index that the archive plugin publishes."""
    signals.get_generators.connect(get_generators)


__all__ = ["register"]
