"""Pages that no record or term owns (search, 404, robots.txt), and the platform marks all pages use."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator
from pelican.writers import Writer
from records.urls import SEARCH_SECTION, page_file, section_url

from .marks import PlatformMarks, load_icon_paths, mark_key, mark_labels

SEARCH_SAVE_AS = page_file(section_url(SEARCH_SECTION))
NOT_FOUND_SAVE_AS = "404.html"
ROBOTS_SAVE_AS = "robots.txt"


class ReaderPagesGenerator(Generator):
    """Writes the site-wide pages through Pelican's writer, after every record has been read."""

    def generate_context(self) -> None:
        """Give every page the marks of the platforms (read from the simple-icons package)."""
        index = self.context["archive"]
        marked = {s: t for x in index.taxonomies if x.marks for s, t in index.terms[x.name].items()}
        package = Path(self.settings["SIMPLE_ICONS_PATH"])
        paths = load_icon_paths(package, mark_labels(marked))
        self.context["platform_marks"] = PlatformMarks(paths)
        self.context["mark_key"] = mark_key

    def generate_output(self, writer: Writer) -> None:
        """Search and robots.txt follow RELATIVE_URLS; the 404 page is served at any depth, so its
        links are written from the site root."""
        relative = self.settings["RELATIVE_URLS"]
        writer.write_file(
            SEARCH_SAVE_AS, self.get_template("search"), self.context, relative_urls=relative
        )
        writer.write_file(
            NOT_FOUND_SAVE_AS, self.get_template("404"), self.context, relative_urls=False
        )
        writer.write_file(
            ROBOTS_SAVE_AS, self.env.get_template("robots.txt"), self.context, relative_urls=False
        )
