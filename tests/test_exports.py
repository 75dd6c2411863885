"""Open data: the JSON and CSV files hold the same events as the records, field by field; the
published JSON Schemas are the validator's own and accept every real record; builds are repeatable."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, FIXTURES, REAL_CONTENT, build, copy_content, parse
from exports.serialize import BOM, LIST_SEPARATOR
from exports.tables import CSV_TABLES
from exports.tables import EVENT_COLUMNS as CSV_COLUMNS
from jsonschema import Draft202012Validator
from records.index import ArchiveIndex
from records.schema import (
    EventRecord,
    LeaderRecord,
    OrganizationRecord,
    SourceRecord,
    Vocabulary,
    event_json_schema,
    record_json_schema,
)
from records.validation import check_archive
from records.yamlsource import SourceError, parse_yaml, read_text, split_front_matter

SITE_URL = "http://127.0.0.1:8000"  # pelicanconf's FEED_SITEURL
PUBLIC_URL = "https://digital-diplomacy-archive.github.io"  # publishconf's
ADDED_BY_EXPORT = ("slug", "url", "body", "events")
SCHEMA_NAMES = ("event", "source", "leader", "organization", "vocabulary")
DATA_FILES = [
    "data/events.json",
    "data/events.csv",
    "data/metrics.csv",
    "data/sources.json",
    "data/sources.csv",
    "data/leaders.json",
    "data/organizations.json",
    "data/vocabulary.json",
    *(f"data/schema/{name}.schema.json" for name in SCHEMA_NAMES),
]
HOSTILE_TITLE = '=HYPERLINK("http://x.example/","click"), "quoted" | piped <b>&amp;</b>'


def load_json(site: Path, name: str) -> dict:
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def load_csv(site: Path) -> list[dict[str, str]]:
    raw = (site / "data/events.csv").read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def unguarded(cell: str) -> str:
    """Undo the formula guard, as the /data/ page tells readers to."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@") else cell


