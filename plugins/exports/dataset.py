"""The open data set: which files /data/ holds, their exact bytes, and how to cite and reuse them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from records.dates import PartialDate
from records.dependencies import Dependencies
from records.index import ArchiveIndex
from records.schema import (
    EventRecord,
    LeaderRecord,
    OrganizationRecord,
    SourceRecord,
    Vocabulary,
    record_json_schema,
)

from .serialize import event_entry, json_text, plain, profile_entry, source_entry
from .tables import EVENTS_TABLE, METRICS_TABLE, SOURCES_TABLE, AnyCsvTable

LICENSE_ID = "CC-BY-4.0"
LICENSE_NAME = "Creative Commons Attribution 4.0 International"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_FOLDER = "data"
SCHEMAS = (
    ("event", EventRecord),
    ("source", SourceRecord),
    ("leader", LeaderRecord),
    ("organization", OrganizationRecord),
    ("vocabulary", Vocabulary),
)


@dataclass
class DataFile:
    """One published file: where it goes, what it holds, and how to make its exact bytes. The bytes
    are made when the file is written and not kept: at 10,000 records the data set is 100 MB."""

    path: str
    title: str
    description: str
    make: Callable[[], bytes]
    # What the file shows, as `records.dependencies` digests: an incremental build reuses the
    # last build's file when they are unchanged.
    inputs: Callable[[Dependencies], tuple[str | None, ...]]
    length: int | None = None

    def write(self, output: Path) -> None:
        """Make the file's bytes and write them under `output`; only their length is kept."""
        content = self.make()
        target = output / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.length = len(content)

    def reused(self, output: Path) -> None:
        """The file is the last build's, put in place under `output`: only its length is read."""
        self.length = (output / self.path).stat().st_size

    @property
    def size(self) -> str:
        """Human size for the download list (known once the file is written)."""
        if self.length is None:
            raise ValueError(f"{self.path} has not been written yet")
        count = self.length
        return f"{count:,} bytes" if count < 10_000 else f"{count / 1024:,.0f} KB"


@dataclass(frozen=True)
class Dataset:
    """Everything the /data/ page shows and the generator writes; built from the one index."""

    files: tuple[DataFile, ...]
    updated: PartialDate | None
    counts: dict[str, int]
    citation: str


def last_update(index: ArchiveIndex) -> PartialDate | None:
    """The newest `added` or `modified` day: the data set's version, taken from the content."""
    days = [e.record.modified or e.record.added for e in index.events]
    return max(days) if days else None


def citation(site_name: str, site_url: str, updated: PartialDate | None) -> str:
    """A ready-made citation naming the version, the address and the licence."""
    version = f", version of {updated.display()}" if updated else ""
    return (
        f"{site_name}. Diplomatic events on social media: events, leaders and organizations"
        f"{version}. {site_url}/{DATA_FOLDER}/. Licensed under CC BY 4.0."
    )


# Profile files name leaders and organizations, and each cites its sources and lists its events.
PROFILES = ("leaders", "organizations")


def _json_bytes(document: dict[str, Any]) -> bytes:
    return json_text(document).encode("utf-8")


