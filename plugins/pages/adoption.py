"""Adoption at a glance: when the archive's leaders and organizations opened accounts, by platform.

Counted from the registry's accounts and their `opened` dates, never from events: an account whose
opening date no source gives is counted apart, by platform, and drawn nowhere (any year would be
invented). Study figures (the share of UN member states, or of countries, whose leaders use a
platform) come from the records' metrics, each with its source and the records citing it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from records.dates import PartialDate
from records.index import ArchiveIndex, Term
from records.schema import Account
from records.urls import ADOPTION_SECTION, section_url

from .chart import Series, YearChart, year_chart
from .figures import FigureSeries, collect_figures, figure_series
from .profiles import PROFILE_TAXONOMIES, sort_name

ADOPTION_URL = section_url(ADOPTION_SECTION)
# Measures of the studies that count how many countries' leaders use a platform.
STUDY_MEASURES = ("share-of-un-members", "countries")


@dataclass(frozen=True)
class Opening:
    """One account of a leader or organization, with the platform it is on."""

    owner: Term
    platform: Term
    account: Account

    @property
    def opened(self) -> PartialDate | None:
        """When the account was opened, as the registry says; None if no source gives it."""
        return self.account.opened

    @property
    def platform_label(self) -> str:
        """The platform's name when the account was opened (its current name if undated)."""
        return self.platform.label_on(self.opened) if self.opened else self.platform.label

    def sort_key(self) -> tuple[object, ...]:
        """By opening date, then owner's name and platform."""
        when = self.opened.sort_key() if self.opened else (0, 0, 0)
        return (when, sort_name(self.owner.label), self.owner.slug, self.platform.slug)


@dataclass(frozen=True)
class PlatformAdoption:
    """One platform's line of the summary: accounts with an opening date, the first, and undated."""

    platform: Term
    dated: int
    first: PartialDate | None
    undated: int


@dataclass(frozen=True)
class Adoption:
    """Everything the adoption page shows, computed once from the index."""

    chart: YearChart
    openings: tuple[Opening, ...]
    undated: tuple[Opening, ...]
    platforms: tuple[PlatformAdoption, ...]
    studies: tuple[FigureSeries, ...]


def platform_series(index: ArchiveIndex) -> list[Series]:
    """One colour per platform, fixed by the vocabulary's order."""
    return [
        Series(term.slug, term.label, f"series-{n % 12 + 1}")
        for n, term in enumerate(index.terms["platforms"].values())
    ]


def registry_accounts(index: ArchiveIndex) -> list[Opening]:
    """Every account of every leader and organization in the registry, events or not."""
    platforms = index.terms["platforms"]
    return [
        Opening(owner, platforms[account.platform], account)
        for taxonomy in PROFILE_TAXONOMIES
        for owner in index.terms[taxonomy].values()
        for account in owner.profile.accounts
    ]


def _platform_lines(openings: list[Opening], index: ArchiveIndex) -> list[PlatformAdoption]:
    lines = []
    for platform in index.terms["platforms"].values():
        mine = [o for o in openings if o.platform is platform]
        dates = [o.opened for o in mine if o.opened]
        if mine:
            lines.append(
                PlatformAdoption(
                    platform=platform,
                    dated=len(dates),
                    first=min(dates, key=PartialDate.sort_key) if dates else None,
                    undated=len(mine) - len(dates),
                )
            )
    return lines


def adoption(index: ArchiveIndex) -> Adoption:
    """Accounts opened per year and platform, those without a date, and the study figures."""
    openings = sorted(registry_accounts(index), key=Opening.sort_key)
    dated = [o for o in openings if o.opened]
    counts: dict[int, Counter[str]] = {}
    for opening in openings:
        if opening.opened:
            counts.setdefault(opening.opened.year, Counter())[opening.platform.slug] += 1
    measures = [m for m in STUDY_MEASURES if m in index.registry.measures]
    studies = figure_series(
        collect_figures(index.events, lambda metric: metric.measure in measures, index), index
    )
    return Adoption(
        chart=year_chart(counts, platform_series(index), noun="account"),
        openings=tuple(dated),
        undated=tuple(o for o in openings if not o.opened),
        platforms=tuple(_platform_lines(openings, index)),
        studies=tuple(studies),
    )
