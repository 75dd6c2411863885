"""Which link addresses the archive publishes, read by the rules browsers use (the WHATWG URL Standard).

One policy for every output: pages, feeds, the JSON feed, data files and JSON-LD. A link is
published only where it resolves to an http(s) address that carries no user name or password.
`str.strip()` or `urllib.parse` would read some links differently from a browser: a no-break or
ideographic space before `javascript:` is kept by a browser, which then reads a relative path,
but stripped by Python, which then reads a script. So links are only ever read by ada, the WHATWG
parser that Node.js uses.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ada_url import URL

WEB_SCHEMES = frozenset({"http:", "https:"})
# Whether a link may be published does not depend on which page it is on: a relative link takes
# the scheme of its page, which is always http(s). Any such page is a base good enough to judge.
ANY_PAGE = "https://archive.invalid/page/"
CREDENTIALS = (
    "holds a user name or password, which must not be published; link to the address without them"
)
# An `@` in the authority of an http(s) address (between `//` and the first `/`, `\`, `?` or
# `#`) marks a user name or password, even an empty one. As a pattern, the published JSON Schema
# can state the rule too.
AUTHORITY_WITH_AT = r"^https?://[/\\]*[^/?#\\]*@"
_AUTHORITY_WITH_AT = re.compile(AUTHORITY_WITH_AT)
# What the URL parser removes before it reads anything: C0 controls and spaces at either end,
# ASCII tabs and newlines anywhere. Nothing else: no Unicode space is stripped.
_C0_CONTROL_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")


def resolve(link: str, base: str | None = None) -> URL | None:
    """The address a browser follows from `link` on the page at `base`, or None if it follows none."""
    try:
        return URL(link, base)
    except ValueError:  # not a URL, or text that is not even UTF-8 (a lone surrogate)
        return None


def has_credentials(address: URL) -> bool:
    """`https://user:pass@host/`: a link that would publish a secret, or phish with a fake host."""
    return bool(address.username or address.password)


def published_address(link: str, base: str) -> str | None:
    """The absolute address to publish for `link` on the page at `base`, or None to make it inert.

    Inert means shown as text without a link: what a browser does with an address it cannot
    parse, and what the archive does with any scheme but http(s) (`javascript:`, `data:`...)."""
    address = resolve(link, base)
    if address is None or address.protocol not in WEB_SCHEMES or has_credentials(address):
        return None
    return address.href


def page_fragment(link: str) -> str | None:
    """The id that a `#fragment` link points to on its own page, decoded as browsers do; else None."""
    if not link.strip(_C0_CONTROL_OR_SPACE).translate(_TAB_OR_NEWLINE).startswith("#"):
        return None
    address = resolve(link, ANY_PAGE)
    if address is None or not address.hash[1:]:
        return None
    return unquote(address.hash[1:])


def link_problem(link: str) -> str | None:
    """What an editor must fix in a link of a record's body; inert links are not the editor's to fix."""
    address = resolve(link, ANY_PAGE)
    if address is not None and address.protocol in WEB_SCHEMES and has_credentials(address):
        return f"link {link!r} {CREDENTIALS}"
    return None


def web_address_problem(text: str) -> str | None:
    """What is wrong with `text` as the value of a URL field (an absolute http(s) address)."""
    address = resolve(text)
    if address is None or address.protocol not in WEB_SCHEMES:
        return f"{text!r} is not an http(s) URL"
    if has_credentials(address) or _AUTHORITY_WITH_AT.search(text):
        return f"{text!r} {CREDENTIALS}"
    return None
