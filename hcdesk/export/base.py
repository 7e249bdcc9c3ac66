"""The reportlab groundwork every hcdesk report stands on.

* Fonts are embedded from ``resources/fonts`` (see the README there): Noto Sans for Latin
  (Polish and Romanian diacritics included), Greek and Cyrillic; Noto Naskh Arabic for Arabic
  and Urdu, shaped and ordered right to left by HarfBuzz (reportlab 5.1 with ``uharfbuzz``:
  fonts registered ``shapable=True``, paragraph styles ``shaping=1``); Droid Sans Fallback for
  Chinese, Japanese and Korean. :func:`rich` turns plain text into paragraph markup that gives
  each run of characters a font that has them.
* :class:`ReportRenderer` lays out one or more *parts*, each paginated on its own ("Page 2 of 5",
  then "Annex A - Page 1 of 3"), with the protective marking, the reference, the generated time,
  the hcdesk version and a band saying what kind of page it is on every page. Restricted parts
  get a chequered band, as Home Office case-file forms do for non-disclosable material.
* Every font on every page is an embedded TrueType subset: no text is set in a standard font
  (reportlab tables set Helvetica for cells unless told otherwise, see :data:`TABLE_FONT`).
* The PDF is tagged (:mod:`hcdesk.export.tagging`): paragraphs are marked content in a
  structure tree, page furniture is an artifact, and its metadata (dates, title, author,
  subject, keywords) is real.
* Output is ``bytes``; nothing is written to disk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate
from reportlab.platypus.flowables import PageBreak

from hcdesk.errors import HcdeskError
from hcdesk.export import tagging

# -- fonts -------------------------------------------------------------------------------------

SANS = "HC-Sans"
SANS_BOLD = "HC-Sans-Bold"
SANS_ITALIC = "HC-Sans-Italic"
ARABIC = "HC-Naskh"
ARABIC_BOLD = "HC-Naskh-Bold"
CJK = "HC-CJK"

FONT_FILES: dict[str, str] = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    SANS_ITALIC: "NotoSans-Italic.ttf",
    ARABIC: "NotoNaskhArabic-Regular.ttf",
    ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}
# The order in which fonts are tried for a character none of the earlier ones has.
FALLBACK_ORDER = (SANS, ARABIC, CJK)


class FontsMissing(HcdeskError):
    default_message = "The PDF fonts are missing; reinstall hcdesk."


def font_dir() -> Path:
    """``resources/fonts``: ``$HCDESK_RESOURCES/fonts``, beside a frozen app, or in the source."""
    env = os.environ.get("HCDESK_RESOURCES")
    if env:
        return Path(env) / "fonts"
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources" / "fonts"
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


@cache
def register_fonts() -> None:
    """Register the embedded fonts with reportlab once per process."""
    folder = font_dir()
    missing = [name for name in FONT_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FontsMissing(
            f"The PDF fonts are missing from {folder} ({', '.join(missing)}); reinstall hcdesk."
        )
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename), shapable=True))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD
    )
    pdfmetrics.registerFontFamily(
        ARABIC, normal=ARABIC, bold=ARABIC_BOLD, italic=ARABIC, boldItalic=ARABIC_BOLD
    )
    pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)


@cache
def _cmap(font: str) -> frozenset[int]:
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)


def font_for(ch: str) -> str:
    """The first font in :data:`FALLBACK_ORDER` that has ``ch`` (the body font if none has)."""
    code = ord(ch)
    for font in FALLBACK_ORDER:
        if code in _cmap(font):
            return font
    return SANS


def _is_strong(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def font_runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ``(font, run)`` pairs so that every character has a glyph.

    Letters take the first font that has them; marks, digits and punctuation stay in the font
    of the run they sit in when that font has them. Whitespace goes with the body font.
    Reportlab shapes each space-separated word with one font, so where a word changes font
    part-way (``(ثناء`` in a name) a hair space is put between the parts: it prints as a
    narrow gap and keeps every glyph correct.
    """
    if FALLBACK_ORDER[0] == SANS and set(map(ord, text)) <= _cmap(SANS):
        return [(SANS, text)] if text else []  # the common case: the body font has it all
    chars: list[tuple[str, str]] = []
    current = SANS
    for i, ch in enumerate(text):
        if ch.isspace():
            chars.append((SANS, ch))
            continue
        code = ord(ch)
        if _is_strong(ch) and unicodedata.category(ch)[0] == "L":
            font = font_for(ch)
        elif code in _cmap(current):
            font = current
        else:
            nxt = next((c for c in text[i + 1 :] if _is_strong(c)), None)
            nfont = font_for(nxt) if nxt else SANS
            font = nfont if code in _cmap(nfont) else font_for(ch)
        chars.append((font, ch))
        current = font
    # Spaces between two words in the same font belong to that font, so a run stays whole.
    before: list[str | None] = []
    last: str | None = None
    for font, ch in chars:
        before.append(last)
        if not ch.isspace():
            last = font
    last = None
    for i in range(len(chars) - 1, -1, -1):
        font, ch = chars[i]
        if ch.isspace():
            if ch != "\n" and last is not None and before[i] == last and ord(ch) in _cmap(last):
                chars[i] = (last, ch)
        else:
            last = font
    runs: list[tuple[str, str]] = []
    prev: tuple[str, str] | None = None
    for font, ch in chars:
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            # a font change inside a word: separate the parts (see above)
            if prev is not None and not prev[1].isspace() and not ch.isspace():
                runs.append((SANS, "\u200a"))
            runs.append((font, ch))
        prev = (font, ch)
    return runs


