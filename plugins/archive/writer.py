"""Pelican's writer, but a page whose key is unchanged since the last good build is not rendered:
the memo puts the last build's file in place (`records.outputs.OutputLedger.reuse`)."""

from __future__ import annotations

import os
from typing import Any, ClassVar

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer
from records.outputs import OutputLedger


class ReusingWriter(Writer):
    """Each run makes a subclass bound to its ledger (`ArchiveRun.writer`): nothing global."""

    outputs: ClassVar[OutputLedger]

    def write_file(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict[str, Any] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Reuse the page when the ledger expects it with an unchanged key; else Pelican writes it."""
        if name and name in self.outputs.reused:
            raise RuntimeError(f"{name} was taken from the last build and is written again")
        key = self.outputs.expected_keys.pop(name, None) if name else None
        reusable = key is not None and not self._paginates(paginated, template_name, kwargs)
        if reusable and self.outputs.reuse(name, key):
            self._announce(name, context, relative_urls, kwargs)
            return
        super().write_file(  # type: ignore[no-untyped-call]
            name,
            template,
            context,
            relative_urls,
            paginated,
            template_name,
            override_output,
            url,
            **kwargs,
        )

    def _paginates(
        self, paginated: dict[str, Any] | None, template_name: str | None, kwargs: dict[str, Any]
    ) -> bool:
        """Pelican's own test for a write that it splits into several pages (never memoized)."""
        lists = (
            paginated
            if paginated is not None
            else {k for k in kwargs if k in {"articles", "dates"}}
        )
        return bool(lists) and template_name in self.settings["PAGINATED_TEMPLATES"]

    def _announce(
        self, name: str, context: dict[str, Any], relative_urls: bool, kwargs: dict[str, Any]
    ) -> None:
        """What Pelican does around rendering a page, without rendering it: the page's context,
        as `write_file` makes it, goes to `content_written` (the sitemap lists the page)."""
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl")
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            local["SITEURL"] = relative_url
            local["localsiteurl"] = relative_url
        local["output_file"] = name
        local.update(kwargs)
        if local["localsiteurl"]:
            context["localsiteurl"] = local["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        signals.content_written.send(os.fspath(path), context=local)
