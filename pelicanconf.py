"""Pelican settings for local builds of the Digital Diplomacy Archive."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

AUTHOR = "Digital Diplomacy Archive"
SITENAME = "Digital Diplomacy Archive"
SITESUBTITLE = "Diplomacy on social media, event by event, every fact cited"
# Local stand-in for the public address: feeds and canonical links need an absolute base.
# publishconf.py replaces it with the real one.
SITEURL = ""
FEED_SITEURL = "http://127.0.0.1:8000"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PATH = "content"
ARTICLE_PATHS = ["events"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["archive", "feeds", "redirects", "pages", "exports", "readersite", "cms"]

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Permanent URLs (see the design guide): never change these once published.
ARTICLE_URL = "events/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "events/{date:%Y}/{slug}/index.html"
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_LANG_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# Pelican's own listing pages serve no reader here: the archive's plugins write timelines and
# taxonomy pages instead.
DIRECT_TEMPLATES = ["index"]
INDEX_SAVE_AS = "index.html"
DEFAULT_PAGINATION = False
TAGS_SAVE_AS = ""
TAG_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "events"

# One plugin owns every feed (feedgen); Pelican's own feeds are off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
# The feeds plugin (plugins/feeds/settings.py): the newest records only, in every feed.
FEED_MAX_ITEMS = 50
FEED_TERM_MAX_ITEMS = 50

# Pelican's own content cache stays off: it skips our reader (and so validation) for files whose
# mtime is unchanged and ignores settings changes. The archive keeps its own cache of read records
# (plugins/sitebuild/cache.py), keyed on each record's bytes, the registry, every setting and the
# plugins' code, in CACHE_PATH.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CACHE_PATH = "cache"
ARCHIVE_CACHE = True

RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION: list[str] = []

# Platform marks (readersite.marks) come from the pinned npm package simple-icons (package.json);
# its version is an input of the build like the plugins' code.
SIMPLE_ICONS_PATH = str(ROOT / "node_modules" / "simple-icons")
BUILD_INPUT_FILES = [str(ROOT / "node_modules" / "simple-icons" / "package.json")]

# After a clean build, before the swap: Pagefind indexes the event pages (readersite.search).
POST_BUILD = ["readersite.search:index_site"]

# Editing in the browser (plugins/cms): `make cms` writes the editor at /admin/ (CMS_ADMIN) and
# runs decap-server, Decap CMS's local backend, at this address: the form writes content/ here.
CMS_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"

BIND = "127.0.0.1"
PORT = 8000
