"""Partial dates keep their precision: parsing, display, ordering and ranges."""

from typing import get_type_hints

import pytest
from records import pagefiles  # noqa: F401  (its page model is a record model too)
from records.dates import PARTIAL_DATE_PATTERN, PartialDate, Precision, display_range
from records.modelcheck import DATE_FIELDS, validate_model
from records.schema import EventRecord, Record, Vocabulary, event_json_schema
from records.yamlsource import parse_yaml


@pytest.mark.parametrize(
    ("text", "precision", "shown"),
    [
        ("2012", Precision.YEAR, "2012"),
        ("2012-07", Precision.MONTH, "July 2012"),
        ("2012-07-16", Precision.DAY, "16 July 2012"),
    ],
)
def test_parse_keeps_precision(text, precision, shown):
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert date.display() == shown
    assert date.iso() == text


@pytest.mark.parametrize(
    "text", ["2012-13", "2012-02-30", "12-07", "2012-7", "July 2012", "2012-07-16T10:00", ""]
)
def test_parse_rejects_malformed_and_impossible_dates(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_year_heads_its_year_and_month_heads_its_month():
    dates = [PartialDate.parse(t) for t in ["2012-07-16", "2012-07", "2013", "2012", "2012-01-05"]]
    assert [d.iso() for d in sorted(dates, key=PartialDate.sort_key)] == [
        "2012",
        "2012-01-05",
        "2012-07",
        "2012-07-16",
        "2013",
    ]


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2013-12-02", "2013-12-04", "2–4 December 2013"),
        ("2013-11-30", "2013-12-02", "30 November – 2 December 2013"),
        ("2013-11", "2013-12", "November–December 2013"),
        ("2012-12-30", "2013-01-02", "30 December 2012 – 2 January 2013"),
        ("2012", None, "2012"),
    ],
)
def test_ranges_share_common_parts(start, end, shown):
    assert display_range(PartialDate.parse(start), PartialDate.parse(end) if end else None) == shown


def _record_models(base: type[Record] = Record) -> list[type[Record]]:
    """Every model of a file's fields (pages' front matter included), however deep."""
    return [base, *(m for sub in base.__subclasses__() for m in _record_models(sub))]


def test_every_date_field_is_declared_as_the_partial_date_it_holds():
    """A date field's type is PartialDate (what the type checker holds its users to), and the
    fields so declared are exactly those whose errors are worded as dates."""
    declared = {
        name
        for model in _record_models()
        for name, hint in get_type_hints(model).items()
        if hint in (PartialDate, PartialDate | None)
    }
    assert declared == DATE_FIELDS
    for model in _record_models():
        for name, hint in get_type_hints(model).items():
            assert (name in DATE_FIELDS) == (hint in (PartialDate, PartialDate | None)), (
                model,
                name,
            )


@pytest.mark.parametrize("written", ["2023-13", '"July 2023"', "[2023]"])
def test_a_platform_name_end_that_is_no_date_is_called_so(written):
    """`until` of a platform's former name is a date like any other: its error says how to
    write one (it said "does not have the expected form" before)."""
    text = f"""\
event_types:
  live-qa: {{label: Live Q&A}}
platforms:
  x:
    label: X
    names:
      - {{label: Twitter, until: {written}}}
measures:
  followers: {{label: Followers}}
"""
    _, problems = validate_model(Vocabulary, parse_yaml(text), "content/vocabulary.yaml")
    assert [(p.line, p.field) for p in problems] == [(7, "platforms.x.names[0].until")]
    assert "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD" in problems[0].message


def test_date_fields_read_what_records_write_and_publish_that_form():
    """A bare year (a YAML number) and text both become a PartialDate; the published schema
    describes the written form, not the parsed one."""
    record = EventRecord.model_validate(
        {
            "title": "T",
            "summary": "S",
            "date": 2012,
            "end_date": "2012-07",
            "type": "live-qa",
            "platforms": [],
            "leaders": ["ban-ki-moon"],
            "sources": ["un-news"],
            "added": "2024-01-02",
        }
    )
    assert (record.date, record.end_date, record.added) == (
        PartialDate(2012),
        PartialDate(2012, 7),
        PartialDate(2024, 1, 2),
    )
    assert event_json_schema()["properties"]["date"]["anyOf"] == [
        {"pattern": PARTIAL_DATE_PATTERN, "type": "string"},
        {"maximum": 9999, "minimum": 1000, "type": "integer"},
    ]
