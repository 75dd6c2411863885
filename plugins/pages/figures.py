"""Figures that records cite about a leader or organization: one row per distinct figure.

A figure is what one source states (subject, platform, measure, value, qualifier, as-of); several
records citing the same figure of the same source give one figure that lists them all. Figures of
different sources are never merged, even when they agree. A figure is placed in time by its own
date (`as_of`) or else by its source's date; a figure with neither is listed as undated and drawn
nowhere, since any place on a time axis would be invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from records.dates import PartialDate
from records.events import Event
from records.index import ArchiveIndex, Term
from records.schema import Metric, Source

from .chart import HistoryChart, history_chart

# A chart needs figures at two points in time to show a change; fewer are table rows.
MIN_CHARTED_POINTS = 2


class Dating(StrEnum):
    """Where a figure's place in time comes from: its own `as_of`, or its source's date."""

    AS_OF = "as of"
    SOURCE = "source date"


def source_key(source: Source) -> tuple[object, ...]:
    """What tells two sources apart: their id and bibliographic details, never the citing record."""
    return (source.id, source.publisher, source.title, source.url, source.date)


def _figure_key(metric: Metric, source: Source) -> tuple[object, ...]:
    return (
        metric.subject,
        metric.platform,
        metric.measure,
        metric.value,
        metric.qualifier,
        metric.as_of,
        source_key(source),
    )


@dataclass(frozen=True)
class Figure:
    """One distinct figure about a profile, with its source and every record that cites it."""

    metric: Metric
    source: Source
    events: tuple[Event, ...]
    notes: tuple[str, ...]

    @property
    def date(self) -> PartialDate | None:
        """Its own date, else its source's; None when neither is known."""
        return self.metric.as_of or self.source.date

    @property
    def dated_by(self) -> Dating | None:
        """Where `date` comes from, or None for an undated figure."""
        if self.metric.as_of:
            return Dating.AS_OF
        return Dating.SOURCE if self.source.date else None

    @property
    def source_url(self) -> str:
        """The source's entry on the first citing record's page, where readers can check it."""
        return f"{self.events[0].url}#source-{self.source.id}"

    def sort_key(self) -> tuple[object, ...]:
        """Dated figures in time order, undated ones last; then by value and source."""
        date = self.date
        when = (0, date.sort_key()) if date else (1, (0, 0, 0))
        return (when, self.metric.value, self.source.id, self.events[0].slug)


def middle(date: PartialDate) -> dt.date:
    """Where a chart places a date: mid-year for `2012`, mid-month for `2012-07`, the day itself."""
    first, last = date.first_day(), date.last_day()
    return first + (last - first) / 2


def distinct_figures(term: Term, index: ArchiveIndex) -> list[Figure]:
    """Every figure the profile's events cite about it, each once, with all the records citing it."""
    return collect_figures(term.events, lambda metric: metric.subject == term.slug, index)


def collect_figures(
    events: Iterable[Event], keep: Callable[[Metric], bool], index: ArchiveIndex
) -> list[Figure]:
    """Every figure the events cite that `keep` accepts, each once, with all the records citing it."""
    found: dict[tuple[object, ...], tuple[Metric, Source, list[Event], list[str]]] = {}
    for event in events:
        for metric in event.record.metrics:
            if not keep(metric):
                continue
            source = index.source(metric.source)
            _, _, events, notes = found.setdefault(
                _figure_key(metric, source), (metric, source, [], [])
            )
            if event not in events:
                events.append(event)
            if metric.note and metric.note not in notes:
                notes.append(metric.note)
    return [
        Figure(metric, source, tuple(events), tuple(notes))
        for metric, source, events, notes in found.values()
    ]


@dataclass(frozen=True)
class FigureSeries:
    """Every distinct figure cited for one account (platform) and one measure, in date order."""

    platform: Term | None
    measure: str
    measure_label: str
    figures: tuple[Figure, ...]

    @property
    def title(self) -> str:
        """`Followers on Sina Weibo`."""
        return self.measure_label + (f" on {self.platform.label}" if self.platform else "")

    @property
    def dated(self) -> list[Figure]:
        """The figures that have a place in time."""
        return [f for f in self.figures if f.date is not None]

    @property
    def undated(self) -> list[Figure]:
        """The figures listed but not drawn."""
        return [f for f in self.figures if f.date is None]

    @property
    def charted(self) -> bool:
        """Whether the series has figures at two points in time or more: a chart, not table rows."""
        return len({middle(f.date) for f in self.dated if f.date}) >= MIN_CHARTED_POINTS

    @property
    def chart(self) -> HistoryChart[Figure]:
        """One point per dated figure; conflicting figures stay separate points."""
        return history_chart([(middle(f.date), f.metric.value, f) for f in self.dated if f.date])


def figure_history(term: Term, index: ArchiveIndex) -> list[FigureSeries]:
    """Distinct figures about the profile, one series per platform and measure."""
    return figure_series(distinct_figures(term, index), index)


def figure_series(figures: Iterable[Figure], index: ArchiveIndex) -> list[FigureSeries]:
    """Figures grouped in one series per platform and measure, in the vocabulary's order."""
    grouped: dict[tuple[str, str], list[Figure]] = {}
    for figure in figures:
        key = (figure.metric.platform or "", figure.metric.measure)
        grouped.setdefault(key, []).append(figure)
    platform_order = {slug: n for n, slug in enumerate(index.terms["platforms"])}
    measures = index.registry.measures
    measure_order = {slug: n for n, slug in enumerate(measures)}
    series = []
    for (platform, measure), figures in sorted(
        grouped.items(),
        key=lambda item: (
            platform_order.get(item[0][0], len(platform_order)),
            measure_order[item[0][1]],
        ),
    ):
        figures.sort(key=Figure.sort_key)
        series.append(
            FigureSeries(
                platform=index.terms["platforms"][platform] if platform else None,
                measure=measure,
                measure_label=measures[measure].label,
                figures=tuple(figures),
            )
        )
    return series
