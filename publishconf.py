"""Settings for the published site: absolute URLs from the public address."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = "https://digital-diplomacy-archive.github.io"
FEED_SITEURL = SITEURL
RELATIVE_URLS = False

# The editor at /admin/ (plugins/cms; CONTRIBUTING.md, "Edit in the browser"): editors sign in
# with GitHub and each entry they save becomes a pull request, from a fork of their own when they
# cannot write to the repository (open authoring). Signing in needs an OAuth provider: add its
# address as "base_url" (and "auth_endpoint" unless it is "auth") once one is deployed; without
# it Decap asks Netlify's. `make cms-config` writes what this gives to plugins/cms/config.yml.
CMS_ADMIN = True
CMS_LOCAL_BACKEND = None
CMS_BACKEND = {
    "name": "github",
    "repo": "digital-diplomacy-archive/digital-diplomacy-archive.github.io",
    "branch": "main",
    "open_authoring": True,
    "auth_scope": "public_repo",
}
CMS_PUBLISH_MODE = "editorial_workflow"
