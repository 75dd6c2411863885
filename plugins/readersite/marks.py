"""Platform marks: the simple-icons SVG of a platform, inlined at build time beside its name.

A platform whose label is the title of a simple-icons icon (`Sina Weibo`, `WeChat`, `X`) gets its
mark; any other name (a brand simple-icons does not carry, such as Twitter since it became X) shows
alone. A renamed platform shows the mark of the name it had at the time, if that name has one. A page carries each mark it uses once, as a `<symbol>` at its end, and every use is
a short `<use>` of it: a timeline of hundreds of entries stays light.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from records.index import Term

ICONS_FOLDER = "icons"
DATA_FILE = Path("data") / "simple-icons.json"
_PATH = re.compile(r'<path d="([^"<>]+)"\s*/>')


class MarksMissing(Exception):
    """The simple-icons package is not where the settings say: the build cannot draw marks."""


def title_key(text: str) -> str:
    """How a platform label is matched to an icon title: case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def load_icon_paths(package: Path, labels: dict[str, str]) -> dict[str, str]:
    """The path data of the icon of each platform (slug → `d`) whose label is an icon's title."""
    data_file = package / DATA_FILE
    try:
        icons = json.loads(data_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise MarksMissing(
            f"{data_file}: cannot read the simple-icons package ({err}); "
            "install the pinned npm packages with `npm ci` (`make html` does)"
        ) from None
    by_title = {title_key(icon["title"]): icon["slug"] for icon in icons}
    paths = {}
    for platform, label in labels.items():
        icon = by_title.get(title_key(label))
        if icon is None:
            continue
        svg_file = package / ICONS_FOLDER / f"{icon}.svg"
        found = _PATH.search(svg_file.read_text(encoding="utf-8"))
        if found is None:
            raise MarksMissing(f"{svg_file}: no single <path d=...> as simple-icons SVGs have")
        paths[platform] = found.group(1)
    return paths


def mark_key(platform: str, label: str, current: str) -> str:
    """The key of a platform's mark under one of its names: the slug for its current name."""
    return platform if label == current else f"{platform}-as-{title_key(label)}"


def mark_labels(platforms: dict[str, Term]) -> dict[str, str]:
    """Every name of every platform term by mark key: the current one and each earlier one."""
    labels = {}
    for slug, term in platforms.items():
        labels[slug] = term.label
        for name in getattr(term.record, "names", ()):
            labels[mark_key(slug, name.label, term.label)] = name.label
    return labels


@dataclass
class PlatformMarks:
    """One build's marks; records which each page uses, so that the page defines only those."""

    paths: dict[str, str]
    used: dict[str, list[str]] = field(default_factory=dict)

    def use(self, page: str, platform: str) -> Markup:
        """The mark (by `mark_key`) where the page shows a platform's name, or nothing if none."""
        if platform not in self.paths:
            return Markup("")
        on_page = self.used.setdefault(page, [])
        if platform not in on_page:
            on_page.append(platform)
        return Markup(
            '<svg class="mark" aria-hidden="true" focusable="false">'
            '<use href="#mark-{}"></use></svg>'
        ).format(platform)

    def symbols(self, page: str) -> Markup:
        """At the end of the page: the definitions of the marks it used, then forget the page."""
        platforms = self.used.pop(page, [])
        if not platforms:
            return Markup("")
        symbols = Markup("").join(
            Markup('<symbol id="mark-{}" viewBox="0 0 24 24"><path d="{}"></path></symbol>').format(
                platform, self.paths[platform]
            )
            for platform in platforms
        )
        return Markup(
            '<svg class="mark-symbols" aria-hidden="true" focusable="false">{}</svg>'
        ).format(symbols)
