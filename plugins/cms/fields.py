"""Decap CMS form fields made from a record model's JSON Schema, the one the validator publishes.

Each schema field becomes one widget: text with the schema's pattern, a date picker for full days,
a number, a select for enums and vocabulary lists, a relation picker for registry files, a list or
an object for nested models. Descriptions become hints, required fields stay required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from records import schema
from records.characters import NO_CONTROLS_PATTERN
from records.dates import PARTIAL_DATE_PATTERN
from records.schema import FULL_DAY_PATTERN, SLUG_PATTERN, Record, Vocabulary, VocabularyEntry

from .folders import Folder
from .references import REFERENCES, Target, VocabularyList

Field = dict[str, Any]
JsonNode = dict[str, Any]
# Text that may be longer than this gets a box of several lines.
LINE_LENGTH = 500
# Full days (the day a record was added or corrected) are picked from a calendar.
DAY_FORMAT = "YYYY-MM-DD"
_WORDS = {"url": "URL", "id": "ID", "lang": "language"}


def _pattern_of(annotated: object) -> str:
    """The pattern of one of the schema's constrained string types (`Annotated[str, ...]`)."""
    for constraint in get_args(annotated)[1:]:
        pattern = getattr(constraint, "pattern", None)
        if isinstance(pattern, str):
            return pattern
    raise ValueError(f"{annotated} has no pattern")


# What a pattern asks for, in the editor's words; any other pattern is shown as it is.
PATTERN_MESSAGES = {
    SLUG_PATTERN: "lowercase letters and digits in words joined by hyphens, e.g. `ban-ki-moon`",
    PARTIAL_DATE_PATTERN: "a date as precise as the sources allow: YYYY, YYYY-MM or YYYY-MM-DD",
    FULL_DAY_PATTERN: "a full day: YYYY-MM-DD",
    NO_CONTROLS_PATTERN: "text without invisible control characters",
    _pattern_of(schema.HttpUrl): "an address starting with http:// or https://",
    _pattern_of(schema.WikidataId): "a Wikidata id such as Q1253",
    _pattern_of(schema.LanguageTag): "a BCP 47 language tag such as en, ko or zh-Hans",
}


def _option(entry: VocabularyEntry) -> str:
    """A vocabulary entry as editors pick it: a renamed platform says its earlier names too."""
    if not entry.names:
        return entry.label
    return f"{entry.label} (formerly {', '.join(name.label for name in entry.names)})"


@dataclass(frozen=True)
class Choices:
    """What reference fields may point at: the collections in the form and the vocabulary."""

    folders: Mapping[str, Folder]
    vocabulary: Vocabulary

    def widget(self, target: Target, multiple: bool) -> Field | None:
        """The picker for a reference, or None when its collection is not in the form."""
        if isinstance(target, VocabularyList):
            entries = getattr(self.vocabulary, target.name)
            options = [{"label": _option(entry), "value": slug} for slug, entry in entries.items()]
            return {"widget": "select", "options": options, "multiple": multiple}
        folders = [self.folders[name] for name in target.collections if name in self.folders]
        if not folders:
            return None
        picker: Field = {
            "value_field": "{{slug}}",
            "search_fields": sorted({f for folder in folders for f in folder.search}),
            "display_fields": [folders[0].display],
            "multiple": multiple,
        }
        if len(folders) == 1:
            return {"widget": "relation", "collection": folders[0].name, **picker}
        # Decap's relation widget searches one collection; editor.js adds one that searches several.
        return {"widget": "multi-relation", "collections": [f.name for f in folders], **picker}


