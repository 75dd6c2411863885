"""A JSON file of the build's own (stamp, memo, digests), replaced whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path


def replace_json(file: Path, data: object) -> None:
    """Write `data` beside `file`, then rename it over `file`: a reader sees the old file or the
    new one, never a torn one; a failed write leaves no temporary file behind."""
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_suffix(".tmp")
    try:
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(file)
    finally:
        temporary.unlink(missing_ok=True)
