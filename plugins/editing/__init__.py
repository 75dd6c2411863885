"""Editors' tools: the scaffold, the field reference and the check of changed files."""
