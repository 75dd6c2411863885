"""Open data about sources and figures: sources.json, sources.csv and metrics.csv round-trip to the
files they come from, vocabulary.json holds the vocabulary, and every published JSON Schema
compiles, and validates every exported entry, in JSON Schema's own regex dialect (ECMA-262 with the
`u` flag) with check-jsonschema, as a researcher using ajv or check-jsonschema would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_SITE, REAL_CONTENT, build
from exports.serialize import LIST_SEPARATOR
from exports.tables import METRIC_COLUMNS, SOURCE_COLUMNS
from records.index import ArchiveIndex
from records.schema import Metric, SourceRecord, Vocabulary
from records.validation import check_archive

SITE_URL = "http://127.0.0.1:8000"
SCHEMAS = ("event", "source", "leader", "organization", "vocabulary")
ABOUT = ("dataset", "documentation", "license", "license_url", "citation", "updated", "schema")
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.fixture(scope="module", params=["fixture", "real"])
def built(request: pytest.FixtureRequest, tmp_path_factory) -> tuple[Path, Path]:
    content = FIXTURE_SITE if request.param == "fixture" else REAL_CONTENT
    return content, build(content, tmp_path_factory.mktemp(request.param) / "output")


def index_of(content: Path) -> ArchiveIndex:
    checked = check_archive(content)
    assert checked.problems == []
    return ArchiveIndex.build(checked.events, checked.registry)


def rows(site: Path, name: str) -> list[dict[str, str]]:
    raw = (site / "data" / name).read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def cells(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


def unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@") else cell


def file_fields(content: Path, source_id: str) -> dict:
    """A source file as plain YAML, read without the archive's code (dates as written)."""
    data = yaml.safe_load((content / "sources" / f"{source_id}.yaml").read_text(encoding="utf-8"))
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def test_sources_json_round_trips_to_the_source_files(built):
    content, site = built
    index = index_of(content)
    document = json.loads((site / "data/sources.json").read_text(encoding="utf-8"))
    ids = sorted(p.stem for p in (content / "sources").glob("*.yaml"))
    assert [e["id"] for e in document["sources"]] == ids
    assert document["count"] == len(ids)
    assert document["schema"] == f"{SITE_URL}/data/schema/source.schema.json"
    for entry in document["sources"]:
        source_id = entry["id"]
        assert entry["page"] == f"{SITE_URL}/sources/#source-{source_id}"
        fields = {
            k: v
            for k, v in entry.items()
            if k not in ("id", "page", "events", "leaders", "organizations")
        }
        assert set(fields) == set(SourceRecord.model_fields), "every field, even empty"
        record = SourceRecord.model_validate(fields)
        assert record == SourceRecord.model_validate(file_fields(content, source_id))
        cited = index.sources[source_id]
        assert entry["events"] == [e.slug for e in cited.events]
        for taxonomy in ("leaders", "organizations"):
            citing = sorted(
                p.stem
                for p in (content / taxonomy).glob("*.yaml")
                if source_id in (yaml.safe_load(p.read_text()).get("sources") or [])
            )
            assert entry[taxonomy] == citing


def _optional(cell: str) -> str | None:
    return unguarded(cell) if cell else None


def test_sources_csv_round_trips_to_the_source_files(built):
    content, site = built
    index = index_of(content)
    table = rows(site, "sources.csv")
    assert list(table[0]) == [c.name for c in SOURCE_COLUMNS]
    assert [r["id"] for r in table] == sorted(p.stem for p in (content / "sources").glob("*.yaml"))
    for row in table:
        fields = {
            "kind": row["kind"],
            "publisher": unguarded(row["publisher"]),
            "title": unguarded(row["title"]),
            "authors": [unguarded(a) for a in cells(row["authors"])],
            "date": row["date"] or None,
            "language": row["language"],
            "url": row["url"] or None,
            "archived_url": row["archived_url"] or None,
            "url_note": _optional(row["url_note"]),
            "note": _optional(row["note"]),
        }
        assert SourceRecord.model_validate(fields) == SourceRecord.model_validate(
            file_fields(content, row["id"])
        )
        cited = index.sources[row["id"]]
        assert cells(row["events"]) == [e.slug for e in cited.events]
        assert cells(row["profiles"]) == [t.slug for t in cited.profiles]


