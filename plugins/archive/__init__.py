"""The archive plugin: reads event records, validates them against the registries, builds the index."""

from .plugin import register

__all__ = ["register"]
