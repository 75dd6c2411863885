"""The bibliography (/sources/): every source grouped by publisher, each with the records citing it."""

from __future__ import annotations

from dataclasses import dataclass

from records.index import ArchiveIndex, CitedSource

from .profiles import sort_name


@dataclass(frozen=True)
class PublisherGroup:
    """The sources of one publisher, oldest first (undated ones last), then by title."""

    publisher: str
    sources: tuple[CitedSource, ...]

    @property
    def anchor(self) -> str:
        """Fragment id of the publisher's heading."""
        return "publisher-" + "-".join(
            "".join(c if c.isalnum() else " " for c in sort_name(self.publisher)).split()
        )


def _source_order(cited: CitedSource) -> tuple[int, tuple[int, int, int], str, str]:
    source = cited.source
    dated = (0, source.date.sort_key()) if source.date else (1, (0, 0, 0))
    return (*dated, sort_name(source.title), source.id)


def bibliography(index: ArchiveIndex) -> list[PublisherGroup]:
    """Publishers in alphabetical order (ignoring case and accents), each with its sources."""
    groups: dict[str, list[CitedSource]] = {}
    for cited in index.sources.values():
        groups.setdefault(cited.source.publisher, []).append(cited)
    return [
        PublisherGroup(publisher, tuple(sorted(groups[publisher], key=_source_order)))
        for publisher in sorted(groups, key=lambda p: (sort_name(p), p))
    ]