def test_metrics_csv_has_one_row_per_figure_and_round_trips(built):
    content, site = built
    index = index_of(content)
    table = rows(site, "metrics.csv")
    assert table and list(table[0]) == [c.name for c in METRIC_COLUMNS]
    figures = [(e, m) for e in index.events for m in e.record.metrics]
    assert len(table) == len(figures)
    for row, (event, metric) in zip(table, figures, strict=True):
        assert row["record"] == event.slug
        value = float(row["value"])
        fields = {
            "subject": row["subject"],
            "platform": row["platform"] or None,
            "measure": row["measure"],
            "value": int(value) if value.is_integer() else value,
            "qualifier": row["qualifier"],
            "as_of": row["as_of"] or None,
            "source": row["source"],
            "quote": _optional(row["quote"]),
            "note": _optional(row["note"]),
        }
        assert Metric.model_validate(fields) == metric
        assert row["subject_name"] == index.registry.profile(metric.subject).name
        assert metric.source in event.record.sources
    if content == REAL_CONTENT:
        assert all(row["quote"] for row in table), "every real figure has its quote"


def test_vocabulary_json_holds_every_type_platform_and_measure(built):
    content, site = built
    document = json.loads((site / "data/vocabulary.json").read_text(encoding="utf-8"))
    assert document["schema"] == f"{SITE_URL}/data/schema/vocabulary.schema.json"
    vocabulary = {k: v for k, v in document.items() if k not in ABOUT}
    expected = yaml.safe_load((content / "vocabulary.yaml").read_text(encoding="utf-8"))
    assert Vocabulary.model_validate(vocabulary) == Vocabulary.model_validate(expected)
    for section in ("event_types", "platforms", "measures"):
        assert list(vocabulary[section]) == list(expected[section])
        for slug, entry in vocabulary[section].items():
            # Every term carries its earlier names (a renamed platform: Twitter, now X), [] if none.
            assert set(entry) == {"label", "names", "description", "url"}, slug
            assert len(entry["names"]) == len(expected[section][slug].get("names", [])), slug


# --- JSON Schema's own regex dialect -------------------------------------------------------------


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    """check-jsonschema with its default regex variant: ECMA-262 with the `u` flag (regress)."""
    if not CHECK_JSONSCHEMA.exists():
        pytest.fail(f"{CHECK_JSONSCHEMA} is missing: run `make test-tools` (test dependency group)")
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--regex-variant", "default", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_ecma_262_validator_refuses_what_ajv_refuses(tmp_path: Path):
    """The control: a needless escape such as `\\"`, which Python's `re` accepts and ECMA-262
    with the `u` flag refuses, fails the same check the published schemas must pass."""
    schema = tmp_path / "escaped.schema.json"
    schema.write_text(
        json.dumps(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "pattern": '^[^\\s<>\\"]+$',
            }
        ),
        encoding="utf-8",
    )
    run = check_jsonschema("--check-metaschema", str(schema))
    assert run.returncode == 1 and "is not a 'regex'" in run.stdout


def test_every_published_schema_compiles_in_the_ecma_262_dialect(built):
    _, site = built
    schemas = [str(site / f"data/schema/{name}.schema.json") for name in SCHEMAS]
    run = check_jsonschema("--check-metaschema", *schemas)
    assert run.returncode == 0, run.stdout + run.stderr


def _entries(site: Path) -> dict[str, list[dict]]:
    """Each schema -> the exported entries it describes, without the fields the files add."""

    def load(name: str) -> dict:
        return json.loads((site / "data" / name).read_text(encoding="utf-8"))

    def without(entry: dict, *keys: str) -> dict:
        return {k: v for k, v in entry.items() if k not in keys}

    vocabulary = load("vocabulary.json")
    return {
        "event": [without(e, "slug", "url", "body") for e in load("events.json")["events"]],
        "source": [
            without(e, "id", "page", "events", "leaders", "organizations")
            for e in load("sources.json")["sources"]
        ],
        "leader": [without(e, "slug", "url", "events") for e in load("leaders.json")["leaders"]],
        "organization": [
            without(e, "slug", "url", "events") for e in load("organizations.json")["organizations"]
        ],
        "vocabulary": [without(vocabulary, *ABOUT)],
    }


def test_every_exported_entry_validates_in_the_ecma_262_dialect(built, tmp_path: Path):
    _, site = built
    for name, entries in _entries(site).items():
        assert entries, name
        folder = tmp_path / name
        folder.mkdir()
        files = []
        for number, entry in enumerate(entries):
            path = folder / f"{number}.json"
            path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            files.append(str(path))
        schema = site / f"data/schema/{name}.schema.json"
        run = check_jsonschema("--schemafile", str(schema), *files)
        assert run.returncode == 0, f"{name}: {run.stdout}{run.stderr}"


def test_a_pattern_is_enforced_in_the_ecma_262_dialect(built, tmp_path: Path):
    """The URL pattern still refuses what the archive refuses, in the dialect researchers use."""
    _, site = built
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "kind": "news-article",
                "publisher": "P",
                "title": "T",
                "language": "en",
                "url": 'https://example.org/"><script>',
            }
        ),
        encoding="utf-8",
    )
    schema = site / "data/schema/source.schema.json"
    run = check_jsonschema("--schemafile", str(schema), str(bad))
    assert run.returncode == 1 and "$.url" in run.stdout
