"""Public addresses of written pages: what canonical links, Open Graph and the sitemap share."""

from __future__ import annotations


def page_path(output_file: str) -> str:
    """`events/2012/x/index.html` → `events/2012/x/`; the URL readers see, without `index.html`."""
    if output_file == "index.html":
        return ""
    if output_file.endswith("/index.html"):
        return output_file.removesuffix("index.html")
    return output_file


def absolute_url(site_url: str, path: str) -> str:
    """Join the publishing address and a site path: feeds and canonical links must be absolute."""
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"
