"""The Hate Incident Partnership meeting pack, issued: counted, protected, written as CSV or
PDF, logged and recorded as a disclosure to the partnership (docs/partnership.md, "The meeting
pack").

:func:`issue_pack` does the work in the order of hcdesk.export.service: the figures index
brought up to date, the pack made from one read (no write lock), the file rendered and staged
(written in full under a temporary name), then one short write transaction adds the pack to the
log (hcdesk.casework.partnership_pack) and records the DISCLOSURE audit event with the file's
SHA-256, and only after it commits is the file renamed into place. If anything fails, nothing is
logged and no file is left behind; a pack that cannot be shared safely
(:class:`~hcdesk.casework.disclosure_control.DisclosureError`) fails before any file is made.

The PDF uses the report groundwork of :mod:`hcdesk.export.base` and the paragraphs, styles and
table style of :mod:`hcdesk.export.figures_pdf` (tagged, marking on every page).
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

from hcdesk import fileio
from hcdesk.casework import disclosure_control as dc
from hcdesk.casework import partnership_pack as pp
from hcdesk.casework import workindex
from hcdesk.errors import HcdeskError, UsageError
from hcdesk.export.base import PageMeta, Part, ReportRenderer
from hcdesk.export.figures_pdf import aggregate_meta, grid_table, para
from hcdesk.models.enums import AuditOperation
from hcdesk.store import audit

if TYPE_CHECKING:
    from hcdesk.store.store import Store

CAVEAT = (
    f"{pp.MARKING}: aggregate figures for the partnership, under disclosure control. "
    "No person is named or can be picked out."
)
BAND = "Partnership pack: aggregate figures only"
WHY_HEADER = "Why not shown"
KEY_TITLE = "Key to the marks"
FORMATS = (".csv", ".pdf")


class PackRaced(HcdeskError):
    default_message = (
        "Another pack for this partnership was issued at the same moment; nothing was written "
        "or logged. Make the pack again (it is then protected against the other one)."
    )


class PackRenderer(ReportRenderer):
    def __init__(self, pack: pp.Pack, author: str = "") -> None:
        self.pack = pack
        self.author = author

    def meta(self) -> PageMeta:
        p = self.pack
        return aggregate_meta(
            pp.TITLE, pp.MARKING, CAVEAT, f"{p.partnership}, {p.describe_period()}",
            p.generated_at, pp.as_csv(p), self.author,
        )  # fmt: skip

    def parts(self) -> Sequence[Part]:
        p = self.pack
        story: list[Flowable] = [para(pp.TITLE, "title")]
        for name, value in pp.header_lines(p)[1:]:
            story.append(para(f"{name}: {value}", "lead"))
        story.append(para(CAVEAT, "caveat"))
        story.append(para(KEY_TITLE, "h2"))
        story.append(para(dc.HIDDEN_NOTE, "cell"))
        for reason in dc.Reason:
            story.append(para(f"{dc.HIDDEN_MARK} {dc.REASON_LABELS[reason]}.", "cell"))
        if p.rounded:
            story.append(para(dc.ROUNDING_NOTE, "cell"))
        story.append(Spacer(1, 2 * mm))
        for table in p.tables:
            story += self._table(table)
        return [Part("main", BAND, restricted=False, page_label="Page", flowables=story)]

    def _table(self, table: pp.PackTable) -> list[Flowable]:
        width = self.content_width
        widths = [0.45 * width, 0.13 * width, 0.42 * width]
        rows: list[list[Any]] = [[
            para(table.item_header, "th"), para(pp.CASES, "th_num"), para(WHY_HEADER, "th")
        ]]
        for row, _col, value, note in pp.published_values(table):
            rows.append([para(row, "cell"), para(value, "num"), para(note, "note")])
        head: list[Flowable] = [para(table.title, "h2"), grid_table(rows, widths)]
        if table.note:
            head.append(para(table.note, "note"))
        if len(rows) <= 14:
            return [KeepTogether(head), Spacer(1, 2 * mm)]
        return [*head, Spacer(1, 2 * mm)]


def render_pack(pack: pp.Pack, author: str = "") -> bytes:
    """The pack as a PDF: the period, partnership, generated date and marking, the key to the
    hidden marks, then every table."""
    return PackRenderer(pack, author).render()


@dataclass(frozen=True)
class IssuedPack:
    pack: pp.Pack
    pack_id: str
    path: Path
    sha256: str


def check_out(out: Path) -> str:
    """The file's kind (".csv" or ".pdf"); a UsageError for any other, or a folder."""
    kind = out.suffix.lower()
    if kind not in FORMATS:
        raise UsageError(f"{out.name}: write the pack to a .csv or a .pdf file.")
    if out.is_dir():
        raise UsageError(f"{out} is a directory; give a file name with --out.")
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.")
    return kind


def issue_pack(
    store: Store,
    partnership: str,
    period: dc.Period,
    out: Path,
    *,
    rounded: bool = False,
    reason: str | None = None,
    today: dt.date | None = None,
    generated_at: dt.datetime | None = None,
) -> IssuedPack:
    """Make the pack, write it to ``out`` (.csv or .pdf), log it and record the disclosure to
    the partnership; all of it or none of it."""
    kind = check_out(out)
    reason = (reason or "").strip() or pp.DEFAULT_REASON
    workindex.catch_up(store, today or dt.date.today())
    with store.engine_or_raise().connect() as conn:
        earlier = pp.logged_packs(conn, partnership)
        pack = pp.build_pack(
            conn, partnership, period, rounded=rounded, earlier=earlier,
            generated_at=generated_at,
        )
    data = render_pack(pack, store.officer or "") if kind == ".pdf" else pp.as_csv(pack)
    digest = hashlib.sha256(data).hexdigest()
    with fileio.stage(out, data) as staged:  # a full disk fails here: nothing logged
        with store.transaction(reason=reason) as s:
            now = [e.id for e in pp.logged_packs(s.connection(), partnership)]
            if now != [e.id for e in earlier]:
                raise PackRaced()
            pack_id = pp.log_pack(s, pack, file=out.name, sha256=digest)
            audit.record(
                s,
                AuditOperation.DISCLOSURE,
                entity="hip_pack",
                record_id=pack_id,
                reason=reason,
                recipient=pack.partnership,
                details={
                    "format": pp.DISCLOSURE_FORMAT,
                    "file": out.name,
                    "sha256": digest,
                    "bytes": len(data),
                    "period": [period.start.isoformat(), period.end.isoformat()],
                    "rounded": rounded,
                    "tables": [t.key for t in pack.tables],
                    "compared_with": [e.id for e in pack.compared_with],
                    "hidden_for_differencing": pack.hidden_for_differencing,
                },
            )
        staged.publish()
    return IssuedPack(pack, pack_id, out, digest)
