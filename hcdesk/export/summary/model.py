"""The summary as a document: plain dataclasses of text (no ORM objects, no reportlab, no Qt).

The section builders (:mod:`hcdesk.export.summary.sections`) fill these in; the renderer
(:mod:`hcdesk.export.summary.render`) only lays them out.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from hcdesk.export.summary.wording import join, lower_first
from hcdesk.models.enums import ProtectiveMarking, RecordType


class DocumentKind(enum.StrEnum):
    """Which document a case's summary export is (hcdesk.casework.legal decides)."""

    PROSECUTION_SUMMARY = "prosecution_summary"  # a hate crime: MG5-style, for the CPS
    INCIDENT_RECORD = "incident_record"  # a non-crime or unclassified incident: partners, file


class SummaryVariant(enum.StrEnum):
    CPS = "cps"  # disclosable summary + separately paginated police/CPS-only annex
    FULL = "full"  # internal: everything, in section order


@dataclass(frozen=True)
class Item:
    """One labelled value. ``restricted``: taken from a police/CPS-only field."""

    label: str
    value: str
    restricted: bool = False


@dataclass
class KeyValues:
    items: list[Item]
    restricted: bool = False
    title: str | None = None


@dataclass
class Text:
    """A paragraph. ``style``: body, lead (headline), note, empty (nothing recorded), quote."""

    text: str
    style: str = "body"
    restricted: bool = False


@dataclass(frozen=True)
class Cell:
    """A table cell: main text, optional second line (e.g. a translation) in a quieter style."""

    text: str
    sub: str | None = None
    verbatim: bool = False  # words quoted exactly: printed as they are, in any script


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]]
    widths: list[float]  # relative column widths
    restricted: bool = False
    title: str | None = None


@dataclass
class Signatures:
    """Certification boxes: (role, name, declaration)."""

    rows: list[tuple[str, str, str]]
    restricted: bool = False


Block = KeyValues | Text | Table | Signatures


@dataclass
class Section:
    number: str  # "1".."16"; annex sections "A1", "A9"...
    title: str
    blocks: list[Block] = field(default_factory=list)
    # Said in the disclosable part when everything in the section went to the annex.
    moved_note: str = "Held in the police/CPS-only annex; not for disclosure."
    restricted: bool = False  # the whole section is police/CPS-only (FULL variant label)


@dataclass
class Banner:
    """The boxed hostility-aggravation flag on page 1 (DOMAIN.md (b)2)."""

    heading: str
    items: list[Item]  # (i)..(iv): strands, perceived by and when, legal route, limbs
    statements: list[str]  # (v)..(vii): what the law requires of the court and the prosecution
    warning: str | None = None  # e.g. recorded as a non-crime hate incident


