"""The folders of records that the CMS edits, one collection each, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from records import schema
from records.events import EVENTS_FOLDER
from records.schema import EventRecord, LeaderRecord, OrganizationRecord, Record


@dataclass(frozen=True)
class Folder:
    """One kind of record file: where it lives, its model, and how lists and pickers name it."""

    name: str
    label: str
    label_singular: str
    model: type[Record]
    extension: str  # "md": YAML front matter and a Markdown body; "yaml": YAML only
    identifier: str  # the field an entry is named (and its file name made) after
    display: str  # how relation pickers and lists show an entry (Decap template)
    search: tuple[str, ...]  # fields a picker searches
    path: str = "{{slug}}"  # the file's path in the folder (Decap template), without extension
    # Top-level fields in the order the records write them, where it is not the model's; the
    # rest follow in the model's order. The editor writes keys in this order.
    order: tuple[str, ...] = ()

    @property
    def has_body(self) -> bool:
        """Markdown records carry a body below their front matter."""
        return self.extension == "md"

    def in_record_order(self, fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The form's fields in the order of the record files, so that saving keeps it."""
        rank = {name: index for index, name in enumerate(self.order)}
        unknown = set(rank) - {field["name"] for field in fields}
        if unknown:
            raise ValueError(f"{self.name}: order names no field {sorted(unknown)}")
        return sorted(fields, key=lambda field: rank.get(field["name"], len(rank)))


def source_model() -> type[Record] | None:
    """The model of source files (`content/sources/<id>.yaml`), where the schema has them."""
    return getattr(schema, "SourceRecord", None)


def record_folders() -> list[Folder]:
    """Events, leaders, organizations and, with the source registry, sources."""
    folders = [
        # The year folder comes from the record's own date (see editor.js: `{{date_year}}`).
        Folder(
            EVENTS_FOLDER,
            "Events",
            "Event",
            EventRecord,
            "md",
            identifier="title",
            display="{{date}} {{title}}",
            search=("title",),
            path="{{date_year}}/{{slug}}",
        ),
        Folder(
            "leaders",
            "Leaders",
            "Leader",
            LeaderRecord,
            "yaml",
            identifier="name",
            display="{{name}}",
            search=("name",),
            order=("name", "original_name", "wikidata", "bio", "roles", "accounts", "sources"),
        ),
        Folder(
            "organizations",
            "Organizations",
            "Organization",
            OrganizationRecord,
            "yaml",
            identifier="name",
            display="{{name}}",
            search=("name",),
            order=("name", "original_name", "kind", "country", "parent", "wikidata", "bio"),
        ),
    ]
    sources = source_model()
    if sources is not None:
        folders.append(
            Folder(
                "sources",
                "Sources",
                "Source",
                sources,
                "yaml",
                identifier="title",
                display="{{title}} ({{publisher}})",
                search=("title", "publisher"),
            )
        )
    return folders
