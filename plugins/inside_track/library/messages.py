"""Pydantic's validation errors as located messages an author can act on.

Each error becomes ``file:line:col: field: message`` in the guide's words (``expected text,
got true (YAML reads yes, no, on, off and numbers as non-text; put it in quotes)``), with a
suggestion where a name is close to a known one. What is left valid of a playbook with a
mistake is kept, so the cross-checks still report that file's other problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import model
from ..problems import Problem, did_you_mean
from ..source.reader import LocatedDict
from .library import Source
from .locations import field_name, file_loc, locate


def validation_problems(error: ValidationError, source: Source) -> list[Problem]:
    """Each of ``error``'s details as a problem located in ``source``'s files."""
    raw = source.raw
    kind = raw.get("kind")
    problems = []
    for detail in error.errors():
        loc = _error_loc(detail, kind)
        message = _describe(detail, loc, kind)
        if detail["type"] == "missing":
            mark = locate(raw, loc[:-1])
        else:
            mark = locate(raw, loc, key_itself=detail["type"] == "extra_forbidden")
        problems.append(Problem(mark, message, field=field_name(file_loc(source, loc))))
    return problems


def valid_rest(raw: LocatedDict, error: ValidationError, rounds: int = 4) -> Any:
    """The playbook without the values that failed validation, if that much is valid.

    Lets the cross-checks run on the rest of a playbook with a mistake, so one wrong value
    does not hide the other problems of the same file. Only mapping keys are removed (the
    innermost mapping holding the bad value), so list positions stay those of the file.
    """
    data = _plain(raw)
    kind = raw.get("kind")
    for _ in range(rounds):
        for detail in error.errors():
            loc = _error_loc(detail, kind)
            if not _drop(data, loc[:-1] if detail["type"] == "missing" else loc):
                return None
        try:
            return model.KINDS.adapter().validate_python(data)
        except ValidationError as again:
            error = again
    return None


def _error_loc(detail: Any, kind: Any) -> list[str | int]:
    loc = list(detail["loc"])
    return loc[1:] if loc and loc[0] == kind else loc  # the discriminated union adds the tag


def _drop(data: Any, loc: Sequence[str | int]) -> bool:
    """Remove the innermost mapping entry along ``loc``; False if there is none."""
    node, entry = data, None
    for part in loc:
        if isinstance(node, dict) and part in node:
            entry = (node, part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
    if entry is None or entry[1] in ("kind", "id"):
        return False
    del entry[0][entry[1]]
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number",
    "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping",
}


def _describe(detail: Any, loc: list[str | int], kind: Any) -> str:
    kind_name = detail["type"]
    value = detail.get("input")
    if kind_name == "missing":
        return "required field is missing"
    if kind_name == "extra_forbidden":
        allowed = _allowed_fields(kind, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed) if allowed else ""
        return f"unknown field{hint}"
    if kind_name in _EXPECTED:
        hint = ""
        if kind_name == "string_type" and isinstance(value, bool | int | float):
            hint = " (YAML reads yes, no, on, off and numbers as non-text; put it in quotes)"
        elif isinstance(value, str) and len(loc) >= 2 and loc[-2] == "signs":
            hint = " (write each sign as {id: a-stable-id, text: ...}; the id keeps readers' ticks)"
        return f"expected {_EXPECTED[kind_name]}, got {describe_value(value)}{hint}"
    ctx = detail.get("ctx") or {}
    if kind_name == "string_too_long":
        length = f"{len(value):,} characters" if isinstance(value, str) else "too long"
        return f"text is {length}; at most {ctx.get('max_length', 0):,} are allowed"
    if kind_name == "string_too_short":
        return "must not be empty"
    if kind_name == "too_long":
        actual = ctx.get("actual_length")
        count = f"{actual:,} items" if isinstance(actual, int) else "too many items"
        return f"has {count}; at most {ctx.get('max_length', 0):,} are allowed " \
               "(split it into more playbooks)"
    if kind_name == "too_short":
        needed = ctx.get("min_length", 1)
        return f"needs at least {needed} item{'s' if needed != 1 else ''}"
    if kind_name == "string_pattern_mismatch" and ctx.get("pattern") != model.ID_PATTERN:
        return f"{describe_value(value)} is not an address this guide accepts: " \
               "percent-encode spaces, quotes, brackets and parentheses (%20, %22, %5B, %28)"
    if kind_name == "string_pattern_mismatch":
        return f"{describe_value(value)} is not a valid id (use lowercase letters, digits " \
               "and single dashes, e.g. 'scope-expansion')"
    if kind_name == "literal_error":
        return f"{describe_value(value)} is not allowed; expected {detail['ctx']['expected']}"
    if kind_name == "value_error":
        return str(detail["ctx"]["error"])
    return f"{detail['msg'][:1].lower()}{detail['msg'][1:]}"


def describe_value(value: Any) -> str:
    """A value as a message shows it: quoted and cut short if text, else by its type."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _allowed_fields(kind: Any, loc: Sequence[str | int]) -> list[str]:
    """Field names of the model found at ``loc`` inside a playbook of ``kind``."""
    current: Any = model.KINDS[kind].model if kind in model.KINDS else None
    mapping_key = False  # the part after a dict field is a key of that dict, not a field
    for part in loc:
        if isinstance(part, int) or current is None or mapping_key:
            mapping_key = False
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
        mapping_key = info is not None and _is_dict(info.annotation)
    if current is None:
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _is_dict(annotation: Any) -> bool:
    if getattr(annotation, "__origin__", None) is dict:
        return True
    return any(_is_dict(arg) for arg in getattr(annotation, "__args__", ()))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def choices(names: Iterable[str]) -> str:
    """``'a', 'b', 'c'``: the names a message offers."""
    return ", ".join(f"'{n}'" for n in names)
