"""The one URL scheme of the site: every public address is made here, nowhere else.

Addresses are relative to the site root, with a trailing slash for pages (`leaders/ban-ki-moon/`);
the file a page is written to is its address plus `index.html`. Published addresses are permanent.
"""

from __future__ import annotations

from collections.abc import Iterable

EVENTS_SECTION = "events"
TIMELINE_SECTION = "timeline"
FEEDS_SECTION = "feeds"
DATA_SECTION = "data"
SOURCES_SECTION = "sources"
SEARCH_SECTION = "search"
ADOPTION_SECTION = "adoption"
ADMIN_SECTION = "admin"
# Sections that are not taxonomies (theme/ and pagefind/ hold assets, not pages).
FIXED_SECTIONS = (
    EVENTS_SECTION,
    TIMELINE_SECTION,
    FEEDS_SECTION,
    DATA_SECTION,
    SOURCES_SECTION,
    SEARCH_SECTION,
    ADOPTION_SECTION,
    ADMIN_SECTION,
    "theme",
    "pagefind",
)


def event_url(year: int, slug: str) -> str:
    """An event's page: `events/YYYY/<slug>/`."""
    return f"{EVENTS_SECTION}/{year}/{slug}/"


def timeline_url(year: int | None = None, *, newest_first: bool = False) -> str:
    """The timeline (`timeline/`, `timeline/newest/`) or one year of it (`timeline/2012/`)."""
    if year is not None:
        return f"{TIMELINE_SECTION}/{year}/"
    return f"{TIMELINE_SECTION}/newest/" if newest_first else f"{TIMELINE_SECTION}/"


def archive_feed(form: str) -> str:
    """The whole archive's feed in one form: `feeds/all.atom.xml`, `feeds/all.rss.xml`,
    `feeds/all.json`."""
    return f"{FEEDS_SECTION}/all.{form}" if form == "json" else f"{FEEDS_SECTION}/all.{form}.xml"


def data_file(name: str) -> str:
    """An open-data file: `data/events.csv`."""
    return f"{DATA_SECTION}/{name}"


def section_url(section: str) -> str:
    """A section's index page, e.g. `leaders/`."""
    return f"{section}/"


def term_url(section: str, slug: str) -> str:
    """A taxonomy term's page, e.g. `leaders/ban-ki-moon/`."""
    return f"{section}/{slug}/"


def page_file(url: str) -> str:
    """The file a page address is written to: `leaders/` → `leaders/index.html`."""
    return f"{url}index.html"


def term_feed(section: str, slug: str, form: str) -> str:
    """A term's feed in one form (`atom`, `rss`): `feeds/leaders/ban-ki-moon.atom.xml`."""
    return f"{FEEDS_SECTION}/{section}/{slug}.{form}.xml"


SOURCES_URL = section_url(SOURCES_SECTION)


def source_url(source_id: str) -> str:
    """A source's entry in the bibliography: `sources/#source-<id>`."""
    return f"{SOURCES_URL}#source-{source_id}"


def site_sections(taxonomy_sections: Iterable[str]) -> frozenset[str]:
    """Every top-level folder the site writes: a plain page there would collide with it."""
    return frozenset((*FIXED_SECTIONS, *taxonomy_sections))
