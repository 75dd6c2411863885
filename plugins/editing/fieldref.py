"""The field reference of CONTRIBUTING.md and the /data/ page, made from the record models so the
documentation cannot drift from what the validator accepts."""

from __future__ import annotations

import argparse
import sys
import types
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Union

from annotated_types import Ge, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from records.schema import (
    Account,
    EventRecord,
    FormerAddress,
    FormerName,
    HttpUrl,
    LanguageTag,
    LeaderRecord,
    Location,
    LongText,
    Metric,
    OrganizationRecord,
    OriginalName,
    PartialDateField,
    Post,
    Quote,
    Role,
    Slug,
    SourceRecord,
    Text,
    VocabularyEntry,
    WikidataId,
    full_day_only,
)

BEGIN = (
    "<!-- field reference: made by `make fields` from plugins/records/schema.py; do not edit -->"
)
END = "<!-- end of field reference -->"

# Named value types of schema.py, as editors read them.
_NAMED: tuple[tuple[object, str], ...] = (
    (Slug, "slug"),
    (FormerAddress, "former address"),
    (Text, "text"),
    (LongText, "long text"),
    (Quote, "quotation (at most 300 characters)"),
    (HttpUrl, "http(s) URL"),
    (WikidataId, "Wikidata id"),
    (LanguageTag, "language tag"),
    (PartialDateField, "date"),
)
_PLURAL = {
    "slug": "slugs",
    "former address": "former addresses",
    "text": "texts",
    "http(s) URL": "http(s) URLs",
}


@dataclass(frozen=True)
class FieldDoc:
    """One field: its name, whether it must be given, its kind of value and what it means."""

    name: str
    required: bool
    kind: str
    model: str | None
    description: str

    @property
    def model_anchor(self) -> str | None:
        """Where the table of the model this field holds is, for a link."""
        return anchor(self.model) if self.model else None


@dataclass(frozen=True)
class ModelDoc:
    """One kind of record or part of a record, documented as one table."""

    title: str
    where: str
    model: type[BaseModel]

    @property
    def anchor(self) -> str:
        """Where the model's table is, for links from fields that hold it."""
        return anchor(self.title)

    @property
    def fields(self) -> list[FieldDoc]:
        """Every field of the model, in the order records write them."""
        hints = typing.get_type_hints(self.model, include_extras=True)
        return [
            _field_doc(name, hints[name], info) for name, info in self.model.model_fields.items()
        ]


DOCUMENTED: tuple[ModelDoc, ...] = (
    ModelDoc("Event record", "YAML front matter of `content/events/YYYY/<slug>.md`", EventRecord),
    ModelDoc("Source", "`content/sources/<id>.yaml`; records cite it by its id", SourceRecord),
    ModelDoc("Metric", "an entry of an event's `metrics`", Metric),
    ModelDoc("Post", "an entry of an event's `posts`", Post),
    ModelDoc("Location", "an event's `location`", Location),
    ModelDoc("Leader", "`content/leaders/<slug>.yaml`", LeaderRecord),
    ModelDoc("Organization", "`content/organizations/<slug>.yaml`", OrganizationRecord),
    ModelDoc("Role", "an entry of a leader's `roles`", Role),
    ModelDoc("Account", "an entry of `accounts` (leaders, organizations)", Account),
    ModelDoc("Original name", "`original_name` (leaders, organizations)", OriginalName),
    ModelDoc(
        "Vocabulary entry",
        "an entry under `event_types`, `platforms` or `measures` in `content/vocabulary.yaml`",
        VocabularyEntry,
    ),
    ModelDoc("Former name", "an entry of a platform's `names` in the vocabulary", FormerName),
)
_TITLES = {doc.model: doc.title for doc in DOCUMENTED}


def anchor(title: str) -> str:
    """A heading's anchor as GitHub makes it (`Original name` → `original-name`)."""
    return title.lower().replace(" ", "-")


def _named(annotation: object) -> str | None:
    return next((name for known, name in _NAMED if annotation == known), None)


def _kind(annotation: object) -> tuple[str, str | None]:
    """Words for a value type, and the documented model it refers to, if any."""
    named = _named(annotation)
    if named:
        return named, None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (Union, types.UnionType):
        return _kind(next(a for a in args if a is not type(None)))
    if origin is typing.Annotated:
        kind, model = _kind(args[0])
        for extra in args[1:]:
            for constraint in getattr(extra, "metadata", []):
                if isinstance(constraint, MinLen):
                    kind += f" (at least {constraint.min_length})"
                elif isinstance(constraint, Ge):
                    kind += f" ≥ {constraint.ge}"
        return kind, model
    if origin is list:
        kind, model = _kind(args[0])
        return f"list of {_PLURAL.get(kind, kind)}", model
    if origin is dict:
        key, _ = _kind(args[0])
        value, model = _kind(args[1])
        return f"mapping of {key} to {value}", model
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _TITLES[annotation], _TITLES[annotation]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(f"`{member.value}`" for member in annotation), None
    scalars: dict[object, str] = {float: "number", int: "whole number", str: "text"}
    if annotation in scalars:
        return scalars[annotation], None
    raise TypeError(f"the field reference has no words for the type {annotation!r}")


def _field_doc(name: str, annotation: object, info: FieldInfo) -> FieldDoc:
    kind, model = _kind(annotation)
    if info.json_schema_extra is full_day_only:
        kind = "day (YYYY-MM-DD)"
    elif kind == "date":
        kind = "date (YYYY, YYYY-MM or YYYY-MM-DD)"
    return FieldDoc(name, info.is_required(), kind, model, info.description or "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def reference_markdown() -> str:
    """Markdown tables, one per documented model, between the markers CONTRIBUTING.md keeps."""
    parts = [BEGIN, ""]
    for doc in DOCUMENTED:
        parts += [f"### {doc.title}", "", f"Where: {doc.where}.", ""]
        parts += ["| field | required | value | meaning |", "| --- | --- | --- | --- |"]
        for field in doc.fields:
            kind = field.kind
            if field.model:
                kind = kind.replace(field.model, f"[{field.model}](#{field.model_anchor})")
            parts.append(
                f"| `{field.name}` | {'yes' if field.required else 'no'} | {_cell(kind)} "
                f"| {_cell(field.description)} |"
            )
        parts.append("")
    parts.append(END)
    return "\n".join(parts)


def replace_reference(text: str) -> str:
    """`text` with the part between the markers replaced by a fresh reference."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers are missing: add\n{BEGIN}\n{END}")
    return text[:start] + reference_markdown() + text[end + len(END) :]


def main(argv: list[str] | None = None) -> int:
    """`make fields`: rewrite the reference in place; `--check` fails if it is out of date."""
    parser = argparse.ArgumentParser(prog="make fields", description=__doc__)
    parser.add_argument("document", type=Path, nargs="?", default=Path("CONTRIBUTING.md"))
    parser.add_argument("--check", action="store_true", help="fail if the reference is stale")
    args = parser.parse_args(argv)
    text = args.document.read_text(encoding="utf-8")
    fresh = replace_reference(text)
    if args.check:
        if fresh != text:
            print(f"{args.document}: the field reference is out of date: run `make fields`")
            return 1
        return 0
    args.document.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
