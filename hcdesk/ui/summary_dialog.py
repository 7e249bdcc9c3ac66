"""The court-summary dialog: choose variant, files, marking, recipient and reason, then save or
print.

Every button exports through :func:`hcdesk.export.service.export_summary`, so each save, preview
and print is one DISCLOSURE audit event holding the SHA-256 of exactly the bytes produced. Print
preview and print rasterise *those* bytes (the exported, possibly encrypted, files) with
pypdfium2 and paint the page images onto the QPrinter: what is printed is what was audited.

A CPS summary is two files: the disclosable summary (the one the liaison officer serves on the
defence) and the police/CPS-only annex, saved beside it as ``NAME-annex.pdf``; "Files" chooses
both or one of them. An export is a disclosure, so the buttons stay disabled until Recipient
and Reason are filled in, and each empty field says so beside it.

Exporting runs on the write pool (it records an audit event); rasterising runs on the read pool;
painting happens on the GUI thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.errors import message_for
from hcdesk.export.service import MIN_PASSWORD, SummaryExport, export_summary
from hcdesk.export.summary.model import SummaryVariant
from hcdesk.export.summary.render import PART_LABELS, SummaryPart
from hcdesk.models.enums import ProtectiveMarking
from hcdesk.store.store import Store
from hcdesk.ui.tasks import TaskRunner

# PDFium is not thread-safe: one rasterisation at a time, whichever worker runs it.
_PDFIUM_LOCK = threading.Lock()
# A 1200 dpi printer would need ~550 MB per A4 page; text and line art are sharp at 300 dpi.
MAX_RENDER_DPI = 300
PDF_POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageImage:
    """One rasterised page: RGBX8888 pixels plus the page size in PDF points."""

    data: bytes
    width: int
    height: int
    stride: int
    width_pt: float
    height_pt: float

    def image(self) -> QImage:
        img = QImage(self.data, self.width, self.height, self.stride, QImage.Format.Format_RGBX8888)
        return img.copy()  # own the pixels: ``data`` may go away with this object


def render_pages(pdf: bytes, dpi: float, password: str | None = None) -> list[PageImage]:
    """Rasterise every page of ``pdf`` (opened with ``password`` if it is encrypted)."""
    import pypdfium2 as pdfium

    scale = dpi / PDF_POINTS_PER_INCH
    pages: list[PageImage] = []
    with _PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf, password=password or None)
        try:
            for i in range(len(doc)):
                page = doc[i]
                try:
                    width_pt, height_pt = page.get_size()
                    bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
                    try:
                        pages.append(
                            PageImage(
                                bytes(bitmap.buffer),
                                bitmap.width,
                                bitmap.height,
                                bitmap.stride,
                                width_pt,
                                height_pt,
                            )
                        )
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        finally:
            doc.close()
    return pages


def paint_pages(printer: QPrinter, pages: list[PageImage]) -> int:
    """Paint the page images onto ``printer``, one per sheet, scaled to fit; the page count."""
    if not pages:
        return 0
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be started.")
    try:
        for i, page in enumerate(pages):
            if i and not printer.newPage():
                raise OSError("The printer refused a new page.")
            area = QRectF(painter.viewport())
            factor = min(area.width() / page.width, area.height() / page.height)
            w, h = page.width * factor, page.height * factor
            target = QRectF(area.x() + (area.width() - w) / 2, area.y(), w, h)
            painter.drawImage(target, page.image())
    finally:
        painter.end()
    return len(pages)


def render_dpi(printer: QPrinter) -> float:
    return float(min(max(printer.resolution(), 72), MAX_RENDER_DPI))


@dataclass(frozen=True)
class SummaryRequest:
    variant: SummaryVariant
    marking: ProtectiveMarking
    marking_reason: str | None
    recipient: str
    reason: str
    password: str | None
    parts: tuple[SummaryPart, ...] | None = None  # None: every file of the variant


class SummaryDialog(QDialog):
    """Export the open case's court summary as PDF, or preview/print exactly that PDF."""

    exported = Signal(object)  # the SummaryExport: every file with its SHA-256
    printed = Signal(int)  # pages sent to the printer
    failed = Signal(str)

    def __init__(
        self, store: Store, runner: TaskRunner, case_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.runner, self.case_id = store, runner, case_id
        self.busy = False
        self.last_export: SummaryExport | None = None  # the newest export (as audited)
        self._preview: QPrintPreviewDialog | None = None
        self._printer: QPrinter | None = None  # kept alive while the job/preview needs it
        self._preview_pages: list[PageImage] = []
        self.setWindowTitle(self.tr("Court summary"))
        self.setAccessibleName(self.tr("Court summary"))

        self.variant = QComboBox()
        self.variant.addItem(self.tr("CPS (disclosable summary and annex)"), SummaryVariant.CPS)
        self.variant.addItem(self.tr("Full (internal)"), SummaryVariant.FULL)
        self.variant.setAccessibleName(self.tr("Summary variant"))
        self.parts = QComboBox()
        self.parts.addItem(self.tr("Both: disclosable summary and annex (two files)"), "both")
        self.parts.addItem(
            self.tr("Disclosable summary only (to serve on the defence)"),
            SummaryPart.DISCLOSABLE.value,
        )
        self.parts.addItem(self.tr("Annex only (police/CPS only)"), SummaryPart.ANNEX.value)
        self.parts.setAccessibleName(self.tr("Files to write"))

        self.marking = QComboBox()
        self.marking.addItem("OFFICIAL-SENSITIVE", ProtectiveMarking.OFFICIAL_SENSITIVE)
        self.marking.addItem("OFFICIAL", ProtectiveMarking.OFFICIAL)
        self.marking.setAccessibleName(self.tr("Protective marking"))
        self.marking_reason = QLineEdit()
        self.marking_reason.setAccessibleName(self.tr("Reason for changing the marking"))
        self.marking_reason.setPlaceholderText(self.tr("Required: recorded in the audit trail"))
        self.marking_error = self._error_label(self.tr("Marking reason problem"))

        self.recipient = QLineEdit()
        self.recipient.setAccessibleName(self.tr("Recipient"))
        self.recipient.setPlaceholderText(self.tr("Who receives this summary"))
        self.recipient_error = self._error_label(self.tr("Recipient required"))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason for disclosure"))
        self.reason.setPlaceholderText(self.tr("Why it is disclosed"))
        self.reason_error = self._error_label(self.tr("Reason required"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password (optional)"))
        self.password.setPlaceholderText(
            self.tr("Optional, at least %n characters", "", MIN_PASSWORD)
        )
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName(self.tr("Repeat the password"))
        self.password_error = self._error_label(self.tr("Password problem"))

        self.form = QFormLayout()
        self.form.addRow(self.tr("&Variant:"), self.variant)
        self.form.addRow(self.tr("&Files:"), self.parts)
        self.form.addRow(self.tr("&Marking:"), self.marking)
        self.form.addRow(self.tr("Marking r&eason:"), self.marking_reason)
        self.form.addRow("", self.marking_error)
        self.form.addRow(
            self.tr("Re&cipient:"), self._with_note(self.recipient, self.recipient_error)
        )
        self.form.addRow(self.tr("&Reason:"), self._with_note(self.reason, self.reason_error))
        self.form.addRow(self.tr("Pass&word:"), self.password)
        self.form.addRow(self.tr("Repea&t password:"), self.password_again)
        self.form.addRow("", self.password_error)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy
        self.progress.setAccessibleName(self.tr("Working"))
        self.progress.hide()
        self.error = self._error_label(self.tr("Error"))
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Status"))
        self.status.setWordWrap(True)

        self.save_button = QPushButton(self.tr("&Save PDF…"))
        self.save_button.setAccessibleName(self.tr("Save PDF"))
        self.preview_button = QPushButton(self.tr("Print prev&iew…"))
        self.preview_button.setAccessibleName(self.tr("Print preview"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setAccessibleName(self.tr("Print"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.save_button.clicked.connect(self.save_pdf)
        self.preview_button.clicked.connect(self.print_preview)
        self.print_button.clicked.connect(self.print_summary)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.save_button, self.preview_button, self.print_button, self.close_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.marking.currentIndexChanged.connect(self._marking_changed)
        self.variant.currentIndexChanged.connect(self._variant_changed)
        self.recipient.textChanged.connect(self._required_changed)
        self.reason.textChanged.connect(self._required_changed)
        self.marking_reason.textEdited.connect(
            lambda _t: self.form.setRowVisible(self.marking_error, False)
        )
        for field in (self.password, self.password_again):
            field.textEdited.connect(lambda _t: self.form.setRowVisible(self.password_error, False))
        self.form.setRowVisible(self.password_error, False)
        self._marking_changed()
        self._variant_changed()
        self._required_changed()

    @staticmethod
    def _with_note(field: QLineEdit, note: QLabel) -> QWidget:
        """A field with its note beside it (why the export cannot go ahead yet)."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 2)
        row.addWidget(note, 1)
        return box

    def missing(self) -> list[str]:
        """What must still be filled in before anything can be exported."""
        out = []
        if not self.recipient.text().strip():
            out.append("recipient")
        if not self.reason.text().strip():
            out.append("reason")
        return out

    def _required_changed(self, *_: Any) -> None:
        missing = self.missing()
        self.recipient_error.setText(
            self.tr("Required: an export is a disclosure; say who receives it.")
        )
        self.reason_error.setText(self.tr("Required: say why it is disclosed."))
        self.recipient_error.setVisible("recipient" in missing)
        self.reason_error.setVisible("reason" in missing)
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        ready = not self.busy and not self.missing()
        for b in (self.save_button, self.preview_button, self.print_button):
            b.setEnabled(ready)

    def chosen_parts(self) -> tuple[SummaryPart, ...] | None:
        """The files chosen for a CPS summary (None: both)."""
        data = self.parts.currentData()
        return None if data in (None, "both") else (SummaryPart(data),)

    def _variant_changed(self, *_: Any) -> None:
        cps = self.variant.currentData() == SummaryVariant.CPS
        self.form.setRowVisible(self.parts, cps)

    @staticmethod
    def _error_label(name: str) -> QLabel:
        label = QLabel()
        label.setAccessibleName(name)
        label.setStyleSheet("color: #b00020;")
        label.setWordWrap(True)
        label.hide()
        return label

    def _marking_changed(self) -> None:
        changed = self.marking.currentData() != ProtectiveMarking.OFFICIAL_SENSITIVE
        self.form.setRowVisible(self.marking_reason, changed)
        self.marking_error.hide()
        self.form.setRowVisible(self.marking_error, False)

    # -- input ---------------------------------------------------------------------------------
    def request(self) -> SummaryRequest | None:
        """The choices, or None (with a message at the offending field) if they will not do."""
        self.error.hide()
        marking = ProtectiveMarking(self.marking.currentData())
        marking_reason = self.marking_reason.text().strip() or None
        ok = not self.missing()
        self._required_changed()
        if marking != ProtectiveMarking.OFFICIAL_SENSITIVE and not marking_reason:
            self.marking_error.setText(
                self.tr(
                    "Give a reason for changing the marking; it is recorded in the audit trail."
                )
            )
            self.form.setRowVisible(self.marking_error, True)
            self.marking_error.show()
            self.marking_reason.setFocus()
            ok = False
        password = self.password.text()
        problem = ""
        if password != self.password_again.text():
            problem = self.tr("The two passwords do not match.")
        elif password and len(password) < MIN_PASSWORD:
            problem = self.tr("Use a password of at least %n characters.", "", MIN_PASSWORD)
        self.form.setRowVisible(self.password_error, bool(problem))
        self.password_error.setText(problem)
        self.password_error.setVisible(bool(problem))
        if problem:
            if ok:
                self.password.setFocus()
            ok = False
        if not ok:
            return None
        variant = SummaryVariant(self.variant.currentData())
        return SummaryRequest(
            variant=variant,
            marking=marking,
            marking_reason=marking_reason
            if marking != ProtectiveMarking.OFFICIAL_SENSITIVE
            else None,
            recipient=self.recipient.text().strip(),
            reason=self.reason.text().strip(),
            password=password or None,
            parts=self.chosen_parts() if variant is SummaryVariant.CPS else None,
        )

    # -- busy state ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self._enable_buttons()
        self.status.setText(message)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        text = (message_for(exc).strip().splitlines() or [type(exc).__name__])[0]
        self.error.setText(text)
        self.error.show()
        self.failed.emit(text)

    def _export(self, req: SummaryRequest, on_done: Any, write_to: Path | None = None) -> None:
        store, case_id = self.store, self.case_id

        def done(result: SummaryExport) -> None:
            self.last_export = result
            on_done(result)

        def op() -> SummaryExport:
            return export_summary(
                store,
                case_id,
                req.variant,
                req.marking,
                req.marking_reason,
                req.recipient,
                req.reason,
                req.password,
                parts=req.parts,
                write_to=write_to,
            )

        self.runner.run(op, done, self._failed, write=True)

    def _render(
        self, result: SummaryExport, dpi: float, password: str | None, on_done: Any
    ) -> None:
        """Rasterise every file of the export, one after the other, as one run of pages."""
        self._set_busy(True, self.tr("Preparing the pages…"))
        pdfs = [f.data for f in result.files]

        def op() -> list[PageImage]:
            return [page for pdf in pdfs for page in render_pages(pdf, dpi, password)]

        self.runner.run(op, on_done, self._failed)

    def describe(self, result: SummaryExport) -> str:
        """Which files were made, each with its SHA-256, and the summary's version."""
        lines = [
            self.tr("Wrote %1 to %2 (SHA-256 %3).")
            .replace("%1", PART_LABELS[f.part])
            .replace("%2", f.path.name if f.path else "")
            .replace("%3", f.sha256)
            if f.path
            else self.tr("Made %1 (SHA-256 %2).")
            .replace("%1", PART_LABELS[f.part])
            .replace("%2", f.sha256)
            for f in result.files
        ]
        lines.append(
            self.tr("Summary version %1; logged as one disclosure.").replace(
                "%1", str(result.version)
            )
        )
        return "\n".join(lines)

    # -- Save PDF ------------------------------------------------------------------------------
    def save_pdf(self) -> None:
        if self.busy:
            return
        req = self.request()
        if req is None:
            return
        title = (
            self.tr("Save the court summary (the annex is saved beside it as NAME-annex.pdf)")
            if req.parts is None and req.variant is SummaryVariant.CPS
            else self.tr("Save the court summary")
        )
        name, _ = QFileDialog.getSaveFileName(self, title, "", self.tr("PDF (*.pdf)"))
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if req.parts == (SummaryPart.ANNEX,):
            path = path.with_name(path.name.replace("-annex.pdf", ".pdf"))
        elif req.variant is SummaryVariant.CPS and path.stem.endswith("-annex"):
            self.error.setText(
                self.tr(
                    "%1 is named like an annex; give the disclosable summary a name of its own."
                ).replace("%1", path.name)
            )
            self.error.show()
            return
        self._set_busy(True, self.tr("Rendering the summary…"))

        def done(result: SummaryExport) -> None:
            self._set_busy(False, self.describe(result))
            self.exported.emit(result)

        self._export(req, done, write_to=path)

    # -- printing ------------------------------------------------------------------------------
    def print_to(self, printer: QPrinter) -> bool:
        """Export, rasterise the exported bytes and paint them on ``printer`` (no print dialog).

        Returns False when the input was refused; ``printed`` or ``failed`` follows otherwise.
        """
        if self.busy:
            return False
        req = self.request()
        if req is None:
            return False
        dpi = render_dpi(printer)
        self._set_busy(True, self.tr("Rendering the summary…"))

        def exported(result: SummaryExport) -> None:
            def rendered(pages: list[PageImage]) -> None:
                try:
                    count = paint_pages(printer, pages)
                except Exception as exc:
                    self._failed(exc)
                    return
                self._set_busy(
                    False,
                    self.tr("Sent %n page(s) to the printer.", "", count)
                    + "\n"
                    + self.describe(result),
                )
                self.exported.emit(result)
                self.printed.emit(count)

            self._render(result, dpi, req.password, rendered)

        self._export(req, exported)
        return True

    def print_summary(self) -> None:
        if self.busy or self.request() is None:
            return
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(self._printer, self)
        dialog.setWindowTitle(self.tr("Print the court summary"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(self._printer)

    def print_preview(self) -> None:
        if self.busy:
            return
        req = self.request()
        if req is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._printer = printer
        dpi = render_dpi(printer)
        self._set_busy(True, self.tr("Rendering the summary…"))

        def exported(result: SummaryExport) -> None:
            def rendered(pages: list[PageImage]) -> None:
                self._set_busy(False, self.describe(result))
                self._preview_pages = pages
                self.exported.emit(result)
                self.show_preview(printer)

            self._render(result, dpi, req.password, rendered)

        self._export(req, exported)

    def show_preview(self, printer: QPrinter) -> QPrintPreviewDialog:
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(self.tr("Court summary — print preview"))
        preview.paintRequested.connect(self._paint_preview)
        self._preview = preview
        preview.open()
        return preview

    def _paint_preview(self, printer: QPrinter) -> None:
        try:
            paint_pages(printer, self._preview_pages)
        except Exception as exc:
            self._failed(exc)


__all__ = ["SummaryDialog", "paint_pages", "render_pages"]
