"""Disclosure as a use case: export a court summary or an interchange file, and log it.

Every export is a disclosure under DPA 2018 s.62: one DISCLOSURE audit event records who
exported which case, when, why, to whom, the variant and marking (with the reason for an
override), and the SHA-256 of exactly the bytes handed back.

The work is done in this order, so that the store's write lock is held only for the audit
event and other work on the store (a save, a sync) is never kept waiting by a long export:

1. **Read** the case in a read session: one consistent snapshot, no write lock.
2. **Build** the summary from that snapshot, **render** the PDF, **encrypt** or **sign** it:
   no session at all.
3. **Stage** the file, when ``write_to`` is given: written in full and flushed under a
   temporary name (:func:`hcdesk.fileio.stage`). A file that cannot be written in full (a full
   disk) fails here, and nothing is logged.
4. **Record** the consultation and the disclosure, with the SHA-256 of the staged bytes, in one
   short write transaction.
5. **Publish** the file (rename it into place) only after that transaction has committed.

If anything fails, nothing is recorded, no bytes are returned and no file is left behind; a
disclosed file is never on disk without its audit event.

With ``sign_with`` the rendered PDF is digitally signed (pyhanko, PKCS#12 key) before it is
hashed and logged, so the recipient can check that nothing was altered since export.
"""

from __future__ import annotations

import enum
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hcdesk import fileio
from hcdesk.casework.casefile import load_case
from hcdesk.casework.cases import find_case
from hcdesk.errors import HcdeskError, NotFound, UsageError
from hcdesk.export.summary.build import AUDIT_REASON, summarise
from hcdesk.export.summary.model import SummaryVariant
from hcdesk.export.summary.render import render_summary
from hcdesk.models import CaseFile
from hcdesk.models.base import uuid7
from hcdesk.models.enums import AuditOperation, ProtectiveMarking
from hcdesk.store import audit

if TYPE_CHECKING:
    from hcdesk.store.store import Store

MIN_PASSWORD = 8


class EncryptionUnavailable(HcdeskError):
    default_message = "Password protection is not installed; export without a password."


class SigningUnavailable(HcdeskError):
    default_message = "Signing is not installed; export without signing."


class ExportStep(enum.StrEnum):
    """The steps of an export, in order, as :func:`export_summary` reports them."""

    READ = "Reading the case"
    RENDER = "Laying out the pages"
    ENCRYPT = "Protecting the PDF with its password"
    SIGN = "Signing the PDF"
    STAGE = "Writing the file"
    RECORD = "Recording the disclosure in the audit trail"


Progress = Callable[[ExportStep], None]


def _quiet(step: ExportStep) -> None:
    """The progress report when nobody asked for one."""


SIGNATURE_FIELD = "hcdesk"
SIGNATURE_REASON = "Court summary exported from hcdesk; any later change breaks this signature"


def _load_signer(p12_path: Path, p12_passphrase: str | None) -> Any:
    """The pyhanko signer for ``p12_path``, or an HcdeskError saying plainly what is wrong."""
    try:
        from pyhanko.sign import signers
    except ImportError:  # pragma: no cover - pyhanko ships with hcdesk's dependencies
        raise SigningUnavailable(
            "Signing needs the pyhanko package; install it or export without --sign."
        ) from None
    if not p12_path.exists():
        raise UsageError(f"The signing key file {p12_path} does not exist.")
    if not p12_path.is_file():
        raise UsageError(f"The signing key {p12_path} is not a file.")
    try:
        data = p12_path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"The signing key file {p12_path} cannot be read: {exc.strerror or exc}."
        ) from None
    passphrase = p12_passphrase.encode("utf-8") if p12_passphrase else None
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=passphrase)
    except ValueError:
        raise UsageError(
            f"Could not open the signing key file {p12_path}: the passphrase is wrong"
            + ("" if p12_passphrase else " (none was given)")
            + ", or it is not a PKCS#12 (.p12/.pfx) file with a key and certificate."
        ) from None
    if signer.signing_key is None or signer.signing_cert is None:  # pragma: no cover
        raise UsageError(f"The file {p12_path} holds no private key and certificate.")
    return signer


def _subject(signer: Any) -> str:
    return str(signer.signing_cert.subject.human_friendly)


def _sign_with(pdf: bytes, signer: Any) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    cn = signer.signing_cert.subject.native.get("common_name")
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=SIGNATURE_REASON,
        name=str(cn) if cn else _subject(signer),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=signer)
    return bytes(out.getvalue())


def sign(pdf: bytes, p12_path: Path, p12_passphrase: str | None) -> bytes:
    """``pdf`` with an embedded digital signature made with the PKCS#12 key at ``p12_path``."""
    return _sign_with(pdf, _load_signer(p12_path, p12_passphrase))


