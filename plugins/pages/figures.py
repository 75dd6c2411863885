"""Figures that records cite about a leader or organization, kept apart per source: never merged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from archive.dates import PartialDate
from archive.index import ArchiveIndex, Term
from archive.records import Event
from archive.schema import Metric, Source

from .chart import HistoryChart, history_chart


class Dating(StrEnum):
    """Where a figure's place in time comes from: its own `as_of`, else its source, else its event."""

    AS_OF = "as of"
    SOURCE = "source date"
    EVENT = "event date"


@dataclass(frozen=True)
class CitedFigure:
    """One figure about a profile, with the event and source that give it."""

    event: Event
    metric: Metric
    source: Source
    date: PartialDate
    dated_by: Dating

    @property
    def estimated(self) -> bool:
        """True when the figure has no date of its own and is placed at its source's or event's."""
        return self.dated_by is not Dating.AS_OF

    @property
    def source_url(self) -> str:
        """The source's entry on the event page, where readers can check the figure."""
        return f"{self.event.url}#source-{self.source.id}"


def middle(date: PartialDate) -> dt.date:
    """Where a chart places a date: mid-year for `2012`, mid-month for `2012-07`, the day itself."""
    first, last = date.first_day(), date.last_day()
    return first + (last - first) / 2


def _cited(event: Event, metric: Metric, index: ArchiveIndex) -> CitedFigure:
    """The figure with its source and the best date there is: its own, its source's, its event's."""
    source = index.source(metric.source)
    if metric.as_of:
        return CitedFigure(event, metric, source, metric.as_of, Dating.AS_OF)
    if source.date:
        return CitedFigure(event, metric, source, source.date, Dating.SOURCE)
    return CitedFigure(event, metric, source, event.record.date, Dating.EVENT)


@dataclass(frozen=True)
class FigureSeries:
    """Every figure cited for one account (platform) and one measure, in date order."""

    platform: Term | None
    measure: str
    measure_label: str
    figures: tuple[CitedFigure, ...]

    @property
    def title(self) -> str:
        """`Followers on Sina Weibo`."""
        return self.measure_label + (f" on {self.platform.label}" if self.platform else "")

    @property
    def chart(self) -> HistoryChart[CitedFigure]:
        """One point per figure; conflicting figures stay separate points."""
        return history_chart(
            [(middle(f.date), f.metric.value, f.estimated, f) for f in self.figures]
        )


def figure_history(term: Term, index: ArchiveIndex) -> list[FigureSeries]:
    """Figures that records cite about the profile, one series per platform and measure."""
    grouped: dict[tuple[str, str], list[CitedFigure]] = {}
    for event in term.events:
        for metric in event.record.metrics:
            if metric.subject == term.slug:
                key = (metric.platform or "", metric.measure)
                grouped.setdefault(key, []).append(_cited(event, metric, index))
    platform_order = list(index.terms["platforms"])
    measures = index.registry.measures
    measure_order = list(measures)
    series = []
    for (platform, measure), figures in sorted(
        grouped.items(),
        key=lambda item: (
            platform_order.index(item[0][0]) if item[0][0] else len(platform_order),
            measure_order.index(item[0][1]),
        ),
    ):
        figures.sort(key=lambda f: (f.date.sort_key(), f.metric.value, f.source.id))
        series.append(
            FigureSeries(
                platform=index.terms["platforms"][platform] if platform else None,
                measure=measure,
                measure_label=measures[measure].label,
                figures=tuple(figures),
            )
        )
    return series
