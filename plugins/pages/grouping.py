"""Timeline order, year and month groups, and pages of bounded size: pure, shared by every listing."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from records.events import Event


class Order(StrEnum):
    """Which end of time a listing starts from."""

    OLDEST = "oldest"
    NEWEST = "newest"


def _newest_first_key(event: Event) -> tuple[int, bool, int, bool, int, str]:
    """Newest first, yet a year-only date still heads its year and a month-only date its month."""
    date = event.record.date
    return (-date.year, bool(date.month), -date.month, bool(date.day), -date.day, event.slug)


def in_order(events: Sequence[Event], order: Order) -> list[Event]:
    """Events in reading order; `events` must already be chronological (the index's order)."""
    return list(events) if order is Order.OLDEST else sorted(events, key=_newest_first_key)


@dataclass(frozen=True)
class MonthGroup:
    """The events of one month, or of one year whose month no source gives (`month` 0)."""

    year: int
    month: int
    events: tuple[Event, ...]

    @property
    def label(self) -> str:
        """Heading text: `July 2012`, or `Month not known` (the year's heading above says which)."""
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return "Month not known"

    @property
    def anchor(self) -> str:
        """Fragment id of the group: `y2012-m07`, `y2012-m00`."""
        return f"y{self.year}-m{self.month:02d}"


@dataclass(frozen=True)
class YearGroup:
    """The month groups of one year, in the listing's order."""

    year: int
    months: tuple[MonthGroup, ...]

    @property
    def count(self) -> int:
        """Events of this year in this listing."""
        return sum(len(m.events) for m in self.months)

    @property
    def anchor(self) -> str:
        """Fragment id of the group: `y2012`."""
        return f"y{self.year}"


def group_by_year_and_month(events: Sequence[Event]) -> list[YearGroup]:
    """Consecutive events of the same year and month form one group; the given order is kept."""
    years: list[YearGroup] = []
    months: list[MonthGroup] = []
    run: list[Event] = []

    def close_month() -> None:
        if run:
            date = run[0].record.date
            months.append(MonthGroup(date.year, date.month, tuple(run)))
            run.clear()

    def close_year() -> None:
        close_month()
        if months:
            years.append(YearGroup(months[0].year, tuple(months)))
            months.clear()

    for event in events:
        date = event.record.date
        if run and run[0].record.date.year != date.year:
            close_year()
        elif run and run[0].record.date.month != date.month:
            close_month()
        run.append(event)
    close_year()
    return years


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing: its events grouped, its place among the pages, its URL."""

    number: int
    total_pages: int
    base_url: str
    first: int
    total_events: int
    years: tuple[YearGroup, ...]

    @property
    def url(self) -> str:
        """Page 1 is the listing's permanent URL; later pages are `<base>page/N/`."""
        return page_url(self.base_url, self.number)

    @property
    def save_as(self) -> str:
        """Output file of the page."""
        return f"{self.url}index.html"

    @property
    def last(self) -> int:
        """Position (1-based) of the page's last event in the whole listing."""
        return self.first + sum(y.count for y in self.years) - 1

    @property
    def previous_url(self) -> str | None:
        """The page before, if any."""
        return page_url(self.base_url, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        """The page after, if any."""
        return page_url(self.base_url, self.number + 1) if self.number < self.total_pages else None

    @property
    def page_urls(self) -> list[tuple[int, str]]:
        """Every page of the listing, for the page navigation."""
        return [(n, page_url(self.base_url, n)) for n in range(1, self.total_pages + 1)]


def page_url(base_url: str, number: int) -> str:
    """`timeline/` for page 1, `timeline/page/2/` after it."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def paginate(events: Sequence[Event], base_url: str, page_size: int) -> list[ListingPage]:
    """Split a listing into pages of at most `page_size` events; an empty listing has one page."""
    if page_size < 1:
        raise ValueError(f"page size must be at least 1, not {page_size}")
    total = max(1, math.ceil(len(events) / page_size))
    return [
        ListingPage(
            number=n + 1,
            total_pages=total,
            base_url=base_url,
            first=n * page_size + 1,
            total_events=len(events),
            years=tuple(group_by_year_and_month(events[n * page_size : (n + 1) * page_size])),
        )
        for n in range(total)
    ]
