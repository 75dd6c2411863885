"""Characters no record may hold: invisible controls that XML 1.0 forbids in feeds or that hide text."""

from __future__ import annotations

import re

# C0 controls except tab and line feed, DEL, C1 controls, and the two noncharacters XML 1.0
# excludes. Written as escapes that Python's `re`, pydantic's Rust regex and JSON Schema's
# ECMA-262 patterns all read the same way, so the published schema states the same rule.
CONTROL_CLASS = r"\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFE\uFFFF"
NO_CONTROLS_PATTERN = rf"^[^{CONTROL_CLASS}]*$"
_CONTROL = re.compile(rf"[{CONTROL_CLASS}]")


def first_control(text: str) -> int | None:
    """Index of the first forbidden character in `text`, or None when it has none."""
    found = _CONTROL.search(text)
    return found.start() if found else None


def replace_controls(text: str) -> str:
    """Each forbidden character replaced by U+FFFD, as HTML parsers treat `&#0;`: visibly, not lost."""
    return _CONTROL.sub("\ufffd", text)


def control_message(character: str, position: str) -> str:
    """One wording for every place a control character is refused, so editors learn it once."""
    kind = "noncharacter" if character in "\ufffe\uffff" else "control character"
    return (
        f"contains the invisible {kind} U+{ord(character):04X} at {position}, "
        "which pages and feeds cannot carry; delete it"
    )
