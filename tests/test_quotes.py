"""A figure's quote must state its value: the matcher reads numbers as a person would (property
tests), and `make check` refuses a figure whose value is not in its quote, at the quote's line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, build, copy_content
from hypothesis import assume, given
from hypothesis import strategies as st
from records.problems import ArchiveError
from records.quotes import (
    SCALES,
    TENS,
    UNITS,
    WORD_VALUES,
    stated_numbers,
    states_value,
    written_forms,
)
from records.validation import check_archive


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        (20_000_000, "a conversation that attracted some 20 million Internet users"),
        (20_000_000, "20,000,000 users"),
        (20_000_000, "a 20m audience"),
        (20_000_000, "some 20 million"),
        (20_000_000, "20 millions of people"),
        (3_250_000, "followed by some 3.25 million users"),
        (45, "a 45-minute conversation"),
        (16_000, "more than 16,000 questions"),
        (16_000, "more than 16 000 questions"),
        (16_000, "16\u00a0000 questions"),
        (16_000, "16k questions"),
        (2_000_000, "more than two million followers"),
        (1_000_000, "a million followers"),
        (9, "he answered nine of them"),
        (45, "forty-five minutes"),
        (45_000, "forty-five thousand"),
        (21_000_000, "an astonishing 21 million followers"),
        (2_000_000_000, "2bn views"),
        (7_900_000, "7.9 million clicks"),
        (0.5, "0.5 per cent"),
        (200, "In 2012 200 people joined"),
        (6000, "上述社交网站此次总共向潘基文提出了近6000个问题"),
        (40, "在40多分钟的访谈对话中"),
        (36, "共发布了36条信息"),
        (2_170_000, "一天时间内漲粉217萬!"),
        (36_000, "目前,華春瑩推特賬號已有3.6萬個關注者"),
        (300_000_000, "3亿用户"),
    ],
)
def test_a_value_written_in_its_quote_is_found(value, quote):
    assert states_value(quote, value)


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        (20_000_000, "2 crore users"),  # Indian units are not read
        (20_000_000, "20 thousand"),
        (16_000, "16,0000"),
        (16, "16,000 questions"),  # a comma groups digits: 16,000 is not 16
        (45, "2045 posts"),
        (5, "4.5 million"),
        (9, "sixty-nine"),
        (500_000, "half a million"),  # fractions are not read
        (50_000_000, "some 5 million"),
        (3, "twenty-three"),
        (3, "回答了三个问题"),  # numbers in Chinese characters are not read
        (45, "x45 posts"),
    ],
)
def test_a_value_not_written_in_its_quote_is_not_found(value, quote):
    assert not states_value(quote, value)


# --- Properties -------------------------------------------------------------------------------

figures = st.integers(min_value=0, max_value=10**12)
# Text around a number that cannot be read as part of it.
NOT_PROSE = {*WORD_VALUES, *SCALES, "a"}
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=30).map(
    lambda t: " ".join(w for w in t.split() if w not in NOT_PROSE)
)


def grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


@given(figures, st.sampled_from([",", " ", "\u00a0", "\u202f", ""]), words, words)
def test_any_figure_written_in_digits_is_found_in_any_sentence(number, separator, before, after):
    written = grouped(number, separator) if separator else str(number)
    assert states_value(f"{before} {written} {after}".strip(), number)


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=99),
    st.sampled_from([("million", 10**6), ("billion", 10**9), ("thousand", 10**3)]),
)
def test_a_figure_with_decimals_and_a_scale_word_is_found(whole, cents, scale):
    word, factor = scale
    decimals = f"{cents:02d}".rstrip("0")
    written = f"{whole}.{decimals}" if decimals else str(whole)
    value = Decimal(written) * factor
    assert states_value(f"some {written} {word} users", float(value))


@given(
    st.integers(min_value=0, max_value=99), st.sampled_from(["", "hundred", "thousand", "million"])
)
def test_numbers_in_words_are_found(number, scale):
    tens, unit = divmod(number, 10)
    compound = TENS[tens - 2] + (f"-{UNITS[unit]}" if unit else "") if tens >= 2 else ""
    written = UNITS[number] if number < 20 else compound
    factor = {"": 1, "hundred": 100, "thousand": 1000, "million": 10**6}[scale]
    assert states_value(f"reached {written} {scale} followers".replace("  ", " "), number * factor)


@given(figures, figures, st.sampled_from([",", " ", ""]))
def test_another_figure_is_never_taken_for_the_value(value, other, separator):
    assume(value != other)
    written = grouped(other, separator) if separator else str(other)
    if separator == " ":  # a space may also separate two numbers: each group is read too
        assume(all(Decimal(part) != value for part in written.split(" ")))
    assert not states_value(f"the account had {written} followers", value)


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(list("万萬亿億千")), words)
def test_digits_before_a_chinese_unit_are_multiplied(number, unit, after):
    factor = {"千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}[unit]
    assert states_value(f"粉丝{number}{unit}{after}", number * factor)


@given(figures)
def test_the_forms_suggested_in_a_message_are_read_back(value):
    assert all(states_value(form, value) for form in written_forms(value))


@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text):
    assert all(number >= 0 for number in stated_numbers(text))


# --- make check -------------------------------------------------------------------------------

RECORD = """\
---
title: A figure and its quote
summary: The quote does not state the value.
date: 2012-07-16
type: live-qa
platforms: [sina-weibo]
leaders: [ban-ki-moon]
metrics:
  - subject: ban-ki-moon
    platform: sina-weibo
    measure: followers
    value: 50000000
    qualifier: about
    source: news-a
    quote: "The event was watched live by some 20 million people."
  - subject: ban-ki-moon
    measure: followers
    value: 20000000
    source: news-a
    quote: "watched live by some 20 million people"
sources: [news-a]
added: 2026-11-20
---
Body.
"""
PROBLEM = (
    "content/events/2012/quoted.md:15: metrics[0].quote: the value 50,000,000 is not written in "
    "the quote: quote the words of the source that state it (such as '50,000,000' or "
    "'50 million')"
)


def test_a_value_missing_from_its_quote_fails_check_and_build(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    (content / "events/2012/quoted.md").write_text(RECORD, encoding="utf-8")
    assert [str(p) for p in check_archive(content).problems] == [PROBLEM]
    with pytest.raises(ArchiveError) as failure:
        build(content, tmp_path / "output")
    assert [str(p) for p in failure.value.problems] == [PROBLEM]


def test_a_quote_longer_than_300_characters_is_refused(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    long_quote = "some 20 million people " + "x" * 300
    text = RECORD.replace("value: 50000000", "value: 20000000").replace(
        '"The event was watched live by some 20 million people."', f'"{long_quote}"'
    )
    (content / "events/2012/quoted.md").write_text(text, encoding="utf-8")
    assert [str(p) for p in check_archive(content).problems] == [
        "content/events/2012/quoted.md:15: metrics[0].quote: is 323 characters long, more than "
        "the 300 allowed"
    ]


def test_every_figure_of_the_real_archive_has_a_quote_stating_it():
    checked = check_archive(Path(__file__).resolve().parent.parent / "content")
    assert checked.problems == []
    metrics = [m for e in checked.events for m in e.record.metrics]
    assert metrics and all(m.quote and states_value(m.quote, m.value) for m in metrics)