def split_list(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


def record_fields(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if key not in ADDED_BY_EXPORT}


def index_of(content: Path) -> ArchiveIndex:
    checked = check_archive(content)
    assert checked.problems == []
    return ArchiveIndex.build(checked.events, checked.registry)


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive plus a record whose text fights CSV, spreadsheets and HTML."""
    content = copy_content(FIXTURE_SITE, tmp_path_factory.mktemp("hostile") / "content")
    (content / "events/2014/hostile-text.md").write_text(
        "---\n"
        f"title: {json.dumps(HOSTILE_TITLE)}\n"
        'summary: "+1 million: 반기문 and 联合国 said, \\"hello\\"\\non two lines."\n'
        "date: 2014-05\n"
        "date_note: '-- derived from a report; @mention'\n"
        "type: campaign\n"
        "platforms: [twitter, wechat]\n"
        "organizations: [unicef]\n"
        "location: {name: 'Genève, <Palais>', country: Switzerland}\n"
        "sources: [a, b, c]\n"
        "tags: [youth, health]\n"
        "added: 2026-11-25\n"
        "---\n"
        "Body with <script>alert(1)</script> & more.\n",
        encoding="utf-8",
    )
    for source_id, fields in (
        ("a", "publisher: P\ntitle: T\nurl: 'https://example.org/a?x=1&y=2'\n"),
        ("b", "publisher: Q\ntitle: U\nurl_note: Printed only.\n"),
        ("c", "publisher: R\ntitle: V\nurl: 'https://example.org/c|d'\n"),
    ):
        (content / "sources" / f"{source_id}.yaml").write_text(
            f"kind: news-article\nlanguage: en\n{fields}", encoding="utf-8"
        )
    return content


@pytest.fixture(scope="module")
def hostile_site(hostile_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(hostile_content, tmp_path_factory.mktemp("hostile-site") / "output")


@pytest.fixture(params=["fixture", "hostile"])
def built(request: pytest.FixtureRequest) -> tuple[Path, Path]:
    """(built site, its content) for the fixture archive and for the hostile one."""
    if request.param == "fixture":
        return request.getfixturevalue("fixture_site"), FIXTURE_SITE
    return request.getfixturevalue("hostile_site"), request.getfixturevalue("hostile_content")


def test_every_data_file_is_written(fixture_site: Path):
    for name in DATA_FILES:
        assert (fixture_site / name).is_file(), name
    assert (fixture_site / "data/index.html").is_file()


def test_events_json_round_trips_to_the_records(built: tuple[Path, Path]):
    site, content = built
    index = index_of(content)
    document = load_json(site, "events.json")
    assert document["count"] == len(index.events) == len(document["events"])
    assert [e["slug"] for e in document["events"]] == [e.slug for e in index.events]
    for entry, event in zip(document["events"], index.events, strict=True):
        assert entry["url"] == f"{SITE_URL}/{event.url}"
        assert entry["body"] == event.body.strip()
        assert EventRecord.model_validate(record_fields(entry)) == event.record
        assert set(record_fields(entry)) == set(EventRecord.model_fields), "every field, even empty"


def test_events_csv_round_trips_to_the_records(built: tuple[Path, Path]):
    site, content = built
    index = index_of(content)
    rows = load_csv(site)
    assert len(rows) == len(index.events), "one row per event"
    for row, event in zip(rows, index.events, strict=True):
        record = event.record
        location = record.location
        assert row["slug"] == event.slug
        assert row["url"] == f"{SITE_URL}/{event.url}"
        assert unguarded(row["title"]) == record.title
        assert unguarded(row["summary"]) == record.summary
        assert row["date"] == record.date.iso()
        assert row["date_precision"] == record.date.precision.name.lower()
        assert row["end_date"] == (record.end_date.iso() if record.end_date else "")
        assert unguarded(row["date_note"]) == (record.date_note or "")
        assert row["type"] == record.type
        assert split_list(row["platforms"]) == record.platforms
        assert split_list(row["leaders"]) == record.leaders
        assert split_list(row["organizations"]) == record.organizations
        assert unguarded(row["location_name"]) == (location.name if location else "")
        assert row["location_country"] == (location.country or "" if location else "")
        assert split_list(row["tags"]) == record.tags
        assert int(row["metric_count"]) == len(record.metrics)
        assert int(row["source_count"]) == len(record.sources)
        assert split_list(row["sources"]) == record.sources
        sources = [index.source(i) for i in record.sources]
        assert split_list(row["source_urls"]) == [s.url for s in sources if s.url]
        assert row["type_label"] == index.registry.event_types[record.type].label
        for key, names in (("platforms", "platform_names"), ("leaders", "leader_names")):
            terms = index.terms_of(event, key)
            assert [unguarded(n) for n in split_list(row[names])] == [t.label for t in terms]
        assert row["added"] == record.added.iso()
        assert row["modified"] == (record.modified.iso() if record.modified else "")
        assert split_list(row["former_slugs"]) == record.former_slugs


def test_csv_opens_cleanly_in_a_spreadsheet(hostile_site: Path):
    raw = (hostile_site / "data/events.csv").read_bytes()
    assert raw.startswith(BOM.encode("utf-8")), "UTF-8 BOM, so spreadsheets pick the encoding"
    text = raw.decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    assert header.split(",") == [column.name for column in CSV_COLUMNS]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert {len(row) for row in rows} == {len(CSV_COLUMNS)}, "every row has every column"
    assert text.endswith("\r\n") and "\x00" not in text
    hostile = next(row for row in load_csv(hostile_site) if row["slug"] == "hostile-text")
    assert hostile["title"] == "'" + HOSTILE_TITLE, "a formula is never run"
    assert hostile["summary"].startswith("'+1 million: 반기문 and 联合国")
    assert hostile["date_note"].startswith("'--")
    assert hostile["source_urls"] == "https://example.org/a?x=1&y=2 | https://example.org/c|d"


def test_json_is_safe_to_inline_in_html(hostile_site: Path):
    raw = (hostile_site / "data/events.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "반기문" in raw, "readable UTF-8, not \\u escapes, for non-markup text"
    entry = next(e for e in json.loads(raw)["events"] if e["slug"] == "hostile-text")
    assert entry["title"] == HOSTILE_TITLE
    assert entry["body"] == "Body with <script>alert(1)</script> & more."


@pytest.mark.parametrize(
    ("name", "key", "model", "taxonomy"),
    [
        ("leaders.json", "leaders", LeaderRecord, "leaders"),
        ("organizations.json", "organizations", OrganizationRecord, "organizations"),
    ],
)
def test_registry_exports_round_trip(fixture_site: Path, name, key, model, taxonomy):
    index = index_of(FIXTURE_SITE)
    document = load_json(fixture_site, name)
    terms = index.terms[taxonomy]
    assert [e["slug"] for e in document[key]] == sorted(terms)
    assert document["count"] == len(terms)
    for entry in document[key]:
        term = terms[entry["slug"]]
        assert entry["url"] == f"{SITE_URL}/{term.url}"
        assert model.model_validate(record_fields(entry)) == term.record
        assert entry["events"] == [e.slug for e in term.events]


def test_the_published_schemas_are_the_validators_models(fixture_site: Path):
    for name, model in (
        ("event", EventRecord),
        ("source", SourceRecord),
        ("leader", LeaderRecord),
        ("organization", OrganizationRecord),
        ("vocabulary", Vocabulary),
    ):
        published = load_json(fixture_site, f"schema/{name}.schema.json")
        expected = record_json_schema(model, name)
        assert published == {**expected, "$id": f"{SITE_URL}/data/schema/{name}.schema.json"}
        Draft202012Validator.check_schema(published)
    assert record_json_schema(EventRecord, "event") == event_json_schema()


def _front_matter(path: Path) -> object:
    front, _, _ = split_front_matter(read_text(path))
    return parse_yaml(front).data


def _record_files(content: Path) -> list[tuple[str, Path]]:
    found = [("event", p) for p in sorted((content / "events").glob("*/*.md"))]
    found += [("source", p) for p in sorted((content / "sources").glob("*.yaml"))]
    found += [("leader", p) for p in sorted((content / "leaders").glob("*.yaml"))]
    found += [("organization", p) for p in sorted((content / "organizations").glob("*.yaml"))]
    return found


RECORD_FILES = _record_files(FIXTURE_SITE) + _record_files(REAL_CONTENT)
RECORD_IDS = [
    f"{'real' if path.is_relative_to(REAL_CONTENT) else 'fixture'}:{path.name}"
    for _, path in RECORD_FILES
]


def test_there_are_records_to_validate():
    kinds = {kind for kind, _ in _record_files(FIXTURE_SITE)}
    assert kinds == {"event", "source", "leader", "organization"}


@pytest.mark.parametrize(("kind", "path"), RECORD_FILES, ids=RECORD_IDS)
def test_the_json_schema_accepts_every_real_and_fixture_record(fixture_site: Path, kind, path):
    validator = Draft202012Validator(load_json(fixture_site, f"schema/{kind}.schema.json"))
    data = _front_matter(path) if kind == "event" else parse_yaml(read_text(path)).data
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_the_json_schema_accepts_every_exported_entry(fixture_site: Path, real_site: Path):
    for site in (fixture_site, real_site):
        for name, key, kind in (
            ("events.json", "events", "event"),
            ("leaders.json", "leaders", "leader"),
            ("organizations.json", "organizations", "organization"),
        ):
            validator = Draft202012Validator(load_json(site, f"schema/{kind}.schema.json"))
            for entry in load_json(site, name)[key]:
                assert list(validator.iter_errors(record_fields(entry))) == [], entry["slug"]


BAD = FIXTURES / "bad-records"
# Which bad records the JSON Schema itself rejects, and why the others need the archive's validator.
SCHEMA_REJECTS = {  # case -> (the JSON Schema keyword that fails, where)
    "missing-title": ("required", ""),
    "bad-month": ("anyOf", "date"),  # neither the date pattern nor a year number
    "no-sources": ("minItems", "sources"),
    "metric-without-source": ("required", "metrics/0"),
    "platforms-not-a-list": ("type", "platforms"),
    "title-not-text": ("type", "title"),
    "misspelt-field": ("additionalProperties", ""),
    "nobody-involved": ("anyOf", ""),  # at least one leader or organization
    "added-month-only": ("pattern", "added"),  # `added` is a full day
    "listed-twice": ("uniqueItems", "platforms"),
}
VALIDATOR_ONLY = {
    "unknown-leader": "registry reference",
    "unknown-type": "vocabulary reference",
    "unknown-platform": "vocabulary reference",
    "metric-cites-missing-source": "reference inside the record",
    "metric-subject-not-involved": "reference inside the record",
    "impossible-day": "calendar (30 February)",
    "end-before-start": "comparison of two dates",
    "wrong-year-folder": "the file's folder",
    "Bad_Slug": "the file's name",
    "duplicate-slug": "other records",
    "source-without-publisher": "the source file it cites (see SOURCE_FILE_REJECTS)",
    "javascript-url": "the source file it cites (see SOURCE_FILE_REJECTS)",
    "empty-body": "the Markdown body, not the front matter",
}
# Bad source files the source schema rejects: file in bad-records/sources/ -> (keyword, where).
SOURCE_FILE_REJECTS = {
    "s-source-without-publisher": ("required", ""),
    "s-javascript-url": ("anyOf", "url"),  # neither an http(s) URL nor null
}
NOT_A_RECORD = {
    "malformed-yaml": "YAML syntax",
    "unclosed-front-matter": "no front matter",
    "not-utf8": "not UTF-8",
    "yaml-alias": "aliases are refused before any schema",
}


def test_every_bad_record_is_classified():
    assert {p.stem for p in BAD.glob("*.md")} == set(SCHEMA_REJECTS) | set(VALIDATOR_ONLY) | set(
        NOT_A_RECORD
    )


@pytest.fixture(scope="module")
def event_validator(fixture_site: Path) -> Draft202012Validator:
    return Draft202012Validator(load_json(fixture_site, "schema/event.schema.json"))


@pytest.mark.parametrize("case", sorted(SCHEMA_REJECTS))
def test_the_json_schema_rejects_schema_level_bad_records(event_validator, case):
    errors = event_validator.iter_errors(_front_matter(BAD / f"{case}.md"))
    found = {(e.validator, "/".join(str(part) for part in e.path)) for e in errors}
    assert SCHEMA_REJECTS[case] in found


@pytest.mark.parametrize("name", sorted(SOURCE_FILE_REJECTS))
def test_the_source_schema_rejects_bad_source_files(fixture_site: Path, name):
    validator = Draft202012Validator(load_json(fixture_site, "schema/source.schema.json"))
    data = parse_yaml(read_text(BAD / "sources" / f"{name}.yaml")).data
    found = {(e.validator, "/".join(str(p) for p in e.path)) for e in validator.iter_errors(data)}
    assert SOURCE_FILE_REJECTS[name] in found


@pytest.mark.parametrize("case", sorted(VALIDATOR_ONLY))
def test_archive_level_problems_pass_the_schema_and_need_the_validator(event_validator, case):
    assert event_validator.is_valid(_front_matter(BAD / f"{case}.md"))


@pytest.mark.parametrize("case", sorted(NOT_A_RECORD))
def test_unreadable_records_never_reach_a_schema(case):
    with pytest.raises(SourceError):
        _front_matter(BAD / f"{case}.md")


def test_two_builds_write_byte_identical_data(fixture_site: Path, tmp_path: Path):
    again = build(FIXTURE_SITE, tmp_path / "again")
    for name in [*DATA_FILES, "data/index.html"]:
        assert (again / name).read_bytes() == (fixture_site / name).read_bytes(), name


def test_data_page_explains_files_licence_citation_and_fields(fixture_site: Path, page):
    html = page(fixture_site, "data/")
    assert html.h1.get_text(strip=True) == "Open data"
    links = {a.get_text(strip=True): a["href"] for a in html.select(".downloads a")}
    assert set(links) == {name.split("/")[-1] for name in DATA_FILES}
    for href in links.values():
        assert (fixture_site / "data" / href).resolve().is_file(), href
    licence = html.select_one('a[rel="license"]')
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "CC-BY-4.0" in licence.parent.get_text()
    citation = html.select_one(".citation").get_text(strip=True)
    assert citation == load_json(fixture_site, "events.json")["citation"]
    assert "version of 24 November 2026" in citation
    for table in CSV_TABLES:
        cells = html.select(f'.columns[data-file="{table.name}"] tbody td:first-child')
        assert [td.code.get_text() for td in cells] == [c.name for c in table.columns]
    tables = {h3["id"]: h3 for h3 in html.select("#fields-heading ~ h3")}
    for anchor, model in (("event-record", EventRecord), ("leader", LeaderRecord)):
        table = tables[anchor].find_next("table")
        names = [td.code.get_text() for td in table.select("tbody td:first-child")]
        assert names == list(model.model_fields)
    for link in html.select(".fields a"):
        assert html.find(id=link["href"][1:]) is not None, link["href"]


def test_published_build_gives_public_absolute_urls(tmp_path: Path):
    site = build(FIXTURE_SITE, tmp_path / "public", settings_file="publishconf.py")
    document = load_json(site, "events.json")
    assert document["events"][0]["url"].startswith(f"{PUBLIC_URL}/events/")
    assert document["schema"] == f"{PUBLIC_URL}/data/schema/event.schema.json"
    assert load_json(site, "schema/event.schema.json")["$id"] == document["schema"]
    html = parse(site / "data/index.html")
    assert html.select_one(".downloads a")["href"] == f"{PUBLIC_URL}/data/events.json"


def test_every_real_record_is_in_the_exports(real_site: Path):
    checked = check_archive(REAL_CONTENT)
    assert checked.problems == []
    events = load_json(real_site, "events.json")["events"]
    assert sorted(e["slug"] for e in events) == sorted(e.slug for e in checked.events)
    assert len(load_csv(real_site)) == len(checked.events)
    assert sorted(e["slug"] for e in load_json(real_site, "leaders.json")["leaders"]) == sorted(
        checked.registry.leaders
    )
