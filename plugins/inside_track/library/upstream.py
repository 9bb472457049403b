"""Where the upstream guide is: its playbooks, pages, theme layer and ``mkdocs.yml``.

An installed wheel carries them as package data in ``inside_track/guide/`` (``setup.py``
copies them there), so a site of its own can build the whole guide from the package. In a
source checkout (an editable install) they are the repository's own folders.
"""

from __future__ import annotations

from pathlib import Path

PACKAGED = Path(__file__).resolve().parent.parent / "guide"
SOURCE_TREE = Path(__file__).resolve().parents[3]  # plugins/inside_track/library/ → root
PARTS = ("playbooks", "docs", "overrides", "mkdocs.yml")
"""What the guide is made of, as folders (and the site configuration) under its root."""


class NoUpstreamGuide(LookupError):
    """The package was installed without the upstream guide (a partial build)."""


def guide_root() -> Path:
    """The folder holding :data:`PARTS`: the packaged copy first, else the source tree."""
    for root in (PACKAGED, SOURCE_TREE):
        if all((root / part).exists() for part in PARTS):
            return root
    raise NoUpstreamGuide(f"the upstream guide is not in {PACKAGED}: reinstall the "
                          "inside-track package from a wheel or its source")
