"""Say in readers' words where a step applies: titles, never raw ids.

Reference pages list every step of a playbook with the situations it is for; this is the
one place that turns a step's ``when`` into that sentence, so pages never show ids such as
``large-process`` to readers.
"""

from __future__ import annotations

from .. import model
from ..library.library import Library

FACTS = {
    "ml-team": "an ML team",
    "ml-engineers": "ML engineers on staff",
    "model-owner": "a model in production with an owner",
    "ml-plans": "ML work on the roadmap",
}
"""What each ML fact means, as a reader would put it."""
WORDING = {
    "company_type": ("at", " companies"),
    "path": ("on", ""),
    "manager_response": ("when the answer is", ""),
}
"""How a condition on each situation dimension reads: the words before and after the titles."""
CONVERSATION = {
    "ahead": "before you have had the manager conversation",
    "held": "once you have had the manager conversation",
}


def describe_conditions(when: model.Conditions | None, library: Library) -> str:
    """``only at … companies; only on …``; empty when the step applies everywhere."""
    if when is None:
        return ""
    parts = []
    for dimension, kind in model.DIMENSIONS.items():
        ids = getattr(when, dimension)
        if ids:
            titles = {p.id: p.title for p in library.of(kind)}
            lead, noun = WORDING[dimension]
            parts.append(f"{lead} {' or '.join(titles.get(i, i) for i in ids)}{noun}")
    if when.conversation:
        parts.append(CONVERSATION[when.conversation])
    if when.company_has:
        parts.append("where the company has " + " and ".join(FACTS[f] for f in when.company_has))
    if when.company_lacks:
        parts.append("where the company has no " + " or ".join(
            FACTS[f].removeprefix("an ").removeprefix("a ") for f in when.company_lacks))
    return "only " + "; ".join(parts) if parts else ""
