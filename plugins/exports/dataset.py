"""The open data set: which files /data/ holds, their exact bytes, and how to cite and reuse them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive.dates import PartialDate
from archive.index import ArchiveIndex
from archive.schema import EventRecord, LeaderRecord, OrganizationRecord, record_json_schema

from .serialize import csv_text, event_entry, json_text, profile_entry

LICENSE_ID = "CC-BY-4.0"
LICENSE_NAME = "Creative Commons Attribution 4.0 International"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_FOLDER = "data"
SCHEMAS = (("event", EventRecord), ("leader", LeaderRecord), ("organization", OrganizationRecord))


@dataclass(frozen=True)
class DataFile:
    """One published file: where it goes, what it holds, and its exact bytes."""

    path: str
    title: str
    description: str
    content: bytes

    @property
    def size(self) -> str:
        """Human size for the download list."""
        count = len(self.content)
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


def build_dataset(index: ArchiveIndex, site_name: str, site_url: str) -> Dataset:
    """Every file of /data/ from the archive index, byte for byte the same for the same content."""
    updated = last_update(index)
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

    leaders = [t for _, t in sorted(index.terms["leaders"].items())]
    organizations = [t for _, t in sorted(index.terms["organizations"].items())]
    files = [
        DataFile(
            f"{DATA_FOLDER}/events.json",
            "Events (JSON)",
            "Every event with every field of its record, its sources and figures, and its text.",
            listing("events", "event", [event_entry(e, site_url) for e in index.events]),
        ),
        DataFile(
            f"{DATA_FOLDER}/events.csv",
            "Events (CSV)",
            "One row per event, for spreadsheets; figures and full citations are in the JSON.",
            csv_text(index.events, site_url).encode("utf-8"),
        ),
        DataFile(
            f"{DATA_FOLDER}/leaders.json",
            "Leaders (JSON)",
            "Every leader with roles, accounts, sources and the slugs of their events.",
            listing("leaders", "leader", [profile_entry(t, site_url) for t in leaders]),
        ),
        DataFile(
            f"{DATA_FOLDER}/organizations.json",
            "Organizations (JSON)",
            "Every organization with accounts, sources and the slugs of its events.",
            listing(
                "organizations", "organization", [profile_entry(t, site_url) for t in organizations]
            ),
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
                "record, made from the models the archive's own validator uses.",
                json_text(schema).encode("utf-8"),
            )
        )
    counts = {
        "events": len(index.events),
        "leaders": len(leaders),
        "organizations": len(organizations),
    }
    return Dataset(tuple(files), updated, counts, about["citation"])
