"""Commands named in hints, spelled so they run from where the reader stands.

After ``python3 dev.py`` (or any virtual environment not activated) the environment's
scripts are not on the ``PATH``: a hint then names the script by its path, such as
``.venv/bin/inside-track`` (``.venv\\Scripts\\inside-track`` on Windows).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ..problems import display_path


def command(name: str) -> str:
    """``name`` if the ``PATH`` finds this environment's copy of it, else that copy's path."""
    scripts = Path(sys.executable).parent
    ours = shutil.which(name, path=str(scripts))
    if ours is None:
        return name  # not installed next to this Python: nothing better to suggest
    on_path = shutil.which(name)
    if on_path is not None and Path(on_path).resolve() == Path(ours).resolve():
        return name
    script = Path(ours).with_suffix("") if sys.platform == "win32" else Path(ours)
    shown = display_path(script)
    return shown if not shown.startswith("..") else str(script)
