"""Settings for the published site: absolute URLs from the public address."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = "https://digital-diplomacy-archive.github.io"
FEED_SITEURL = SITEURL
RELATIVE_URLS = False
