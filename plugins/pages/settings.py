"""The plugin's settings, read once per build into a typed config with defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from records.siteurl import public_site_url

# 200 entries make a page of about 200 kB: readable, printable, and fast on a slow connection.
DEFAULT_PAGE_SIZE = 200


@dataclass(frozen=True)
class PagesConfig:
    """How listings are split and where absolute URLs (JSON-LD) point."""

    page_size: int
    site_url: str

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> PagesConfig:
        """Read `TIMELINE_PAGE_SIZE` and `FEED_SITEURL`, failing loudly on a wrong value."""
        size = settings.get("TIMELINE_PAGE_SIZE", DEFAULT_PAGE_SIZE)
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError(
                f"TIMELINE_PAGE_SIZE must be a whole number of at least 1, not {size!r}"
            )
        return cls(page_size=size, site_url=public_site_url(settings))
