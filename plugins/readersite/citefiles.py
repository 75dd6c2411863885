"""The generator that writes each event record's citation files beside its page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator
from records.siteurl import public_site_url

from .citation import CITE_FILES, cite_files, record_citation


class CiteFilesGenerator(Generator):
    """`events/YYYY/<slug>/cite.bib`, `cite.ris` and `cite.json` for every record in the archive."""

    def generate_context(self) -> None:
        """Nothing to read: the archive index, built with the articles, holds every record."""

    def generate_output(self, writer: Any) -> None:
        """Write the files byte for byte, as the data files of /data/ are written; a record's
        files are made from its own file alone (title, dates, address; and the settings), so an
        incremental build reuses them unless that file changed."""
        site_name = self.settings["SITENAME"]
        site_url = public_site_url(self.settings)
        output = Path(self.output_path)
        ledger = self.context["archive_outputs"]
        dependencies = ledger.dependencies
        for event in self.context["archive"].events:
            record = None if dependencies is None else dependencies.record(event)
            names = [f"{event.url}{name}" for name in CITE_FILES.values()]
            reused = [ledger.reuse(name, ledger.key(name, record)) for name in names]
            if all(reused):
                continue
            folder = output / event.url
            folder.mkdir(parents=True, exist_ok=True)
            files = cite_files(record_citation(event, site_name, site_url))
            for name, was_reused in zip(names, reused, strict=True):
                if not was_reused:
                    (output / name).write_bytes(files[name.rsplit("/", 1)[1]].encode("utf-8"))
