"""The generator that writes each event record's citation files beside its page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator
from records.siteurl import public_site_url

from .citation import cite_files, record_citation


class CiteFilesGenerator(Generator):
    """`events/YYYY/<slug>/cite.bib`, `cite.ris` and `cite.json` for every record in the archive."""

    def generate_context(self) -> None:
        """Nothing to read: the archive index, built with the articles, holds every record."""

    def generate_output(self, writer: Any) -> None:
        """Write the files byte for byte, as the data files of /data/ are written."""
        site_name = self.settings["SITENAME"]
        site_url = public_site_url(self.settings)
        output = Path(self.output_path)
        for event in self.context["archive"].events:
            folder = output / event.url
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in cite_files(record_citation(event, site_name, site_url)).items():
                (folder / name).write_bytes(text.encode("utf-8"))
