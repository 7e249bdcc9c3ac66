"""The certification boxes (with the sign-off recorded in hcdesk) and the record of this
export."""

from __future__ import annotations

from typing import Any

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import (
    Block,
    Item,
    KeyValues,
    Section,
    Signatures,
    SummaryData,
    SummaryVariant,
)
from hcdesk.export.summary.order import Part
from hcdesk.export.summary.wording import SIGNOFF_ROLES, when
from hcdesk.models.enums import SignOffRole

# -- certification ---------------------------------------------------------------------------------


def latest_signoffs(signoffs: list[dict[str, Any]]) -> dict[SignOffRole, dict[str, Any]]:
    """The latest sign-off of each role (a later one replaces an earlier one)."""
    out: dict[SignOffRole, dict[str, Any]] = {}
    for s in sorted(signoffs, key=lambda r: r["signed_at"]):
        out[SignOffRole(str(s["role"]))] = s
    return out


def signoff_text(signoff: dict[str, Any] | None, document_version: int) -> str:
    """Who signed, when, for which version; and whether that is an earlier version than this."""
    if signoff is None:
        return "Not yet signed off in hcdesk."
    certified = int(signoff["document_version"])
    text = (
        f"Signed by {signoff['signed_by']} on {when(signoff['signed_at'])} for version {certified}."
    )
    if certified != document_version:
        text += (
            f" This sign-off is for an earlier version of this summary; version "
            f"{document_version} (this document) has not been certified."
            if certified < document_version
            else f" That is not this document, which is version {document_version}."
        )
    if signoff.get("notes"):
        text += f" Notes: {signoff['notes']}"
    return text


def certification(ctx: CaseContext, document_version: int = 1) -> Section:
    case = ctx.case
    n = ctx.section_numbers
    latest = latest_signoffs(ctx.records("summary_signoff"))
    if ctx.incident:
        declarations = {
            SignOffRole.OIC: "I certify that this record is accurate and balanced.",
            SignOffRole.SUPERVISOR: "I have reviewed this record.",
        }
    else:
        declarations = {
            SignOffRole.OIC: (
                "I certify that this summary is accurate, objective and balanced, and that it "
                "takes each element of the offence with the evidence for it."
            ),
            SignOffRole.SUPERVISOR: (
                "I have reviewed this file and certify sections "
                f"{n[Part.IDENTIFICATION]} to {n[Part.INDICATORS]} of this summary."
            ),
        }
    officers = {SignOffRole.OIC: case.get("oic"), SignOffRole.SUPERVISOR: case.get("supervisor")}
    rows = []
    for role in SignOffRole:
        signed = latest.get(role)
        name = (signed or {}).get("signed_by") or officers[role] or ""
        rows.append((SIGNOFF_ROLES[role.value], str(name), declarations[role]))
    blocks: list[Block] = [
        KeyValues(
            [
                Item(SIGNOFF_ROLES[role.value], signoff_text(latest.get(role), document_version))
                for role in SignOffRole
            ],
            title=f"Sign-off recorded in hcdesk (this document is version {document_version})",
        ),
        Signatures(rows),
    ]
    return Section(ctx.number(Part.CERTIFICATION), "Certification", blocks)


# -- export record ---------------------------------------------------------------------------------


def export_record(data: SummaryData, number: str) -> Section:
    marking = data.marking_label
    if data.marking_reason:
        marking += f" (set for this export: {data.marking_reason})"
    if data.variant is SummaryVariant.FULL:
        variant = "Full internal version (not for disclosure)"
    elif data.incident:
        variant = "Incident record: a shareable part with a separately paginated police-only annex"
    else:
        variant = "CPS: disclosable summary with a separately paginated police/CPS-only annex"
    return Section(
        number,
        "Export record",
        [
            KeyValues(
                [
                    Item("Export id", data.export_id),
                    Item("Version", variant),
                    Item("Document version", str(data.document_version)),
                    Item("Recipient", data.recipient or "Not given"),
                    Item("Exported by", data.generated_by or "Not recorded"),
                    Item("Date and time", when(data.generated_at)),
                    Item("Justification", data.reason or "Not given"),
                    Item("Protective marking", marking),
                    Item(
                        "File hash",
                        "The SHA-256 of this exact file is recorded with the export id in the "
                        "hcdesk audit trail (DPA 2018 s.62 disclosure log); a file cannot carry "
                        "its own hash.",
                    ),
                ]
            )
        ],
    )
