"""The strategy's figures as a PDF: the tables of hcdesk.casework.figure_tables (the same the
dashboard shows beside its charts), with the period and team counted, on the report
groundwork of :mod:`hcdesk.export.base` (embedded fonts, marking on every page, tagged).

The figures are internal to the force: they count single cases and small numbers are not
suppressed, so every page says so. What leaves the force goes out as a partnership pack or a
public results sheet, under disclosure control (docs/partnership.md).

Output is ``bytes``; the caller writes them (hcdesk.fileio.atomic_write).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from hcdesk import __version__
from hcdesk.casework import figure_tables
from hcdesk.casework.figures import Figures, as_csv
from hcdesk.export import tagging
from hcdesk.export.base import (
    ACCENT,
    INK,
    MUTED,
    RULE,
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    TABLE_FONT,
    TINT,
    PageMeta,
    Part,
    ReportRenderer,
    rich,
)

MARKING = "OFFICIAL-SENSITIVE"
CAVEAT = "OFFICIAL-SENSITIVE, internal: not for publication (small numbers are not suppressed)"
TITLE = "Hate crime strategy figures"
BAND = "Internal figures: not for publication"


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {"fontName": SANS, "fontSize": 9.5, "leading": 13, "textColor": INK}
    base.update(kw)
    return ParagraphStyle(name, **base)


STYLES = {
    "title": _style("title", fontName=SANS_BOLD, fontSize=16, leading=20, textColor=ACCENT),
    "lead": _style("lead", fontSize=10.5, leading=15, spaceAfter=2),
    "caveat": _style("caveat", fontName=SANS_BOLD, fontSize=9.5, leading=13, spaceAfter=4),
    "h2": _style("h2", fontName=SANS_BOLD, fontSize=11, leading=15, textColor=ACCENT,
                 spaceBefore=8, spaceAfter=3),
    "th": _style("th", fontName=SANS_BOLD, fontSize=8.5, leading=11),
    "cell": _style("cell", fontSize=8.5, leading=11.5),
    "num": _style("num", fontSize=8.5, leading=11.5, alignment=TA_RIGHT),
    "th_num": _style("th_num", fontName=SANS_BOLD, fontSize=8.5, leading=11, alignment=TA_RIGHT),
    "note": _style("note", fontName=SANS_ITALIC, fontSize=8, leading=11, textColor=MUTED,
                   spaceBefore=2),
}  # fmt: skip


class _Para(Paragraph):
    """A paragraph drawn as one element of the PDF's structure tree (H1..H3 or P)."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        tag = tagging.TAGS_FOR_STYLES.get(self.style.name, "P")
        with tagging.marked(canvas, tag):
            super().drawOn(canvas, x, y, _sW)


def para(text: str, style: str) -> Paragraph:
    return _Para(rich(text), STYLES[style])


def table_artifacts(table: Table, event: str, *_: Any) -> None:
    """A table's fills and rules are furniture; its cells' paragraphs are the content."""
    if event in ("startBG", "startLines"):
        tagging.begin_artifact(table.canv)
    elif event in ("endBG", "endLines"):
        tagging.end_artifact(table.canv)


def grid_table(rows: list[list[Any]], widths: Sequence[float]) -> Table:
    """A table of the report's style: a tinted header row repeated on each page, thin rules."""
    grid = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", renderCB=table_artifacts)
    grid.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), TINT),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return grid


def aggregate_meta(
    title: str, marking: str, caveat: str, reference: str, generated_at: dt.datetime,
    content: bytes, author: str,
) -> PageMeta:
    """The page furniture of a PDF of aggregate figures: ``reference`` (the period and scope)
    in the header, and as the document id the first 16 hex digits of the SHA-256 of
    ``content`` (the same figures as CSV), so two PDFs of the same figures carry the same id."""
    return PageMeta(
        marking=marking,
        title=title,
        reference=reference,
        generated_at=generated_at,
        version=f"hcdesk {__version__}",
        document_id=hashlib.sha256(content).hexdigest()[:16],
        caveat=caveat,
        app_version=__version__,
        author=author,
        subject=f"{title}: {reference}",
        keywords=marking,
    )


class FiguresRenderer(ReportRenderer):
    def __init__(
        self, found: Figures, generated_at: dt.datetime | None = None, author: str = ""
    ) -> None:
        self.found = found
        self.generated_at = generated_at or dt.datetime.now(dt.UTC)
        self.author = author

    def meta(self) -> PageMeta:
        return aggregate_meta(
            TITLE, MARKING, CAVEAT, self.found.scope.describe(), self.generated_at,
            as_csv(self.found), self.author,
        )  # fmt: skip

    def parts(self) -> Sequence[Part]:
        f = self.found
        story: list[Flowable] = [
            para(TITLE, "title"),
            para(f"Counted for {f.scope.describe()}: {f.cases} case(s).", "lead"),
            para(CAVEAT, "caveat"),
        ]
        for table in figure_tables.all_tables(f):
            story += self._table(table)
        return [Part("main", BAND, restricted=False, page_label="Page", flowables=story)]

    def _table(self, table: figure_tables.FigureTable) -> list[Flowable]:
        width = self.content_width
        widths = [0.55 * width, 0.15 * width, 0.15 * width, 0.15 * width]
        if not table.shares:
            widths = [0.75 * width, 0.25 * width]
        header = [para(h, "th" if i == 0 else "th_num") for i, h in enumerate(table.header())]
        rows: list[list[Any]] = [header]
        for cells in table.cells():
            rows.append([para(c, "cell" if i == 0 else "num") for i, c in enumerate(cells)])
        if len(rows) == 1:
            rows.append([para(figure_tables.NONE_TO_COUNT, "cell"), *[""] * (len(widths) - 1)])
        grid = grid_table(rows, widths)
        head: list[Flowable] = [para(table.title, "h2"), grid]
        if table.note:
            head.append(para(table.note, "note"))
        if len(rows) <= 14:
            return [KeepTogether(head), Spacer(1, 2 * mm)]
        return [*head, Spacer(1, 2 * mm)]


def render_figures(
    found: Figures, generated_at: dt.datetime | None = None, author: str = ""
) -> bytes:
    """The figures PDF (every table, the period and team, the caveat on every page)."""
    return FiguresRenderer(found, generated_at, author).render()
