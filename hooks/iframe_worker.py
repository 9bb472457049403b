"""MkDocs hook for the offline edition: ship the iframe-worker shim from npm.

Search runs in a Web Worker, which browsers refuse to start from ``file://`` pages; the
shim stands in for it. It comes from the npm package pinned in ``package.json`` (installed
by ``python3 dev.py build --offline`` or ``npm ci``) rather than a copy in this repository,
and is added to the site here so no page ever loads it from a CDN.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

SHIM = Path("node_modules") / "iframe-worker" / "shim" / "index.js"
SITE_PATH = "assets/javascripts/iframe-worker/shim.js"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent
    shim = root / SHIM
    if not shim.is_file():
        raise PluginError(f"the offline edition needs {SHIM} from npm: install Node.js with "
                          f"npm, then run 'npm ci' in {root} (or 'python3 dev.py build "
                          "--offline', which runs it when npm is on the PATH)")
    files.append(File.generated(config, SITE_PATH, abs_src_path=str(shim)))
    return files
