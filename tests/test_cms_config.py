"""The editor's configuration is generated from the record schema and the vocabulary: the committed
copy is current, every field of every record model is in the form, and references are pickers."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from cms.config import COMMITTED, ConfigError, cms_config, settings_config_text
from cms.config import main as config_main
from cms.folders import record_folders
from cms.references import FREE_SLUGS, REFERENCES, Registry, VocabularyList
from cms.settings import CmsSettingsError, read_cms_settings
from conftest import REAL_CONTENT, ROOT, copy_content
from pelican.settings import read_settings
from records import schema
from records.schema import FULL_DAY_PATTERN, SLUG_PATTERN, Record
from records.yamlsource import parse_yaml, read_text, split_front_matter

# Record models that are not forms of their own, and why.
NOT_A_FORM = {
    "Vocabulary": "its entries are the options of the vocabulary selects",
    "VocabularyEntry": "its entries are the options of the vocabulary selects",
    "FormerName": "part of a vocabulary entry; renamed platforms show it in their options",
    "ProfileRecord": "the common part of the leader and organization forms",
}


def settings_of(name: str) -> dict[str, Any]:
    return read_settings(str(ROOT / name))


@pytest.fixture(scope="module")
def published() -> dict[str, Any]:
    """The configuration that the published site serves (publishconf.py, content/)."""
    return yaml.safe_load(settings_config_text(ROOT / "publishconf.py"))


def collections(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in config["collections"]}


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


def schema_fields(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Every property of a JSON Schema object, nested models resolved, as a tree of names."""
    tree: dict[str, Any] = {}
    for name, prop in node["properties"].items():
        branches = [prop, *prop.get("anyOf", [])]
        target = next((b for b in branches if "$ref" in b or "items" in b), prop)
        if "items" in target:
            target = target["items"]
        ref = target.get("$ref")
        model = defs.get(ref.rsplit("/", 1)[-1]) if ref else None
        tree[name] = schema_fields(model, defs) if model and "properties" in model else None
    return tree


def form_fields(fields: list[dict[str, Any]]) -> dict[str, Any]:
    """The same tree read from the form's fields."""
    return {f["name"]: form_fields(f["fields"]) if "fields" in f else None for f in fields}


def test_the_committed_configuration_is_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == settings_config_text(ROOT / "publishconf.py"), (
        "plugins/cms/config.yml is out of date: run `make cms-config`"
    )


def test_the_check_option_tells_a_stale_file_from_a_current_one(tmp_path, capsys):
    target = tmp_path / "config.yml"

    def run(*args: str) -> int:
        return config_main(["-o", str(target), *args])

    assert run("--check") == 1, "a missing file is not current"
    assert run() == 0
    assert target.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
    assert run("--check") == 0
    target.write_text(target.read_text(encoding="utf-8").replace("Live Q&A", "Live QA"))
    capsys.readouterr()
    assert run("--check") == 1
    assert "make cms-config" in capsys.readouterr().err


def test_every_field_of_every_record_model_is_in_the_form(published):
    forms = collections(published)
    for folder in record_folders():
        node = folder.model.model_json_schema(mode="validation")
        expected = schema_fields(node, node.get("$defs", {}))
        fields = form_fields(forms[folder.name]["fields"])
        if folder.has_body:
            assert fields.pop("body") is None
        assert fields == expected, folder.name


def test_every_record_model_is_a_form_or_part_of_one():
    reached: set[str] = set()
    for folder in record_folders():
        node = folder.model.model_json_schema(mode="validation")
        reached |= {folder.model.__name__, *node.get("$defs", {})}
    models = {
        m.__name__
        for m in vars(schema).values()
        if isinstance(m, type) and issubclass(m, Record) and m is not Record
    }
    # A model that only adds the file name (its id) to a form's model is that form.
    with_id = {
        m.__name__
        for m in vars(schema).values()
        for f in record_folders()
        if isinstance(m, type)
        and issubclass(m, f.model)
        and set(m.model_fields) - set(f.model.model_fields) == {"id"}
    }
    assert models - reached - with_id <= set(NOT_A_FORM), models - reached - with_id


def slug_fields() -> set[str]:
    """Names of the fields, in every record model, whose value (or items) is a slug."""
    names: set[str] = set()
    models = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, Record)]
    for model in models:
        for name, prop in model.model_json_schema(mode="validation").get("properties", {}).items():
            text = str(prop)
            if SLUG_PATTERN in text and "$ref" not in text and "properties" not in text:
                names.add(name)
    return names


def test_every_slug_field_says_what_it_refers_to():
    undeclared = slug_fields() - set(REFERENCES) - FREE_SLUGS
    assert not undeclared, f"add to cms/references.py: {sorted(undeclared)}"
    assert set(REFERENCES) & FREE_SLUGS == set()


def walk(fields: list[dict[str, Any]], path: str = "") -> dict[str, dict[str, Any]]:
    found = {}
    for field in fields:
        where = f"{path}{field['name']}"
        found[where] = field
        found |= walk(field.get("fields", []), f"{where}.")
    return found


