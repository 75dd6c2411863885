"""Partial dates (a year, a month or a day) that keep their precision from record to page."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum

PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_PARTIAL_DATE_RE = re.compile(PARTIAL_DATE_PATTERN)


class Precision(IntEnum):
    """How much of a date a source gives: ordered so that a coarser date sorts first."""

    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; never padded with a day it lacks."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: str | int) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible calendar dates."""
        text = str(value).strip()
        if not _PARTIAL_DATE_RE.fullmatch(text):
            raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        parts = [int(p) for p in text.split("-")]
        year, month, day = [*parts, 0, 0][:3]
        if day and day > calendar.monthrange(year, month)[1]:
            raise ValueError(f"'{text}' is not a day of the calendar")
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        """The unit the source gave."""
        if self.day:
            return Precision.DAY
        return Precision.MONTH if self.month else Precision.YEAR

    def iso(self) -> str:
        """The date as written in records: `2012`, `2012-07` or `2012-07-16`."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """Human text in the date's own precision: `2012`, `July 2012`, `16 July 2012`."""
        if self.day:
            return f"{self.day} {calendar.month_name[self.month]} {self.year}"
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)

    def first_day(self) -> dt.date:
        """The earliest day the date covers: used only for ordering, never shown."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest day the date covers, to compare ranges."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological key: a year-only date heads its year, a month-only date heads its month."""
        return (self.year, self.month, self.day)

    def __str__(self) -> str:
        return self.iso()


def display_range(start: PartialDate, end: PartialDate | None) -> str:
    """A date or a range, sharing the parts both ends have in common (`16–18 July 2012`)."""
    if end is None or end == start:
        return start.display()
    if start.precision == end.precision == Precision.DAY and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.day} {calendar.month_name[end.month]} {end.year}"
        return f"{start.day} {calendar.month_name[start.month]} – {end.display()}"
    if start.precision == end.precision == Precision.MONTH and start.year == end.year:
        return f"{calendar.month_name[start.month]}–{calendar.month_name[end.month]} {end.year}"
    return f"{start.display()} – {end.display()}"
