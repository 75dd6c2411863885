"""The Pelican generator of /data/: writes the data files and, through Pelican's writer, their page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editing.fieldref import DOCUMENTED
from pelican.generators import Generator
from records.outputs import Reading
from records.siteurl import public_site_url
from records.urls import DATA_SECTION, page_file, section_url

from .dataset import DATA_FOLDER, LICENSE_ID, LICENSE_NAME, LICENSE_URL, Dataset, build_dataset
from .serialize import LIST_SEPARATOR
from .tables import CSV_TABLES

PAGE = page_file(section_url(DATA_SECTION))
# The data files with one row per record: each must carry every record (the nothing-lost check).
EVERY_RECORD_FILES = (f"{DATA_FOLDER}/events.json", f"{DATA_FOLDER}/events.csv")


class DataGenerator(Generator):
    """One instance per build: reads the archive index, never the content files."""

    def generate_context(self) -> None:
        """Describe the data set once the articles (and so the archive index) are ready; its
        files are made one at a time as they are written."""
        site_url = public_site_url(self.settings)
        self.dataset: Dataset = build_dataset(
            self.context["archive"], self.settings["SITENAME"], site_url
        )
        for name in EVERY_RECORD_FILES:
            self.context["archive_outputs"].declare(name, Reading.DATA)

    def generate_output(self, writer: Any) -> None:
        """Write each data file byte for byte, then the page that explains them."""
        output = Path(self.output_path)
        ledger = self.context["archive_outputs"]
        dependencies = ledger.dependencies
        for data_file in self.dataset.files:
            path = data_file.path
            inputs = (None,) if dependencies is None else data_file.inputs(dependencies)
            if ledger.reuse(path, ledger.key(path, *inputs)):
                data_file.reused(output)
            else:
                data_file.write(output)
        writer.write_file(
            PAGE,
            self.get_template("data"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=section_url(DATA_SECTION),
            dataset=self.dataset,
            csv_tables=CSV_TABLES,
            list_separator=LIST_SEPARATOR,
            record_docs=DOCUMENTED,
            license_id=LICENSE_ID,
            license_name=LICENSE_NAME,
            license_url=LICENSE_URL,
        )
