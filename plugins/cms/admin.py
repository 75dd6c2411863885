"""Write the editor into a built site: /admin/ with Decap CMS, the YAML library and our config.

Everything is copied from the pinned npm packages (package-lock.json), so the editor loads nothing
from elsewhere. Only /admin/ is written: no other page links to it or loads any of it, it is not
a Pelican page (so not in the sitemap), and Pagefind indexes event pages only.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from records.urls import ADMIN_SECTION

from .config import cms_config, config_text
from .settings import read_cms_settings

ADMIN_FOLDER = ADMIN_SECTION
PAGES = Path(__file__).resolve().parent / "admin"  # index.html and the editor's modules
DECAP_BUNDLE = Path("decap-cms", "dist")
YAML_MODULES = Path("yaml", "browser", "dist")
INSTALL_HINT = "run `npm ci --ignore-scripts` (or `make test-tools`) to install the npm packages"


class AdminInstallError(RuntimeError):
    """The editor's files are missing: the message says what to install."""


def _decap_files(bundle: Path) -> list[Path]:
    """Decap's bundle, the chunks it loads on demand and their WebAssembly, without source maps."""
    return sorted(
        p
        for p in bundle.iterdir()
        if p.name == "decap-cms.js" or p.name.endswith((".decap-cms.js", ".wasm"))
    )


def write_admin(output: Path, settings: dict[str, Any]) -> Path | None:
    """Write /admin/ into `output` when CMS_ADMIN is on; returns its folder."""
    cms = read_cms_settings(settings)
    if not cms.admin:
        return None
    bundle = cms.node_modules / DECAP_BUNDLE
    modules = cms.node_modules / YAML_MODULES
    for needed in (bundle / "decap-cms.js", modules / "index.js"):
        if not needed.is_file():
            raise AdminInstallError(f"CMS_ADMIN: {needed} is missing: {INSTALL_HINT}")
    target = output / ADMIN_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for path in _decap_files(bundle):
        shutil.copyfile(path, target / path.name)
    shutil.copytree(modules, target / "yaml", dirs_exist_ok=True)
    for page in sorted(PAGES.iterdir()):
        shutil.copyfile(page, target / page.name)
    config = cms_config(cms, Path(settings["PATH"]))
    (target / "config.yml").write_text(config_text(config), encoding="utf-8")
    return target
