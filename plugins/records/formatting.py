"""Text for pages: date ranges and figures with their qualifiers, shared by every template."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .dates import display_range
from .schema import Metric, Qualifier

if TYPE_CHECKING:
    from .events import Event

QUALIFIER_TEXT = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.FEWER_THAN: "fewer than ",
    Qualifier.UP_TO: "up to ",
}


# Names of the languages sources are likely to be in; another tag is shown as written.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "pt": "Portuguese",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
    "zh-Hans": "Chinese (simplified)",
    "zh-Hant": "Chinese (traditional)",
}


def language_name(tag: str) -> str:
    """`en` → `English`, `zh-Hans` → `Chinese (simplified)`; an unlisted tag as written."""
    return LANGUAGE_NAMES.get(tag) or LANGUAGE_NAMES.get(tag.split("-")[0], tag)


def event_dates(event: Event) -> str:
    """The event's date or range in its own precision."""
    return display_range(event.record.date, event.record.end_date)


def number(value: float) -> str:
    """`20000000` → `20,000,000`; keeps decimals a source gave (`3.25` stays `3.25`)."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def metric_value(metric: Metric) -> str:
    """A figure as its source stated it: `more than 2,000,000`."""
    return f"{QUALIFIER_TEXT[metric.qualifier]}{number(metric.value)}"


FILTERS = {
    "event_dates": event_dates,
    "metric_value": metric_value,
    "number": number,
    "language_name": language_name,
}
