"""CONTRIBUTING.md cannot drift: its examples go through the real validator and scaffold, its field
reference matches the published JSON Schemas, and the pull request template names real fields."""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REAL_CONTENT, ROOT
from editing.fieldref import BEGIN, DOCUMENTED, END, replace_reference
from editing.scaffold import main as scaffold_main
from records.schema import (
    EventRecord,
    LeaderRecord,
    OrganizationRecord,
    SourceRecord,
    Vocabulary,
    record_json_schema,
)
from records.validation import check_archive

GUIDE = ROOT / "CONTRIBUTING.md"
TEMPLATE = ROOT / ".github/PULL_REQUEST_TEMPLATE.md"


@dataclass(frozen=True)
class Fence:
    """One fenced block: its language, its attributes (`file=...`), its text."""

    lang: str
    attributes: dict[str, str]
    text: str


def fences(markdown: str) -> list[Fence]:
    """Fenced blocks, with the indentation of a fence inside a list item taken off its lines."""
    found = re.findall(r"^( *)```(\w*)([^\n]*)\n(.*?)^\1```$", markdown, flags=re.M | re.S)
    return [
        Fence(
            lang,
            dict(re.findall(r"(\w+)=(\S+)", info)),
            "".join(line.removeprefix(indent) for line in text.splitlines(keepends=True)),
        )
        for indent, lang, info, text in found
    ]


FENCES = fences(GUIDE.read_text(encoding="utf-8"))
EXAMPLES = [f for f in FENCES if f.lang in ("yaml", "markdown")]
COMMANDS = [
    line.strip()
    for fence in FENCES
    if fence.lang == "sh"
    for line in fence.text.splitlines()
    if line.strip().startswith("make new-")
]


def test_every_yaml_and_markdown_example_says_where_it_goes():
    assert all("file" in f.attributes for f in EXAMPLES), "an example the tests cannot place"
    folders = {f.attributes["file"].split("/")[1] for f in EXAMPLES}
    assert folders == {"events", "sources", "leaders", "organizations"}


@pytest.fixture
def content_with_examples(tmp_path: Path) -> Path:
    """The real archive (records, registries, vocabulary) with every example of the guide added."""
    content = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, content)
    for example in EXAMPLES:
        target = tmp_path / example.attributes["file"]
        assert not target.exists(), f"example {target.name} would replace a real file"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(example.text, encoding="utf-8")
    return content


def test_every_example_validates_and_the_broken_one_fails_as_shown(content_with_examples: Path):
    broken = {f.attributes["file"] for f in EXAMPLES if f.attributes.get("check") == "fails"}
    shown = {
        f.attributes["output"]: f.text.splitlines() for f in FENCES if "output" in f.attributes
    }
    assert set(shown) == broken, "each broken example is followed by the output it gets"
    problems = check_archive(content_with_examples).problems
    for path in broken:
        assert [str(p) for p in problems if p.path == path] == shown[path]
    assert [str(p) for p in problems if p.path not in broken] == []
    good_events = [
        f for f in EXAMPLES if "/events/" in f.attributes["file"] and "check" not in f.attributes
    ]
    assert good_events, "the guide shows a complete event record"


def test_the_complete_example_uses_every_event_field():
    example = next(f for f in EXAMPLES if "/events/" in f.attributes["file"])
    used = set(re.findall(r"(?m)^([a-z_]+):", example.text))
    optional_left_out = {"end_date", "date_note", "modified", "former_slugs"}
    assert used == set(EventRecord.model_fields) - optional_left_out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_scaffold_command_shown_works(command: str, tmp_path: Path, capsys):
    content = shutil.copytree(REAL_CONTENT, tmp_path / "content")
    words = shlex.split(command)
    target = words[1].removeprefix("new-")
    values = dict(word.split("=", 1) for word in words[2:])
    options = [f"--{key.lower()}={value}" for key, value in values.items()]
    assert scaffold_main(["--content", str(content), target, *options]) == 0
    written = capsys.readouterr().out.split()[1].rstrip(":")
    problems = [str(p) for p in check_archive(content).problems]
    assert problems and all(p.startswith(written + ":") for p in problems)
    quoted = [
        line
        for fence in FENCES
        if fence.lang == "text" and "output" not in fence.attributes
        for line in fence.text.splitlines()
    ]
    about_this_file = [line for line in quoted if line.startswith(written + ":")]
    assert all(line in problems for line in about_this_file), "quotes what make check says"
    if target == "event":
        assert about_this_file, "the guide shows what make check says about a new record"


def test_the_field_reference_is_up_to_date():
    text = GUIDE.read_text(encoding="utf-8")
    assert replace_reference(text) == text, "run `make fields`"


def documented_tables() -> dict[str, list[tuple[str, bool]]]:
    """Title -> [(field, required)] parsed from the Markdown tables, independently of fieldref."""
    text = GUIDE.read_text(encoding="utf-8")
    reference = text[text.index(BEGIN) : text.index(END)]
    tables: dict[str, list[tuple[str, bool]]] = {}
    for title, body in re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", reference, flags=re.M | re.S):
        rows = re.findall(r"^\| `([a-z_]+)` \| (yes|no) \|", body, flags=re.M)
        tables[title] = [(name, required == "yes") for name, required in rows]
    return tables


def _schemas() -> dict[str, dict]:
    """Each documented title -> the object schema the published JSON Schemas give it."""
    event = record_json_schema(EventRecord, "event")
    leader = record_json_schema(LeaderRecord, "leader")
    organization = record_json_schema(OrganizationRecord, "organization")
    vocabulary = record_json_schema(Vocabulary, "vocabulary")
    return {
        "Event record": event,
        "Source": record_json_schema(SourceRecord, "source"),
        "Metric": event["$defs"]["Metric"],
        "Post": event["$defs"]["Post"],
        "Location": event["$defs"]["Location"],
        "Leader": leader,
        "Organization": organization,
        "Role": leader["$defs"]["Role"],
        "Account": leader["$defs"]["Account"],
        "Original name": leader["$defs"]["OriginalName"],
        "Vocabulary entry": vocabulary["$defs"]["VocabularyEntry"],
        "Former name": vocabulary["$defs"]["FormerName"],
    }


def test_every_schema_field_is_documented_and_no_documented_field_is_unknown():
    tables = documented_tables()
    schemas = _schemas()
    assert set(tables) == set(schemas)
    for title, schema in schemas.items():
        documented = dict(tables[title])
        assert set(documented) == set(schema["properties"]), title
        required = {name for name, needed in documented.items() if needed}
        assert required == set(schema.get("required", [])), title


def test_every_part_of_a_record_has_its_table():
    """No nested model of the published schemas goes undocumented (enums are listed inline)."""
    models = {doc.model.__name__ for doc in DOCUMENTED}
    for model in (EventRecord, SourceRecord, LeaderRecord, OrganizationRecord):
        for name, definition in record_json_schema(model, "x").get("$defs", {}).items():
            if definition.get("type") == "object":
                assert name in models, f"{name} has no table in CONTRIBUTING.md"


def test_pull_request_template_names_real_fields_and_commands():
    text = TEMPLATE.read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 6
    fields = {name for doc in DOCUMENTED for name in doc.model.model_fields}
    named = set(re.findall(r"`([a-z_]+)(?::)?`", text))
    assert named, "the checklist names the fields it asks about"
    assert named <= fields | {"make"}, named - fields
    assert "make check" in text and "archived_url" in text
