"""The court-summary dialog: choose variant, marking, recipient and reason, then save or print.

Every button exports through :func:`hcdesk.export.service.export_summary`, so each save, preview
and print is one DISCLOSURE audit event holding the SHA-256 of exactly the bytes produced. Print
preview and print rasterise *those* bytes (the exported, possibly encrypted, file) with pypdfium2
and paint the page images onto the QPrinter: what is printed is what was audited.

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
from hcdesk.export.service import MIN_PASSWORD, export_summary
from hcdesk.export.summary.model import SummaryVariant
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
    recipient: str | None
    reason: str | None
    password: str | None


class SummaryDialog(QDialog):
    """Export the open case's court summary as PDF, or preview/print exactly that PDF."""

    exported = Signal(str)  # SHA-256 of the bytes written/printed
    printed = Signal(int)  # pages sent to the printer
    failed = Signal(str)

    def __init__(
        self, store: Store, runner: TaskRunner, case_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.runner, self.case_id = store, runner, case_id
        self.busy = False
        self.last_pdf: bytes | None = None  # the bytes of the newest export (as audited)
        self._preview: QPrintPreviewDialog | None = None
        self._printer: QPrinter | None = None  # kept alive while the job/preview needs it
        self._preview_pages: list[PageImage] = []
        self.setWindowTitle(self.tr("Court summary"))
        self.setAccessibleName(self.tr("Court summary"))

        self.variant = QComboBox()
        self.variant.addItem(self.tr("CPS (disclosable summary and annex)"), SummaryVariant.CPS)
        self.variant.addItem(self.tr("Full (internal)"), SummaryVariant.FULL)
        self.variant.setAccessibleName(self.tr("Summary variant"))

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
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason for disclosure"))
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
        self.form.addRow(self.tr("&Marking:"), self.marking)
        self.form.addRow(self.tr("Marking r&eason:"), self.marking_reason)
        self.form.addRow("", self.marking_error)
        self.form.addRow(self.tr("Re&cipient:"), self.recipient)
        self.form.addRow(self.tr("&Reason:"), self.reason)
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
        self.preview_button = QPushButton(self.tr("Print pre&view…"))
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
        self.marking_reason.textEdited.connect(
            lambda _t: self.form.setRowVisible(self.marking_error, False)
        )
        for field in (self.password, self.password_again):
            field.textEdited.connect(lambda _t: self.form.setRowVisible(self.password_error, False))
        self.form.setRowVisible(self.password_error, False)
        self._marking_changed()

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
        ok = True
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
        return SummaryRequest(
            variant=SummaryVariant(self.variant.currentData()),
            marking=marking,
            marking_reason=marking_reason
            if marking != ProtectiveMarking.OFFICIAL_SENSITIVE
            else None,
            recipient=self.recipient.text().strip() or None,
            reason=self.reason.text().strip() or None,
            password=password or None,
        )

    # -- busy state ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for b in (self.save_button, self.preview_button, self.print_button):
            b.setEnabled(not busy)
        self.status.setText(message)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        text = (message_for(exc).strip().splitlines() or [type(exc).__name__])[0]
        self.error.setText(text)
        self.error.show()
        self.failed.emit(text)

    def _export(self, req: SummaryRequest, on_done: Any, write_to: Path | None = None) -> None:
        store, case_id = self.store, self.case_id

        def done(result: tuple[bytes, str]) -> None:
            self.last_pdf = result[0]
            on_done(result)

        def op() -> tuple[bytes, str]:
            return export_summary(
                store,
                case_id,
                req.variant,
                req.marking,
                req.marking_reason,
                req.recipient,
                req.reason,
                req.password,
                write_to=write_to,
            )

        self.runner.run(op, done, self._failed, write=True)

    def _render(self, pdf: bytes, dpi: float, password: str | None, on_done: Any) -> None:
        self._set_busy(True, self.tr("Preparing the pages…"))
        self.runner.run(lambda: render_pages(pdf, dpi, password), on_done, self._failed)

    # -- Save PDF ------------------------------------------------------------------------------
    def save_pdf(self) -> None:
        if self.busy:
            return
        req = self.request()
        if req is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the court summary"), "", self.tr("PDF (*.pdf)")
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._set_busy(True, self.tr("Rendering the summary…"))

        def done(result: tuple[bytes, str]) -> None:
            _pdf, digest = result
            self._set_busy(False, self.tr("Saved to %1.").replace("%1", path.name))
            self.exported.emit(digest)

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

        def exported(result: tuple[bytes, str]) -> None:
            pdf, digest = result

            def rendered(pages: list[PageImage]) -> None:
                try:
                    count = paint_pages(printer, pages)
                except Exception as exc:
                    self._failed(exc)
                    return
                self._set_busy(False, self.tr("Sent %n page(s) to the printer.", "", count))
                self.exported.emit(digest)
                self.printed.emit(count)

            self._render(pdf, dpi, req.password, rendered)

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

        def exported(result: tuple[bytes, str]) -> None:
            pdf, digest = result

            def rendered(pages: list[PageImage]) -> None:
                self._set_busy(False)
                self._preview_pages = pages
                self.exported.emit(digest)
                self.show_preview(printer)

            self._render(pdf, dpi, req.password, rendered)

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