def rich(text: str | None, *, bold: bool = False, italic: bool = False) -> str:
    """Paragraph markup for plain ``text``: escaped, line breaks kept, fonts chosen per run."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for font, run in font_runs(text):
        body = escape(run).replace("\n", "<br/>")
        out.append(body if font == SANS else f'<font name="{font}">{body}</font>')
    markup = "".join(out)
    if italic:
        markup = f"<i>{markup}</i>"
    if bold:
        markup = f"<b>{markup}</b>"
    return markup


_RTL_BIDI = {"R", "AL"}


def mostly_rtl(text: str) -> bool:
    """Whether most letters in ``text`` are right-to-left (Arabic, Urdu, Hebrew...)."""
    strong = [unicodedata.bidirectional(c) for c in text if unicodedata.category(c)[0] == "L"]
    if not strong:
        return False
    return sum(1 for b in strong if b in _RTL_BIDI) * 2 > len(strong)


def _direction(text: str) -> str:
    """ "R" if ``text`` has a right-to-left letter, "L" if a left-to-right one, else "N"."""
    kinds = {unicodedata.bidirectional(c) for c in text}
    if kinds & _RTL_BIDI:
        return "R"
    return "L" if "L" in kinds else "N"


def _reverse_words(text: Any) -> Any:
    """``text`` (a str, or reportlab's shaped str) with its space-separated words in reverse
    order; spaces before the first and after the last word stay where they are. Each word's
    glyphs are kept as they are (HarfBuzz has already put them right to left)."""
    plain = str(text)
    spans = [m.span() for m in re.finditer(r"[^ ]+", plain)]
    if len(spans) < 2:
        return text
    pieces = [text[a:b] for a, b in spans]
    gaps = [text[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1)]
    out = text[: spans[0][0]]
    for i, piece in enumerate(reversed(pieces)):
        out = out + piece
        if i < len(gaps):
            out = out + gaps[-1 - i]
    return out + text[spans[-1][1] :]


_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def _reverse_neutral(text: Any) -> Any:
    """Punctuation and spaces inside a right-to-left run, as drawn: in reverse order, brackets
    mirrored (UAX #9 L4), runs of digits kept as written."""
    if not isinstance(text, str) or type(text) is not str:
        return text  # shaped glyphs: their order is HarfBuzz's
    pieces = re.findall(r"\d+(?:[.,:]\d+)*|.", text, re.S)
    return "".join(reversed(pieces)).translate(_MIRROR)


def visual_order(frags: Sequence[Any], rtl: bool) -> list[Any]:
    """One laid-out line's fragments in drawing order, left to right.

    Reportlab (without its optional ``rlbidi``) draws a line's words in the order they were
    written, so a right-to-left run would read backwards. This applies the Unicode
    bidirectional algorithm's reordering (UAX #9, rules N1-N2 and L2) at the level of the
    line's fragments and words: a fragment with right-to-left letters is a right-to-left run,
    a fragment with only digits, spaces or punctuation takes the direction of the runs around
    it (or the paragraph's, ``rtl``), every right-to-left run is reversed, word by word, and
    brackets in it are mirrored (L4). Fragments are copied, never changed in place.
    """
    kinds = [_direction(getattr(f, "text", "") or "") for f in frags]
    if "R" not in kinds:
        return list(frags)
    base = "R" if rtl else "L"
    strong = [k if k != "N" else None for k in kinds]
    resolved: list[str] = []
    for i, kind in enumerate(kinds):
        if kind != "N":
            resolved.append(kind)
            continue
        before = next((k for k in reversed(strong[:i]) if k), base)
        after = next((k for k in strong[i + 1 :] if k), base)
        resolved.append(before if before == after else base)
    levels = [(1 if k == "R" else 0) if not rtl else (1 if k == "R" else 2) for k in resolved]
    order = list(range(len(frags)))
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    out = []
    for i in order:
        f = frags[i]
        if kinds[i] == "R" and hasattr(f, "clone"):
            f = f.clone(text=_reverse_words(f.text))
        elif kinds[i] == "N" and levels[i] % 2 and hasattr(f, "clone"):
            f = f.clone(text=_reverse_neutral(f.text))
        out.append(f)
    return out


# -- page furniture ----------------------------------------------------------------------------

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#5b6470")
RULE = colors.HexColor("#c9ced6")
TINT = colors.HexColor("#f3f5f8")
ACCENT = colors.HexColor("#1d3d5c")
RESTRICTED = colors.HexColor("#7a1f2b")
RESTRICTED_TINT = colors.HexColor("#f7eeef")
CHEQUER = colors.HexColor("#d9c3c6")

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
TOP = 30 * mm  # marking, title line and band
BOTTOM = 22 * mm


# Reportlab tables set every cell in Helvetica unless a style names a font; a table style that
# starts with this command sets nothing in a font that is not embedded.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), SANS)


@dataclass(frozen=True)
class PageMeta:
    """What goes on every page, whatever the report, and in the PDF's document information."""

    marking: str  # e.g. "OFFICIAL-SENSITIVE"
    title: str  # e.g. "Hate crime case summary"
    reference: str  # e.g. "URN 23WK1710025"
    generated_at: dt.datetime  # also the PDF's creation and modification date
    version: str  # as printed in the header, e.g. "Version 3 (hcdesk 0.1.0)"
    document_id: str  # the export id, also in the audit trail
    caveat: str  # handling caveat under the marking
    app_version: str  # hcdesk version: the footer and the PDF's producer
    author: str = ""  # who generated it
    subject: str = ""  # what this file is, e.g. "... - disclosable part"
    keywords: str = ""  # e.g. the protective marking
    lang: str = "en-GB"


@dataclass
class Part:
    """A separately paginated run of pages with its own band."""

    key: str  # page template id, e.g. "main", "annex"
    band: str  # the text in the band under the header
    restricted: bool  # chequered band and edge strip when True
    page_label: str  # "Page" or "Annex A - Page"
    flowables: list[Flowable] = field(default_factory=list)


class _NumberedCanvas(Canvas):
    """Defers page furniture until the end, so each page can say "Page X of Y" for its part."""

    def __init__(self, *args: Any, renderer: ReportRenderer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._renderer = renderer
        self._pages: list[dict[str, Any]] = []
        self.hc_part = ""
        self.hc_tags = tagging.PageTags()
        meta = renderer._meta
        # The dates are the summary's own (invariant mode would say 1 January 2000); the
        # document ID stays a digest of the content, so equal inputs give equal bytes.
        self._doc._timeStamp = tagging.Stamp(meta.generated_at)
        self._doc.Catalog.Lang = tagging.pdf_string(meta.lang)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()
        self.hc_tags = tagging.PageTags()

    def save(self) -> None:
        totals: dict[str, int] = {}
        for state in self._pages:
            totals[state["hc_part"]] = totals.get(state["hc_part"], 0) + 1
        seen: dict[str, int] = {}
        pages: list[tagging.PageTags] = []
        for state in self._pages:
            self.__dict__.update(state)
            part = self.hc_part
            seen[part] = seen.get(part, 0) + 1
            with tagging.artifact(self):
                self._renderer.draw_furniture(self, part, seen[part], totals[part])
            pages.append(self.hc_tags)
            super().showPage()
            tagging.mark_page(self._doc, len(pages) - 1)
        tagging.add_structure(self._doc, pages)
        super().save()


class _PartMarker(Flowable):
    """Zero-size flowable that tells the canvas which part the page belongs to."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.width = self.height = 0

    def wrap(self, *_: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.hc_part = self.key


_GC_LOCK = threading.Lock()
_gc_holds = 0  # renders running now
_gc_was_enabled = True  # the collector's state before the first of them began


@contextlib.contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Lay out without the cyclic garbage collector: a long report is a large graph of live
    flowables that every collection walks again (a third of a 50-page render was spent there).
    The collector is put back as it was when the last render running at the time ends."""
    global _gc_holds, _gc_was_enabled
    with _GC_LOCK:
        if _gc_holds == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holds += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_holds -= 1
            if _gc_holds == 0 and _gc_was_enabled:
                gc.enable()


class ReportRenderer:
    """Base class: subclasses give :meth:`meta` and :meth:`parts`; :meth:`render` gives bytes."""

    def meta(self) -> PageMeta:
        raise NotImplementedError

    def parts(self) -> Sequence[Part]:
        raise NotImplementedError

    # -- layout --------------------------------------------------------------------------------
    def render(self) -> bytes:
        with _no_gc_pauses():
            return self._render()

    def _render(self) -> bytes:
        register_fonts()
        meta = self.meta()
        parts = list(self.parts())
        if not parts:
            raise ValueError("a report needs at least one part")
        self._meta = meta
        self._by_key = {p.key: p for p in parts}
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=f"{meta.title} - {meta.reference}",
            author=meta.author or "hcdesk",
            subject=meta.subject or meta.title,
            keywords=meta.keywords or meta.marking,
            creator=f"hcdesk {meta.app_version}",
            producer=f"hcdesk {meta.app_version}",
            invariant=True,
            initialFontName=SANS,
        )
        frame_w = PAGE_W - 2 * MARGIN_X
        templates = []
        for part in parts:
            frame = Frame(
                MARGIN_X,
                BOTTOM,
                frame_w,
                PAGE_H - TOP - BOTTOM,
                id=f"{part.key}-frame",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            templates.append(
                PageTemplate(id=part.key, frames=[frame], onPage=self._mark_part(part.key))
            )
        doc.addPageTemplates(templates)
        story: list[Flowable] = []
        for i, part in enumerate(parts):
            if i:
                story += [NextPageTemplate(part.key), PageBreak()]
            story.append(_PartMarker(part.key))
            story += part.flowables
        canvasmaker: Callable[..., Canvas] = lambda *a, **k: _NumberedCanvas(  # noqa: E731
            *a, renderer=self, **k
        )
        doc.build(story, canvasmaker=canvasmaker)
        return buffer.getvalue()

    @staticmethod
    def _mark_part(key: str) -> Callable[[Canvas, Any], None]:
        def on_page(canvas: Canvas, _doc: Any) -> None:
            canvas.hc_part = key

        return on_page

    @property
    def content_width(self) -> float:
        return PAGE_W - 2 * MARGIN_X

    @property
    def frame_height(self) -> float:
        return PAGE_H - TOP - BOTTOM

    def draw_furniture(self, c: Canvas, part_key: str, page: int, total: int) -> None:
        """Marking, title line, band, footer; drawn once the page count is known."""
        meta = self._meta
        part = self._by_key[part_key]
        left, right = MARGIN_X, PAGE_W - MARGIN_X
        c.saveState()
        # Protective marking, top and bottom centre (as the GSC asks).
        c.setFillColor(INK)
        c.setFont(SANS_BOLD, 10)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 10 * mm, meta.marking)
        c.drawCentredString(PAGE_W / 2, 8 * mm, meta.marking)
        # Title line: what and which case on the left, the page number on the right.
        c.setFont(SANS_BOLD, 8.5)
        c.drawString(left, PAGE_H - 16 * mm, meta.title)
        c.setFont(SANS, 8.5)
        c.drawString(
            left + c.stringWidth(meta.title, SANS_BOLD, 8.5) + 6,
            PAGE_H - 16 * mm,
            f"{meta.reference}  |  {meta.version}",
        )
        c.setFont(SANS_BOLD, 8.5)
        c.drawRightString(right, PAGE_H - 16 * mm, f"{part.page_label} {page} of {total}")
        # The band: what kind of page this is.
        band_y, band_h = PAGE_H - 24 * mm, 6 * mm
        if part.restricted:
            self._chequer(c, left, band_y, right - left, band_h, 3 * mm)
            label_w = c.stringWidth(part.band, SANS_BOLD, 8) + 10 * mm
            c.setFillColor(colors.white)
            c.rect(
                PAGE_W / 2 - label_w / 2,
                band_y + 0.9 * mm,
                label_w,
                band_h - 1.8 * mm,
                stroke=0,
                fill=1,
            )
            c.setFillColor(RESTRICTED)
            c.setFont(SANS_BOLD, 8)
            c.drawCentredString(PAGE_W / 2, band_y + 2.05 * mm, part.band)
            # a chequered strip down the outer edge, visible when pages are fanned
            self._chequer(c, PAGE_W - 7 * mm, BOTTOM, 3 * mm, PAGE_H - TOP - BOTTOM, 3 * mm)
        else:
            c.setFillColor(TINT)
            c.setStrokeColor(RULE)
            c.setLineWidth(0.5)
            c.rect(left, band_y, right - left, band_h, stroke=1, fill=1)
            c.setFillColor(ACCENT)
            c.setFont(SANS_BOLD, 8)
            c.drawCentredString(PAGE_W / 2, band_y + 2.05 * mm, part.band)
        # Footer: caveat, generated time and version, document id.
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(left, 17 * mm, right, 17 * mm)
        c.setFillColor(MUTED)
        c.setFont(SANS, 7)
        c.drawString(left, 13.5 * mm, meta.caveat)
        stamp = meta.generated_at.astimezone(dt.UTC).strftime("%d/%m/%Y %H:%M UTC")
        c.drawString(left, 10.5 * mm, f"Generated {stamp} by hcdesk {meta.app_version}")
        c.drawRightString(right, 10.5 * mm, f"Export {meta.document_id}")
        c.restoreState()

    @staticmethod
    def _chequer(c: Canvas, x: float, y: float, w: float, h: float, size: float) -> None:
        c.saveState()
        c.setFillColor(RESTRICTED_TINT)
        c.rect(x, y, w, h, stroke=0, fill=1)
        c.setFillColor(CHEQUER)
        p = c.beginPath()
        p.rect(x, y, w, h)
        c.clipPath(p, stroke=0, fill=0)
        cols = int(w // size) + 1
        rows = int(h // size) + 1
        for row in range(rows):
            for col in range(cols):
                if (row + col) % 2 == 0:
                    c.rect(x + col * size, y + row * size, size, size, stroke=0, fill=1)
        c.restoreState()
        c.saveState()
        c.setStrokeColor(RESTRICTED)
        c.setLineWidth(0.6)
        c.rect(x, y, w, h, stroke=1, fill=0)
        c.restoreState()