def label(name: str) -> str:
    """`end_date` → `End date`, `archived_url` → `Archived URL`."""
    words = [_WORDS.get(word, word) for word in name.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def _resolve(node: JsonNode, defs: Mapping[str, JsonNode]) -> JsonNode:
    ref = node.get("$ref")
    return defs[ref.rsplit("/", 1)[-1]] if ref else node


def _without_null(node: JsonNode) -> tuple[JsonNode, bool]:
    """The node with `| None` taken off, and whether it was optional that way."""
    branches = node.get("anyOf")
    if branches and any(b.get("type") == "null" for b in branches):
        rest = [b for b in branches if b.get("type") != "null"]
        return (rest[0] if len(rest) == 1 else {"anyOf": rest}), True
    return node, False


def _text_branch(node: JsonNode) -> JsonNode:
    """A date written as text or as a bare year: the form writes the text form."""
    branch: JsonNode
    for branch in node.get("anyOf", []):
        if branch.get("type") == "string":
            return branch
        if "anyOf" in branch:
            return _text_branch(branch)
    return node


def _pattern(node: JsonNode) -> list[str] | None:
    """Decap's `[regex, message]` for the node's pattern and maximum length."""
    pattern, longest = node.get("pattern"), node.get("maxLength")
    if pattern is None:
        return None
    message = PATTERN_MESSAGES.get(pattern, f"must match {pattern}")
    if longest is not None and pattern != SLUG_PATTERN:
        pattern = rf"(?=^[\s\S]{{0,{longest}}}$){pattern}"
        message = f"{message}, at most {longest:,} characters"
    return [pattern, message]


def _is_prose(node: JsonNode) -> bool:
    """Long text that may run over several lines (a biography) gets a box of several lines."""
    pattern = node.get("pattern")
    admits_lines = pattern is None or re.fullmatch(pattern, "a\nb") is not None
    return node.get("maxLength", 0) > LINE_LENGTH and admits_lines


def _scalar(node: JsonNode) -> Field:
    """Widget of a text, date or number field that refers to nothing."""
    if "enum" in node:
        return {"widget": "select", "options": list(node["enum"])}
    if node.get("type") in ("number", "integer"):
        widget: Field = {
            "widget": "number",
            "value_type": "float" if node["type"] == "number" else "int",
        }
        if "minimum" in node:
            widget["min"] = node["minimum"]
        return widget
    node = _text_branch(node)
    if node.get("pattern") == FULL_DAY_PATTERN:
        return {
            "widget": "datetime",
            "format": DAY_FORMAT,
            "date_format": DAY_FORMAT,
            "time_format": False,
        }
    widget = {"widget": "text" if _is_prose(node) else "string"}
    pattern = _pattern(node)
    if pattern:
        widget["pattern"] = pattern
    return widget


def _reference(name: str, node: JsonNode, choices: Choices, multiple: bool) -> Field | None:
    if node.get("pattern") != SLUG_PATTERN or name not in REFERENCES:
        return None
    return choices.widget(REFERENCES[name], multiple)


def _widget(
    name: str, node: JsonNode, defs: Mapping[str, JsonNode], choices: Choices, optional: bool
) -> Field:
    if node.get("type") == "object" and "properties" in node:
        # Decap checks the required fields of an object even when the object is left empty, so
        # those of an optional one are required by the check only (records.js drops it if empty).
        return {"widget": "object", "fields": model_fields(node, defs, choices, optional)}
    if node.get("type") != "array":
        return _reference(name, node, choices, multiple=False) or _scalar(node)
    items = _resolve(node["items"], defs)
    least = node.get("minItems", 0)
    if items.get("type") == "object":
        widget: Field = {"widget": "list", "fields": model_fields(items, defs, choices)}
    else:
        widget = _reference(name, items, choices, multiple=True) or {
            "widget": "list",
            "field": {"name": name, "label": label(name), **_scalar(items)},
        }
    if least:
        widget["min"] = least
    return widget


def _field(
    name: str, node: JsonNode, required: bool, defs: Mapping[str, JsonNode], choices: Choices
) -> Field:
    description = node.get("description")
    inner, nullable = _without_null(node)
    inner = _resolve(inner, defs)
    widget = _widget(name, inner, defs, choices, optional=nullable or not required)
    field: Field = {"name": name, "label": label(name), **widget, "required": required}
    if inner.get("type") == "array":
        # Lists start empty (Decap would otherwise start a list of models with one item made of
        # their defaults). One that must be present but may be empty says so with `min: 0`, and
        # is written as `[]` (records.js).
        field["default"] = []
        if required and not inner.get("minItems"):
            field["required"] = False
            field["min"] = 0
    default = node.get("default")
    if default is not None and default != []:
        field["default"] = default
    elif field["widget"] == "datetime" and required:
        field["default"] = "{{now}}"
    if description:
        field["hint"] = description
    return field


def model_fields(
    node: JsonNode, defs: Mapping[str, JsonNode], choices: Choices, optional: bool = False
) -> list[Field]:
    """One form field per property of a JSON Schema object, in the model's order; in an optional
    object, none is required by the form."""
    required = set(node.get("required", []))
    fields = [
        _field(name, prop, name in required and not optional, defs, choices)
        for name, prop in node["properties"].items()
    ]
    if optional:
        for field in fields:
            if field["name"] in required:
                field["hint"] = (
                    f"{field.get('hint', '')} Required when this part is filled in.".strip()
                )
    return fields


def record_fields(model: type[Record], choices: Choices) -> list[Field]:
    """The form of one kind of record, from the JSON Schema the archive publishes for it."""
    node = model.model_json_schema(mode="validation")
    return model_fields(node, node.get("$defs", {}), choices)
