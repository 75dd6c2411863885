"""What an event page links to beyond the record: the accounts involved, where their address is known."""

from __future__ import annotations

from dataclasses import dataclass

from records.events import Event
from records.index import ArchiveIndex, Term
from records.schema import Account


@dataclass(frozen=True)
class AccountLink:
    """An account of a leader or organization of the event, on one of the event's platforms."""

    owner: Term
    platform: Term
    account: Account

    @property
    def text(self) -> str:
        """The account's name as the registry gives it, else its address."""
        return self.account.handle or self.account.url or ""


def event_accounts(event: Event, archive: ArchiveIndex) -> list[AccountLink]:
    """Registry accounts with an address, of the event's leaders and organizations, on its platforms."""
    platforms = set(event.record.platforms)
    links = []
    for taxonomy in ("leaders", "organizations"):
        for owner in archive.terms_of(event, taxonomy):
            links += [
                AccountLink(owner, archive.term("platforms", account.platform), account)
                for account in owner.profile.accounts
                if account.url and account.platform in platforms
            ]
    return links
