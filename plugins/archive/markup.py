"""Markdown bodies to safe HTML: one reusable converter, then an allow-list sanitizer (nh3)."""

from __future__ import annotations

import re

import markdown
import nh3

from .characters import replace_controls

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

    def render(self, text: str) -> str:
        """Markdown → HTML with only allow-listed tags and http(s)/mailto or relative links."""
        html = self._markdown.reset().convert(text)
        clean = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
            strip_comments=True,
        )
        # Files holding raw control characters are refused, but a character reference such as
        # `&#1;` in the body decodes to one: it becomes U+FFFD, as `&#0;` does in any HTML parser.
        return contain_wide_blocks(replace_controls(clean))
