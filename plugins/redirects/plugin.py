"""Redirect pages at the former URLs of records (renamed, or moved to another year by a corrected
date), written through Pelican's writer."""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import Generator
from records.events import Event


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
        site_url = str(self.settings["FEED_SITEURL"]).rstrip("/")
        for event in self.context["archive"].events:
            for url in former_urls(event):
                writer.write_file(
                    f"{url}index.html",
                    template,
                    self.context,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    url=url,
                    event=event,
                    canonical_url=f"{site_url}/{event.url}",
                )


def get_generators(pelican: Any) -> type[RedirectsGenerator]:
    """`get_generators`: Pelican instantiates the generator once per build."""
    return RedirectsGenerator


def register() -> None:
    """Connect a module-level function (blinker keeps only weak references)."""
    signals.get_generators.connect(get_generators)
