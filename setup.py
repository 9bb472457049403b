"""Build step that pyproject.toml cannot declare: ship the upstream guide in the wheel.

The guide's playbooks, pages and theme layer live at the top of the repository, where
forks and ``mkdocs.yml`` expect them, not inside the package. Building the package copies
them to ``inside_track/guide/`` as package data, so a site that installs the plugin from
a wheel can build the whole guide (``packaged_guide: true``). An editable install skips
the copy: ``inside_track.library.upstream`` then reads them from the source tree.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
GUIDE = {"playbooks": "**/*.yml", "docs": "**/*", "overrides": "**/*", ".": "mkdocs.yml"}


class BuildWithGuide(build_py):
    """``build_py`` that also copies the upstream guide into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "inside_track" / "guide"
        for folder, pattern in GUIDE.items():
            for source in sorted((ROOT / folder).glob(pattern)):
                if source.is_file():
                    destination = target / source.relative_to(ROOT)
                    self.mkpath(str(destination.parent))
                    self.copy_file(str(source), str(destination))


setup(cmdclass={"build_py": BuildWithGuide})
