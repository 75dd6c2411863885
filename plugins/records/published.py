"""Read back what a build published: the record URLs that a feed or a data file carries."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
# Our own output, read strictly: no entities expanded, nothing fetched.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def site_path(url: str, site_url: str) -> str:
    """`http://host/events/2012/x/` → `events/2012/x/`; other URLs are returned unchanged."""
    base = site_url.rstrip("/") + "/"
    return url[len(base) :] if base != "/" and url.startswith(base) else url.lstrip("/")


def _xml_links(data: bytes) -> list[str]:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        raise ValueError(f"not well-formed XML: {err}") from None
    if root.tag == f"{ATOM}feed":
        return [
            link.get("href", "")
            for entry in root.iter(f"{ATOM}entry")
            for link in entry.iter(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
    if root.tag == "rss":
        return [item.findtext("link") or "" for item in root.iter("item")]
    raise ValueError(f"neither an Atom nor an RSS feed (root element {root.tag})")


def feed_links(path: Path, site_url: str) -> set[str]:
    """Site paths of every entry of an Atom, RSS or JSON Feed document."""
    data = path.read_bytes()
    if path.suffix == ".json":
        document = json.loads(data)
        items = document.get("items") if isinstance(document, dict) else None
        if not isinstance(items, list):
            raise ValueError("no list of items in the JSON Feed")
        links = [item.get("url", "") for item in items if isinstance(item, dict)]
    else:
        links = _xml_links(data)
    return {site_path(link, site_url) for link in links}


def _rows(path: Path) -> Iterable[Mapping[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")  # CSV for spreadsheets may open with a BOM
    if path.suffix == ".csv":
        try:
            return list(csv.DictReader(io.StringIO(text, newline="")))
        except csv.Error as err:
            raise ValueError(f"not readable CSV: {err}") from None
    document = json.loads(text)
    rows = document.get("events") if isinstance(document, dict) else None
    if not isinstance(rows, list):
        raise ValueError("no list of events in the JSON document")
    return [row for row in rows if isinstance(row, dict)]


def data_rows(path: Path, site_url: str) -> set[str]:
    """Site paths of the records that a data file (JSON or CSV) has a row for, by its `url`."""
    return {site_path(str(row.get("url") or ""), site_url) for row in _rows(path)}
