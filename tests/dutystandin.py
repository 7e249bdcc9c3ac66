"""A stand-in for hcdesk.casework.duties while that module is being written (issue 12's
"duties" helper): the same names and shapes, with a few plain rules, installed only when the
real module cannot be imported. Delete this file once hcdesk/casework/duties.py is on main.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class DutyKind(StrEnum):
    INFORM_ARREST = "INFORM_ARREST"
    INFORM_INTERVIEW = "INFORM_INTERVIEW"
    INFORM_CHARGE = "INFORM_CHARGE"
    INFORM_NFA = "INFORM_NFA"
    INFORM_BAIL = "INFORM_BAIL"
    INFORM_BAIL_CHANGE = "INFORM_BAIL_CHANGE"
    INFORM_RUI = "INFORM_RUI"
    INFORM_COURT_DATE = "INFORM_COURT_DATE"
    INFORM_OUTCOME = "INFORM_OUTCOME"
    INFORM_APPEAL = "INFORM_APPEAL"
    NEEDS_REVIEW = "NEEDS_REVIEW"
    PLAN_REVIEW = "PLAN_REVIEW"
    REFERRAL_FOLLOW_UP = "REFERRAL_FOLLOW_UP"
    VPS_OFFER = "VPS_OFFER"
    PLANNED_CONTACT = "PLANNED_CONTACT"
    ACTION_DUE = "ACTION_DUE"
    CASE_REVIEW = "CASE_REVIEW"


class DutyStatus(StrEnum):
    MET = "MET"
    DUE = "DUE"
    OVERDUE = "OVERDUE"
    BREACHED = "BREACHED"


@dataclass(frozen=True)
class Duty:
    case_id: str
    reference: str
    key: str
    kind: DutyKind
    due: dt.date
    status: DutyStatus
    owner: str | None
    team: str
    section: str
    what: str
    met_on: dt.date | None
    breach_reason: str | None


@dataclass(frozen=True)
class StatusEntry:
    status: Any
    source: str
    reason: str


LABELS: dict[Any, str] = {
    **{k: k.value.replace("_", " ").capitalize() for k in DutyKind},
    DutyStatus.MET: "Met",
    DutyStatus.DUE: "Due",
    DutyStatus.OVERDUE: "Overdue",
    DutyStatus.BREACHED: "Breached",
}

_EVENT_KIND = {
    "SUSPECT_ARRESTED": DutyKind.INFORM_ARREST,
    "SUSPECT_INTERVIEWED": DutyKind.INFORM_INTERVIEW,
    "SUSPECT_CHARGED": DutyKind.INFORM_CHARGE,
    "NO_FURTHER_ACTION": DutyKind.INFORM_NFA,
    "SUSPECT_BAILED": DutyKind.INFORM_BAIL,
    "COURT_DATE_SET": DutyKind.INFORM_COURT_DATE,
    "COURT_OUTCOME": DutyKind.INFORM_OUTCOME,
}


def _status(due: dt.date, met: dt.date | None, today: dt.date) -> DutyStatus:
    if met is not None:
        return DutyStatus.MET
    return DutyStatus.OVERDUE if due < today else DutyStatus.DUE


def case_duties(view: Any, today: dt.date) -> list[Duty]:
    c = view.case
    out: list[Duty] = []

    def add(key: str, kind: DutyKind, due: dt.date, owner: str | None, section: str,
            what: str, met: dt.date | None = None) -> None:
        out.append(Duty(view.case_id, view.reference, key, kind, due, _status(due, met, today),
                        owner, c.team, section, what, met, None))

    told = {d.duty_key: d.victim_told_on for d in view.duty_records}
    for e in view.code_events:
        kind = _EVENT_KIND.get(str(e.event))
        if kind is not None:
            key = f"event:{e.id}"
            add(key, kind, e.event_date + dt.timedelta(days=5), c.liaison_officer, "code",
                f"Tell the victim: {str(e.event).lower().replace('_', ' ')}",
                e.victim_told_on or told.get(key))
    for a in view.actions:
        if str(a.status) == "OPEN" and a.due_date is not None:
            add(f"action:{a.id}", DutyKind.ACTION_DUE, a.due_date, a.owner, "needs", a.action)
    for p in view.plans:
        if p.review_date is not None:
            add(f"plan:{p.id}", DutyKind.PLAN_REVIEW, p.review_date, c.liaison_officer, "needs",
                "Review the support plan")
    for pc in view.planned_contacts:
        if not pc.done:
            add(f"contact:{pc.id}", DutyKind.PLANNED_CONTACT, pc.planned_for.date(), pc.owner,
                "contacts", pc.purpose or "Planned contact")
    if c.next_review_date is not None:
        add("case-review", DutyKind.CASE_REVIEW, c.next_review_date, c.liaison_officer,
            "incident", "Review the case")
    return out


def enhanced_statuses(view: Any, on: dt.date) -> list[StatusEntry]:
    return [StatusEntry("ENHANCED_MOST_SERIOUS_CRIME", "derived", "Victim of hate crime")]


def install() -> None:
    """Put this module in place of hcdesk.casework.duties if that cannot be imported."""
    try:
        import hcdesk.casework.duties
    except ImportError:
        module = types.ModuleType("hcdesk.casework.duties")
        for name in ("DutyKind", "DutyStatus", "Duty", "StatusEntry", "LABELS",
                     "case_duties", "enhanced_statuses"):
            setattr(module, name, globals()[name])
        sys.modules["hcdesk.casework.duties"] = module
        import hcdesk.casework

        hcdesk.casework.duties = module  # type: ignore[attr-defined]
