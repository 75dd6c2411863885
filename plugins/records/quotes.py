"""Is a figure written in its quote? The numbers a short English passage states, read as a person would.

A quote states a value when one of its numbers equals it. Numbers are read in these forms:
- digits, grouped by commas or (narrow, no-break) spaces in threes or not at all, with decimals:
  `16000`, `16,000`, `16 000`, `3.25`;
- followed by a scale word: `20 million`, `3.25 million`, `2 billion`, `16 thousand`, `5 hundred`,
  and the abbreviations `20m`, `20mn`, `20 mln`, `2bn`, `16k`;
- in words, from `zero` to `ninety-nine`, alone or before a scale word (`nine`, `two million`,
  `forty-five thousand`), and `a` before a scale word (`a million`);
- in Chinese text, digits glued to the characters around them (`近6000个问题`), with the units
  千, 万 (萬) and 亿 (億): `217万` is 2,170,000 and `3.6萬` is 36,000.
Indian units (`lakh`, `crore`), fractions (`half a million`), ordinals in words and numbers in
Chinese characters (`三`, `十几`) are not read: quote the passage where the source writes the figure
in digits, or explain the figure in the metric's `note`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUES: dict[str, int] = {
    **{word: value for value, word in enumerate(UNITS)},
    **{word: 20 + 10 * index for index, word in enumerate(TENS)},
}
SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
    "bn": 1_000_000_000,
    "千": 1_000,
    "万": 10_000,
    "萬": 10_000,
    "亿": 100_000_000,
    "億": 100_000_000,
}
_SEPARATORS = ",\u00a0\u202f "
_DIGITS = (
    # Not glued to Latin letters or digits, nor after a decimal point or a grouping comma; a
    # number glued to Chinese text (`近6000个`) is read.
    r"(?<![0-9A-Za-z_.,])"
    rf"(?P<number>\d{{1,3}}(?:(?P<sep>[{_SEPARATORS}])\d{{3}})(?:(?P=sep)\d{{3}})*(?!\d)|\d+)"
    r"(?:\.(?P<decimals>\d+))?"
)
_WORD = (
    rf"(?<![\w-])(?P<word>(?:{'|'.join(TENS)})(?:-(?:{'|'.join(UNITS[1:10])}))?"
    rf"|{'|'.join(sorted(UNITS, key=len, reverse=True))}|a)(?!\w)"
)
# A full scale word may follow after a space or hyphen; an abbreviation is written right after
# the digits (`20m`) or, for the unambiguous `mn`, `mln` and `bn`, after a space.
_SCALE = (
    r"(?:[\s\-]+(?P<word_scale>hundred|thousand|millions?|billions?|mn|mln|bn)(?!\w)"
    r"|(?P<short_scale>k|m|mn|mln|bn)(?!\w)"
    r"|\s?(?P<cjk_scale>[千万萬亿億]))"
)
_NUMBER_RE = re.compile(rf"(?:{_DIGITS}|{_WORD})(?:{_SCALE})?", re.IGNORECASE)


def _word_value(word: str) -> int | None:
    word = word.lower()
    if word == "a":
        return None
    tens, _, unit = word.partition("-")
    return WORD_VALUES[tens] + (WORD_VALUES[unit] if unit else 0)


def stated_numbers(quote: str) -> set[Decimal]:
    """Every number the quote can be read as stating."""
    found: set[Decimal] = set()
    for match in _NUMBER_RE.finditer(quote):
        scale_word = (
            match.group("word_scale") or match.group("short_scale") or match.group("cjk_scale")
        )
        scale = SCALES[scale_word.lower()] if scale_word else 1
        if match.group("word") is not None:
            base = _word_value(match.group("word"))
            if base is None:  # `a` counts only before a scale word: `a million`
                if scale_word:
                    found.add(Decimal(scale))
                continue
            found.add(Decimal(base) * scale)
            continue
        digits = match.group("number")
        separator = match.group("sep")
        whole = digits.replace(separator, "") if separator else digits
        decimals = match.group("decimals")
        try:
            value = Decimal(f"{whole}.{decimals}" if decimals else whole)
        except InvalidOperation:  # pragma: no cover - the pattern admits digits only
            continue
        found.add(value * scale)
        if separator and separator != ",":
            # `in 2012 200 people`: a space may separate two numbers rather than group one.
            found.update(Decimal(part) for part in digits.split(separator))
    return found


def states_value(quote: str, value: float) -> bool:
    """Whether `value` is written in `quote` in one of the forms this module reads."""
    wanted = Decimal(repr(float(value)))
    return wanted in stated_numbers(quote)


def written_forms(value: float) -> list[str]:
    """How a source might write `value`, for the message when a quote lacks it: `20,000,000` and
    `20 million`."""
    forms = [f"{int(value):,}" if float(value).is_integer() else f"{value:,}"]
    for word, scale in (("billion", 1_000_000_000), ("million", 1_000_000), ("thousand", 1_000)):
        if value >= scale:
            forms.append(
                f"{Decimal(repr(float(value))) / scale:f}".rstrip("0").rstrip(".") + f" {word}"
            )
            break
    return forms
