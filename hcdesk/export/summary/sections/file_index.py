"""Section 13, the file contents index: the MG forms and what the case file holds for each."""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Cell, Section, Table, Text
from hcdesk.export.summary.rules import evidence_restricted
from hcdesk.models.enums import EvidenceSource, PersonRole


def file_index(ctx: CaseContext) -> Section:
    statements = sorted(
        {p["statement_ref"] for p in ctx.people if p.get("statement_ref")}
        | {
            e["witness_ref"]
            for e in ctx.evidence
            if e.get("witness_ref") and not evidence_restricted(e)
        }
    )
    exhibits = sorted(
        {
            e["exhibit_ref"]
            for e in ctx.evidence
            if e.get("exhibit_ref") and not evidence_restricted(e)
        }
    )
    interview = any(
        str(e.get("source")) == EvidenceSource.INTERVIEW_ADMISSION_MG15.value for e in ctx.evidence
    )
    vps = [
        v
        for v in ctx.records("victim_personal_statement")
        if str(v.get("status")) in ("MADE", "UPDATED")
    ]
    sm = any(a.get("special_measures_indicated") for a in ctx.records("needs_assessment"))
    bad = any(p.get("previous_incidents") for p in ctx.role(PersonRole.SUSPECT))
    witnesses = [p for p in ctx.people if str(p["role"]) in ("VICTIM", "WITNESS")]
    rows = [
        (
            "MG2",
            "Special measures assessment",
            "Indicated; to be included" if sm else "Not indicated",
        ),
        ("MG5", "Police report (case summary)", "This document"),
        (
            "MG6 series",
            "Case file information, unused and sensitive material schedules",
            "Referenced only; never reproduced here",
        ),
        ("MG9", "Witness list", f"{len(witnesses)} victim/witness(es) recorded"),
        ("MG11", "Witness statements", ", ".join(statements) or "None referenced"),
        ("MG11 (VPS)", "Victim Personal Statement", "Made" if vps else "None made"),
        (
            "MG11 (CIS)",
            "Community Impact Statement",
            f"{len(ctx.records('community_impact_statement'))} recorded",
        ),
        ("MG12", "Exhibit list", ", ".join(exhibits) or "No exhibits referenced"),
        ("MG13", "Orders on conviction", "To follow if applied for"),
        (
            "MG15",
            "Record of interview",
            "Referenced in the schedule" if interview else "Not referenced",
        ),
        (
            "MG16",
            "Bad character",
            "Previous incidents recorded; consider" if bad else "Not indicated",
        ),
        ("MG18", "Offences taken into consideration", "Not recorded"),
        ("MG19", "Compensation", "See the victim's wishes"),
        ("MG20", "Further evidence or information", "To follow as required"),
    ]
    table = Table(
        ["Form", "What", "Status or references"],
        [[Cell(a), Cell(b), Cell(c)] for a, b, c in rows],
        [1.1, 3.0, 2.9],
    )
    return Section(
        "13",
        "File contents index",
        [
            table,
            Text(
                "Unused and sensitive material is referenced only; it is never reproduced "
                "in this summary.",
                "note",
            ),
        ],
    )
