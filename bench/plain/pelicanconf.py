"""Plain Pelican for `make bench`: default theme, default feeds, pelican-quickstart's pagination."""

AUTHOR = "Synthetic archive"
SITENAME = "Synthetic archive"
SITEURL = "http://127.0.0.1:8000"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
PATH = "content"
