"""Records as plain JSON values: one conversion for the record cache and the open data files."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from .dates import PartialDate


def plain(value: Any, *, whole_numbers: bool = False) -> Any:
    """A record's value as JSON data: fields in schema order, dates as written (`2012-07`), enums as
    text. The schema reads the result back into an equal value; `whole_numbers` writes a figure
    such as 45.0 as 45, as the open data shows it."""
    if isinstance(value, BaseModel):
        return {
            name: plain(getattr(value, name), whole_numbers=whole_numbers)
            for name in type(value).model_fields
        }
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(item, whole_numbers=whole_numbers) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item, whole_numbers=whole_numbers) for key, item in value.items()}
    if whole_numbers and isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"no JSON form for {type(value).__name__}")
