"""The public results sheet as a PDF (docs/activities.md, "The public results sheet"): the tables
of :mod:`hcdesk.casework.results_sheet`, every count rounded and small ones hidden, in plain
words, marked OFFICIAL (for publication once approved by the communications team).

:func:`issue_sheet` works in the order of hcdesk.export.partnership: the figures index brought
up to date, the sheet made from one read, the PDF rendered and staged (written in full under a
temporary name), then one short write transaction records the DISCLOSURE audit event with the
file's SHA-256, and only after it commits is the file renamed into place. If anything fails, no
file is left behind; a sheet that cannot be shared safely fails before any file is made.

The PDF uses the report groundwork of :mod:`hcdesk.export.base` and the paragraphs and table
style of :mod:`hcdesk.export.figures_pdf` (tagged, marking on every page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hcdesk import __version__, fileio
from hcdesk.casework import disclosure_control as dc
from hcdesk.casework import results_sheet as rs
from hcdesk.casework import workindex
from hcdesk.errors import UsageError
from hcdesk.export.base import PageMeta, Part, ReportRenderer
from hcdesk.export.figures_pdf import grid_table, para
from hcdesk.models.enums import AuditOperation
from hcdesk.store import audit

if TYPE_CHECKING:
    from hcdesk.store.store import Store

BAND = "Public results sheet: aggregate figures only"


class SheetRenderer(ReportRenderer):
    def __init__(self, sheet: rs.Sheet, author: str = "") -> None:
        self.sheet = sheet
        self.author = author

    def meta(self) -> PageMeta:
        s = self.sheet
        digest = hashlib.sha256(
            repr([(t.key, t.shown_rows()) for t in s.tables]).encode("utf-8")
        ).hexdigest()[:16]
        return PageMeta(
            marking=rs.MARKING,
            title=rs.TITLE,
            reference=s.describe_period(),
            generated_at=s.generated_at,
            version=f"hcdesk {__version__}",
            document_id=digest,
            caveat=rs.CAVEAT,
            app_version=__version__,
            author=self.author,
            subject=f"{rs.TITLE}: {s.describe_period()}",
            keywords=rs.MARKING,
        )

    def parts(self) -> Sequence[Part]:
        s = self.sheet
        story: list[Flowable] = [
            para(rs.TITLE, "title"),
            para(rs.LEAD.format(period=s.describe_period()), "lead"),
            para(rs.CAVEAT, "caveat"),
            para(rs.ROUNDING, "cell"),
            Spacer(1, 2 * mm),
        ]
        for table in s.tables:
            story += self._table(table)
            if table.key == "convictions":
                story.append(para(s.share_text(), "lead"))
                story.append(Spacer(1, 2 * mm))
        story.append(para(rs.HIDDEN, "note"))
        return [Part("main", BAND, restricted=False, page_label="Page", flowables=story)]

    def _table(self, table: rs.SheetTable) -> list[Flowable]:
        width = self.content_width
        widths = [0.7 * width, 0.3 * width]
        rows: list[list[Any]] = [
            [para(table.item_header, "th"), para(table.count_header, "th_num")]
        ]
        for label, value in table.shown_rows():
            rows.append([para(label, "cell"), para(value, "num")])
        head: list[Flowable] = [para(table.title, "h2"), grid_table(rows, widths)]
        if table.note:
            head.append(para(table.note, "note"))
        if len(rows) <= 16:
            return [KeepTogether(head), Spacer(1, 2 * mm)]
        return [*head, Spacer(1, 2 * mm)]


def render_sheet(sheet: rs.Sheet, author: str = "") -> bytes:
    """The sheet as a PDF: the title, the period, the marking, every table."""
    return SheetRenderer(sheet, author).render()


@dataclass(frozen=True)
class IssuedSheet:
    sheet: rs.Sheet
    path: Path
    sha256: str


def check_out(out: Path) -> None:
    """A .pdf file in a folder that exists; a UsageError otherwise."""
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"{out.name}: write the results sheet to a .pdf file.")
    if out.is_dir():
        raise UsageError(f"{out} is a directory; give a file name with --out.")
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.")


def issue_sheet(
    store: Store,
    period: dc.Period,
    out: Path,
    *,
    reason: str | None = None,
    today: dt.date | None = None,
    generated_at: dt.datetime | None = None,
) -> IssuedSheet:
    """Make the sheet, write it to ``out`` and record the disclosure to the communications
    team; all of it or none of it."""
    check_out(out)
    why = (reason or "").strip() or rs.DEFAULT_REASON
    day = today or dt.date.today()
    workindex.catch_up(store, day)
    with store.engine_or_raise().connect() as conn:
        sheet = rs.build_sheet(conn, period, generated_at=generated_at, today=day)
    data = render_sheet(sheet, store.officer or "")
    digest = hashlib.sha256(data).hexdigest()
    with fileio.stage(out, data) as staged:  # a full disk fails here: nothing recorded
        with store.transaction(reason=why) as s:
            audit.record(
                s,
                AuditOperation.DISCLOSURE,
                entity="results_sheet",
                reason=why,
                recipient=rs.RECIPIENT,
                details={
                    "format": rs.DISCLOSURE_FORMAT,
                    "file": out.name,
                    "sha256": digest,
                    "bytes": len(data),
                    "period": [period.start.isoformat(), period.end.isoformat()],
                    "rounded": True,
                    "tables": [t.key for t in sheet.tables],
                },
            )
        staged.publish()
    return IssuedSheet(sheet, out, digest)


__all__ = ["IssuedSheet", "check_out", "issue_sheet", "render_sheet"]
