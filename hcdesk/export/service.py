"""Disclosure as a use case: export a court summary or an interchange file, and log it.

Every export is a disclosure under DPA 2018 s.62: one DISCLOSURE audit event records who
exported which case, when, why, to whom, the variant and marking (with the reason for an
override), and the SHA-256 of exactly the bytes handed back.

The work is done in this order, so that the store's write lock is held only for the audit
event and other work on the store (a save, a sync) is never kept waiting by a long export:

1. **Read** the case in a read session: one consistent snapshot, no write lock; with it the
   other cases linked to it (hcdesk.casework.repeats), the figures index brought up to date
   first in short write transactions of its own (cheap when nothing changed).
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

A CPS summary is two files (:class:`~hcdesk.export.summary.render.SummaryPart`): the
disclosable summary, which may be served on the defence, and the police/CPS-only annex, written
beside it as ``NAME-annex.pdf`` (:func:`annex_path`). ``parts`` chooses which are made; each file
has its own SHA-256, and the one DISCLOSURE event lists every file with its part and hash. Every
file is staged before the event is recorded and published after it, so either all of them are
there (and logged) or none is. A FULL (internal) summary is one file.

Each summary of a case has a version: 1 + the summaries of that case exported before it, as the
audit trail records them (:func:`summary_version`). It is printed on every page and recorded
in the event.

Every export is a disclosure, so it needs a recipient and a reason (:func:`require_recipient`).

With ``sign_with`` the rendered PDF is digitally signed (pyhanko, PKCS#12 key) before it is
hashed and logged, so the recipient can check that nothing was altered since export.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk import fileio
from hcdesk.casework import preflight, repeats, workindex
from hcdesk.casework.casefile import case_file_view, load_case
from hcdesk.casework.cases import find_case
from hcdesk.casework.signoff import SUMMARY_FORMAT, is_summary_export
from hcdesk.errors import HcdeskError, NotFound, UsageError
from hcdesk.export.summary.build import summarise
from hcdesk.export.summary.model import SummaryVariant
from hcdesk.export.summary.render import SummaryPart, parts_of, render_summary
from hcdesk.models import AuditEvent, CaseFile
from hcdesk.models.base import uuid7
from hcdesk.models.enums import AuditOperation, ProtectiveMarking
from hcdesk.store import audit

if TYPE_CHECKING:
    from hcdesk.store.store import Store

MIN_PASSWORD = 8




class ExportRaced(HcdeskError):
    default_message = (
        "Another summary of this case was exported at the same moment; nothing was written or "
        "logged. Export again."
    )


def require_recipient(recipient: str | None, reason: str | None) -> tuple[str, str]:
    """The recipient and reason of a disclosure, stripped; a UsageError naming what is missing."""
    recipient = (recipient or "").strip()
    reason = (reason or "").strip()
    missing = [
        what
        for what, value in (
            ("the recipient (who receives it)", recipient),
            ("the reason (why it is disclosed)", reason),
        )
        if not value
    ]
    if missing:
        raise UsageError(
            f"An export is a disclosure: give {' and '.join(missing)}; both are recorded in the "
            "audit trail. Nothing was exported."
        )
    return recipient, reason


def annex_path(path: Path) -> Path:
    """Where the annex of a CPS summary saved as ``path`` goes: ``NAME-annex.pdf`` beside it."""
    return path.with_name(f"{path.stem}-annex{path.suffix or '.pdf'}")


def part_path(path: Path, part: SummaryPart) -> Path:
    """The file of ``part`` for a summary saved as ``path``."""
    return annex_path(path) if part is SummaryPart.ANNEX else path


def parse_parts(
    variant: SummaryVariant, parts: Iterable[SummaryPart | str] | None
) -> tuple[SummaryPart, ...]:
    """The parts asked for, in the variant's order; a UsageError for one the variant lacks."""
    available = parts_of(variant)
    if parts is None:
        return available
    try:
        wanted = {SummaryPart(str(p).lower()) for p in parts}
    except ValueError:
        raise UsageError("The parts must be disclosable, annex or both.") from None
    if variant is SummaryVariant.FULL:
        wanted = {SummaryPart.FULL} if wanted else set()
    extra = wanted - set(available)
    if extra or not wanted:
        raise UsageError(
            "A CPS summary has a disclosable part and an annex; a full summary is one file."
        )
    return tuple(p for p in available if p in wanted)


def summary_version(session: Session, case_id: str) -> int:
    """1 + the court summaries of the case already in the audit trail (the count
    hcdesk.casework.signoff.next_summary_version makes of a case's history, from the store)."""
    details = session.scalars(
        sa.select(AuditEvent.details).where(
            AuditEvent.case_id == case_id, AuditEvent.operation == AuditOperation.DISCLOSURE
        )
    )
    return 1 + sum(1 for d in details if is_summary_export(d))


@dataclass(frozen=True)
class ExportedFile:
    """One file of an export: which part, the bytes as audited, their SHA-256, where written."""

    part: SummaryPart
    data: bytes
    sha256: str
    path: Path | None = None


