"""How to cite an event record: CSL-JSON, the text a CSL processor makes of it, BibTeX and RIS.

The record is a web page the archive publishes; its publication date is the day the record was
`added` to the archive (not the date of the event it describes), and its author and publisher are
the archive itself. One CSL-JSON item is the single description; the text comes from citeproc-py
with a CSL style, and the BibTeX and RIS files carry the same fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup, escape
from records.dates import PartialDate
from records.events import Event

from .urls import absolute_url

# The CSL style citeproc-py ships ("Cite Them Right 12th edition - Harvard", CC BY-SA 3.0).
CSL_STYLE = "harvard-cite-them-right"

CITE_FILES = {"bib": "cite.bib", "ris": "cite.ris", "json": "cite.json"}

# Characters that BibTeX/LaTeX read as commands, written so that they print as themselves.
_TEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\textdollar{}",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


@dataclass(frozen=True)
class RecordCitation:
    """What a reference manager needs to know about one event record."""

    key: str
    title: str
    publisher: str
    published: PartialDate
    modified: PartialDate | None
    url: str

    def date_parts(self) -> list[int]:
        """The publication date in its own precision, as CSL's `date-parts` writes it."""
        date = self.published
        return [p for p in (date.year, date.month, date.day) if p]

    def highwire_date(self) -> str:
        """`citation_publication_date` as Google Scholar asks for it: `2012/07/16` or `2012`."""
        return "/".join(str(p) for p in self.date_parts())


def record_citation(event: Event, site_name: str, site_url: str) -> RecordCitation:
    """The record as a web page of the archive: published on the day it was added."""
    record = event.record
    return RecordCitation(
        key=f"dda-{event.year}-{event.slug}",
        title=record.title,
        publisher=site_name,
        published=record.added,
        modified=record.modified,
        url=absolute_url(site_url, event.url),
    )


def csl_item(citation: RecordCitation) -> dict[str, Any]:
    """The record as one CSL-JSON item (the format citeproc processors and Zotero read)."""
    return {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "author": [{"literal": citation.publisher}],
        "container-title": citation.publisher,
        "publisher": citation.publisher,
        "issued": {"date-parts": [citation.date_parts()]},
        "URL": citation.url,
        "language": "en",
    }


def csl_json(citation: RecordCitation) -> str:
    """`cite.json`: a CSL-JSON list holding the record's item."""
    return json.dumps([csl_item(citation)], ensure_ascii=False, indent=2) + "\n"


class CitationRenderer:
    """Records' bibliography entries in one CSL style, rendered by citeproc-py as HTML. The style
    is parsed once per run: citeproc-py reads it with lxml, whose memory a process keeps, so one
    parse per page grew a build by 130 MB at 10,000 records."""

    def __init__(self, style: str = CSL_STYLE) -> None:
        self.style = CitationStylesStyle(style, validate=False)

    def html(self, citation: RecordCitation) -> Markup:
        """The record's entry. citeproc-py's HTML formatter adds its own tags but does not escape
        the text it is given, so the item's text is escaped first. The archive is both author
        and site: the style would print its name three times (author, website, publisher), so
        the entry names it once, as author."""
        item = csl_item(citation)
        del item["container-title"], item["publisher"]
        for name in ("title", "URL"):
            item[name] = str(escape(item[name]))
        item["author"] = [{"literal": str(escape(citation.publisher))}]
        bibliography = CitationStylesBibliography(self.style, CiteProcJSON([item]), formatter.html)
        bibliography.register(Citation([CitationItem(citation.key)]))
        (entry,) = bibliography.bibliography()
        return Markup(str(entry))


def _tex(text: str) -> str:
    return text.translate(_TEX_ESCAPES)


def bibtex(citation: RecordCitation) -> str:
    """`cite.bib`: an `@misc` entry (BibTeX and biblatex), the archive as corporate author."""
    date = citation.published
    fields = [
        ("title", _tex(citation.title)),
        ("author", "{" + _tex(citation.publisher) + "}"),
        ("publisher", _tex(citation.publisher)),
        ("year", str(date.year)),
    ]
    if date.month:
        fields.append(("month", str(date.month)))
    fields += [
        ("date", date.iso()),
        ("url", citation.url),
        ("language", "english"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation.key},\n{body}\n}}\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}\r\n"


def ris(citation: RecordCitation) -> str:
    """`cite.ris`: an `ELEC` (web page) reference in the RIS tagged format, CRLF as it asks."""
    date = citation.published
    parts = [f"{date.year:04d}", f"{date.month:02d}" if date.month else "", ""]
    parts[2] = f"{date.day:02d}" if date.day else ""
    lines = [
        _ris_line("TY", "ELEC"),
        _ris_line("TI", citation.title),
        _ris_line("AU", citation.publisher),
        _ris_line("PY", str(date.year)),
        _ris_line("DA", "/".join(parts) + "/"),
        _ris_line("PB", citation.publisher),
        _ris_line("T2", citation.publisher),
        _ris_line("UR", citation.url),
        _ris_line("LA", "en"),
        _ris_line("ID", citation.key),
    ]
    return "".join(lines) + "ER  - \r\n"


def cite_files(citation: RecordCitation) -> dict[str, str]:
    """Each file written beside the record's page, by name."""
    return {
        CITE_FILES["bib"]: bibtex(citation),
        CITE_FILES["ris"]: ris(citation),
        CITE_FILES["json"]: csl_json(citation),
    }
