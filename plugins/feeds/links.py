"""Text and HTML made fit for feeds: characters XML can carry, and only absolute links."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html

# Characters outside XML 1.0's `Char` production cannot appear in a feed at all, not even as
# character references; the record schema lets some through (YAML escapes like "\x01").
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WRAPPER_OPEN, _WRAPPER_CLOSE = "<div>", "</div>"


def xml_safe(text: str) -> str:
    """Replace characters that XML 1.0 forbids by U+FFFD, so the loss is visible, never silent."""
    return _NOT_XML_CHAR.sub("\ufffd", text)


def absolute_html(html: str, base_url: str) -> str:
    """Resolve every link of an HTML fragment against `base_url` (the page it was written for)."""

    def resolve(link: str) -> str:
        try:
            return urljoin(base_url, link.strip())
        except ValueError as err:
            raise ValueError(f"link {link!r} cannot be made absolute: {err}") from None

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    root.rewrite_links(resolve, resolve_base_href=False)
    wrapped = lxml.html.tostring(root, encoding="unicode")
    return wrapped[len(_WRAPPER_OPEN) : -len(_WRAPPER_CLOSE)]
