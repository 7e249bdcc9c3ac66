"""Signing the court summary: the signature validates, detects tampering and is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk import cli, demo
from hcdesk.errors import UsageError
from hcdesk.export.service import SIGNATURE_FIELD, export_summary, sign
from hcdesk.interchange import importer
from hcdesk.models import AuditEvent
from hcdesk.models.enums import AuditOperation
from hcdesk.store.store import Store

URN = "23WK1710025"
WHO = {"recipient": "CPS West Midlands", "reason": "file for trial"}
P12_PASSPHRASE = "p12-passphrase-9"
SIGNER_CN = "PC 4321 Signer"


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("signature") / "profile"
    st = Store.create(path, PASSPHRASE, kdf=FAST_KDF, officer="PC 4321 Signer")
    with st.transaction(reason="test data") as s:
        importer.import_document(s, demo.generate(21, seed=1, today=dt.date(2026, 3, 1)))
    st.close()
    yield path


@pytest.fixture
def store(profile: Path) -> Iterator[Store]:
    st = Store.open(profile, PASSPHRASE)
    yield st
    st.close()


@pytest.fixture(scope="module")
def keypair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, x509.Certificate]:
    """A self-signed signing certificate and its key, in a passphrase-protected PKCS#12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, SIGNER_CN),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Constabulary"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer",
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(P12_PASSPHRASE.encode()),
    )
    path = tmp_path_factory.mktemp("keys") / "signer.p12"
    path.write_bytes(p12)
    return path, cert


def _disclosures(store: Store) -> list[AuditEvent]:
    with store.session() as s:
        events = s.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.operation == AuditOperation.DISCLOSURE)
            .order_by(AuditEvent.seq)
        ).all()
        s.expunge_all()
        return list(events)


def _status(pdf: bytes, cert: x509.Certificate) -> Any:
    reader = PdfFileReader(io.BytesIO(pdf))
    [embedded] = reader.embedded_signatures
    assert embedded.field_name == SIGNATURE_FIELD
    trusted = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    vc = ValidationContext(trust_roots=[trusted])
    return validate_pdf_signature(embedded, vc)


def test_a_signed_summary_validates_and_its_hash_is_audited(
    store: Store, keypair: tuple[Path, x509.Certificate]
) -> None:
    p12, cert = keypair
    result = export_summary(store, URN, "cps", **WHO, sign_with=p12, sign_passphrase=P12_PASSPHRASE)
    ev = _disclosures(store)[-1]
    assert [f.part.value for f in result.files] == ["disclosable", "annex"]
    for f, logged in zip(result.files, ev.details["files"], strict=True):
        status = _status(f.data, cert)  # each file is signed on its own
        assert status.intact and status.valid and status.trusted
        assert status.bottom_line
        assert f.sha256 == hashlib.sha256(f.data).hexdigest() == logged["sha256"]
        assert logged["bytes"] == len(f.data) and logged["part"] == f.part.value
    assert ev.details["signed"] is True
    assert SIGNER_CN in ev.details["signer"]
    assert ev.details["encrypted"] is False


def test_changing_one_signed_byte_breaks_the_signature(
    store: Store, keypair: tuple[Path, x509.Certificate]
) -> None:
    p12, cert = keypair
    result = export_summary(store, URN, "cps", **WHO, sign_with=p12, sign_passphrase=P12_PASSPHRASE)
    pdf = result.file("disclosable").data
    # A byte in the header comment: still a well-formed PDF, but covered by the signature.
    at = pdf.index(b"ReportLab")
    assert at < 64
    tampered = pdf[:at] + b"X" + pdf[at + 1 :]
    status = _status(tampered, cert)
    assert not status.intact
    assert not status.bottom_line


def test_an_unsigned_summary_records_that_it_is_unsigned(store: Store) -> None:
    export_summary(store, URN, "cps", **WHO)
    details = _disclosures(store)[-1].details
    assert details["signed"] is False and details["signer"] is None


def test_a_wrong_key_passphrase_is_refused_and_nothing_is_disclosed(
    store: Store, keypair: tuple[Path, x509.Certificate], tmp_path: Path
) -> None:
    p12, _ = keypair
    before = len(_disclosures(store))
    out = tmp_path / "never.pdf"
    with pytest.raises(UsageError, match="passphrase is wrong"):
        export_summary(
            store, URN, "cps", **WHO, sign_with=p12, sign_passphrase="nope", write_to=out
        )
    with pytest.raises(UsageError, match="none was given"):
        export_summary(store, URN, "cps", **WHO, sign_with=p12)
    with pytest.raises(UsageError, match="does not exist"):
        export_summary(
            store, URN, "cps", **WHO, sign_with=tmp_path / "missing.p12", sign_passphrase="x"
        )
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"not a key")
    with pytest.raises(UsageError, match="not a PKCS#12"):
        sign(b"%PDF-1.4", junk, "x")
    assert not out.exists()
    assert len(_disclosures(store)) == before


def test_a_password_and_a_signature_together_are_refused(
    store: Store, keypair: tuple[Path, x509.Certificate]
) -> None:
    p12, _ = keypair
    before = len(_disclosures(store))
    with pytest.raises(UsageError, match="password-protected or signed, not both"):
        export_summary(
            store,
            URN,
            "cps",
            **WHO,
            password="long-enough-1",
            sign_with=p12,
            sign_passphrase=P12_PASSPHRASE,
        )
    assert len(_disclosures(store)) == before


def test_the_summary_command_signs_with_a_passphrase_from_the_environment(
    profile: Path,
    tmp_path: Path,
    keypair: tuple[Path, x509.Certificate],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    p12, cert = keypair
    out = tmp_path / "signed.pdf"
    monkeypatch.setenv("HCDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HCDESK_SIGN_PASSPHRASE", P12_PASSPHRASE)
    argv = ["summary", URN, "--profile", str(profile), "--out", str(out), "--sign", str(p12)]
    argv += ["--recipient", "CPS", "--reason", "trial"]
    assert cli.main(argv) == 0
    assert "digitally signed" in capsys.readouterr().err
    files = [out, tmp_path / "signed-annex.pdf"]
    for path in files:
        assert _status(path.read_bytes(), cert).bottom_line
    with Store.open(profile, PASSPHRASE) as st:
        logged = _disclosures(st)[-1].details["files"]
    assert [f["sha256"] for f in logged] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in files
    ]
    assert cli.main([*argv, "--password"]) == 2
    assert "not both" in capsys.readouterr().err