def build_dataset(index: ArchiveIndex, site_name: str, site_url: str) -> Dataset:
    """Every file of /data/ from the archive index, byte for byte the same for the same content."""
    updated = last_update(index)
    version = repr(updated)  # every JSON file names the data set's version (and counts its rows)
    schema_url = f"{site_url}/{DATA_FOLDER}/schema"
    about: dict[str, Any] = {
        "dataset": site_name,
        "documentation": f"{site_url}/{DATA_FOLDER}/",
        "license": LICENSE_ID,
        "license_url": LICENSE_URL,
        "citation": citation(site_name, site_url, updated),
        "updated": updated.iso() if updated else None,
    }

    def listing(key: str, schema: str, entries: list[dict[str, Any]]) -> bytes:
        document = {**about, "schema": f"{schema_url}/{schema}.schema.json", "count": len(entries)}
        return json_text({**document, key: entries}).encode("utf-8")

    def table(csv_table: AnyCsvTable) -> bytes:
        return csv_table.text(index, site_url).encode("utf-8")

    leaders = [t for _, t in sorted(index.terms["leaders"].items())]
    organizations = [t for _, t in sorted(index.terms["organizations"].items())]
    sources = list(index.sources.values())
    vocabulary = plain(index.registry.vocabulary) if index.registry.vocabulary else {}
    files = [
        DataFile(
            f"{DATA_FOLDER}/events.json",
            "Events (JSON)",
            "Every event with every field of its record, its figures, the ids of its sources, "
            "and its text.",
            lambda: listing("events", "event", [event_entry(e, site_url) for e in index.events]),
            lambda d: (version, d.records_of(index.events)),
        ),
        DataFile(
            f"{DATA_FOLDER}/events.csv",
            "Events (CSV)",
            "One row per event, for spreadsheets: slugs with names beside them, and the "
            "addresses of its sources.",
            lambda: table(EVENTS_TABLE),
            lambda d: (d.events(index.events),),
        ),
        DataFile(
            f"{DATA_FOLDER}/metrics.csv",
            "Figures (CSV)",
            "One row per figure: who, on which platform, what, how many, as of when, the source "
            "and its own words.",
            lambda: table(METRICS_TABLE),
            lambda d: (d.figures(), d.taxonomies(*PROFILES)),
        ),
        DataFile(
            f"{DATA_FOLDER}/sources.json",
            "Sources (JSON)",
            "Every source with its address, and the events, leaders and organizations citing it.",
            lambda: listing("sources", "source", [source_entry(c, site_url) for c in sources]),
            lambda d: (version, d.sources(), d.citing(), d.taxonomies(*PROFILES)),
        ),
        DataFile(
            f"{DATA_FOLDER}/sources.csv",
            "Sources (CSV)",
            "One row per source, for spreadsheets.",
            lambda: table(SOURCES_TABLE),
            lambda d: (d.sources(), d.citing(), d.taxonomies(*PROFILES)),
        ),
        DataFile(
            f"{DATA_FOLDER}/leaders.json",
            "Leaders (JSON)",
            "Every leader with roles, accounts, source ids and the slugs of their events.",
            lambda: listing("leaders", "leader", [profile_entry(t, site_url) for t in leaders]),
            lambda d: (version, d.taxonomies(*PROFILES), d.memberships(*PROFILES)),
        ),
        DataFile(
            f"{DATA_FOLDER}/organizations.json",
            "Organizations (JSON)",
            "Every organization with accounts, source ids and the slugs of its events.",
            lambda: listing(
                "organizations", "organization", [profile_entry(t, site_url) for t in organizations]
            ),
            lambda d: (version, d.taxonomies(*PROFILES), d.memberships(*PROFILES)),
        ),
        DataFile(
            f"{DATA_FOLDER}/vocabulary.json",
            "Vocabulary (JSON)",
            "Event types, platforms and measures: every slug the records use, with its label and "
            "description.",
            lambda: json_text(
                {**about, "schema": f"{schema_url}/vocabulary.schema.json", **vocabulary}
            ).encode("utf-8"),
            lambda d: (version, d.vocabulary()),
        ),
    ]
    for name, model in SCHEMAS:
        schema = record_json_schema(model, name)
        schema["$id"] = f"{site_url}{schema['$id']}"
        files.append(
            DataFile(
                f"{DATA_FOLDER}/schema/{name}.schema.json",
                f"{name.capitalize()} schema",
                f"JSON Schema (Draft 2020-12) of a{'n' if name[0] in 'aeiou' else ''} {name} "
                "file, made from the models the archive's own validator uses.",
                functools.partial(_json_bytes, schema),
                lambda d: (),  # the models' code only: in every key already
            )
        )
    counts = {
        "events": len(index.events),
        "sources": len(sources),
        "leaders": len(leaders),
        "organizations": len(organizations),
    }
    return Dataset(tuple(files), updated, counts, about["citation"])
