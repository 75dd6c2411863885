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


# What cannot stand in a file name shown in a message or published in a URL: every control
# character (tab and line feed too) and the stand-ins Python uses for bytes that are not UTF-8.
_UNPRINTABLE = re.compile(rf"[\t\n{CONTROL_CLASS}\udc80-\udcff]")
_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(character: str) -> str:
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as `os.fsdecode` keeps it
        return f"\\x{code - 0xDC00:02x}"
    return _ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` with control characters and undecodable bytes written as escapes (`\\n`, `\\xe9`),
    so that a message about a file stays on one line and can be printed."""
    return _UNPRINTABLE.sub(lambda found: _escape(found.group()), text)


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be used, or None when it can."""
    found = _UNPRINTABLE.search(name)
    if found is None:
        return None
    character = found.group()
    if 0xDC80 <= ord(character) <= 0xDCFF:
        return f"is not UTF-8 (byte {_escape(character)}): rename it in UTF-8"
    return f"contains the control character U+{ord(character):04X}: rename it"