def encrypt(pdf: bytes, password: str) -> bytes:
    """The PDF encrypted with AES-256 (PDF 2.0 / revision 6); it opens only with ``password``."""
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"Use a password of at least {MIN_PASSWORD} characters.")
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:  # pragma: no cover - pypdf ships with hcdesk's dependencies
        raise EncryptionUnavailable(
            "Password protection needs the pypdf package; install it or export without a password."
        ) from None
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # The owner password is random and never shown: nobody can lift the encryption later.
    writer.encrypt(user_password=password, owner_password=uuid7() + uuid7(), algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def export_summary(
    store: Store,
    case_ref: str,
    variant: SummaryVariant | str = SummaryVariant.CPS,
    marking: ProtectiveMarking | str | None = None,
    marking_reason: str | None = None,
    recipient: str | None = None,
    reason: str | None = None,
    password: str | None = None,
    *,
    write_to: Path | None = None,
    sign_with: Path | None = None,
    sign_passphrase: str | None = None,
    progress: Progress | None = None,
) -> tuple[bytes, str]:
    """Render the court summary of ``case_ref`` and log it as a disclosure.

    With ``sign_with`` (a PKCS#12 file) the PDF is digitally signed; a signed export cannot
    also be password-protected. ``progress`` is told each :class:`ExportStep` as it begins.
    Returns the PDF bytes and their SHA-256 (hex); the audit event holds the same hash.
    """
    report = progress or _quiet
    try:
        variant = SummaryVariant(str(variant).lower())
    except ValueError:
        raise UsageError("The variant must be cps or full.") from None
    reason = (reason or "").strip() or None
    recipient = (recipient or "").strip() or None
    marking_reason = (marking_reason or "").strip() or None
    if password and sign_with is not None:
        raise UsageError("A summary can be password-protected or signed, not both; choose one.")
    # The key is opened before anything is read or logged, so a bad key file changes nothing.
    signer = _load_signer(sign_with, sign_passphrase) if sign_with is not None else None
    export_id = uuid7()
    audit_reason = reason or AUDIT_REASON

    report(ExportStep.READ)
    with store.session(reason=audit_reason) as s, s.begin():
        case_id = find_case(s, case_ref).id
        # The consultation is recorded with the disclosure, once the export has succeeded.
        snap = load_case(s, case_id, consult=False)
        actor = str(s.info.get("actor") or "")
    data = summarise(
        snap,
        variant,
        marking=marking,
        marking_reason=marking_reason,
        recipient=recipient,
        reason=reason,
        export_id=export_id,
        generated_by=actor,
    )
    report(ExportStep.RENDER)
    pdf = render_summary(data)
    if password:
        report(ExportStep.ENCRYPT)
        pdf = encrypt(pdf, password)
    if signer is not None:
        report(ExportStep.SIGN)
        pdf = _sign_with(pdf, signer)
    digest = hashlib.sha256(pdf).hexdigest()

    staged: fileio.StagedFile | None = None
    try:
        if write_to is not None:
            report(ExportStep.STAGE)
            staged = fileio.stage(write_to, pdf)  # a full disk fails here: no event
        report(ExportStep.RECORD)
        with store.transaction(reason=audit_reason) as s:
            case = s.get(CaseFile, case_id)
            if case is None or case.deleted:
                raise NotFound("That case is no longer in this store.")
            audit.record(
                s,
                AuditOperation.CONSULTATION,
                case_id=case_id,
                entity="case_file",
                record_id=case_id,
                reason=audit_reason,
            )
            audit.record(
                s,
                AuditOperation.DISCLOSURE,
                case_id=case_id,
                entity="case_file",
                record_id=case_id,
                reason=reason,
                recipient=recipient,
                details={
                    "format": "court-summary-pdf",
                    "export_id": export_id,
                    "variant": variant.value,
                    "sha256": digest,
                    "bytes": len(pdf),
                    "marking": data.marking.value,
                    "marking_reason": data.marking_reason,
                    "encrypted": bool(password),
                    "signed": signer is not None,
                    "signer": _subject(signer) if signer is not None else None,
                    "reference": data.reference,
                    "file": write_to.name if write_to else None,
                },
            )
        if staged is not None:
            staged.publish()
    finally:
        if staged is not None:
            staged.discard()  # nothing to do once published
    return pdf, digest


def export_interchange(
    store: Store,
    out: Path,
    *,
    case_ref: str | None = None,
    recipient: str | None = None,
    reason: str | None = None,
) -> tuple[int, str]:
    """Write one case (or every live case) to ``out`` as interchange JSON, a logged disclosure.

    Each case exported gets a DISCLOSURE audit event with the file's SHA-256. The cases are
    read in a read session; the file is staged, logged in a short write transaction and
    published exactly as :func:`export_summary` does. Returns the number of cases and the
    SHA-256.
    """
    from hcdesk.interchange import codec

    reason = (reason or "").strip() or "JSON export"
    recipient = (recipient or "").strip() or None
    with store.session(reason=reason) as s, s.begin():
        ids = [find_case(s, case_ref).id] if case_ref else None
        document = codec.export_cases(s, ids)
    data = codec.dumps(document).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    staged: fileio.StagedFile | None = None
    try:
        staged = fileio.stage(out, data)  # a full disk fails here: no event
        with store.transaction(reason=reason) as s:
            for case in document["cases"]:
                audit.record(
                    s,
                    AuditOperation.DISCLOSURE,
                    case_id=case["id"],
                    entity="case_file",
                    record_id=case["id"],
                    reason=reason,
                    recipient=recipient,
                    details={"format": "interchange-json", "sha256": digest, "file": out.name},
                )
        staged.publish()
    finally:
        if staged is not None:
            staged.discard()
    return len(document["cases"]), digest
