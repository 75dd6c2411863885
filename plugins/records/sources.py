"""Sources cited by id: checks on a `sources:` list, a source file's address, and sources nobody cites.

The checks read the raw YAML data, so that they are reported together with shape errors and a
record with an unrelated mistake still counts as citing its sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .problems import Problem
from .schema import MAX_SOURCES
from .yamlsource import YamlDocument

if TYPE_CHECKING:
    from .registry import Registry

SOURCES_FOLDER = "sources"


def cited_ids(data: Any) -> list[str] | None:
    """The source ids a record or profile lists in `sources`; None when the data is not a mapping
    (its citations are unknown)."""
    if not isinstance(data, dict):
        return None
    listed = data.get("sources")
    return [item for item in listed if isinstance(item, str)] if isinstance(listed, list) else []


def address_problems(doc: YamlDocument, shown: str) -> list[Problem]:
    """A source has its address (`url`) or a note saying why it has none (`url_note`), not both."""
    data = doc.data
    if not isinstance(data, dict):
        return []
    has_url, has_note = data.get("url") is not None, data.get("url_note") is not None
    if has_url and has_note:
        return [
            Problem(
                shown,
                doc.line_of(("url_note",)),
                "url_note",
                "only for a source without url: delete it, or the url if the address is wrong",
            )
        ]
    if not has_url and not has_note:
        return [
            Problem(
                shown,
                doc.first_line,
                "url",
                "is required: the document's address, or url_note saying why it has none",
            )
        ]
    return []


def citing_problems(doc: YamlDocument, shown: str, registry: Registry) -> list[Problem]:
    """Each id of a `sources:` list names a source file, once."""
    problems: list[Problem] = []
    seen: set[str] = set()
    listed = doc.data.get("sources") if isinstance(doc.data, dict) else None
    # Past MAX_SOURCES the list is refused anyway; its first entries are checked, as a form's are.
    for index, source_id in enumerate(listed[:MAX_SOURCES] if isinstance(listed, list) else []):
        if not isinstance(source_id, str):
            continue
        field = f"sources[{index}]"
        line = doc.line_of(("sources", index))
        message = registry.reference_problem("source", source_id, registry.source_files)
        if message:
            problems.append(Problem(shown, line, field, message))
        if source_id in seen:
            problems.append(Problem(shown, line, field, f"'{source_id}' is listed twice"))
        seen.add(source_id)
    return problems


def uncited_problems(registry: Registry, citations: Iterable[list[str] | None]) -> list[Problem]:
    """Source files that no record, leader or organization cites.

    Skipped while a record or registry file could not be read (its citations are unknown): its
    own problem is reported, and a source it may cite is not blamed for it.
    """
    if registry.profile_citations is None:
        return []
    cited = set(registry.profile_citations)
    for ids in citations:
        if ids is None:
            return []
        cited.update(ids)
    return [
        Problem(
            shown,
            1,
            "(file)",
            "no record, leader or organization cites this source: cite it by its id, or delete it",
        )
        for source_id, shown in sorted(registry.source_files.items())
        if source_id not in cited
    ]
