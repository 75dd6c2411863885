"""Text for pages: date ranges and figures with their qualifiers, shared by every template."""

from __future__ import annotations

from .dates import display_range
from .records import Event
from .schema import Metric, Qualifier

QUALIFIER_TEXT = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.FEWER_THAN: "fewer than ",
    Qualifier.UP_TO: "up to ",
}


def event_dates(event: Event) -> str:
    """The event's date or range in its own precision."""
    return display_range(event.record.date, event.record.end_date)


def number(value: float) -> str:
    """`20000000` → `20,000,000`; keeps decimals a source gave (`3.25` stays `3.25`)."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def metric_value(metric: Metric) -> str:
    """A figure as its source stated it: `more than 2,000,000`."""
    return f"{QUALIFIER_TEXT[metric.qualifier]}{number(metric.value)}"


FILTERS = {"event_dates": event_dates, "metric_value": metric_value, "number": number}
