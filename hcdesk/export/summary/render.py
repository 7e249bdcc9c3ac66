"""The court-ready case summary PDF (DOMAIN.md (b)): CPS and FULL variants.

Input is a :class:`~hcdesk.export.summary.model.SummaryData` (plain data). The CPS variant has
two separately paginated parts: the disclosable summary and Annex A, the police/CPS-only
material, with a chequered band on every annex page. The FULL variant is one internal part
with everything in section order and police/CPS-only material labelled where it appears.
"""

from __future__ import annotations

import copy
import enum
import io
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import unescape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import HRFlowable

from hcdesk.export import tagging
from hcdesk.export.base import (
    ACCENT,
    INK,
    MUTED,
    RESTRICTED,
    RESTRICTED_TINT,
    RULE,
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    TABLE_FONT,
    TINT,
    PageMeta,
    Part,
    ReportRenderer,
    mostly_rtl,
    rich,
    visual_order,
)
from hcdesk.export.summary.model import (
    Banner,
    Cell,
    Item,
    KeyValues,
    Section,
    Signatures,
    SummaryData,
    SummaryVariant,
    Table,
    Text,
)

BANNER_EDGE = colors.HexColor("#8c2f39")
BANNER_TINT = colors.HexColor("#fbf5f5")


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": SANS,
        "fontSize": 9.5,
        "leading": 13.5,
        "textColor": INK,
        "shaping": 1,
        "splitLongWords": 1,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


STYLES = {
    "title": _style("title", fontName=SANS_BOLD, fontSize=16, leading=20, textColor=ACCENT),
    "subtitle": _style("subtitle", fontSize=9.5, leading=13, textColor=MUTED),
    "h1": _style(
        "h1",
        fontName=SANS_BOLD,
        fontSize=12,
        leading=16,
        textColor=ACCENT,
        spaceBefore=0,
        spaceAfter=0,
    ),
    "h2": _style(
        "h2",
        fontName=SANS_BOLD,
        fontSize=9.5,
        leading=13,
        textColor=INK,
        spaceBefore=7,
        spaceAfter=2,
    ),
    "body": _style("body", spaceAfter=4),
    "lead": _style("lead", fontSize=10.5, leading=15, spaceAfter=4),
    "note": _style(
        "note", fontName=SANS_ITALIC, fontSize=8.5, leading=12, textColor=MUTED, spaceAfter=4
    ),
    "empty": _style(
        "empty", fontName=SANS_ITALIC, fontSize=9.5, leading=13, textColor=MUTED, spaceAfter=4
    ),
    "label": _style("label", fontSize=8.5, leading=12, textColor=MUTED),
    "value": _style("value", fontSize=9.5, leading=13),
    "cell": _style("cell", fontSize=8.5, leading=11.5),
    "cell_rtl": _style("cell_rtl", fontSize=10, leading=15, alignment=TA_RIGHT),
    "verbatim": _style("verbatim", fontSize=9.5, leading=13),
    "sub": _style("sub", fontName=SANS_ITALIC, fontSize=8, leading=11, textColor=MUTED),
    "th": _style("th", fontName=SANS_BOLD, fontSize=8, leading=10.5, textColor=INK),
    "tag": _style(
        "tag",
        fontName=SANS_BOLD,
        fontSize=7.5,
        leading=10,
        textColor=RESTRICTED,
        spaceBefore=4,
        spaceAfter=2,
    ),
    "banner_head": _style(
        "banner_head", fontName=SANS_BOLD, fontSize=11, leading=14, textColor=colors.white
    ),
    "banner_label": _style(
        "banner_label", fontName=SANS_BOLD, fontSize=8.5, leading=12, textColor=BANNER_EDGE
    ),
    "banner_value": _style("banner_value", fontSize=9.5, leading=13.5),
    "legal_head": _style(
        "legal_head", fontName=SANS_BOLD, fontSize=7.5, leading=9.5, textColor=BANNER_EDGE
    ),
    "legal_note": _style("legal_note", fontSize=7.5, leading=9.4, spaceAfter=1.5),
    "sig_label": _style("sig_label", fontSize=8.5, leading=12, textColor=MUTED),
}