@dataclass
class SummaryData:
    variant: SummaryVariant
    case_id: str
    reference: str  # URN, else the local reference
    reference_label: str  # "URN 23WK1710025" or "Local ref L-ABCD-00001 (no URN yet)"
    marking: ProtectiveMarking
    marking_label: str  # "OFFICIAL-SENSITIVE"
    marking_reason: str | None
    generated_at: dt.datetime
    generated_by: str
    version: str
    export_id: str
    recipient: str | None
    reason: str | None
    banner: Banner
    sections: list[Section]  # the disclosable part (CPS) or everything (FULL)
    annex: list[Section]  # CPS only: the police/CPS-only annex
    kind: DocumentKind = DocumentKind.PROSECUTION_SUMMARY
    record_type: str | None = None  # the case's RecordType value (an incident record's title)
    # This case's summary version: 1 + the summaries of the case exported before this one
    # (the disclosure service counts them in the audit trail); None for a preview.
    summary_version: int | None = None

    @property
    def incident(self) -> bool:
        return self.kind is DocumentKind.INCIDENT_RECORD

    @property
    def document_version(self) -> int:
        """The version a sign-off is compared with: this export's, or 1 for a preview."""
        return self.summary_version or 1

    @property
    def version_label(self) -> str:
        """What the page header prints: "Version 3 (hcdesk 0.1.0)"; "hcdesk 0.1.0" for a preview."""
        if self.summary_version is None:
            return f"hcdesk {self.version}"
        return f"Version {self.summary_version} (hcdesk {self.version})"

    @property
    def title(self) -> str:
        if not self.incident:
            return "Hate crime case summary"
        if self.record_type == RecordType.NON_CRIME_HATE_INCIDENT.value:
            return "Non-crime hate incident record"
        return "Hate incident record (not yet classified)"

    @property
    def subtitle(self) -> str:
        """What the title line says the document is, after the reference."""
        full = self.variant is SummaryVariant.FULL
        if self.incident:
            return (
                "Full internal police version"
                if full
                else "For partners and the file: not a prosecution document"
            )
        return (
            "Full internal version for police and CPS"
            if full
            else "MG5-style police report: the disclosable summary"
        )

    @property
    def part_bands(self) -> dict[str, str]:
        """The band each part's pages carry, by part ("main", "annex", "full")."""
        if self.incident:
            return {
                "main": "INCIDENT RECORD - for partners and the file - not for service",
                "annex": "ANNEX A - POLICE ONLY - NOT FOR SHARING",
                "full": "INTERNAL FULL VERSION - POLICE ONLY - NOT FOR SHARING",
            }
        return {
            "main": "DISCLOSABLE - case summary (MG5) - may be served on the defence",
            "annex": "ANNEX A - POLICE/CPS ONLY - NOT FOR DISCLOSURE",
            "full": (
                "INTERNAL FULL VERSION - NOT FOR DISCLOSURE - includes police/CPS-only material"
            ),
        }

    @property
    def caveat(self) -> str:
        if self.incident:
            if self.variant is SummaryVariant.FULL:
                return (
                    f"{self.marking_label}: internal police version of an incident record. "
                    "Not a prosecution document; not for service. Need to know only."
                )
            return (
                f"{self.marking_label}: incident record for partners and the file. Not a "
                "prosecution document and not for service. The annex is police only."
            )
        if self.variant is SummaryVariant.FULL:
            return (
                f"{self.marking_label}: internal police/CPS version. Not for service on the "
                "defence. Need to know only; do not copy or forward."
            )
        return (
            f"{self.marking_label}: for the CPS. Only the disclosable summary may be served; "
            "the annex, a separate file, is police/CPS only. Need to know; do not forward."
        )


def all_text(sections: Iterable[Section]) -> list[str]:
    """Every string in the given sections (tests use it to prove what is and is not there)."""
    out: list[str] = []
    for sec in sections:
        out.append(sec.title)
        for block in sec.blocks:
            if isinstance(block, KeyValues):
                out += [t for i in block.items for t in (i.label, i.value)]
            elif isinstance(block, Text):
                out.append(block.text)
            elif isinstance(block, Table):
                out += block.header
                out += [t for row in block.rows for c in row for t in (c.text, c.sub or "")]
            else:
                out += [t for row in block.rows for t in row]
    return out


def fill_blanks(block: Block, what: str = "Not recorded") -> list[Block]:
    """The blocks to print in place of a key-value ``block``: its filled items, then one line
    naming the empty ones ("Not recorded: crime reference, CPS area and file stage.") instead
    of a line each. Empty police/CPS-only items get a line of their own, restricted like them.
    Any other block is returned as it is. ``block`` itself is not changed."""
    if not isinstance(block, KeyValues):
        return [block]
    filled = [i for i in block.items if i.value]
    out: list[Block] = []
    if filled or block.title:
        out.append(replace(block, items=filled))
    for closed in (False, True):
        empty = [
            lower_first(i.label)
            for i in block.items
            if not i.value and (block.restricted or i.restricted) is closed
        ]
        if empty:
            out.append(Text(f"{what}: {join(empty)}.", "empty", restricted=closed))
    return out
