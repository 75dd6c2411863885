"""Text and HTML made fit for feeds: characters XML can carry, and only absolute http(s) links."""

from __future__ import annotations

import re

import lxml.html
from lxml.html.defs import link_attrs
from records.linkpolicy import published_address

# Characters outside XML 1.0's `Char` production cannot appear in a feed at all, not even as
# character references; the record schema lets some through (YAML escapes like "\x01").
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WRAPPER_OPEN, _WRAPPER_CLOSE = "<div>", "</div>"


def xml_safe(text: str) -> str:
    """Replace characters that XML 1.0 forbids by U+FFFD, so the loss is visible, never silent."""
    return _NOT_XML_CHAR.sub("\ufffd", text)


def absolute_html(html: str, base_url: str) -> str:
    """Every link of an HTML fragment as the absolute address a browser on `base_url` would follow.

    Feed readers show entries away from their pages, so links must be absolute; a link the archive's
    link policy refuses is left as text, in feeds exactly as on pages. (Not lxml's `rewrite_links`:
    it strips links with `str.strip()`, which removes Unicode spaces that browsers keep.)"""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        for attribute in link_attrs.intersection(element.attrib):
            address = published_address(element.attrib[attribute], base_url)
            if address is None:
                del element.attrib[attribute]
            else:
                element.attrib[attribute] = address
    wrapped: str = lxml.html.tostring(root, encoding="unicode")
    return wrapped[len(_WRAPPER_OPEN) : -len(_WRAPPER_CLOSE)]
