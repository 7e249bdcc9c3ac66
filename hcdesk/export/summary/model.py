"""The summary as a document: plain dataclasses of text (no ORM objects, no reportlab, no Qt).

The section builders (:mod:`hcdesk.export.summary.sections`) fill these in; the renderer
(:mod:`hcdesk.export.summary.render`) only lays them out.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from hcdesk.models.enums import ProtectiveMarking


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
    # This case's summary version: 1 + the summaries of the case exported before this one
    # (the disclosure service counts them in the audit trail); None for a preview.
    summary_version: int | None = None

    @property
    def version_label(self) -> str:
        """What the page header prints: "Version 3 (hcdesk 0.1.0)"; "hcdesk 0.1.0" for a preview."""
        if self.summary_version is None:
            return f"hcdesk {self.version}"
        return f"Version {self.summary_version} (hcdesk {self.version})"

    @property
    def title(self) -> str:
        return "Hate crime case summary"

    @property
    def caveat(self) -> str:
        if self.variant is SummaryVariant.FULL:
            return (
                f"{self.marking_label}: internal police/CPS version. Not for service on the "
                "defence. Need to know only; do not copy or forward."
            )
        return (
            f"{self.marking_label}: for the CPS. Serve only the disclosable pages; the annex is "
            "police/CPS only. Need to know; do not forward."
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


def fill_blanks(block: Block, text: str = "Not recorded") -> None:
    """Say ``text`` for every item of a key-value block that has no value."""
    if isinstance(block, KeyValues):
        block.items = [i if i.value else replace(i, value=text) for i in block.items]