def test_references_are_picked_never_typed(published):
    folders = {f.name for f in record_folders()}
    vocabulary = yaml.safe_load((REAL_CONTENT / "vocabulary.yaml").read_text(encoding="utf-8"))
    checked = 0
    for form in published["collections"]:
        for where, field in walk(form["fields"]).items():
            target = REFERENCES.get(field["name"])
            if target is None or field["widget"] in ("list", "object"):
                continue
            if isinstance(target, VocabularyList):
                assert field["widget"] == "select", where
                values = [o["value"] for o in field["options"]]
                assert values == list(vocabulary[target.name]), where
                labels = [o["label"] for o in field["options"]]
                assert labels == [
                    e["label"]
                    + (
                        f" (formerly {', '.join(n['label'] for n in e['names'])})"
                        if e.get("names")
                        else ""
                    )
                    for e in vocabulary[target.name].values()
                ]
            elif isinstance(target, Registry) and set(target.collections) <= folders:
                widget = "relation" if len(target.collections) == 1 else "multi-relation"
                assert field["widget"] == widget, where
                named = field.get("collection") or field.get("collections")
                assert named in (target.collections[0], list(target.collections)), where
                assert field["value_field"] == "{{slug}}"
            else:  # a registry not in the form (e.g. sources before they are files of their own)
                assert field["pattern"][0] == SLUG_PATTERN, where
            checked += 1
    assert checked >= 10


def test_fields_carry_the_schemas_patterns_requirements_and_descriptions(published):
    events = by_name(collections(published)["events"]["fields"])
    date, title, added = events["date"], events["title"], events["added"]
    assert date["widget"] == "string" and date["required"] is True
    assert re.fullmatch(date["pattern"][0], "2013-05") and re.fullmatch(date["pattern"][0], "2013")
    assert not re.fullmatch(date["pattern"][0], "2013-13")
    assert date["hint"] == schema.EventRecord.model_fields["date"].description
    assert re.fullmatch(title["pattern"][0], "x" * 500) and not re.fullmatch(
        title["pattern"][0], "x" * 501
    )
    assert not re.fullmatch(title["pattern"][0], "a\x07b"), "control characters are refused"
    assert added["widget"] == "datetime" and added["format"] == "YYYY-MM-DD"
    assert FULL_DAY_PATTERN in str(schema.EventRecord.model_json_schema()["properties"]["added"])
    assert events["end_date"]["required"] is False
    platforms = events["platforms"]
    assert platforms["multiple"] and platforms["min"] == 0 and platforms["default"] == []
    metrics = by_name(events["metrics"]["fields"])
    assert metrics["value"]["widget"] == "number" and metrics["value"]["min"] == 0
    assert metrics["qualifier"]["options"] == [q.value for q in schema.Qualifier]
    assert metrics["qualifier"]["default"] == "exact"
    location = by_name(events["location"]["fields"])
    assert location["name"]["required"] is False, "an empty optional location is not refused"
    assert "Required when this part is filled in" in location["name"]["hint"]
    assert collections(published)["events"]["path"] == "{{date_year}}/{{slug}}"


def test_the_vocabulary_reaches_the_form_by_itself(tmp_path):
    content = copy_content(REAL_CONTENT, tmp_path / "content")
    vocabulary = content / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(
        text.replace("platforms:\n", "platforms:\n  mastodon:\n    label: Mastodon\n", 1)
    )
    config = cms_config(read_cms_settings(settings_of("publishconf.py")), content)
    events = by_name(collections(config)["events"]["fields"])
    assert {"label": "Mastodon", "value": "mastodon"} in events["platforms"]["options"]


def test_a_broken_vocabulary_is_named_not_guessed(tmp_path):
    content = copy_content(REAL_CONTENT, tmp_path / "content")
    (content / "vocabulary.yaml").write_text("event_types: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"vocabulary\.yaml"):
        cms_config(read_cms_settings(settings_of("publishconf.py")), content)


def test_production_opens_pull_requests_and_development_writes_the_working_tree(published):
    assert published["backend"]["name"] == "github"
    assert re.fullmatch(r"[\w.-]+/[\w.-]+", published["backend"]["repo"])
    assert published["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in published
    assert published["site_url"] == settings_of("publishconf.py")["SITEURL"]
    local = yaml.safe_load(settings_config_text(ROOT / "pelicanconf.py"))
    assert local["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    assert collections(local) == collections(published), "the same form in both"


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"CMS_BACKEND": {"name": "github"}, "CMS_LOCAL_BACKEND": None}, "repo"),
        ({"CMS_BACKEND": {"repo": "a/b"}}, "name"),
        ({"CMS_LOCAL_BACKEND": "https://example.org/api/v1"}, "this machine"),
    ],
)
def test_bad_cms_settings_are_named(override, problem):
    with pytest.raises(CmsSettingsError, match=problem):
        read_cms_settings({**settings_of("pelicanconf.py"), **override})


def test_the_committed_file_says_it_is_generated():
    text = COMMITTED.read_text(encoding="utf-8")
    assert text.startswith("# Decap CMS configuration") and "make cms-config" in text


@pytest.mark.parametrize("folder", ["events", "leaders", "organizations"])
def test_the_form_lists_fields_in_the_order_the_records_write_them(published, folder):
    """Decap writes keys in the form's order: a record saved from the form keeps its own order."""
    form = collections(published)[folder]
    order = [f["name"] for f in form["fields"]]
    files = sorted((REAL_CONTENT / folder).rglob(f"*.{form['extension']}"))
    assert files
    for path in files:
        text = read_text(path)
        front = split_front_matter(text)[0] if path.suffix == ".md" else text
        keys = list(parse_yaml(front).data)
        assert keys == sorted(keys, key=order.index), path