# Phrases the banner sets in bold so the court's duties stand out.
_EMPHASIS = (
    "must treat the hostility as an aggravating factor",
    "must state in open court",
    "state what the sentence would have been without the aggravation",
    "must be put on notice",
)

RESTRICTED_TAG = "POLICE/CPS ONLY - not for disclosure"
KEEP_LIMIT = 90 * mm  # content taller than this is split across pages, not moved whole


def _keep(flowables: list[Flowable]) -> KeepTogether:
    """KeepTogether without nesting: an inner KeepTogether would make the outer one think it
    can never fit, and reportlab then leaves a blank page."""
    flat: list[Flowable] = []
    for f in flowables:
        flat += list(f._content) if isinstance(f, KeepTogether) else [f]
    return KeepTogether(flat)


# Scripts whose letters change shape or order (Arabic, Hebrew, Indic...). Only paragraphs that
# hold them go through HarfBuzz: shaping every Latin word made a long summary several times slower.
_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\ufb1d-\ufdff\ufe70-\ufeff]")
# Right-to-left letters (Hebrew, Arabic and their presentation forms), as laid out.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_UNSHAPED: dict[int, ParagraphStyle] = {}


def _written(markup: str) -> str:
    """The text as written that :func:`~hcdesk.export.base.rich` made ``markup`` from."""
    text = re.sub(r"<(?!br/>)[^>]*>", "", markup).replace("<br/>", "\n")
    return unescape(text).replace("\u200a", "")


_TAGS = {
    name: tag
    for style, tag in tagging.TAGS_FOR_STYLES.items()
    for name in (style, f"{style}-unshaped")
}


class _Para(Paragraph):
    """A Paragraph that remembers its layout for a width: reportlab's tables measure each cell
    several times (sizing rows, then again for every page a long table splits across).

    It is drawn as one element of the PDF's structure tree (a heading or a paragraph)."""

    _memo: tuple[float, tuple[Any, ...]] | None = None
    _text: str | None = None  # the text as written, before reportlab shapes and lays it out
    _rtl_text: bool | None = None  # holds right-to-left text (None: not yet known)

    def __init__(self, text: Any, style: ParagraphStyle, *args: Any, **kw: Any) -> None:
        super().__init__(text, style, *args, **kw)
        if isinstance(text, str):  # (a part split off across a page is given glyphs)
            self._rtl_text = bool(_RTL.search(text))
            if self._rtl_text:
                self._text = _written(text)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        laid_out: Any = getattr(self, "blPara", None)
        if self._rtl_text is None:
            self._rtl_text = getattr(laid_out, "kind", 0) == 1 and any(
                _RTL.search(str(getattr(f, "text", ""))) for ln in laid_out.lines for f in ln.words
            )
        if self._rtl_text and getattr(laid_out, "kind", 0) == 1:
            # Right-to-left runs are drawn right to left (reportlab would draw their words in
            # the order written); the layout itself is kept for the next wrap.
            rtl = mostly_rtl(
                self._text or " ".join(str(getattr(f, "text", "")) for f in laid_out.lines[0].words)
            )
            visual = copy.copy(laid_out)
            visual.lines = [copy.copy(line) for line in laid_out.lines]
            for line in visual.lines:
                line.words = visual_order(line.words, rtl)
            self.blPara = visual
        opened = tagging.begin(canvas, _TAGS.get(self.style.name, "P"), self._text)
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            tagging.end(canvas, opened)
            self.blPara = laid_out

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self._memo
        if memo is not None and memo[0] == availWidth:
            self.width, self.height, self.blPara = memo[1]
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, (self.width, self.height, self.blPara))
        return size


def _P(markup: str, style: ParagraphStyle) -> Paragraph:
    if _COMPLEX.search(markup):
        return _Para(markup, style)
    plain = _UNSHAPED.get(id(style))
    if plain is None:
        plain = _UNSHAPED[id(style)] = ParagraphStyle(
            f"{style.name}-unshaped", parent=style, shaping=0
        )
    return _Para(markup, plain)


