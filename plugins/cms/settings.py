"""The CMS plugin's settings: read once into a typed object, with their defaults kept here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent.parent

DEFAULTS: dict[str, Any] = {
    # Write the editor (Decap CMS) at /admin/. publishconf.py and `make cms` turn it on; other
    # builds leave it out, so they need no npm packages.
    "CMS_ADMIN": False,
    # Where the editor saves: Decap's `backend` options (name, repo, branch, base_url...).
    "CMS_BACKEND": {"name": "github", "repo": "", "branch": "main"},
    # `editorial_workflow`: each entry becomes a pull request. None: Decap's default (a commit).
    "CMS_PUBLISH_MODE": None,
    # Decap's local backend (decap-server, `make cms`) as the address of its API, or None.
    "CMS_LOCAL_BACKEND": None,
    # The content folder as a path in the repository, which the backend writes to.
    "CMS_CONTENT_FOLDER": "content",
    # The installed npm packages that /admin/ is made from (package-lock.json pins them).
    "CMS_NODE_MODULES": PROJECT / "node_modules",
}


class CmsSettingsError(ValueError):
    """A CMS setting that would make a broken editor; the message names the setting."""


@dataclass(frozen=True)
class CmsSettings:
    """What the editor's configuration and files are made from."""

    admin: bool
    backend: dict[str, Any]
    publish_mode: str | None
    local_backend: str | None
    content_folder: str
    node_modules: Path
    site_url: str


def read_cms_settings(settings: dict[str, Any]) -> CmsSettings:
    """Check the CMS settings; raise one error naming every bad one."""
    merged = {**DEFAULTS, **settings}
    problems = []
    backend = dict(merged["CMS_BACKEND"])
    if not backend.get("name"):
        problems.append("CMS_BACKEND: needs a `name`, e.g. github")
    local = merged["CMS_LOCAL_BACKEND"]
    # Without a local backend, editors sign in to GitHub and save to this repository.
    if backend.get("name") == "github" and not local and "/" not in str(backend.get("repo", "")):
        problems.append("CMS_BACKEND: the github backend needs `repo` as owner/name")
    if local is not None and not str(local).startswith(("http://127.0.0.1:", "http://localhost:")):
        problems.append(
            f"CMS_LOCAL_BACKEND: must be decap-server's API on this machine, got {local!r}"
        )
    if problems:
        raise CmsSettingsError("CMS settings:\n" + "\n".join(problems))
    site_url = str(merged.get("SITEURL") or "")
    return CmsSettings(
        admin=bool(merged["CMS_ADMIN"]),
        backend=backend,
        publish_mode=merged["CMS_PUBLISH_MODE"],
        local_backend=local,
        content_folder=str(merged["CMS_CONTENT_FOLDER"]).strip("/"),
        node_modules=Path(merged["CMS_NODE_MODULES"]),
        site_url=site_url if site_url.startswith(("http://", "https://")) else "",
    )
