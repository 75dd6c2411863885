"""The redirects plugin: a renamed record's old URLs keep working (published URLs are permanent)."""

from .plugin import register

__all__ = ["register"]