def _para(text: str, style: str = "body") -> Paragraph:
    return _P(rich(text), STYLES[style])


def _artifacts(table: RLTable, event: str, *_: Any) -> None:
    """A table's fills and rules are furniture; its cells' paragraphs are the content."""
    if event in ("startBG", "startLines"):
        tagging.begin_artifact(table.canv)
    elif event in ("endBG", "endLines"):
        tagging.end_artifact(table.canv)


def _Table(rows: Any, **kw: Any) -> RLTable:
    return RLTable(rows, renderCB=_artifacts, **kw)


def _Style(commands: list[Any]) -> TableStyle:
    return TableStyle([TABLE_FONT, *commands])


class _Rule(HRFlowable):
    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with tagging.artifact(canvas):
            super().drawOn(canvas, x, y, _sW)


class SummaryPart(enum.StrEnum):
    """What one summary file holds. A CPS summary is two files: the disclosable summary, which
    may be served on the defence, and the police/CPS-only annex. A FULL summary is one file."""

    DISCLOSABLE = "disclosable"
    ANNEX = "annex"
    FULL = "full"


# What each file is, for people (the command line and the export dialog say it).
PART_LABELS = {
    SummaryPart.DISCLOSABLE: "the disclosable summary (may be served on the defence)",
    SummaryPart.ANNEX: "the police/CPS-only annex (not for disclosure)",
    SummaryPart.FULL: "the full internal version (not for disclosure)",
}
PART_SUBJECTS = {
    SummaryPart.DISCLOSABLE: "Hate crime case summary - disclosable part",
    SummaryPart.ANNEX: "Hate crime case summary - police/CPS-only annex",
    SummaryPart.FULL: "Hate crime case summary - full internal version",
}
# The page template of each part (also what each page's furniture says it is).
_PART_KEYS = {SummaryPart.DISCLOSABLE: "main", SummaryPart.ANNEX: "annex", SummaryPart.FULL: "full"}


def parts_of(variant: SummaryVariant) -> tuple[SummaryPart, ...]:
    """The files a summary of ``variant`` is made of, in order."""
    if variant is SummaryVariant.FULL:
        return (SummaryPart.FULL,)
    return (SummaryPart.DISCLOSABLE, SummaryPart.ANNEX)


