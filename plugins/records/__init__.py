"""The records library: the record format, partial dates, YAML with line numbers, registries, the
archive index, taxonomies and the URL scheme. It imports nothing of Pelican."""
