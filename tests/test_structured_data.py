"""Every page's JSON-LD read against schema.org's own vocabulary: each type exists, each property
is defined for the type it is used on (its `domainIncludes` holds the type or a supertype), and each
nested object's type is one the property's `rangeIncludes` allows. The vocabulary is the schema.org
release vendored in tests/data/ (see tests/data/README.md for where it comes from)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from conftest import parse

VOCABULARY = Path(__file__).parent / "data" / "schemaorg-vocabulary.json"
CONTEXT = "https://schema.org"


@cache
def vocabulary() -> dict:
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


@cache
def ancestors(type_name: str) -> frozenset[str]:
    """The type and every type it is a subclass of (`Thing` at the top)."""
    found = {type_name}
    for parent in vocabulary()["types"][type_name]:
        found |= ancestors(parent)
    return frozenset(found)


def problems(node: dict, where: str) -> Iterator[str]:
    """What in one JSON-LD object (and the objects inside it) schema.org does not define."""
    type_name = node.get("@type")
    if not isinstance(type_name, str) or type_name not in vocabulary()["types"]:
        yield f"{where}: @type {type_name!r} is not a schema.org type"
        return
    for name, value in node.items():
        if name.startswith("@"):
            continue
        definition = vocabulary()["properties"].get(name)
        if definition is None:
            yield f"{where}: {name}: not a schema.org property"
            continue
        if not ancestors(type_name) & set(definition["domain"]):
            yield f"{where}: {name}: not defined on {type_name} (domain {definition['domain']})"
        for n, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, dict):
                inner = item.get("@type")
                if inner in vocabulary()["types"] and not (
                    ancestors(inner) & set(definition["range"])
                ):
                    yield f"{where}.{name}[{n}]: {inner} not in range {definition['range']}"
                yield from problems(item, f"{where}.{name}[{n}]")


def json_ld_blocks(site: Path) -> Iterator[tuple[str, dict]]:
    for file in sorted(site.rglob("*.html")):
        if file.relative_to(site).parts[0] == "admin":
            continue
        for script in parse(file).find_all("script", type="application/ld+json"):
            yield file.relative_to(site).as_posix(), json.loads(script.string)


def check_site(site: Path) -> tuple[list[str], set[str]]:
    found: list[str] = []
    types: set[str] = set()
    for where, data in json_ld_blocks(site):
        assert data["@context"] == CONTEXT, where
        types.add(data["@type"])
        found += problems(data, where)
    return found, types


def test_the_vocabulary_check_refuses_what_schema_org_does_not_define():
    event_with_citation = {
        "@type": "Event",
        "name": "x",
        "citation": [{"@type": "NewsArticle", "name": "y"}],
        "performer": [{"@type": "Persn", "name": "z"}],
        "location": [{"@type": "NewsArticle", "name": "w"}],
        "colour": "red",
    }
    found = list(problems(event_with_citation, "page"))
    assert any("citation: not defined on Event" in p for p in found)
    assert any("'Persn' is not a schema.org type" in p for p in found)
    assert any("location[0]: NewsArticle not in range" in p for p in found)
    assert any("colour: not a schema.org property" in p for p in found)
    page = {"@type": "WebPage", "about": {"@type": "Event", "name": "x"}, "citation": []}
    assert list(problems(page, "page")) == []


@pytest.mark.parametrize("site_name", ["fixture_site", "real_site"])
def test_every_page_json_ld_is_schema_org_vocabulary(request, site_name):
    site = request.getfixturevalue(site_name)
    found, types = check_site(site)
    assert found == []
    # Event pages and profile pages both carry data: the check above has read them.
    assert {"WebPage", "Person", "Organization"} <= types
