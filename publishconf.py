"""Settings for the published site: absolute URLs from the public address."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = "https://digital-diplomacy-archive.github.io"
FEED_SITEURL = SITEURL
RELATIVE_URLS = False

# The editor at /admin/ (plugins/cms, CONTRIBUTING.md "Editing in the browser"): editors sign in
# with GitHub, and each entry they save becomes a pull request that the check and a reviewer see.
# GitHub sign-in needs an OAuth provider: add its address as "base_url" (and "auth_endpoint" if
# it is not "auth") once one is deployed; without it Decap uses Netlify's.
CMS_ADMIN = True
CMS_LOCAL_BACKEND = None
CMS_BACKEND = {
    "name": "github",
    "repo": "digital-diplomacy-archive/digital-diplomacy-archive.github.io",
    "branch": "main",
}
CMS_PUBLISH_MODE = "editorial_workflow"
