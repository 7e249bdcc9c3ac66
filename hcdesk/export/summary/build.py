"""Assembling the summary of one case from what the store holds, section by section.

:func:`build_summary_data` reads one case (through :func:`hcdesk.casework.casefile.load_case`,
so the reading is logged as a consultation unless the caller logs it) and hands the snapshot to
:func:`summarise`, which needs no session: the disclosure service reads the case in a short
read session and builds, renders and signs the summary with the store free for other work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from hcdesk import __version__
from hcdesk.casework import repeats
from hcdesk.casework.casefile import CaseSnapshot, case_file_view, load_case
from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Section, SummaryData, SummaryVariant
from hcdesk.export.summary.order import ORDER, Part
from hcdesk.export.summary.rules import choose_marking, place
from hcdesk.export.summary.sections.banner import banner
from hcdesk.export.summary.sections.certification import certification, export_record
from hcdesk.export.summary.sections.charges import charges
from hcdesk.export.summary.sections.evidence import background, evidence_schedule, indicators
from hcdesk.export.summary.sections.file_index import file_index
from hcdesk.export.summary.sections.headline import headline
from hcdesk.export.summary.sections.identification import identification
from hcdesk.export.summary.sections.risk import partners, risk
from hcdesk.export.summary.sections.victim import community, impact, wishes
from hcdesk.export.summary.sections.victims_code import victims_code
from hcdesk.export.summary.wording import MARKING_LABELS
from hcdesk.models.base import uuid7
from hcdesk.models.enums import ProtectiveMarking

AUDIT_REASON = "court summary export"


def build_summary_data(
    session: Session,
    case_id: str,
    variant: SummaryVariant | str = SummaryVariant.CPS,
    *,
    marking: ProtectiveMarking | str | None = None,
    marking_reason: str | None = None,
    recipient: str | None = None,
    reason: str | None = None,
    export_id: str | None = None,
    generated_at: dt.datetime | None = None,
    generated_by: str | None = None,
    consult: bool = True,
    summary_version: int | None = None,
) -> SummaryData:
    """Read and assemble the summary of one case, with the other cases linked to it by the
    figures index as it stands (hcdesk.casework.repeats.linked_cases; the export brings the
    index up to date first). Takes a Session, never commits (casework style).
    ``consult=False``: the caller records the consultation in the audit trail."""
    variant = SummaryVariant(str(variant).lower())
    choose_marking(marking, marking_reason)  # refused before anything is read or logged
    snap = load_case(session, case_id, audit_reason=reason or AUDIT_REASON, consult=consult)
    links = repeats.linked_cases(session, case_file_view(snap))
    return summarise(
        snap,
        variant,
        marking=marking,
        marking_reason=marking_reason,
        recipient=recipient,
        reason=reason,
        export_id=export_id,
        generated_at=generated_at,
        generated_by=generated_by or str(session.info.get("actor") or ""),
        summary_version=summary_version,
        links=links,
    )


def summarise(
    snap: CaseSnapshot,
    variant: SummaryVariant | str = SummaryVariant.CPS,
    *,
    marking: ProtectiveMarking | str | None = None,
    marking_reason: str | None = None,
    recipient: str | None = None,
    reason: str | None = None,
    export_id: str | None = None,
    generated_at: dt.datetime | None = None,
    generated_by: str = "",
    summary_version: int | None = None,
    links: Sequence[repeats.Link] = (),
) -> SummaryData:
    """The summary of a case already read: plain data, built without the store.

    Which document it is follows the case's record type (hcdesk.casework.legal): a prosecution
    summary for a hate crime, an incident record for partners and the file otherwise.
    ``summary_version``: the version of this case's summary being exported (the sign-off in the
    certification is compared with it); None for a preview. ``links``: the other cases that
    share the victim, a suspect or the place (hcdesk.casework.repeats.linked_cases), set out in
    the background section as the rules place them (the annex: rules.link_restricted)."""
    variant = SummaryVariant(str(variant).lower())
    chosen = choose_marking(marking, marking_reason)
    now = generated_at or dt.datetime.now(dt.UTC)
    ctx = CaseContext.of(snap, today=local_date(now), links=links)
    case = ctx.case
    urn = case.get("urn")
    reference = urn or case["local_ref"]
    reference_label = f"URN {urn}" if urn else f"Local ref {case['local_ref']} (no URN yet)"
    data = SummaryData(
        variant=variant,
        case_id=snap.case_id,
        reference=reference,
        reference_label=reference_label,
        marking=chosen,
        marking_label=MARKING_LABELS[chosen],
        marking_reason=(marking_reason or "").strip() or None,
        generated_at=now,
        generated_by=generated_by,
        version=__version__,
        export_id=export_id or uuid7(),
        recipient=recipient,
        reason=reason,
        banner=banner(ctx, with_restricted=variant is SummaryVariant.FULL),
        sections=[],
        annex=[],
        kind=ctx.kind,
        record_type=str(case.get("record_type") or "") or None,
        summary_version=summary_version,
    )
    builders: dict[Part, Callable[[], Section]] = {
        Part.IDENTIFICATION: lambda: identification(ctx),
        Part.CHARGES: lambda: charges(ctx),
        Part.EVIDENCE: lambda: evidence_schedule(ctx),
        Part.HEADLINE: lambda: headline(ctx),
        Part.BACKGROUND: lambda: background(ctx),
        Part.INDICATORS: lambda: indicators(ctx),
        Part.IMPACT: lambda: impact(ctx),
        Part.WISHES: lambda: wishes(ctx),
        Part.COMMUNITY: lambda: community(ctx),
        Part.RISK: lambda: risk(ctx),
        Part.PARTNERS: lambda: partners(ctx),
        Part.FILE_INDEX: lambda: file_index(ctx),
        Part.VICTIMS_CODE: lambda: victims_code(ctx),
        Part.CERTIFICATION: lambda: certification(ctx, data.document_version),
        Part.EXPORT_RECORD: lambda: export_record(data, ctx.number(Part.EXPORT_RECORD)),
    }
    # Every section is numbered by the document's order (hcdesk.export.summary.order), whatever
    # number its builder gave it; the banner takes its number without being a section.
    sections = [
        replace(builders[part](), number=ctx.number(part))
        for part in ORDER[ctx.kind]
        if part is not Part.BANNER
    ]
    data.sections, data.annex = place(sections, variant)
    return data


def local_date(when: dt.datetime) -> dt.date:
    """The date of a moment in England (the summary's date: which hearing is "next")."""
    try:
        from zoneinfo import ZoneInfo

        return when.astimezone(ZoneInfo("Europe/London")).date()
    except Exception:  # no time-zone data on this machine: the UTC date
        return when.astimezone(dt.UTC).date()
