"""The home page's reading list names every page of the guide, in the navigation's order."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its !ENV tags read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def guide_pages() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    section = next(item["The guide"] for item in config["nav"]
                   if isinstance(item, dict) and "The guide" in item)
    return [next(iter(entry.values())) if isinstance(entry, dict) else entry
            for entry in section]


def test_the_reading_list_names_every_guide_page_in_order() -> None:
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    listed = home.split("## Read the guide", 1)[1].split("\n## ", 1)[0]
    linked = re.findall(r"^\d+\. \[[^]]+\]\((guide/[^)#]+\.md)\)", listed, re.M)
    assert linked == guide_pages()
