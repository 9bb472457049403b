"""The JSON Schema of a playbook file as editors and validators read it, from the model's.

Two changes to pydantic's schema. Pydantic dispatches on ``kind`` with OpenAPI's
``discriminator``, which JSON Schema validators ignore: they try every kind and report the
mistakes of all of them. Here each kind is chosen with ``if``/``then``, so an error names
the field of the kind the file is. And an overlay file (``merge: extend``) gets a schema of
its own: it is laid over an earlier playbook (see ``library/overlay.py``), mappings merging
key by key, so any of their fields may be left out, and lists of items with an ``id``
merging by id, so an item may also be ``{id: ..., remove: true}``. The loader validates the
merged playbook against the model; this is what the overlay file itself is checked against.
"""

from __future__ import annotations

import copy
from typing import Any

IDENTITY = ("kind", "id", "merge")
EXTEND = {"properties": {"merge": {"const": "extend"}}, "required": ["merge"]}


def for_files(schema: dict[str, Any]) -> dict[str, Any]:
    """Pydantic's schema of the playbook union, dispatched by ``kind``, with overlays."""
    defs: dict[str, Any] = schema["$defs"]
    mapping: dict[str, str] = schema.pop("discriminator")["mapping"]
    del schema["oneOf"]
    schema.update({
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": sorted(mapping), "description": "What the playbook is."}},
        "allOf": [{"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                   "then": {"if": EXTEND, "then": {"$ref": _partial(ref, defs, top=True)},
                            "else": {"$ref": ref}}}
                  for kind, ref in sorted(mapping.items())],
    })
    return schema


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[1]


def _partial(ref: str, defs: dict[str, Any], top: bool = False) -> str:
    """The ``$ref`` of a copy of the object at ``ref`` whose fields are all optional."""
    name = f"{_name(ref)}Overlay" if top else f"Partial{_name(ref)}"
    if name not in defs:
        definition = copy.deepcopy(defs[_name(ref)])
        defs[name] = definition  # before recursing: a model may refer to itself
        if top:
            definition["required"] = [k for k in definition.get("required", ())
                                       if k in IDENTITY] + ["merge"]
        else:
            definition.pop("required", None)
        for key, prop in definition.get("properties", {}).items():
            if not (top and key in IDENTITY):
                definition["properties"][key] = _partial_value(prop, defs)
    return f"#/$defs/{name}"


def _partial_value(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    prop = dict(prop)
    if "$ref" in prop and _is_object(prop["$ref"], defs):
        prop["$ref"] = _partial(prop["$ref"], defs)
    if "anyOf" in prop:
        prop["anyOf"] = [_partial_value(option, defs) for option in prop["anyOf"]]
    extra = prop.get("additionalProperties")
    if isinstance(extra, dict):
        prop["additionalProperties"] = _partial_value(extra, defs)
    if "patternProperties" in prop:
        prop["patternProperties"] = {pattern: _partial_value(value, defs)
                                     for pattern, value in prop["patternProperties"].items()}
    items = prop.get("items")
    if isinstance(items, dict) and "$ref" in items and _has_id(items["$ref"], defs):
        prop["items"] = {"anyOf": [items, _removal(items["$ref"], defs)]}
    return prop


def _is_object(ref: str, defs: dict[str, Any]) -> bool:
    return bool(defs[_name(ref)].get("type") == "object")


def _has_id(ref: str, defs: dict[str, Any]) -> bool:
    return "id" in defs[_name(ref)].get("properties", {})


def _removal(ref: str, defs: dict[str, Any]) -> dict[str, Any]:
    id_schema = defs[_name(ref)]["properties"]["id"]
    return {"type": "object", "additionalProperties": False, "required": ["id", "remove"],
            "description": "Removes the earlier item with this id.",
            "properties": {"id": id_schema, "remove": {"const": True}}}
