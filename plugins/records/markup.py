"""Markdown bodies to safe HTML: one reusable converter, then an allow-list sanitizer (nh3)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
import nh3

from .characters import replace_controls
from .linkpolicy import ANY_PAGE, link_problem, page_fragment, published_address

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"id", "lang"},
}


# Attributes that hold an address, read by the link policy (nh3 itself checks only `href`).
LINK_ATTRIBUTES = {("a", "href"), ("q", "cite"), ("blockquote", "cite")}
# Every id of a body gets this prefix, so that no body can repeat an id of the page around it
# (`main`, `source-<id>`, `sources-heading`...) and take over its in-page links.
BODY_ID_PREFIX = "body-"
# A link can only hold a user name or password if its address has an `@`, written as such or as
# a character reference; a body without one needs no rendering to be checked.
_MAY_HOLD_AT = re.compile(r"@|&(?:#0*64|#[xX]0*40|commat)")


@dataclass
class _BodyAttributes:
    """nh3's attribute filter for one body: ids prefixed, links kept only where the policy allows."""

    ids: set[str] = field(default_factory=set)
    fragments: set[str] = field(default_factory=set)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, element: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            if value in self.ids:  # an id names one element: the first keeps it
                return None
            self.ids.add(value)
            return BODY_ID_PREFIX + value
        if (element, attribute) not in LINK_ATTRIBUTES:
            return value
        problem = link_problem(value)
        if problem:
            self.problems.append((value, problem))
        if published_address(value, ANY_PAGE) is None:
            return None
        fragment = page_fragment(value)
        if fragment is not None:
            self.fragments.add(fragment)
        return value


def _fragments_to(ids: set[str]) -> Callable[[str, str, str], str | None]:
    """nh3's attribute filter that points the body's `#fragment` links at its prefixed ids."""

    def rewrite(element: str, attribute: str, value: str) -> str | None:
        fragment = page_fragment(value) if (element, attribute) in LINK_ATTRIBUTES else None
        if fragment not in ids:
            return value
        return f"#{BODY_ID_PREFIX}{fragment.replace('%', '%25')}"  # read back as the id itself

    return rewrite


@dataclass(frozen=True)
class RenderedBody:
    """A body as safe HTML, and the links in it that the editor must fix: (link, message)."""

    html: str
    link_problems: tuple[tuple[str, str], ...]


# Code blocks and tables keep their shape on a phone by scrolling inside a box of their own, which
# keyboard users can reach (tabindex) and screen readers name (a labelled region).
_SCROLLED = re.compile(r"<(pre|table)\b[^>]*>|</(pre|table)>")
_SCROLL_LABELS = {"pre": "Code", "table": "Table"}


def _in_scroll_box(match: re.Match[str]) -> str:
    opening, closing = match.group(1), match.group(2)
    if closing:
        return f"</{closing}></div>"
    label = _SCROLL_LABELS[opening]
    return (
        f'<div class="scroll-box" role="region" aria-label="{label}" tabindex="0">{match.group(0)}'
    )


def contain_wide_blocks(html: str) -> str:
    """Put each code block and table of a sanitised body in a named, focusable scrolling box."""
    return _SCROLLED.sub(_in_scroll_box, html)


class BodyRenderer:
    """Converts record bodies; the Markdown instance is built once and reset between records."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")

    def _clean(self, html: str, attribute_filter: Callable[[str, str, str], str | None]) -> str:
        return nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            attribute_filter=attribute_filter,
            url_schemes={"http", "https"},
            link_rel="noopener noreferrer",
            strip_comments=True,
        )

    def convert(self, text: str) -> RenderedBody:
        """Markdown → HTML with only allow-listed tags, http(s) or in-site links, prefixed ids."""
        attributes = _BodyAttributes()
        clean = self._clean(self._markdown.reset().convert(text), attributes)
        if attributes.fragments & attributes.ids:
            clean = self._clean(clean, _fragments_to(attributes.ids))
        # Files holding raw control characters are refused, but a character reference such as
        # `&#1;` in the body decodes to one: it becomes U+FFFD, as `&#0;` does in any HTML parser.
        return RenderedBody(
            contain_wide_blocks(replace_controls(clean)), tuple(attributes.problems)
        )

    def render(self, text: str) -> str:
        """The body as safe HTML; links the policy refuses are left as text."""
        return self.convert(text).html


def body_link_problems(text: str) -> list[tuple[int, str]]:
    """Links of a Markdown body that the editor must fix, as (line within the body, message).

    `make check` and the build both call this, so that they refuse the same bodies."""
    if not _MAY_HOLD_AT.search(text):
        return []
    lines = text.split("\n")
    return [
        (_line_of(lines, link), message)
        for link, message in BodyRenderer().convert(text).link_problems
    ]


def _line_of(lines: list[str], link: str) -> int:
    """The first line showing the link, or its host (a user name may be written as references)."""
    host = link.rpartition("@")[2]
    for needle in (link, host):
        for number, line in enumerate(lines):
            if needle and needle in line:
                return number
    return 0


def render_checked(renderer: BodyRenderer, text: str) -> tuple[str, str | None]:
    """The HTML of a body, or "" and why it could not be rendered. `bodybounds` refuses what the
    renderer is known to fail on, in `make check` too; a failure here is a gap in those bounds,
    reported on the file instead of Pelican's bare "Could not process"."""
    try:
        return renderer.render(text), None
    except Exception as err:  # any failure of the Markdown library
        return "", (
            f"could not be rendered ({type(err).__name__}: {err}); make check does not know "
            "this case yet: please report it with the body"
        )
