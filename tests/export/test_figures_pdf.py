"""The figures PDF (hcdesk.export.figures_pdf) read back with pypdf: every table's title and
numbers are in its text, with the period and team counted and the caveat that the figures are
internal; its fonts are embedded and it is tagged."""

from __future__ import annotations

import collections
import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from hcdesk import demo
from hcdesk.casework import figure_tables, figures, workindex
from hcdesk.export.figures_pdf import CAVEAT, render_figures
from hcdesk.interchange import importer
from hcdesk.models import CaseFile
from hcdesk.models import labels as words
from hcdesk.models.enums import MonitoredStrand
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)
SCOPE = figures.Scope(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def found(store: Store) -> figures.Figures:
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(60, seed=3, today=TODAY))
    workindex.catch_up(store, TODAY)
    with store.engine_or_raise().connect() as conn:
        return figures.figures(conn, SCOPE, today=TODAY)


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


def test_every_table_and_number_is_in_the_pdf(store: Store, found: figures.Figures) -> None:
    pdf = render_figures(found, dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC), "PC Test")
    text = _text(pdf)
    assert "01/01/2025 to 31/12/2025, all teams" in text
    assert CAVEAT in text
    assert f"Counted for 01/01/2025 to 31/12/2025, all teams: {found.cases} case(s)." in text
    for table in figure_tables.all_tables(found):
        assert table.title in text, table.title
        for cells in table.cells():
            assert " ".join(cells) in text, (table.title, cells)
    # A number the PDF shows equals one counted here from the cases themselves.
    with store.session() as s:
        cases = s.scalars(
            sa.select(CaseFile).where(CaseFile.deleted.is_(False), CaseFile.voided_at.is_(None))
        ).all()
        race = sum(
            MonitoredStrand.RACE in c.monitored_strands
            for c in cases
            if SCOPE.first <= (c.reported_date or c.incident_date or c.created_at.date())  # type: ignore[operator]
            <= SCOPE.last  # type: ignore[operator]
        )
    assert race > 0
    assert f"{words.label(MonitoredStrand.RACE)} {race}" in text
    months = collections.Counter(found.cases_by_month)
    assert f"{figures.month_label(min(months))} {months[min(months)]}" in text


def test_the_pdf_is_marked_tagged_and_sets_no_text_in_an_unembedded_font(
    found: figures.Figures,
) -> None:
    pdf = render_figures(found)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    for page in reader.pages:
        assert page.extract_text().count("OFFICIAL-SENSITIVE") >= 2  # top, bottom
        for font in page["/Resources"]["/Font"].values():
            desc = font.get_object().get("/FontDescriptor")
            descendants = font.get_object().get("/DescendantFonts")
            if desc is None and descendants is not None:
                desc = descendants[0].get_object().get("/FontDescriptor")
            assert desc is not None and "/FontFile2" in desc.get_object(), font
    assert reader.metadata is not None and "figures" in (reader.metadata.title or "")


def test_a_period_with_no_cases_still_makes_a_pdf_that_says_so(store: Store) -> None:
    workindex.catch_up(store, TODAY)
    with store.engine_or_raise().connect() as conn:
        empty = figures.figures(conn, figures.Scope(team="Nobody"), today=TODAY)
    text = _text(render_figures(empty))
    assert "Counted for all dates, team Nobody: 0 case(s)." in text
    assert figure_tables.NONE_TO_COUNT in text
