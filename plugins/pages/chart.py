"""Geometry of the build-time charts: numbers in, shares of the plot (percentages) out.

Charts are HTML and CSS, not a scaled SVG: bars and points are placed by percentages of the plot,
so that their text is set in CSS pixels at every width (a 640-unit SVG viewBox shrinks its 12-unit
text to 6 pixels on a 320-pixel phone) and a narrow screen can lay the same bars out sideways.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from records.formatting import number

# What a history chart's points carry for the template (a cited figure, with its source).
Item = TypeVar("Item")

# The narrowest plot a chart is drawn in (a 320-pixel screen less the page's margins and the value
# axis), and the room one year label needs there: labels are thinned so that none ever overlap.
NARROWEST_PLOT_PX = 240
YEAR_LABEL_PX = 40
# The bars' plot is at least this wide where it draws bars upright (see site.css).
NARROWEST_UPRIGHT_PLOT_PX = 560
# Keeps the first and last points of a history chart clear of the plot's edges (percent).
POINT_INSET = 4.0


def _share(value: float) -> float:
    """A percentage to a tenth: exact enough to draw, short enough to read."""
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


def label_every(slots: int, plot_px: int) -> int:
    """Label one slot in this many, so that labels `YEAR_LABEL_PX` wide never overlap."""
    return max(1, math.ceil(slots * YEAR_LABEL_PX / plot_px))


@dataclass(frozen=True)
class Tick:
    """A gridline or axis mark with its label, `at` percent along its axis (up, or across)."""

    at: float
    label: str


def _value_ticks(maximum: float) -> tuple[list[Tick], float]:
    """Gridlines for values from 0 to `maximum`, and the value the top of the plot stands for."""
    values = nice_ticks(maximum)
    top = values[-1]
    return [Tick(_share(v / top * 100), compact(v)) for v in values], top


@dataclass(frozen=True)
class Series:
    """One colour of a chart: a key (event type slug), its label and its CSS class."""

    key: str
    label: str
    css_class: str


@dataclass(frozen=True)
class Segment:
    """The part of one year's bar that counts one event type, as a share of the bar."""

    series: Series
    count: int
    share: float


@dataclass(frozen=True)
class YearBar:
    """One year on the axis; years without events keep their slot but draw no bar."""

    year: int
    count: int
    share: float
    labelled: bool
    segments: tuple[Segment, ...]
    noun: str = "event"

    def count_of(self, key: str) -> int:
        """Events of one series in this year (0 if none)."""
        return next((s.count for s in self.segments if s.series.key == key), 0)

    @property
    def breakdown(self) -> str:
        """`Live Q&A 1, Award 2`: the types of the year's events, in the chart's order."""
        return ", ".join(f"{s.series.label} {number(s.count)}" for s in self.segments)

    @property
    def description(self) -> str:
        """`2012: 3 events (Live Q&A 1, Award 1, Social-media space 1)`."""
        noun = self.noun if self.count == 1 else f"{self.noun}s"
        parts = self.breakdown
        return f"{self.year}: {number(self.count)} {noun}" + (f" ({parts})" if parts else "")


@dataclass(frozen=True)
class YearChart:
    """Things counted per year (events, accounts opened) stacked by series: bars, gridlines, series."""

    bars: tuple[YearBar, ...]
    ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    noun: str = "event"

    @property
    def years_with_events(self) -> list[YearBar]:
        """The bars that exist (and link to a year page)."""
        return [b for b in self.bars if b.count]

    @property
    def total(self) -> int:
        """Every event in the chart."""
        return sum(b.count for b in self.bars)

    @property
    def busiest(self) -> int:
        """Events in the busiest year."""
        return max((b.count for b in self.bars), default=0)


def year_chart(
    counts: Mapping[int, Mapping[str, int]], series: Sequence[Series], noun: str = "event"
) -> YearChart:
    """Stack each year's counts in `series` order; every year between the first and last has a slot."""
    if not counts:
        return YearChart(bars=(), ticks=(), series=(), noun=noun)
    first, last = min(counts), max(counts)
    used = [s for s in series if any(counts[y].get(s.key) for y in counts)]
    ticks, top = _value_ticks(max(sum(c.values()) for c in counts.values()))
    every = label_every(last - first + 1, NARROWEST_UPRIGHT_PLOT_PX)
    bars = []
    for year in range(first, last + 1):
        found = [(s, counts.get(year, {}).get(s.key, 0)) for s in used]
        total = sum(n for _, n in found)
        segments = tuple(Segment(s, n, _share(n / total * 100)) for s, n in found if n)
        bars.append(
            YearBar(
                year=year,
                count=total,
                share=_share(total / top * 100),
                labelled=(last - year) % every == 0,
                segments=segments,
                noun=noun,
            )
        )
    return YearChart(bars=tuple(bars), ticks=tuple(ticks), series=tuple(used), noun=noun)


@dataclass(frozen=True)
class Point(Generic[Item]):
    """One cited figure on a history chart, `x` percent across and `y` percent up the plot.

    `overlap` counts the earlier points at the very same place, so that the drawing can set this
    one beside them rather than hide it.
    """

    x: float
    y: float
    overlap: int
    item: Item


@dataclass(frozen=True)
class HistoryChart(Generic[Item]):
    """Figures over time: one point per distinct figure, value gridlines and year marks."""

    points: tuple[Point[Item], ...]
    ticks: tuple[Tick, ...]
    years: tuple[Tick, ...]


def history_chart(values: Sequence[tuple[dt.date, float, Item]]) -> HistoryChart[Item]:
    """Place `(day, value, item)` on a time axis; one point per value, none merged."""
    if not values:
        return HistoryChart(points=(), ticks=(), years=())
    start = min(v[0] for v in values).toordinal()
    end = max(v[0] for v in values).toordinal()
    ticks, top = _value_ticks(max(v[1] for v in values))

    def x_of(day: dt.date) -> float:
        if end == start:
            return 50.0
        span = 100 - 2 * POINT_INSET
        return _share(POINT_INSET + (day.toordinal() - start) / (end - start) * span)

    first_year, last_year = dt.date.fromordinal(start).year, dt.date.fromordinal(end).year
    if first_year == last_year:
        years = [Tick(x_of(dt.date.fromordinal((start + end) // 2)), str(first_year))]
    else:
        marks = range(first_year + 1, last_year + 1)
        every = label_every(len(marks), NARROWEST_PLOT_PX)
        years = [
            Tick(x_of(dt.date(y, 1, 1)), str(y)) for y in marks if (y - first_year) % every == 0
        ]
    points: list[Point[Item]] = []
    for day, value, item in values:
        x, y = x_of(day), _share(value / top * 100)
        overlap = sum(1 for p in points if (p.x, p.y) == (x, y))
        points.append(Point(x, y, overlap, item))
    return HistoryChart(points=tuple(points), ticks=tuple(ticks), years=tuple(years))
