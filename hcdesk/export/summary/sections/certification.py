"""Sections 15 and 16: the certification boxes and the record of this export."""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import (
    Item,
    KeyValues,
    Section,
    Signatures,
    SummaryData,
    SummaryVariant,
)
from hcdesk.export.summary.wording import when

# -- 15. certification -----------------------------------------------------------------------------


def certification(ctx: CaseContext) -> Section:
    case = ctx.case
    return Section(
        "15",
        "Certification",
        [
            Signatures(
                [
                    (
                        "Officer in the case",
                        case.get("oic") or "",
                        "I certify that this summary is accurate, objective and balanced, and "
                        "that it takes each element of the offence with the evidence for it.",
                    ),
                    (
                        "Supervisor",
                        case.get("supervisor") or "",
                        "I have reviewed this file and certify parts 1 to 7 of this summary.",
                    ),
                ]
            )
        ],
    )


# -- 16. export record -----------------------------------------------------------------------------


def export_record(data: SummaryData) -> Section:
    marking = data.marking_label
    if data.marking_reason:
        marking += f" (set for this export: {data.marking_reason})"
    variant = (
        "CPS: disclosable summary with a separately paginated police/CPS-only annex"
        if data.variant is SummaryVariant.CPS
        else "Full internal version (not for disclosure)"
    )
    return Section(
        "16",
        "Export record",
        [
            KeyValues(
                [
                    Item("Export id", data.export_id),
                    Item("Version", variant),
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
