"""The site's public address, read one way for every output that needs absolute links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def public_site_url(settings: Mapping[str, Any]) -> str:
    """`FEED_SITEURL` without its trailing slash (`""` when unset): feeds, data files, canonical
    links, JSON-LD and the sitemap are absolute, whatever `RELATIVE_URLS` does to the pages."""
    return str(settings.get("FEED_SITEURL") or "").rstrip("/")
