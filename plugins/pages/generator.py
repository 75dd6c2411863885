"""The Pelican generator that writes the timeline, year pages, every taxonomy's pages and the
bibliography from the index."""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator, PelicanTemplateNotFound
from records.index import ArchiveIndex
from records.taxonomy import TAXONOMIES, Taxonomy
from records.urls import SOURCES_URL, page_file, timeline_url

from .adoption import ADOPTION_URL, adoption
from .bibliography import bibliography
from .grouping import ListingPage, Order, in_order, paginate
from .overview import events_per_year_chart, facets, glance, type_series
from .profiles import by_name, profile, profile_groups
from .settings import PagesConfig

TIMELINE_URL = {Order.OLDEST: timeline_url(), Order.NEWEST: timeline_url(newest_first=True)}


def year_url(year: int) -> str:
    """The permanent page of one year: `timeline/2012/`."""
    return timeline_url(year)


class ArchivePagesGenerator(Generator):
    """Reads `context["archive"]` (never the files) and writes listing pages through Pelican's writer.

    One mechanism serves every taxonomy: each gets an index page rendered with the template named
    after it (`leaders.html`) and a paginated page per term rendered with the template named after
    its singular (`leader.html`), all of which extend `terms.html` or `term.html`.
    """

    def generate_context(self) -> None:
        """Read the settings and the index; give every template (the home page too) the overview."""
        self.config = PagesConfig.from_settings(self.settings)
        index = self.context.get("archive")
        if not isinstance(index, ArchiveIndex):
            raise RuntimeError(
                "the pages plugin needs the archive plugin listed before it in PLUGINS"
            )
        self.index = index
        self.context["timeline_overview"] = events_per_year_chart(index)
        self.context["timeline_facets"] = facets(index)
        self.context["glance"] = glance(index)
        # Each event type keeps one colour everywhere: its bars in charts, the edge of its cards.
        self.context["type_accents"] = {
            s.key: s.css_class.replace("series-", "accent-") for s in type_series(index)
        }

    def _write(
        self,
        writer: Any,
        save_as: str,
        url: str,
        template: str,
        inputs: tuple[str | None, ...] | None = None,
        **values: Any,
    ) -> None:
        """One page through Pelican's writer, so RELATIVE_URLS and `content_written` apply. A page
        with `inputs` (`records.dependencies` digests of all it shows) is reused when they are
        those of the last build's page."""
        if inputs is not None:
            ledger = self.context["archive_outputs"]
            ledger.expect(save_as, ledger.key(save_as, template, *inputs))
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            **values,
        )

    def _write_listing(
        self,
        writer: Any,
        pages: list[ListingPage],
        template: str,
        inputs: tuple[str | None, ...],
        first_page: tuple[str | None, ...] = (),
        *,
        facets: bool = False,
        **values: Any,
    ) -> None:
        """Every page of one listing with the same template; each page gets its `listing`. Its
        inputs: `inputs` (what every page of it shows beyond its events), its own events and
        place, the types' order (every entry's colour), the facet filters and counts when the
        listing shows them (`facets`), and on page 1 `first_page` too."""
        dependencies = self.context["archive_outputs"].dependencies
        for listing in pages:
            own: tuple[str | None, ...] | None = None
            if dependencies is not None:
                place = (listing.number, listing.total_pages, listing.base_url, listing.first)
                own = (
                    *inputs,
                    *(first_page if listing.number == 1 else ()),
                    repr((place, listing.total_events)),
                    dependencies.events(
                        e for y in listing.years for m in y.months for e in m.events
                    ),
                    dependencies.facets() if facets else dependencies.accents(),
                )
            self._write(
                writer, listing.save_as, listing.url, template, own, listing=listing, **values
            )

    def generate_output(self, writer: Any) -> None:
        """Write the timeline in both orders, one page per year, every taxonomy's pages, adoption."""
        size = self.config.page_size
        for order, url in TIMELINE_URL.items():
            pages = paginate(in_order(self.index.events, order), url, size)
            self._write_listing(
                writer,
                pages,
                "timeline",
                (order.value,),
                facets=True,
                order=order.value,
                orders=TIMELINE_URL,
            )
        years = list(self.index.by_year)
        for position, year in enumerate(years):
            previous_year = years[position - 1] if position else None
            next_year = years[position + 1] if position + 1 < len(years) else None
            self._write_listing(
                writer,
                paginate(self.index.by_year[year], year_url(year), size),
                "timeline_year",
                (repr((year, previous_year, next_year)),),
                year=year,
                previous_year=previous_year,
                next_year=next_year,
            )
        for taxonomy in TAXONOMIES:
            self._write_taxonomy(writer, taxonomy)
        self._write(
            writer,
            f"{ADOPTION_URL}index.html",
            ADOPTION_URL,
            "adoption",
            adoption=adoption(self.index),
        )
        dependencies = self.context["archive_outputs"].dependencies
        self._write(
            writer,
            f"{SOURCES_URL}index.html",
            SOURCES_URL,
            "sources",
            None
            if dependencies is None
            else (
                dependencies.sources(),
                dependencies.citing(),
                dependencies.headings(),
                dependencies.taxonomies("leaders", "organizations"),
            ),
            publishers=bibliography(self.index),
        )

    def _write_taxonomy(self, writer: Any, taxonomy: Taxonomy) -> None:
        """The taxonomy's index page and a page (or pages) per term, registry entries without events too."""
        terms = by_name(list(self.index.terms[taxonomy.name].values()))
        is_profile = taxonomy.profiles
        extra: dict[str, Any] = {"groups": profile_groups(terms, self.index)} if is_profile else {}
        url = taxonomy.url()
        index_template = self._theme_template(taxonomy.name, "terms")
        term_template = self._theme_template(taxonomy.singular, "term")
        self._write(
            writer, page_file(url), url, index_template, taxonomy=taxonomy, terms=terms, **extra
        )
        dependencies = self.context["archive_outputs"].dependencies
        for term in terms:
            about = (
                {"profile": profile(term, self.index, self.config.site_url)} if is_profile else {}
            )
            pages = paginate(term.events, term.url, self.config.page_size)
            inputs: tuple[str | None, ...] = ()
            first_page: tuple[str | None, ...] = ()
            if dependencies is not None:
                inputs = (taxonomy.name, dependencies.term(term))
                first_page = (dependencies.profile(term),) if is_profile else ()
            self._write_listing(
                writer,
                pages,
                term_template,
                inputs,
                first_page,
                facets=taxonomy.timeline_facet,  # its pages show the timeline's filters
                taxonomy=taxonomy,
                term=term,
                **about,
            )

    def _theme_template(self, name: str, generic: str) -> str:
        """The theme's own template for a taxonomy (`leaders.html`, `leader.html`) when it has one,
        else the generic one every taxonomy can use (`terms.html`, `term.html`)."""
        try:
            self.get_template(name)
        except PelicanTemplateNotFound:
            return generic
        return name
