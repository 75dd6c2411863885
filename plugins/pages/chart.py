"""Geometry of the build-time SVG charts: numbers in, coordinates out, so templates only draw."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from archive.formatting import number

# What a history chart's points carry for the template (a cited figure, with event and source).
Item = TypeVar("Item")

# One coordinate system for every chart; the SVG scales to its container through `viewBox`.
WIDTH = 640
HEIGHT = 240
MARGIN_LEFT = 48
MARGIN_RIGHT = 12
MARGIN_TOP = 20
MARGIN_BOTTOM = 28
PLOT_WIDTH = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
PLOT_HEIGHT = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
BASELINE = MARGIN_TOP + PLOT_HEIGHT
# Room one axis label needs, so that labels of many years never overlap.
LABEL_WIDTH = 36
# Keeps the first and last points of a history chart clear of the plot's edges.
POINT_INSET = 16


def _at(value: float) -> float:
    """Coordinates to a tenth of a unit: exact enough to draw, short enough to read."""
    return round(value, 1)


def nice_ticks(maximum: float, wanted: int = 4) -> list[float]:
    """Round axis values from 0 to at least `maximum`: 3 → 0,1,2,3; 3,250,000 → 0,1M,…,4M."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / wanted
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if step < 1 and float(maximum).is_integer():
        step = 1
    count = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def compact(value: float) -> str:
    """Axis label: `2500000` → `2.5M`, `1500` → `1.5K`, `3` → `3`."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


@dataclass(frozen=True)
class Tick:
    """A gridline with its label, at `position` along its axis (y for values, x for time)."""

    position: float
    label: str


def _value_ticks(maximum: float) -> tuple[list[Tick], float]:
    """Gridlines for values from 0 to `maximum`, and the value the top of the plot stands for."""
    values = nice_ticks(maximum)
    top = values[-1]
    return [Tick(_at(BASELINE - v / top * PLOT_HEIGHT), compact(v)) for v in values], top


@dataclass(frozen=True)
class Series:
    """One colour of a chart: a key (event type slug), its label and its CSS class."""

    key: str
    label: str
    css_class: str


@dataclass(frozen=True)
class Segment:
    """The part of one year's bar that counts one event type."""

    series: Series
    count: int
    y: float
    height: float


@dataclass(frozen=True)
class YearBar:
    """One year on the axis; years without events keep their slot but draw no bar."""

    year: int
    count: int
    x: float
    width: float
    center: float
    labelled: bool
    segments: tuple[Segment, ...]

    @property
    def top(self) -> float:
        """Where the bar ends, for the count written above it."""
        return min((s.y for s in self.segments), default=BASELINE)

    def count_of(self, key: str) -> int:
        """Events of one series in this year (0 if none), for the table alternative."""
        return next((s.count for s in self.segments if s.series.key == key), 0)

    @property
    def description(self) -> str:
        """`2012: 3 events (Live Q&A 1, Award 1, Social-media space 1)`."""
        parts = ", ".join(f"{s.series.label} {number(s.count)}" for s in self.segments)
        noun = "event" if self.count == 1 else "events"
        return f"{self.year}: {number(self.count)} {noun}" + (f" ({parts})" if parts else "")


@dataclass(frozen=True)
class YearChart:
    """Events per year stacked by type: bars, value gridlines and the series in use."""

    bars: tuple[YearBar, ...]
    ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    right: int = WIDTH - MARGIN_RIGHT
    baseline: int = BASELINE

    @property
    def years_with_events(self) -> list[YearBar]:
        """The bars that exist (and link to a year page)."""
        return [b for b in self.bars if b.count]

    @property
    def total(self) -> int:
        """Every event in the chart."""
        return sum(b.count for b in self.bars)


def year_chart(counts: Mapping[int, Mapping[str, int]], series: Sequence[Series]) -> YearChart:
    """Stack each year's counts in `series` order; every year between the first and last has a slot."""
    if not counts:
        return YearChart(bars=(), ticks=(), series=())
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    used = [s for s in series if any(counts[y].get(s.key) for y in counts)]
    ticks, top = _value_ticks(max(sum(c.values()) for c in counts.values()))
    slot = PLOT_WIDTH / len(years)
    every = max(1, math.ceil(LABEL_WIDTH / slot))
    bars = []
    for i, year in enumerate(years):
        y = float(BASELINE)
        segments = []
        for s in used:
            count = counts.get(year, {}).get(s.key, 0)
            if count:
                height = count / top * PLOT_HEIGHT
                y -= height
                segments.append(Segment(s, count, _at(y), _at(height)))
        x = MARGIN_LEFT + i * slot
        bars.append(
            YearBar(
                year=year,
                count=sum(s.count for s in segments),
                x=_at(x + slot * 0.15),
                width=_at(slot * 0.7),
                center=_at(x + slot / 2),
                labelled=(last - year) % every == 0,
                segments=tuple(segments),
            )
        )
    return YearChart(bars=tuple(bars), ticks=tuple(ticks), series=tuple(used))


@dataclass(frozen=True)
class Point(Generic[Item]):
    """One cited figure on a history chart; `estimated` when its date is not the figure's own."""

    x: float
    y: float
    estimated: bool
    item: Item


@dataclass(frozen=True)
class HistoryChart(Generic[Item]):
    """Figures over time: one point per cited figure, value gridlines and year marks."""

    points: tuple[Point[Item], ...]
    ticks: tuple[Tick, ...]
    years: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    right: int = WIDTH - MARGIN_RIGHT
    baseline: int = BASELINE


def history_chart(values: Sequence[tuple[dt.date, float, bool, Item]]) -> HistoryChart[Item]:
    """Place `(day, value, estimated, item)` on a time axis; one point per value, none merged."""
    if not values:
        return HistoryChart(points=(), ticks=(), years=())
    start = min(v[0] for v in values).toordinal()
    end = max(v[0] for v in values).toordinal()
    ticks, top = _value_ticks(max(v[1] for v in values))

    def x_of(day: dt.date) -> float:
        if end == start:
            return _at(MARGIN_LEFT + PLOT_WIDTH / 2)
        span = PLOT_WIDTH - 2 * POINT_INSET
        return _at(MARGIN_LEFT + POINT_INSET + (day.toordinal() - start) / (end - start) * span)

    first_year, last_year = dt.date.fromordinal(start).year, dt.date.fromordinal(end).year
    if first_year == last_year:
        years = [Tick(x_of(dt.date.fromordinal((start + end) // 2)), str(first_year))]
    else:
        marks = range(first_year + 1, last_year + 1)
        every = max(1, math.ceil(len(marks) * LABEL_WIDTH / PLOT_WIDTH))
        years = [
            Tick(x_of(dt.date(y, 1, 1)), str(y)) for y in marks if (y - first_year) % every == 0
        ]
    points = tuple(
        Point(x_of(day), _at(BASELINE - value / top * PLOT_HEIGHT), estimated, item)
        for day, value, estimated, item in values
    )
    return HistoryChart(points=points, ticks=tuple(ticks), years=tuple(years))
