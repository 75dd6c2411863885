"""The reader's site: search page and index, 404, robots.txt, sitemap, canonical URLs, JSON-LD."""

from .plugin import register

__all__ = ["register"]
