"""Open data: the archive's events, leaders and organizations as JSON and CSV, with JSON Schemas."""

from .plugin import register

__all__ = ["register"]
