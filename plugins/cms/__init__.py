"""Editing in the browser: Decap CMS at /admin/, its configuration generated from the record schema."""


def register() -> None:
    """Pelican's entry point. The wiring is imported here, not at the top, so that running
    `python -m cms.config` does not import that module twice."""
    from .plugin import register as connect

    connect()
