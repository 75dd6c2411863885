"""Partial dates keep their precision: parsing, display, ordering and ranges."""

import pytest
from records.dates import PartialDate, Precision, display_range


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