class SummaryRenderer(ReportRenderer):
    """Lays out a :class:`SummaryData`; ``render()`` returns the PDF bytes.

    ``part``: only that part, as a file of its own (nothing of the other part is laid out, so
    no byte of it can be in the file). None: every part of the variant, one after the other.
    """

    def __init__(self, data: SummaryData, part: SummaryPart | None = None) -> None:
        self.data = data
        if part is not None and part not in parts_of(data.variant):
            raise ValueError(f"a {data.variant.value} summary has no {part.value} part")
        self.part = part

    def meta(self) -> PageMeta:
        d = self.data
        subject = PART_SUBJECTS[self.part] if self.part else d.title
        return PageMeta(
            marking=d.marking_label,
            title=d.title,
            reference=d.reference_label,
            generated_at=d.generated_at,
            version=d.version_label,
            document_id=d.export_id,
            caveat=d.caveat,
            app_version=d.version,
            author=d.generated_by,
            subject=subject,
            keywords=f"{d.marking_label}, {d.reference_label}, hate crime, court summary",
        )

    def parts(self) -> Sequence[Part]:
        d = self.data
        if d.variant is SummaryVariant.FULL:
            return [
                Part(
                    "full",
                    d.part_bands["full"],
                    True,
                    "Page",
                    self._main_story(),
                )
            ]
        wanted = {_PART_KEYS[self.part]} if self.part else {"main", "annex"}
        parts: list[Part] = []
        if "main" in wanted:
            parts.append(
                Part(
                    "main",
                    d.part_bands["main"],
                    False,
                    "Page",
                    self._main_story(),
                )
            )
        if "annex" in wanted:
            parts.append(
                Part(
                    "annex",
                    d.part_bands["annex"],
                    True,
                    "Annex A - Page",
                    self._annex_story(),
                )
            )
        return parts

    # -- stories ---------------------------------------------------------------------------------
    def _title(self, subtitle: str) -> list[Flowable]:
        d = self.data
        return [
            _P(rich(d.title), STYLES["title"]),
            _P(rich(f"{d.reference_label}  |  {subtitle}"), STYLES["subtitle"]),
            Spacer(1, 1 * mm),
        ]

    def _main_story(self) -> list[Flowable]:
        d = self.data
        story = self._title(d.subtitle)
        first, *others = d.sections
        story += self._first_page(first, story)
        for sec in others:
            story += self._section(sec)
        return story

    def _first_page(self, sec: Section, title: list[Flowable]) -> list[Flowable]:
        """Section 1 and the banner, arranged so that the whole banner is on page 1.

        Section 1's police/CPS-only details (FULL variant) follow the banner. If the people
        table would still push the banner over, it follows the banner too, as "continued".
        """
        d = self.data
        shown = [b for b in sec.blocks if not b.restricted]
        hidden = [b for b in sec.blocks if b.restricted]
        banner = self._banner(d.banner)
        head = self._section(Section(sec.number, sec.title, shown))
        if self._height([*title, *head, *banner]) > self.frame_height:
            later = [b for b in shown if isinstance(b, Table)]
            shown = [b for b in shown if not isinstance(b, Table)]
            hidden = later + hidden
            head = self._section(Section(sec.number, sec.title, shown))
        out = head + banner
        if hidden:
            what = "contact details" if all(b.restricted for b in hidden) else "people"
            out += self._section(Section("1", f"{sec.title} (continued): {what}", hidden))
        return out

    def _height(self, flowables: list[Flowable]) -> float:
        """The height the flowables take on a page (measured on a scratch canvas)."""
        canvas = Canvas(io.BytesIO())
        total = 0.0
        for f in flowables:
            if isinstance(f, CondPageBreak):
                continue
            if isinstance(f, KeepTogether):  # its own wrap() answers "does it fit", not height
                total += self._height(list(f._content))
                continue
            _w, h = f.wrapOn(canvas, self.content_width, self.frame_height)
            total += h + f.getSpaceBefore() + f.getSpaceAfter()
        return total

    def _annex_story(self) -> list[Flowable]:
        d = self.data
        story = [
            _P(rich("Annex A: police/CPS-only material"), STYLES["title"]),
            _P(
                rich(f"{d.reference_label}  |  Not for disclosure to the defence"),
                STYLES["subtitle"],
            ),
            Spacer(1, 3 * mm),
            _para(
                "This annex holds what the case file classes as police/CPS only: victim and "
                "witness contact details, the victim's wishes (unless the victim and the OIC "
                "agreed to disclose them), partner information, the Victims' Code log and other "
                "sensitive material. Handle it as sensitive material (MG6 series). Section "
                "numbers match the summary: A9 belongs to section 9.",
                "note",
            ),
            Spacer(1, 2 * mm),
        ]
        if not d.annex:
            story.append(_para("Nothing in this case is classed police/CPS only.", "empty"))
        for sec in d.annex:
            story += self._section(sec)
        return story

    # -- pieces ----------------------------------------------------------------------------------
    def _heading(self, sec: Section) -> list[Flowable]:
        title = f"{sec.number}   {sec.title}"
        flow: list[Flowable] = [
            CondPageBreak(30 * mm),
            Spacer(1, 6 * mm),
            _P(rich(title), STYLES["h1"]),
            _Rule(width="100%", thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=4),
        ]
        if sec.restricted and self.data.variant is SummaryVariant.FULL:
            flow.append(_P(rich(RESTRICTED_TAG), STYLES["tag"]))
        return flow

    def _section(self, sec: Section) -> list[Flowable]:
        heading = self._heading(sec)
        body: list[Flowable] = []
        tag_blocks = self.data.variant is SummaryVariant.FULL and not sec.restricted
        for block in sec.blocks:
            if tag_blocks and block.restricted:
                body.append(_P(rich(RESTRICTED_TAG), STYLES["tag"]))
            if isinstance(block, Text):
                style = {"subhead": "h2"}.get(block.style, block.style)
                body.append(_para(block.text, style if style in STYLES else "body"))
            elif isinstance(block, KeyValues):
                body += self._key_values(block, tag_items=tag_blocks and not block.restricted)
            elif isinstance(block, Table):
                body += self._table(block)
            elif isinstance(block, Signatures):
                body += self._signatures(block)
        groups = self._groups(body)
        if not groups:
            return heading
        # the heading never sits alone at the foot of a page: it keeps its first group
        first = heading[2:] + groups[0]
        if len(groups[0]) == 1 and isinstance(groups[0][0], Paragraph) and len(groups) > 1:
            first += groups.pop(1)  # a short note: keep what it introduces too
        out: list[Flowable] = []
        if self._height(first) > KEEP_LIMIT:
            # too long to move whole (a long schedule): start it where a good part fits
            out += [CondPageBreak(60 * mm), heading[1], *first]
        else:
            out += [*heading[:2], _keep(first)]
        for group in groups[1:]:
            if len(group) == 1:
                out.append(group[0])
            elif self._height(group) > KEEP_LIMIT:
                out += [CondPageBreak(45 * mm), *group]
            else:
                out.append(_keep(group))
        return out

    @staticmethod
    def _groups(body: list[Flowable]) -> list[list[Flowable]]:
        """Flowables in groups: a subheading (or restricted tag) with what it introduces."""
        out: list[list[Flowable]] = []
        group: list[Flowable] = []
        for f in body:
            group.append(f)
            if isinstance(f, Paragraph) and f.style.name in ("h2", "tag"):
                continue
            out.append(group)
            group = []
        if group:
            out.append(group)
        return out

    def _key_values(self, block: KeyValues, *, tag_items: bool) -> list[Flowable]:
        out: list[Flowable] = []
        if block.title:
            out.append(_para(block.title, "h2"))
        if not block.items:
            return out
        width = self.content_width
        short = all(len(i.value) <= 42 and "\n" not in i.value for i in block.items)
        rows: list[list[Flowable | str]] = []

        def value(it: Item) -> Paragraph:
            text = rich(it.value)
            if tag_items and it.restricted:
                text += f' <font color="#7a1f2b" size="7.5"><b>[{RESTRICTED_TAG}]</b></font>'
            return _P(text, STYLES["value"])

        if short and len(block.items) >= 6:
            items = block.items
            half = (len(items) + 1) // 2
            for left, right in zip(items[:half], [*items[half:], None], strict=False):
                row: list[Flowable | str] = [_para(left.label, "label"), value(left)]
                row += [_para(right.label, "label"), value(right)] if right else ["", ""]
                rows.append(row)
            widths = [w * width for w in (0.17, 0.33, 0.17, 0.33)]
        else:
            rows = [[_para(i.label, "label"), value(i)] for i in block.items]
            widths = [0.3 * width, 0.7 * width]
        table = _Table(rows, colWidths=widths, hAlign="LEFT", splitInRow=1)
        table.setStyle(
            _Style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ]
            )
        )
        out += [table, Spacer(1, 3 * mm)]
        return out

    def _cell(self, cell: Cell) -> list[Flowable]:
        flow: list[Flowable] = []
        if cell.verbatim and mostly_rtl(cell.text):
            flow.append(_P(rich(cell.text), STYLES["cell_rtl"]))
        elif cell.verbatim:
            flow.append(_P(rich(cell.text), STYLES["verbatim"]))
        else:
            flow.append(_P(rich(cell.text), STYLES["cell"]))
        if cell.sub:
            flow.append(_P(rich(cell.sub), STYLES["sub"]))
        return flow

    def _table(self, block: Table) -> list[Flowable]:
        out: list[Flowable] = []
        if block.title:
            out.append(_para(block.title, "h2"))
        total = sum(block.widths)
        widths = [self.content_width * w / total for w in block.widths]
        data: list[list[object]] = [[_P(rich(h), STYLES["th"]) for h in block.header]]
        data += [[self._cell(c) for c in row] for row in block.rows]
        header_fill = RESTRICTED_TINT if block.restricted else TINT
        table = _Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
        table.setStyle(
            _Style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), header_fill),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
                ]
            )
        )
        out += [table, Spacer(1, 3 * mm)]
        return out

    def _signatures(self, block: Signatures) -> list[Flowable]:
        out: list[Flowable] = []
        w = self.content_width
        for role, name, declaration in block.rows:
            rows = [
                [_para(role, "h2"), ""],
                [_para(declaration, "body"), ""],
                [
                    _para(f"Name: {name or '....................................'}", "value"),
                    _para("Date: ..............................", "value"),
                ],
                [
                    _para(
                        "Signed: ............................................................",
                        "value",
                    ),
                    "",
                ],
            ]
            t = _Table(rows, colWidths=[0.62 * w, 0.38 * w], hAlign="LEFT", splitByRow=0)
            t.setStyle(
                _Style(
                    [
                        ("SPAN", (0, 0), (-1, 0)),
                        ("SPAN", (0, 1), (-1, 1)),
                        ("SPAN", (0, 3), (-1, 3)),
                        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8),
                        ("TOPPADDING", (0, 0), (-1, -1), 3),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                    ]
                )
            )
            out += [t, Spacer(1, 4 * mm)]
        return out

    def _legal_notes(self, statements: list[str], width: float) -> RLTable:
        """The banner's statements of law (v)-(vii), whole, in a compact box of small type."""
        paras: list[Flowable] = [_P(rich("Legal notes"), STYLES["legal_head"])]
        for text in statements:
            markup = rich(text)
            for phrase in _EMPHASIS:
                markup = markup.replace(phrase, f"<b>{phrase}</b>")
            paras.append(_P(markup, STYLES["legal_note"]))
        box = _Table([[paras]], colWidths=[width], hAlign="LEFT")
        box.setStyle(
            _Style(
                [
                    ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#d8b9bd")),
                    ("BACKGROUND", (0, 0), (-1, -1), colors.white),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return box

    def _banner(self, banner: Banner) -> list[Flowable]:
        w = self.content_width
        rows: list[list[object]] = [[_P(rich(banner.heading.upper()), STYLES["banner_head"]), ""]]
        styles: list[tuple[object, ...]] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), BANNER_EDGE),
            ("BACKGROUND", (0, 1), (-1, -1), BANNER_TINT),
            ("BOX", (0, 0), (-1, -1), 1.2, BANNER_EDGE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, 0), 6),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
        ]
        if banner.warning:
            rows.append([_P(rich(banner.warning, bold=True), STYLES["banner_value"]), ""])
            styles.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        for it in banner.items:
            paras = [
                _P(rich(line), STYLES["banner_value"])
                for line in it.value.split("\n")
                if line.strip()
            ]
            rows.append([_P(rich(it.label), STYLES["banner_label"]), paras])
            styles.append(
                (
                    "LINEBELOW",
                    (0, len(rows) - 1),
                    (-1, len(rows) - 1),
                    0.25,
                    colors.HexColor("#e6d3d5"),
                )
            )
        if banner.statements:
            rows.append([self._legal_notes(banner.statements, w - 16), ""])
            last = len(rows) - 1
            styles += [
                ("SPAN", (0, last), (-1, last)),
                ("TOPPADDING", (0, last), (-1, last), 6),
                ("BOTTOMPADDING", (0, last), (-1, last), 7),
            ]
        table = _Table(rows, colWidths=[0.25 * w, 0.75 * w], hAlign="LEFT")
        table.setStyle(_Style(styles))
        return [Spacer(1, 4 * mm), _keep([table]), Spacer(1, 2 * mm)]


def render_summary(data: SummaryData, part: SummaryPart | None = None) -> bytes:
    """The summary PDF as bytes: one ``part`` as a file of its own, or (None) every part of
    the variant in one file (previews, the benchmark)."""
    return SummaryRenderer(data, part).render()
