"""The feeds plugin: Atom, RSS and JSON Feed for the whole archive and every taxonomy term."""

from .plugin import register

__all__ = ["register"]
