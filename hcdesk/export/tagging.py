"""The smallest honest tagged PDF that reportlab can be made to write, and real metadata.

Reportlab writes no structure of its own. While a page is drawn, :func:`marked` wraps each
paragraph's drawing in a marked-content sequence with its own number (``/P <</MCID 3>> BDC ...
EMC``) and :func:`artifact` wraps page furniture (marking, title line, band, footer, table rules
and fills) as ``/Artifact``. Once every page is drawn, :func:`add_structure` writes the
structure tree: a ``/Document`` element holding one element per marked paragraph (``/H1``..
``/H3`` for headings, ``/P`` otherwise) in drawing order, the ``/ParentTree`` that maps each
page's marked content back to its element, ``/MarkInfo <</Marked true>>`` and ``/Lang``. Each
page gets its ``/StructParents`` key and ``/Tabs /S``.

A paragraph that holds right-to-left text (Arabic, Urdu) carries its text as written in
``/ActualText`` on its element: its glyphs are HarfBuzz's joined shapes, drawn right to left,
and some (the lam-alef ligature) map to no character. The ActualText is on the structure
element, not on a marked-content ``/Span`` around the run: poppler (22.12) and PDFium place
the characters of a marked-content ActualText left to right and then reorder them as if they
had been drawn, so a right-to-left ActualText there came out backwards (measured with both);
on the element, structure-aware readers get the exact words and those extractors read the
glyphs, which are in visual order (see :func:`hcdesk.export.base.visual_order`).

What this is not: a PDF/UA document. Tables are not tagged as tables (their cells'
paragraphs are ``/P``), and there is no role map or alternative text; nothing in the summary
is an image.

Canvases that are not tagging (the scratch canvases that only measure) are left alone: every
function here does nothing for a canvas without ``hc_tags``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase import pdfdoc

TAGS_FOR_STYLES = {"title": "H1", "h1": "H2", "h2": "H3"}


class _Literal(pdfdoc.PDFObject):
    """A PDF keyword (``true``), which reportlab has no class for."""

    def __init__(self, text: str) -> None:
        self.text = text

    def format(self, document: Any) -> bytes:
        return self.text.encode("ascii")


def pdf_string(text: str) -> Any:
    return pdfdoc.PDFString(text)


def _unicode_string(text: str) -> str:
    """A PDF text string in UTF-16BE with its byte order mark, as content-stream hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class Stamp:
    """A reportlab time stamp for a given moment (UTC), for CreationDate and ModDate."""

    def __init__(self, moment: dt.datetime) -> None:
        utc = moment.astimezone(dt.UTC)
        self.t = utc.timestamp()
        self.lt = time.gmtime(int(self.t))
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


@dataclass
class PageTags:
    """The marked content of one page, in drawing order: (structure type, MCID, ActualText)."""

    marks: list[tuple[str, int, str | None]] = field(default_factory=list)
    depth: int = 0  # open marked-content sequences that belong to the structure (no nesting)


def _code(canvas: Any) -> list[str]:
    code: list[str] = canvas._code
    return code


def begin(canvas: Any, tag: str, actual: str | None = None) -> bool:
    """Open the marked-content sequence of a ``tag`` element (see :func:`marked`); whether it
    was opened, for :func:`end`. The two calls are what :func:`marked` does, for the hot path
    (every paragraph of a long summary)."""
    tags: PageTags | None = getattr(canvas, "hc_tags", None)
    if tags is None or tags.depth:
        return False
    mcid = len(tags.marks)
    tags.marks.append((tag, mcid, actual))
    tags.depth += 1
    canvas._code.append(f"/{tag} <</MCID {mcid}>> BDC")
    return True


def end(canvas: Any, opened: bool) -> None:
    if opened:
        canvas._code.append("EMC")
        canvas.hc_tags.depth -= 1


