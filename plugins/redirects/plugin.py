"""Redirect pages at the former URLs of records (renamed, or moved to another year by a corrected
date), written through Pelican's writer."""

from __future__ import annotations

from typing import Any, ClassVar

from archive import runs
from pelican import signals
from pelican.generators import Generator
from records.events import Event
from records.siteurl import public_site_url


def former_urls(event: Event) -> list[str]:
    """The URLs a record was published at before a rename or a corrected year."""
    return event.former_urls


class RedirectsGenerator(Generator):
    """Writes one small page per former URL: meta refresh to the new URL, canonical link to it."""

    def generate_context(self) -> None:
        """Nothing to add: the archive index already knows every record's former addresses."""

    def generate_output(self, writer: Any) -> None:
        """One page per former URL; Pelican's writer refuses to overwrite a live page there."""
        template = self.get_template("redirect")
        site_url = public_site_url(self.settings)
        ledger = self.context["archive_outputs"]
        dependencies = ledger.dependencies
        for event in self.context["archive"].events:
            for url in former_urls(event):
                if dependencies is not None:
                    name = f"{url}index.html"
                    ledger.expect(name, ledger.key(name, "redirect", dependencies.event(event)))
                writer.write_file(
                    f"{url}index.html",
                    template,
                    self.context,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    url=url,
                    event=event,
                    canonical_url=f"{site_url}/{event.url}",
                )


class RedirectsRun(runs.GeneratorsRun):
    """The redirects plugin for one run: Pelican makes a fresh redirects generator from it."""

    generators: ClassVar[tuple[type, ...]] = (RedirectsGenerator,)


def start_run(pelican: Any) -> None:
    """`initialized`: this Pelican run's RedirectsRun."""
    runs.start_run(pelican, __package__, RedirectsRun)


def register() -> None:
    """Connect `initialized` only: the run it starts connects the rest, and disconnects it."""
    signals.initialized.connect(start_run)
