"""Court summary benchmark (issue 4): a ~50-page summary against bare reportlab."""

from __future__ import annotations

import dataclasses
import io
import statistics
import time
from typing import Any

from bench.common import BENCH_PASSPHRASE, Result, fresh_dir


def _long_case_data() -> Any:
    """A demo case grown to about fifty pages: many evidence items, long narratives."""
    from hcdesk import demo
    from hcdesk.export.summary.build import build_summary_data
    from hcdesk.export.summary.model import SummaryVariant
    from hcdesk.interchange import codec
    from hcdesk.store.keys import KdfParams
    from hcdesk.store.store import Store

    document = demo.generate(1, seed=4)
    case = document["cases"][0]
    evidence = case["hostility_evidence"][0]
    case["hostility_evidence"] = [
        {
            **evidence,
            "id": f"{evidence['id'][:-6]}{n:06x}",
            "exhibit_ref": f"EX/{n}",
            "words_or_conduct": f"{evidence['words_or_conduct']} (item {n}) " * 3,
        }
        for n in range(330)
    ]
    case["summary"] = (
        (case["summary"] or "")
        + " "
        + " ".join(
            f"Paragraph {n}: the officer recorded further detail of what was said and done." * 3
            for n in range(60)
        )
    )
    store = Store.create(
        fresh_dir("export") / "p",
        BENCH_PASSPHRASE,
        kdf=KdfParams(time_cost=1, memory_kib=8192, parallelism=1),
    )
    with store:
        with store.transaction() as s:
            codec.import_document(s, document)
        with store.transaction() as s:
            return build_summary_data(s, case["id"], SummaryVariant.FULL)


def _strings(obj: Any) -> list[str]:
    """Every piece of text in the summary data, in order (for the bare baseline)."""
    out: list[str] = []
    if isinstance(obj, str):
        out.append(obj)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            out.extend(_strings(getattr(obj, f.name)))
    elif isinstance(obj, list | tuple):
        for item in obj:
            out.extend(_strings(item))
    return out


def _bare(texts: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from hcdesk.export.base import SANS, register_fonts

    register_fonts()  # the same embedded body font the summary must use
    buf = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"].clone("bare", fontName=SANS)
    doc = SimpleDocTemplate(buf, pagesize=A4)
    doc.build([Paragraph(escape(t), style) for t in texts if t.strip()])
    return buf.getvalue()


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def bench_summary_50_pages() -> Result:
    from hcdesk.export.summary.render import render_summary

    data = _long_case_data()
    texts = _strings(data)
    render_summary(data), _bare(texts)  # warm fonts and caches
    ours, base = [], []
    for _ in range(3):
        t = time.perf_counter()
        pdf = render_summary(data)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        bare = _bare(texts)
        base.append(time.perf_counter() - t)
    figure, baseline = statistics.median(ours), statistics.median(base)
    return Result(
        name=f"court summary of {_pages(pdf)} pages (median of 3)",
        figure=figure * 1000,
        unit="ms",
        baseline_name=f"bare reportlab, same text and font ({_pages(bare)} pages)",
        baseline=baseline * 1000,
        goal="<= 1 s and ratio <= 2.0",
        ok=figure <= 1.0 and figure / baseline <= 2.0,
    )


BENCHMARKS = {"summary_50_pages": bench_summary_50_pages}
