"""Markdown bodies to safe HTML: one reusable converter, then an allow-list sanitizer (nh3)."""

from __future__ import annotations

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
        return replace_controls(clean)


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
