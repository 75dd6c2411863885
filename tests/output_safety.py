"""What every built site must satisfy whatever its records hold: well-formed files, no active markup.

Shared by the hostile corpus and the fuzz test. A rule here must hold for any correct build, so
that a failure always means input reached the output as markup, or a file is malformed.

Links are read as a browser reads them (the WHATWG URL Standard, here through ada, the parser of
Node.js), never with `str.strip()` or `urllib`: a link is live if a browser would follow it, and
every live link in every output must go to an http(s) address that carries no user name or
password. This oracle reads the outputs alone; it shares no code with the archive's link policy.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import html5lib
from ada_url import URL
from bs4 import BeautifulSoup, Tag
from lxml import etree
from records.markup import ALLOWED_TAGS

ATOM = "{http://www.w3.org/2005/Atom}"
RSS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "cite", "data", "poster", "xlink:href")
WEB_SCHEMES = ("http:", "https:")
# Whether a browser follows a link to http(s) does not depend on which http(s) page it is on.
ANY_PAGE = "https://archive.example/events/2012/page/"
EMBEDDING_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def link_problem(value: str, where: str, base: str | None = ANY_PAGE) -> str | None:
    """A live link to anything but an http(s) address, or with credentials; None if it is fine.

    With `base`, a link no browser can parse is inert, so fine; without one (data files, feed
    elements), the value must be an absolute http(s) address."""
    try:
        address = URL(value, base)
    except ValueError:
        return None if base else f"{where}: {value[:60]!r} is not an absolute URL"
    if address.protocol not in WEB_SCHEMES:
        return f"{where}: live {address.protocol} link {value[:60]!r}"
    if address.username or address.password:
        return f"{where}: link with a user name or password {value[:60]!r}"
    return None


def _json_links(value: object, where: str, key: str = "") -> list[str]:
    """Every `url`, `…_url` and `sameAs` value of a JSON document must be an absolute http(s) URL."""
    if isinstance(value, dict):
        return [p for k, item in value.items() for p in _json_links(item, where, k)]
    if isinstance(value, list):
        return [p for item in value for p in _json_links(item, where, key)]
    if isinstance(value, str) and (key.endswith("url") or key == "sameAs"):
        return list(filter(None, [link_problem(value, f"{where} {key}", base=None)]))
    return []


def _script_problems(script: Tag, where: str) -> list[str]:
    """JSON-LD must be JSON with every `<` escaped, and link only to http(s); any other script
    must be the theme's own."""
    text = script.get_text()
    if script.get("type") == "application/ld+json":
        try:
            data = json.loads(text)
        except ValueError:
            return [f"{where}: JSON-LD that is not JSON"]
        found = _json_links(data, f"{where} JSON-LD")
        return [*found, f"{where}: JSON-LD with a raw '<'"] if "<" in text else found
    if "alert(" in text or script.get("src", "").startswith(("http:", "https:", "//")):
        return [f"{where}: script from input"]
    return []


def _scroll_box(element: Tag) -> bool:
    """The box the renderer puts around a code block or table (records.markup), nothing else."""
    children = element.find_all(True, recursive=False)
    return (
        element.name == "div"
        and element.attrs
        == {
            "class": ["scroll-box"],
            "role": "region",
            "aria-label": element.get("aria-label"),
            "tabindex": "0",
        }
        and (element.get("aria-label"), [c.name for c in children])
        in (("Code", ["pre"]), ("Table", ["table"]))
    )


def html_problems(html: str, where: str) -> list[str]:
    """Active markup in one HTML document or fragment: handlers, live non-http(s) links, embeds,
    stray tags, an id given twice."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for element in soup.find_all(True):
        name = element.name
        if name in EMBEDDING_TAGS or "-" in name:
            found.append(f"{where}: <{name}> element")
        if name == "script":
            found += _script_problems(element, where)
        for attribute, value in element.attrs.items():
            if attribute.lower().startswith("on"):
                found.append(f"{where}: <{name} {attribute}=…> event handler")
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute in URL_ATTRIBUTES:
                found += filter(None, [link_problem(text, f"{where}: <{name} {attribute}>")])
    ids = Counter(element["id"] for element in soup.find_all(id=True))
    found += [f"{where}: id {i!r} given {n} times" for i, n in sorted(ids.items()) if n > 1]
    for body in soup.select("section.body"):
        stray = {e.name for e in body.find_all(True) if not _scroll_box(e)} - ALLOWED_TAGS - {"h2"}
        if stray:
            found.append(f"{where}: tags outside the body allow-list: {sorted(stray)}")
    return found


def well_formed_html(path: Path) -> list[str]:
    """html5lib in strict mode raises on any HTML parse error (the WHATWG tokenizer's list)."""
    try:
        html5lib.HTMLParser(strict=True).parse(path.read_bytes())
    except html5lib.html5parser.ParseError as err:
        return [f"{path.name}: HTML parse error {err}"]
    return []


def feed_problems(path: Path, where: str) -> list[str]:
    """A feed must be well-formed XML (1.0), its links absolute http(s), its HTML content free of
    active markup."""
    if path.suffix == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        items = document.get("items", [])
        return _json_links(document, where) + [
            problem
            for item in items
            for problem in html_problems(item.get("content_html", ""), where)
        ]
    try:
        root = etree.fromstring(path.read_bytes(), _XML_PARSER)
    except etree.XMLSyntaxError as err:
        return [f"{where}: not well-formed XML: {err}"]
    found = [
        f"{where}: <script> element" for e in root.iter() if etree.QName(e).localname == "script"
    ]
    for element in root.iter(f"{ATOM}link", "link"):
        address = element.get("href") if element.tag == f"{ATOM}link" else element.text
        found.append(link_problem(address or "", f"{where} <link>", base=None))
    for element in root.iter(f"{ATOM}content", f"{ATOM}summary", "description", RSS_CONTENT):
        found += html_problems(element.text or "", where)
    return [problem for problem in found if problem]


def data_problems(path: Path, where: str) -> list[str]:
    """Data files must parse (strict JSON, or CSV with every row as wide as its header), and
    their URLs must be absolute http(s) addresses."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            return _json_links(json.loads(text), where)
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (ValueError, csv.Error) as err:
        return [f"{where}: {err}"]
    found = [
        f"{where}: row {n} has {len(r)} cells" for n, r in enumerate(rows) if len(r) != len(rows[0])
    ]
    header = rows[0] if rows else []
    for row in rows[1:]:
        for name, cell in zip(header, row, strict=False):
            if name.lstrip("\ufeff").endswith(("url", "urls")) and cell:
                found += [
                    problem
                    for address in cell.split(" | ")
                    if (problem := link_problem(address, f"{where} {name}", base=None))
                ]
    return found


def site_problems(site: Path) -> list[str]:
    """Every problem in every page, feed and data file of a built site."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        where = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            found += well_formed_html(path)
            found += html_problems(path.read_text(encoding="utf-8"), where)
        elif where.startswith("feeds/") and path.suffix in (".xml", ".json"):
            found += feed_problems(path, where)
        elif where.startswith("data/") and path.suffix in (".json", ".csv"):
            found += data_problems(path, where)
    return found
