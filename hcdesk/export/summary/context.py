"""What every section builder reads: one case as read from the store, its evidence numbered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hcdesk.casework.casefile import CaseSnapshot
from hcdesk.export.summary import rules
from hcdesk.models.enums import PersonRole


@dataclass
class CaseContext:
    snap: CaseSnapshot
    case: dict[str, Any]
    people: list[dict[str, Any]]
    evidence: list[dict[str, Any]]  # live evidence items, numbered
    numbers: dict[str, str]  # evidence id -> "E1" / "R1"
    wishes_restricted: bool

    @classmethod
    def of(cls, snap: CaseSnapshot) -> CaseContext:
        evidence = list(snap.records.get("hostility_evidence", []))
        return cls(
            snap=snap,
            case=snap.case,
            people=snap.records.get("person", []),
            evidence=evidence,
            numbers=rules.number_evidence(evidence),
            wishes_restricted=rules.wishes_restricted(snap.case),
        )

    def records(self, table: str) -> list[dict[str, Any]]:
        return self.snap.records.get(table, [])

    def role(self, role: PersonRole) -> list[dict[str, Any]]:
        return [p for p in self.people if str(p["role"]) == role.value]
