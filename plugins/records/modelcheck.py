"""Turn pydantic's validation errors into editor-facing problems with field paths and lines."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .characters import control_message, first_control
from .problems import Problem, did_you_mean
from .schema import FORMER_ADDRESS_PATTERN
from .yamlsource import FieldPath, YamlDocument

_UNION_TAGS = ("constrained-str", "constrained-int", "str", "int", "function-after")
ModelT = TypeVar("ModelT", bound=BaseModel)
# The fields declared as PartialDate in the schema (a test keeps the two the same).
DATE_FIELDS = frozenset(
    ("date", "end_date", "added", "modified", "as_of", "opened", "closed", "start", "end", "until")
)


def field_name(loc: FieldPath) -> str:
    """`('sources', 0, 'publisher')` → `sources[0].publisher`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(record)"


def _clean_loc(loc: tuple[int | str, ...]) -> FieldPath:
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith(_UNION_TAGS)))


def _fields_of(model: type[BaseModel], loc: FieldPath) -> list[str]:
    """Field names allowed at the place an unknown key was found, to suggest the intended one."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    return list(current.model_fields) if current else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def _message(error: ErrorDetails, loc: FieldPath, model: type[BaseModel]) -> str:
    kind = error["type"]
    value = error.get("input")
    if isinstance(value, bytes):  # YAML `!!binary`, which pydantic reads as text
        value = value.decode("utf-8", "replace")
    last = loc[-1] if loc else ""
    if kind == "missing":
        return "is required"
    if kind == "string_type" and len(loc) == 2 and loc[0] == "sources" and isinstance(value, dict):
        where = f"sources/{value['id']}.yaml" if isinstance(value.get("id"), str) else "sources/"
        return f"sources are cited by id: move this one to {where} and write its id here"
    if kind == "extra_forbidden":
        return f"unknown field{did_you_mean(str(last), _fields_of(model, loc))}"
    if last in DATE_FIELDS or (len(loc) > 1 and loc[-2] in DATE_FIELDS):
        return (
            f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source"
        )
    if kind == "string_pattern_mismatch" and (index := first_control(str(value))) is not None:
        return control_message(str(value)[index], f"character {index + 1}")
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "https?" in pattern:
            return f"{value!r} is not an http(s) URL"
        if pattern.startswith("^[a-z]{2,3}(-"):
            return f"{value!r} is not a language tag: write a BCP 47 tag such as en, zh-Hans or fr"
        if pattern == FORMER_ADDRESS_PATTERN:
            return (
                f"{value!r} is not a former address: write the old slug, or YYYY/slug for an "
                "address in another year"
            )
        if pattern.startswith("^[a-z0-9]+"):
            return f"{value!r} is not a slug: use lowercase ASCII words joined by hyphens"
        return f"{value!r} does not have the expected form"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"is {len(str(value)):,} characters long, more than the {limit:,} allowed"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "too_long":
        context = error.get("ctx", {})
        return (
            f"has {context.get('actual_length', len(value)):,} entries, more than the "
            f"{context.get('max_length'):,} allowed"
        )
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"])).split(": ", 1)[-1]
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        expected = {"list_type": "a list", "dict_type": "a mapping"}.get(
            kind, "a mapping of fields"
        )
        return f"must be {expected}, not {type(value).__name__} {value!r}"[:200]
    if kind == "float_type":
        return (
            f"{value!r} is not a number: write the figure in digits, unquoted (2000000 or 2.5)"
        )[:200]
    if kind == "finite_number":
        return f"{value!r} is not a finite number"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{error['msg'].lower()}, got {type(value).__name__} {value!r}"[:200]
    return f"{error['msg']} (got {value!r})"[:200]


def validate_model(
    model: type[ModelT], doc: YamlDocument, path: str, prefix: FieldPath = ()
) -> tuple[ModelT | None, list[Problem]]:
    """Validate `doc.data` against `model`; return the instance (or None) and every problem found."""
    if not isinstance(doc.data, dict):
        found = "nothing" if doc.data is None else type(doc.data).__name__
        return None, [
            Problem(
                path, doc.first_line, "(record)", f"must be a YAML mapping of fields, found {found}"
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as err:
        problems: dict[tuple[FieldPath, str], Problem] = {}
        for error in err.errors(include_url=False):
            loc = _clean_loc(error["loc"])
            message = _message(error, loc, model)
            field = field_name((*prefix, *loc))
            if error["type"] == "value_error" and not loc:
                # Cross-field rules name their fields themselves: "leaders/organizations: ...".
                field, _, message = str(error["ctx"]["error"]).partition(": ")
            problems.setdefault((loc, field), Problem(path, doc.line_of(loc), field, message))
        return None, list(problems.values())