@contextlib.contextmanager
def marked(canvas: Any, tag: str, actual: str | None = None) -> Iterator[None]:
    """Draw inside a marked-content sequence that becomes a ``tag`` element of the tree.

    ``actual``: the element's text exactly as written (``/ActualText``), for a paragraph whose
    glyphs do not give it back (right-to-left runs, drawn right to left as shaped glyphs).
    A paragraph inside another marked paragraph (none today) stays part of the outer one.
    """
    tags: PageTags | None = getattr(canvas, "hc_tags", None)
    if tags is None or tags.depth:
        yield
        return
    mcid = len(tags.marks)
    tags.marks.append((tag, mcid, actual))
    tags.depth += 1
    _code(canvas).append(f"/{tag} <</MCID {mcid}>> BDC")
    try:
        yield
    finally:
        _code(canvas).append("EMC")
        tags.depth -= 1


@contextlib.contextmanager
def artifact(canvas: Any) -> Iterator[None]:
    """Draw page furniture: not part of the document's logical content."""
    tags: PageTags | None = getattr(canvas, "hc_tags", None)
    if tags is None:
        yield
        return
    _code(canvas).append("/Artifact BMC")
    try:
        yield
    finally:
        _code(canvas).append("EMC")


def begin_artifact(canvas: Any) -> None:
    if getattr(canvas, "hc_tags", None) is not None:
        _code(canvas).append("/Artifact BMC")


def end_artifact(canvas: Any) -> None:
    if getattr(canvas, "hc_tags", None) is not None:
        _code(canvas).append("EMC")


def mark_page(document: Any, index: int) -> None:
    """Give the page just added its ``/StructParents`` key (its entry in the parent tree)."""
    page = document.Pages.pages[-1]
    page.__NoDefault__ = [*pdfdoc.PDFPage.__NoDefault__, "StructParents", "Tabs"]
    page.StructParents = index
    page.Tabs = pdfdoc.PDFName("S")


_NAMED = re.compile(r"@(\w+)")


class _Raw(pdfdoc.PDFObject):
    """A PDF object written straight from its text, where ``@Name`` is a reference to the
    object registered under that name: thousands of structure elements are formatted far
    faster than as reportlab dictionaries."""

    def __init__(self, text: str) -> None:
        self.text = text

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        text = _NAMED.sub(lambda m: f"{numbers[m.group(1)][0]} 0 R", self.text)
        return text.encode("latin-1")


def add_structure(document: Any, pages: list[PageTags]) -> None:
    """Write the structure tree, the parent tree, MarkInfo and the page references."""
    kids: list[str] = []
    nums: list[str] = []
    for index, tags in enumerate(pages):
        by_mcid: list[str] = []
        for tag, mcid, actual in tags.marks:
            name = f"HcSE{len(kids)}"
            text = f"<< /Type /StructElem /S /{tag} /P @HcStructDocument /Pg @Page{index + 1}"
            text += f" /K {mcid}"
            if actual:  # a UTF-16 string: hex digits and brackets, no "@"
                text += " /ActualText " + pdfdoc.PDFString(actual).format(document).decode(
                    "latin-1"
                )
            document.Reference(_Raw(text + " >>"), name)
            kids.append(f"@{name}")
            by_mcid.append(f"@{name}")
        nums.append(f"{index} [{' '.join(by_mcid)}]")
    document.Reference(
        _Raw(f"<< /Type /StructElem /S /Document /P @HcStructTreeRoot /K [{' '.join(kids)}] >>"),
        "HcStructDocument",
    )
    document.Reference(
        _Raw(
            "<< /Type /StructTreeRoot /K @HcStructDocument"
            f" /ParentTree << /Nums [{' '.join(nums)}] >> /ParentTreeNextKey {len(pages)} >>"
        ),
        "HcStructTreeRoot",
    )
    catalog = document.Catalog
    catalog.StructTreeRoot = pdfdoc.PDFObjectReference("HcStructTreeRoot")
    catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": _Literal("true")})
