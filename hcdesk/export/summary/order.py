"""The order of the sections of each document, and so their numbers: in one place.

Section builders never hard-code another section's number: a cross-reference ("the evidence
in section 4") asks :meth:`hcdesk.export.summary.context.CaseContext.number`, and
:func:`hcdesk.export.summary.build.summarise` numbers every section by this order. The banner
counts as a section (2) though it is a box, not a section.

The prosecution summary follows the MG5 for a busy prosecutor: the identification kept short,
the banner, the charges and the evidence schedule first (pages 1-2), then the narrative and the
rest. The incident record has no charges, no indicators for sentence, and no impact statement.
"""

from __future__ import annotations

import enum

from hcdesk.export.summary.model import DocumentKind


class Part(enum.StrEnum):
    IDENTIFICATION = "identification"
    BANNER = "banner"
    CHARGES = "charges"
    EVIDENCE = "evidence"
    HEADLINE = "headline"
    BACKGROUND = "background"
    INDICATORS = "indicators"
    IMPACT = "impact"
    WISHES = "wishes"
    COMMUNITY = "community"
    RISK = "risk"
    PARTNERS = "partners"
    FILE_INDEX = "file_index"
    VICTIMS_CODE = "victims_code"
    CERTIFICATION = "certification"
    EXPORT_RECORD = "export_record"


ORDER: dict[DocumentKind, tuple[Part, ...]] = {
    DocumentKind.PROSECUTION_SUMMARY: (
        Part.IDENTIFICATION,
        Part.BANNER,
        Part.CHARGES,
        Part.EVIDENCE,
        Part.HEADLINE,
        Part.BACKGROUND,
        Part.INDICATORS,
        Part.IMPACT,
        Part.WISHES,
        Part.COMMUNITY,
        Part.RISK,
        Part.PARTNERS,
        Part.FILE_INDEX,
        Part.VICTIMS_CODE,
        Part.CERTIFICATION,
        Part.EXPORT_RECORD,
    ),
    DocumentKind.INCIDENT_RECORD: (
        Part.IDENTIFICATION,
        Part.BANNER,
        Part.HEADLINE,
        Part.EVIDENCE,
        Part.BACKGROUND,
        Part.WISHES,
        Part.COMMUNITY,
        Part.RISK,
        Part.PARTNERS,
        Part.FILE_INDEX,
        Part.VICTIMS_CODE,
        Part.CERTIFICATION,
        Part.EXPORT_RECORD,
    ),
}


def numbers(kind: DocumentKind) -> dict[Part, str]:
    """Each part of a document of ``kind`` and its section number, "1" upwards."""
    return {part: str(n) for n, part in enumerate(ORDER[kind], 1)}