@dataclass(frozen=True)
class SummaryExport:
    """What :func:`export_summary` made: the files, the summary's version and the export id."""

    export_id: str
    variant: SummaryVariant
    version: int
    files: tuple[ExportedFile, ...]

    def file(self, part: SummaryPart | str) -> ExportedFile:
        return next(f for f in self.files if f.part == SummaryPart(part))


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
    parts: Sequence[SummaryPart | str] | None = None,
    write_to: Path | None = None,
    sign_with: Path | None = None,
    sign_passphrase: str | None = None,
    progress: Progress | None = None,
) -> SummaryExport:
    """Render the court summary of ``case_ref`` and log it as one disclosure.

    ``parts``: which files to make (default: every part of the variant; a CPS summary is the
    disclosable summary and the annex). With ``write_to`` the disclosable (or full) file is
    written there and the annex to :func:`annex_path` of it. With ``sign_with`` (a PKCS#12
    file) each PDF is digitally signed; a signed export cannot also be password-protected.
    ``progress`` is told each :class:`ExportStep` as it begins. Every file's SHA-256 is in the
    audit event.
    """
    report = progress or _quiet
    try:
        variant = SummaryVariant(str(variant).lower())
    except ValueError:
        raise UsageError("The variant must be cps or full.") from None
    wanted = parse_parts(variant, parts)
    recipient, reason = require_recipient(recipient, reason)
    marking_reason = (marking_reason or "").strip() or None
    if password and sign_with is not None:
        raise UsageError("A summary can be password-protected or signed, not both; choose one.")
    # The key is opened before anything is read or logged, so a bad key file changes nothing.
    signer = _load_signer(sign_with, sign_passphrase) if sign_with is not None else None
    export_id = uuid7()

    report(ExportStep.READ)
    workindex.catch_up(store, dt.date.today())  # so that the links found are current
    with store.session(reason=reason) as s, s.begin():
        case_id = find_case(s, case_ref).id
        # The consultation is recorded with the disclosure, once the export has succeeded.
        snap = load_case(s, case_id, consult=False)
        links = repeats.linked_cases(s, case_file_view(snap))
        actor = str(s.info.get("actor") or "")
        version = summary_version(s, case_id)
    found = preflight.outstanding(snap)
    if found:
        raise preflight.Outstanding(found, snap.reference)
    data = summarise(
        snap,
        variant,
        marking=marking,
        marking_reason=marking_reason,
        recipient=recipient,
        reason=reason,
        export_id=export_id,
        generated_by=actor,
        summary_version=version,
        links=links,
    )
    report(ExportStep.RENDER)
    pdfs = [(part, render_summary(data, part)) for part in wanted]
    if password:
        report(ExportStep.ENCRYPT)
        pdfs = [(part, encrypt(pdf, password)) for part, pdf in pdfs]
    if signer is not None:
        report(ExportStep.SIGN)
        pdfs = [(part, _sign_with(pdf, signer)) for part, pdf in pdfs]
    files = tuple(
        ExportedFile(
            part,
            pdf,
            hashlib.sha256(pdf).hexdigest(),
            part_path(write_to, part) if write_to is not None else None,
        )
        for part, pdf in pdfs
    )

    with contextlib.ExitStack() as staging:
        staged: list[fileio.StagedFile] = []
        if write_to is not None:
            report(ExportStep.STAGE)
            for f in files:
                assert f.path is not None
                staged.append(fileio.stage(f.path, f.data))  # a full disk fails here: no event
                staging.callback(staged[-1].discard)  # nothing to do once published
        report(ExportStep.RECORD)
        with store.transaction(reason=reason) as s:
            case = s.get(CaseFile, case_id)
            if case is None or case.deleted:
                raise NotFound("That case is no longer in this store.")
            if summary_version(s, case_id) != version:
                raise ExportRaced()
            audit.record(
                s,
                AuditOperation.CONSULTATION,
                case_id=case_id,
                entity="case_file",
                record_id=case_id,
                reason=reason,
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
                    "format": SUMMARY_FORMAT,
                    "export_id": export_id,
                    "variant": variant.value,
                    "version": version,
                    "files": [
                        {
                            "part": f.part.value,
                            "file": f.path.name if f.path else None,
                            "sha256": f.sha256,
                            "bytes": len(f.data),
                        }
                        for f in files
                    ],
                    "marking": data.marking.value,
                    "marking_reason": data.marking_reason,
                    "encrypted": bool(password),
                    "signed": signer is not None,
                    "signer": _subject(signer) if signer is not None else None,
                    "reference": data.reference,
                },
            )
        _publish_all(staged)
    return SummaryExport(export_id, variant, version, files)


def _publish_all(staged: list[fileio.StagedFile]) -> None:
    """Rename every staged file into place; if one cannot be, take back those already there."""
    try:
        for f in staged:
            f.publish()
    except BaseException:
        for f in staged:
            if f.published:
                with contextlib.suppress(OSError):
                    f.path.unlink()
        raise


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
    from hcdesk.interchange import exporter

    recipient, reason = require_recipient(recipient, reason)
    with store.session(reason=reason) as s, s.begin():
        ids = [find_case(s, case_ref).id] if case_ref else None
        document = exporter.export_cases(s, ids)
    data = exporter.dumps(document).encode("utf-8")
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
