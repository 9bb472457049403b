"""Overlay rules: how a later playbook with the same id changes an earlier one.

Forks keep their changes in their own folders; these rules are what lets them extend or
replace an upstream playbook without editing it.

- ``merge: replace`` — the later playbook replaces the earlier one whole.
- ``merge: extend`` — the later playbook is laid over the earlier one:
    * lists of items with an ``id`` (``steps``, ``scripts``) merge by id: an item with a
      known id replaces that item where it stands, ``{id: ..., remove: true}`` removes it,
      and new ids are appended;
    * mappings (``mobility``, ``phases``, ``span``, ``readiness``) merge key by key;
    * any other value (text, numbers, plain lists) replaces the earlier value.
- Without ``merge``, a second playbook with the same kind and id is an error naming both files.
"""

from __future__ import annotations

from typing import Any

from ..problems import Problem
from ..source.reader import LocatedDict, LocatedList

IDENTITY_KEYS = ("kind", "id", "merge")


def overlay(base: LocatedDict, layer: LocatedDict, problems: list[Problem]) -> LocatedDict:
    """Apply ``layer`` (which has ``merge: extend`` or ``replace``) on top of ``base``."""
    if layer.get("merge") == "replace":
        return _without_merge_key(layer)
    return _merge_mappings(base, layer, problems, top=True)


def _without_merge_key(layer: LocatedDict) -> LocatedDict:
    result = LocatedDict(layer.mark)
    for key, value in layer.items():
        if key != "merge":
            result.put(key, value, layer.key_marks[key], layer.value_marks[key])
    return result


def _merge_mappings(base: LocatedDict, layer: LocatedDict, problems: list[Problem],
                    top: bool = False) -> LocatedDict:
    result = LocatedDict(base.mark)
    for key, value in base.items():
        result.put(key, value, base.key_marks[key], base.value_marks[key])
    for key, value in layer.items():
        if top and key in IDENTITY_KEYS:
            continue
        earlier = result.get(key)
        if isinstance(earlier, LocatedDict) and isinstance(value, LocatedDict):
            merged: Any = _merge_mappings(earlier, value, problems)
        elif isinstance(earlier, LocatedList) and _is_id_list(earlier) and _is_id_list(value):
            merged = _merge_by_id(earlier, value, problems)
        else:
            merged = value
        result.put(key, merged, layer.key_marks[key], layer.value_marks[key])
    return result


def _is_id_list(value: Any) -> bool:
    return isinstance(value, LocatedList) and all(
        isinstance(item, LocatedDict) and isinstance(item.get("id"), str) for item in value)


def _merge_by_id(base: LocatedList, layer: LocatedList, problems: list[Problem]) -> LocatedList:
    items: dict[Any, tuple[Any, Any]] = {
        item["id"]: (item, base.mark_of(i)) for i, item in enumerate(base)}
    for index, item in enumerate(layer):
        if item.get("remove") is True:
            if items.pop(item["id"], None) is None:
                problems.append(Problem(layer.mark_of(index),
                                        f"cannot remove '{item['id']}': no earlier item has "
                                        "that id", field="remove"))
            continue
        items[item["id"]] = (item, layer.mark_of(index))
    result = LocatedList(layer.mark)
    for item, mark in items.values():
        result.add(item, mark)
    return result
