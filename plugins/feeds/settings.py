"""The feeds plugin's settings: read once per build into a typed object, defaults kept here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from records.siteurl import public_site_url

DEFAULTS: dict[str, Any] = {
    # Entries in the whole-archive feeds (Atom, RSS, JSON Feed): the newest records only.
    "FEED_MAX_ITEMS": 50,
    # Entries in each leader, organization, type and platform feed.
    "FEED_TERM_MAX_ITEMS": 50,
    # The tagging entity of entry ids (RFC 4151); None means the host of FEED_SITEURL. Set it to
    # the old host if the archive ever moves, so that entry ids stay the same.
    "FEED_TAG_AUTHORITY": None,
}

# RFC 4151: a DNS name or an e-mail address.
_DNS_NAME = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
_AUTHORITY_RE = re.compile(rf"^([^@\s]+@)?{_DNS_NAME}$")


class FeedSettingsError(ValueError):
    """Settings that would produce broken or unstable feeds; every problem is listed at once."""


@dataclass(frozen=True)
class FeedSettings:
    """What the feeds need from Pelican's settings, checked: absolute base URL, sizes, metadata."""

    site_url: str
    tag_authority: str
    max_items: int
    term_max_items: int
    language: str
    title: str
    author: str

    def absolute(self, path: str) -> str:
        """A site-relative path such as `events/2012/x/` as an absolute URL."""
        return f"{self.site_url}/{path}"


def _positive_int(name: str, value: object, problems: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(f"{name}: must be a whole number of at least 1, got {value!r}")
        return 1
    return value


def read_feed_settings(settings: dict[str, Any]) -> FeedSettings:
    """Check the settings the feeds depend on; raise one error naming every bad setting."""
    merged = {**DEFAULTS, **settings}
    problems: list[str] = []
    site_url = public_site_url(merged)
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(
            f"FEED_SITEURL: must be an absolute http(s) URL such as https://example.org, "
            f"got {merged.get('FEED_SITEURL')!r} (feeds need absolute links)"
        )
    authority = merged["FEED_TAG_AUTHORITY"] or parts.hostname or ""
    if not _AUTHORITY_RE.fullmatch(authority):
        problems.append(
            f"FEED_TAG_AUTHORITY: {authority!r} is not a domain name or e-mail address (RFC 4151)"
        )
    max_items = _positive_int("FEED_MAX_ITEMS", merged["FEED_MAX_ITEMS"], problems)
    term_max_items = _positive_int("FEED_TERM_MAX_ITEMS", merged["FEED_TERM_MAX_ITEMS"], problems)
    for name in ("SITENAME", "AUTHOR", "DEFAULT_LANG"):
        if not merged.get(name):
            problems.append(f"{name}: feeds need it, but it is empty")
    if problems:
        raise FeedSettingsError("feed settings:\n" + "\n".join(problems))
    return FeedSettings(
        site_url=site_url,
        tag_authority=authority,
        max_items=max_items,
        term_max_items=term_max_items,
        language=merged["DEFAULT_LANG"],
        title=merged["SITENAME"],
        author=merged["AUTHOR"],
    )
