"""The file contents index: the MG forms and what the case file holds for each. An incident
record lists only the statements and exhibits it holds: no MG form applies to it otherwise."""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Cell, Section, Table, Text
from hcdesk.export.summary.order import Part
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
    if ctx.incident:
        return _records_held(ctx, statements, exhibits)
    interviews = [
        iv
        for iv in ctx.records("interview_account")
        if not ctx.held_back(ctx.person(iv.get("person_id")))
    ]
    interview_refs = [str(iv["record_ref"]) for iv in interviews if iv.get("record_ref")]
    interview = any(
        str(e.get("source")) == EvidenceSource.INTERVIEW_ADMISSION_MG15.value
        and not evidence_restricted(e)
        for e in ctx.evidence
    )
    evidence_no = ctx.number(Part.EVIDENCE)
    if interviews:
        mg15 = "; ".join([*interview_refs, f"summarised in section {evidence_no}"])
    else:
        mg15 = f"Referenced in section {evidence_no}" if interview else "Not referenced"
    applications = [
        a
        for a in ctx.records("court_application")
        if not ctx.held_back(ctx.person(a.get("person_id")))
    ]
    vps = [
        v
        for v in ctx.records("victim_personal_statement")
        if str(v.get("status")) in ("MADE", "UPDATED")
    ]
    sm = any(a.get("special_measures_indicated") for a in ctx.records("needs_assessment"))
    # Bad character only as the disclosure defaults let it show: relied on, and charged.
    bad = any(
        p.get("previous_incidents") and not ctx.hidden(p, "previous_incidents")
        for p in ctx.role(PersonRole.SUSPECT)
    )
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
        (
            "MG13",
            "Orders on conviction",
            f"{len(applications)} application(s) recorded; see section {ctx.number(Part.RISK)}"
            if applications
            else "To follow if applied for",
        ),
        (
            "MG15",
            "Record of interview",
            mg15,
        ),
        (
            "MG16",
            "Bad character",
            "Previous incidents relied on; MG16 to be included" if bad else "Not indicated",
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
        ctx.number(Part.FILE_INDEX),
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


def _records_held(ctx: CaseContext, statements: list[str], exhibits: list[str]) -> Section:
    rows = []
    if statements:
        rows.append(("Statements", ", ".join(statements)))
    if exhibits:
        rows.append(("Exhibits", ", ".join(exhibits)))
    rows.append(("Other material", "Referenced only; never reproduced in this record"))
    return Section(
        ctx.number(Part.FILE_INDEX),
        "Records held",
        [Table(["What", "References"], [[Cell(a), Cell(b)] for a, b in rows], [2.0, 5.0])],
    )
