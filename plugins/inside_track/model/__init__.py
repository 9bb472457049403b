"""The playbook model: schema classes, and the rules for what playbook text may hold."""

from .playbooks import (
    DIMENSIONS,
    ID_PATTERN,
    KINDS,
    MAX_ITEMS,
    MAX_STEPS,
    MAX_TEXT,
    PLAYBOOK_ADAPTER,
    Company,
    CompanyType,
    Conditions,
    Contact,
    Link,
    ManagerResponse,
    Mobility,
    Path,
    Phase,
    PhaseAdjustment,
    Playbook,
    Readiness,
    Script,
    Sign,
    Span,
    Step,
    Strict,
    json_schema,
)

__all__ = [
    "DIMENSIONS", "ID_PATTERN", "KINDS", "MAX_ITEMS", "MAX_STEPS", "MAX_TEXT",
    "PLAYBOOK_ADAPTER", "Company", "CompanyType", "Conditions", "Contact", "Link",
    "ManagerResponse", "Mobility", "Path", "Phase", "PhaseAdjustment", "Playbook",
    "Readiness", "Script", "Sign", "Span", "Step", "Strict", "json_schema",
]
