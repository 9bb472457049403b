"""A link checker for a built site: every internal link and anchor must resolve."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINKING = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
           ("iframe", "src"), ("source", "src"), ("area", "href")}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")
            if (tag, name) in LINKING and value is not None:
                self.links.append(value)


@dataclass
class Broken:
    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link!r} {self.reason}"


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _target_file(site: Path, path: str) -> Path | None:
    """The file a site-relative path serves, as a static server would."""
    candidate = site / path if path not in ("", ".") else site
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, site_path: str = "/") -> list[Broken]:
    """Every internal link of every HTML page in ``site`` that does not resolve.

    Only ``404.html`` may link from the root (it is served at any address); ``site_path`` is
    the path of ``site_url`` those links start with.
    """
    pages = {str(p.relative_to(site)).replace("\\", "/"): p for p in sorted(site.rglob("*.html"))}
    parsed = {name: _parse(path) for name, path in pages.items()}
    broken: list[Broken] = []
    for name, page in parsed.items():
        base = posixpath.dirname(name)
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external: not ours to check
            if parts.path.startswith("/"):
                if name != "404.html" or not parts.path.startswith(site_path):
                    broken.append(Broken(name, link, "is root-relative: breaks under a sub-path"))
                    continue
                target = posixpath.normpath(unquote(parts.path[len(site_path):]) or ".")
            else:
                target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) \
                    if parts.path else name
            if target.startswith(".."):
                broken.append(Broken(name, link, "leads out of the site"))
                continue
            file = _target_file(site, target)
            if file is None:
                broken.append(Broken(name, link, f"points to {target}, which does not exist"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and file.suffix == ".html":
                key = str(file.relative_to(site)).replace("\\", "/")
                ids = parsed[key].ids if key in parsed else _parse(file).ids
                if fragment not in ids:
                    broken.append(Broken(name, link, f"has no anchor #{fragment} in {key}"))
    return broken


def broken_manifest_urls(site: Path, manifest: str = "checklists.json") -> list[str]:
    """Checklist addresses in the manifest (relative to the site root) that serve nothing."""
    data = json.loads((site / manifest).read_text(encoding="utf-8"))
    missing = []
    for entry in data["checklists"]:
        url = entry["url"]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", url) or _target_file(site, url) is None:
            missing.append(url)
    return missing
