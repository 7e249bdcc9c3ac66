"""The files a court summary export makes, as the CPS liaison officer and the court get them.

A CPS export is two files (the disclosable summary, which may be served on the defence, and the
police/CPS-only annex), each hashed and listed in one disclosure event; the disclosable file
holds no byte of the annex. Every font is embedded, the PDF is tagged, its metadata is real,
the summary's version counts the case's exports, and every disclosure names its recipient and
reason. PDFs are read back with pypdf and poppler's pdftotext (poppler-utils, installed by
scripts/system-deps.sh).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk import __version__, cli, demo
from hcdesk.errors import UsageError
from hcdesk.export.service import (
    annex_path,
    export_interchange,
    export_summary,
    summary_version,
)
from hcdesk.export.summary.build import build_summary_data
from hcdesk.export.summary.render import SummaryPart, render_summary
from hcdesk.interchange import importer
from hcdesk.models import AuditEvent
from hcdesk.models.base import uuid7
from hcdesk.models.enums import AuditOperation
from hcdesk.store.store import Store

URN = "23WK1710025"
OTHER = "L-DEMO-000002"
WHO = {"recipient": "CPS West Midlands", "reason": "file for first hearing"}
GENERATED = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)

# Values that exist only in the annex: distinctive, so that any trace of them is found.
PHONE = "07700 981234"
ADDRESS = "14 Quillfeather Row, Zedbury"
POSTCODE = "CV8 9ZQ"
WISHES = "I want the Quokkahill screen so that I need not see him in court."
VC_NOTE = "Told about the Xylobrook bail review by telephone"
SECRET = "Informant Zephaniah says the suspect boasted at the Marrowbone Inn"
ANNEX_ONLY = [PHONE, ADDRESS, POSTCODE, WISHES, VC_NOTE, SECRET]
ANNEX_FURNITURE = [
    "ANNEX A - POLICE/CPS ONLY - NOT FOR DISCLOSURE",
    "Annex A",
    "police/CPS-only material",
    "Not for disclosure to the defence",
]
URDU = "تم لوگ مسلمان نہیں ہو، ہماری دکان سے دور رہو"  # demo case 21's evidence E1


def _document() -> dict[str, Any]:
    doc = demo.generate(21, seed=1, today=dt.date(2026, 3, 1))
    case = doc["cases"][20]
    assert case["urn"] == URN
    victim = case["victim"]
    victim.update(phone=PHONE, address=ADDRESS, postcode=POSTCODE)
    case["wishes"][0]["victim_words"] = WISHES
    case["victims_code_events"][0]["notes"] = VC_NOTE
    secret = dict(case["hostility_evidence"][0])
    secret.update(
        id=uuid7(), words_or_conduct=SECRET, language=None, translation=None,
        disclosure_class="POLICE_CPS_ONLY",
    )  # fmt: skip
    case["hostility_evidence"].append(secret)
    assert any(e["words_or_conduct"] == URDU for e in case["hostility_evidence"])
    return {"format": doc["format"], "version": doc["version"], "cases": [*doc["cases"][:2], case]}


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("files") / "profile"
    st = Store.create(path, PASSPHRASE, kdf=FAST_KDF, officer="PC 4321 Liaison")
    with st.transaction(reason="test data") as s:
        importer.import_document(s, _document())
    st.close()
    return path


@pytest.fixture
def store(profile: Path) -> Iterator[Store]:
    st = Store.open(profile, PASSPHRASE)
    yield st
    st.close()


@pytest.fixture(scope="module")
def written(profile: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One CPS export of the case, written to disk: {"disclosable": path, "annex": path}."""
    folder = tmp_path_factory.mktemp("out")
    with Store.open(profile, PASSPHRASE) as st:
        result = export_summary(st, URN, "cps", **WHO, write_to=folder / "summary.pdf")
    return {f.part.value: f.path for f in result.files if f.path is not None}


def _disclosures(store: Store) -> list[AuditEvent]:
    with store.session() as s:
        events = s.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.operation == AuditOperation.DISCLOSURE)
            .order_by(AuditEvent.seq)
        ).all()
        s.expunge_all()
        return list(events)


def _flat(text: str) -> str:
    return " ".join(text.split())


def pdftotext(path: Path, *options: str) -> str:
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext is missing: run scripts/system-deps.sh test (poppler-utils)"
    done = subprocess.run(
        [exe, *options, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def _decompressed(path: Path) -> bytes:
    """The file's bytes with every stream decompressed and appended (fonts, content, XMP)."""
    raw = path.read_bytes()
    out = [raw]
    for m in re.finditer(rb"stream\r?\n", raw):
        start = m.end()
        end = raw.find(b"endstream", start)
        try:
            out.append(zlib.decompress(raw[start:end]))
        except zlib.error:
            out.append(raw[start:end])
    return b"\n".join(out)


def _encodings(value: str) -> list[bytes]:
    """How a string can sit in a PDF's bytes: plain, PDF-escaped, UTF-16 raw and as hex."""
    utf16 = value.encode("utf-16-be")
    return [
        value.encode("utf-8"),
        value.replace("(", "\\(").replace(")", "\\)").encode("latin-1", "ignore"),
        utf16,
        utf16.hex().upper().encode(),
        utf16.hex().encode(),
    ]


# -- 1. two files, each hashed, one disclosure -----------------------------------------------------


def test_a_cps_export_is_two_files_each_hashed_in_one_disclosure(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "R v Khan.pdf"
    before = len(_disclosures(store))
    result = export_summary(store, URN, "cps", **WHO, write_to=out)
    annex = tmp_path / "R v Khan-annex.pdf"
    assert annex_path(out) == annex
    assert sorted(p.name for p in tmp_path.iterdir()) == ["R v Khan-annex.pdf", "R v Khan.pdf"]
    events = _disclosures(store)
    assert len(events) == before + 1  # one event for both files
    logged = events[-1].details["files"]
    assert logged == [
        {
            "part": "disclosable",
            "file": out.name,
            "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
            "bytes": out.stat().st_size,
        },
        {
            "part": "annex",
            "file": annex.name,
            "sha256": hashlib.sha256(annex.read_bytes()).hexdigest(),
            "bytes": annex.stat().st_size,
        },
    ]
    assert logged[0]["sha256"] != logged[1]["sha256"]
    assert [f.sha256 for f in result.files] == [f["sha256"] for f in logged]
    # each file is paginated on its own and says on every page what it is
    main = [p.extract_text() for p in PdfReader(out).pages]
    annex_pages = [p.extract_text() for p in PdfReader(annex).pages]
    for n, page in enumerate(main, 1):
        assert f"Page {n} of {len(main)}" in page and "DISCLOSABLE" in page
    for n, page in enumerate(annex_pages, 1):
        assert f"Annex A - Page {n} of {len(annex_pages)}" in page
        assert "ANNEX A - POLICE/CPS ONLY - NOT FOR DISCLOSURE" in page


@pytest.mark.parametrize("part", ["disclosable", "annex"])
def test_one_part_alone_is_one_file_and_one_hash(store: Store, tmp_path: Path, part: str) -> None:
    out = tmp_path / "summary.pdf"
    result = export_summary(store, URN, "cps", **WHO, parts=[part], write_to=out)
    expected = out if part == "disclosable" else annex_path(out)
    assert [p.name for p in tmp_path.iterdir()] == [expected.name]
    [made] = result.files
    assert made.part.value == part and made.path == expected
    assert _disclosures(store)[-1].details["files"] == [
        {"part": part, "file": expected.name, "sha256": made.sha256, "bytes": len(made.data)}
    ]


def test_the_full_version_stays_one_file(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "internal.pdf"
    [made] = export_summary(store, URN, "full", **WHO, write_to=out).files
    assert made.part is SummaryPart.FULL
    assert [p.name for p in tmp_path.iterdir()] == ["internal.pdf"]
    text = _flat(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert PHONE in text and SECRET in text  # the internal version holds everything
    with pytest.raises(UsageError, match="full summary is one file"):
        export_summary(store, URN, "full", **WHO, parts=[])


def test_the_disclosable_file_holds_no_byte_of_the_annex(written: dict[str, Path]) -> None:
    disclosable, annex = written["disclosable"], written["annex"]
    # The values are really in the annex, and extraction finds them there...
    for extract in (lambda p: pdftotext(p), lambda p: pdftotext(p, "-raw")):
        annex_text = _flat(extract(annex))
        for value in ANNEX_ONLY:
            assert value in annex_text, value
        # ...and nowhere in the disclosable file, by either extractor.
        text = _flat(extract(disclosable))
        assert "HOSTILITY AGGRAVATION" in text  # (it is the summary, and extraction works)
        for value in ANNEX_ONLY + ANNEX_FURNITURE:
            assert value not in text, value
    text = _flat(" ".join(p.extract_text() for p in PdfReader(disclosable).pages))
    for value in ANNEX_ONLY + ANNEX_FURNITURE:
        assert value not in text, value
    # Nor in the file's bytes, streams decompressed, in any encoding a PDF may use.
    data = _decompressed(disclosable)
    # (the search does find what the file holds outside its content streams)
    assert b"URN 23WK1710025" in data and b"disclosable part" in data
    for value in ANNEX_ONLY + ANNEX_FURNITURE:
        for encoded in _encodings(value):
            assert encoded not in data, (value, encoded[:20])


def test_a_cps_export_refuses_a_disclosable_file_named_like_an_annex(
    profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("HCDESK_PASSPHRASE", PASSPHRASE)
    argv = ["summary", URN, "--profile", str(profile), "--recipient", "CPS", "--reason", "trial"]
    assert cli.main([*argv, "--out", str(tmp_path / "x-annex.pdf")]) == 2
    assert "named like an annex" in capsys.readouterr().err
    assert cli.main([*argv, "--out", str(tmp_path / "x.pdf"), "--parts", "disclosable"]) == 0
    err = capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]
    digest = hashlib.sha256((tmp_path / "x.pdf").read_bytes()).hexdigest()
    assert err.splitlines()[0] == (
        "Wrote the disclosable summary (may be served on the defence) to "
        f"{tmp_path / 'x.pdf'} (SHA-256 {digest})."
    )
    assert "annex" not in err


# -- 2. a disclosure names its recipient and its reason --------------------------------------------


@pytest.mark.parametrize(
    ("who", "missing"),
    [
        ({"recipient": "", "reason": ""}, ["recipient", "reason"]),
        ({"recipient": "CPS", "reason": "   "}, ["reason"]),
        ({"recipient": None, "reason": "trial"}, ["recipient"]),
    ],
)
def test_a_disclosure_without_recipient_or_reason_is_refused(
    store: Store, tmp_path: Path, who: dict[str, Any], missing: list[str]
) -> None:
    before = len(_disclosures(store))
    out = tmp_path / "never.pdf"
    with pytest.raises(UsageError) as refused:
        export_summary(store, URN, "cps", **who, write_to=out)
    message = str(refused.value)
    for what in ("recipient", "reason"):
        assert (f"the {what} (" in message) is (what in missing), message
    with pytest.raises(UsageError, match=r"recipient|reason"):
        export_interchange(store, tmp_path / "never.json", case_ref=URN, **who)
    assert list(tmp_path.iterdir()) == []
    assert len(_disclosures(store)) == before


@pytest.mark.parametrize("command", ["summary", "export-json"])
def test_the_commands_refuse_a_disclosure_without_recipient_and_reason(
    profile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    monkeypatch.setenv("HCDESK_PASSPHRASE", PASSPHRASE)
    with Store.open(profile, PASSPHRASE) as st:
        before = len(_disclosures(st))
    argv = {
        "summary": ["summary", URN, "--out", str(tmp_path / "s.pdf")],
        "export-json": ["export-json", "--case", URN, "--out", str(tmp_path / "c.json")],
    }[command]
    assert cli.main([*argv, "--profile", str(profile), "--recipient", "CPS"]) == 2
    err = capsys.readouterr().err
    assert "give the reason (why it is disclosed)" in err and "recipient (" not in err
    assert cli.main([*argv, "--profile", str(profile), "--reason", "  "]) == 2
    assert "the recipient (who receives it) and the reason" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    with Store.open(profile, PASSPHRASE) as st:
        assert len(_disclosures(st)) == before


# -- 3. every font embedded ------------------------------------------------------------------------


def _fonts(resources: Any, seen: set[int]) -> Iterator[tuple[str, DictionaryObject]]:
    """Every font in a resource dictionary and in the resources of its form XObjects."""
    resources = resources.get_object() if resources is not None else DictionaryObject()
    for name, ref in (resources.get("/Font") or DictionaryObject()).get_object().items():
        yield name, ref.get_object()
    for ref in (resources.get("/XObject") or DictionaryObject()).get_object().values():
        xobj = ref.get_object()
        if id(xobj) in seen or xobj.get("/Subtype") != "/Form":
            continue
        seen.add(id(xobj))
        yield from _fonts(xobj.get("/Resources"), seen)


def _embedded(font: DictionaryObject) -> bool:
    fonts = font.get("/DescendantFonts")
    for f in fonts.get_object() if isinstance(fonts, ArrayObject | IndirectObject) else [font]:
        descriptor = f.get_object().get("/FontDescriptor")
        if descriptor is None:
            return False
        descriptor = descriptor.get_object()
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            return False
    return True


@pytest.mark.parametrize("variant", ["cps", "full"])
def test_every_font_on_every_page_is_embedded(store: Store, variant: str) -> None:
    for made in export_summary(store, URN, variant, **WHO).files:
        reader = PdfReader(io.BytesIO(made.data))
        names: set[str] = set()
        for page in reader.pages:
            found = list(_fonts(page.get("/Resources"), set()))
            assert found, "a page with no font"
            for name, font in found:
                assert _embedded(font), (made.part, name, font.get("/BaseFont"))
                names.add(str(font["/BaseFont"]).split("+")[-1])
            # no text block sets a font that is not in the page's resources
            content = page.get_contents()
            assert content is not None
            used = set(re.findall(rb"/(F\d+(?:\+\d+)?) [\d.]+ Tf", content.get_data()))
            assert {u.decode() for u in used} <= {n.lstrip("/") for n, _ in found}
        assert "Helvetica" not in " ".join(names)
        assert {"NotoSans-Regular", "NotoSans-Bold"} <= names


# -- 4. tagged PDF ---------------------------------------------------------------------------------


def _marks(content: bytes) -> list[tuple[str, int | None]]:
    """The marked-content sequences opened in a content stream: (tag, MCID or None)."""
    out: list[tuple[str, int | None]] = []
    for m in re.finditer(rb"/(\w+) (?:<<\s*/MCID (\d+)\s*>> BDC|BMC)", content):
        out.append((m.group(1).decode(), int(m.group(2)) if m.group(2) else None))
    return out


def _outside_marks(content: bytes) -> str:
    """The content stream with every marked-content sequence (and its contents) cut out."""
    text = content.decode("latin-1")
    out, depth, i = [], 0, 0
    for m in re.finditer(r"(/\w+ (?:<<[^>]*>> BDC|BMC))|(\bEMC\b)", text):
        if depth == 0:
            out.append(text[i : m.start()])
        depth += 1 if m.group(1) else -1
        i = m.end()
    out.append(text[i:])
    return "".join(out)


def test_the_pdf_is_tagged_with_paragraphs_and_furniture_as_artifacts(
    written: dict[str, Path],
) -> None:
    reader = PdfReader(written["disclosable"])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"].get_object()["/Marked"].value is True
    assert root["/Lang"] == "en-GB"
    tree = root["/StructTreeRoot"].get_object()
    assert tree["/Type"] == "/StructTreeRoot"
    nums = tree["/ParentTree"].get_object()["/Nums"]
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    document = tree["/K"].get_object()
    assert document["/S"] == "/Document"
    kinds: set[str] = set()
    for index, page in enumerate(reader.pages):
        assert page["/StructParents"] == index and page["/Tabs"] == "/S"
        content = page.get_contents().get_data()
        marks = _marks(content)
        mcids = [mcid for tag, mcid in marks if mcid is not None]
        assert mcids == list(range(len(mcids))) and len(mcids) > 5
        assert len(parents[index]) == len(mcids)
        for (tag, mcid), element in zip(
            [m for m in marks if m[1] is not None], parents[index], strict=True
        ):
            element = element.get_object()
            assert element["/S"] == f"/{tag}" and element["/K"] == mcid
            assert element.raw_get("/Pg").idnum == page.indirect_reference.idnum
            assert element.raw_get("/P").idnum == tree.raw_get("/K").idnum
            kinds.add(tag)
        assert ("Artifact", None) in marks
        # no text is drawn outside a paragraph or an artifact
        assert not re.search(r"\bTj\b|\bTJ\b", _outside_marks(content)), index
    assert {"H1", "H2", "P"} <= kinds
    # the page furniture is an artifact: what poppler reads as the page's text still has it
    assert "OFFICIAL-SENSITIVE" in pdftotext(written["disclosable"], "-f", "1", "-l", "1")


def test_paragraphs_with_right_to_left_text_carry_it_as_written(written: dict[str, Path]) -> None:
    """Their structure elements' /ActualText is the stored text, letter for letter (the
    glyphs cannot give it back exactly: joined shapes, ligatures with no character)."""
    reader = PdfReader(written["disclosable"])
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object()
    actual = [
        str(e.get_object()["/ActualText"])
        for e in document["/K"]
        if "/ActualText" in e.get_object()
    ]
    assert URDU in actual  # the evidence schedule's verbatim cell
    assert "Sana Malik (ثناء ملک)" in actual  # the victim's name, as recorded
    assert any(f"“{URDU}”" in text for text in actual)  # quoted in a sentence
    # only paragraphs that hold right-to-left text have one
    assert all(re.search("[\u0600-\u06ff]", text) for text in actual)


def _verbatim_column(path: Path) -> list[tuple[int, float, float, float]]:
    """(page, left, right, top) of the schedule's "Words or conduct (verbatim)" column on every
    page that has it, from poppler's word boxes (points, from the top of the page)."""
    out = []
    boxes = pdftotext(path, "-bbox")
    for n, page in enumerate(boxes.split("<page ")[1:], 1):
        words = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', page
        )
        heads = {w: (float(x), float(y0), float(y1)) for x, y0, y1, w in words}
        if "(verbatim)" in heads and "Timing" in heads:
            verbatim = next(
                (float(x), float(y1))
                for x, _y0, y1, w in words
                if w == "Words" and abs(float(_y0) - heads["(verbatim)"][1]) < 1
            )
            out.append((n, verbatim[0] - 4, heads["Timing"][0] - 4, verbatim[1]))
    return out


def _fold(text: str) -> str:
    """Presentation forms back to letters (NFKC), direction marks and hair spaces out."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(re.sub("[\u200a\u200e\u200f\u202a-\u202e]", " ", text).split())


def test_urdu_evidence_reads_in_the_order_it_was_spoken(written: dict[str, Path]) -> None:
    """Poppler and PDFium rebuild reading order from where the glyphs sit, so the quote's first
    word must be the rightmost on its line. Read back from the evidence schedule's verbatim
    column by PDFium (Chrome's PDF engine, pypdfium2), the Urdu words come out exactly as they
    were stored (letters as letters: NFKC folds the joined shapes back)."""
    import pypdfium2 as pdfium

    path = written["disclosable"]
    columns = _verbatim_column(path)
    assert columns
    poppler, pdfium_text = [], []
    doc = pdfium.PdfDocument(str(path))
    try:
        for n, left, right, top in columns:
            crop = ["-f", str(n), "-l", str(n), "-r", "72", "-x", str(int(left))]
            crop += ["-y", str(int(top)), "-W", str(int(right - left)), "-H", "842"]
            poppler.append(pdftotext(path, *crop))
            page = doc[n - 1]
            height = page.get_height()
            pdfium_text.append(page.get_textpage().get_text_bounded(left, 0, right, height - top))
    finally:
        doc.close()
    quote = _fold(URDU)
    assert quote in _fold(" ".join(pdfium_text))
    # Poppler (22.12) reads a right-to-left run on a left-to-right page only as far as the
    # next neutral mark (the Arabic comma) or the end of the line, and then sets the pieces
    # left to right; each piece is still in the order it was spoken.
    pieces = [
        _fold(piece)
        for line in " ".join(poppler).splitlines()
        if re.search("[\u0600-\u06ff\ufb50-\ufeff]", line)
        for piece in line.split("\u060c")
        if _fold(piece)
    ]
    pieces = [p for p in pieces if not re.search("[A-Za-z]", p)]
    assert sorted(w for p in pieces for w in p.split()) == sorted(quote.replace("،", "").split())
    for piece in pieces:
        assert piece in quote, piece
    # (the words are not simply there in some order: read backwards, nothing is found)
    for text in (poppler, pdfium_text):
        backwards = " ".join(reversed(quote.replace("،", "").split()))
        assert backwards not in _fold(" ".join(text)).replace("،", "").replace("  ", " ")


# -- 5. metadata -----------------------------------------------------------------------------------


def test_the_document_information_is_real_and_the_bytes_are_reproducible(store: Store) -> None:
    with store.transaction() as s:
        from hcdesk.casework.cases import find_case

        data = build_summary_data(
            s, find_case(s, URN).id, "cps", generated_at=GENERATED, generated_by="PC 4321 Liaison"
        )
    data.summary_version = 4
    for part, subject in (
        (SummaryPart.DISCLOSABLE, "Hate crime case summary - disclosable part"),
        (SummaryPart.ANNEX, "Hate crime case summary - police/CPS-only annex"),
    ):
        pdf = render_summary(data, part)
        assert render_summary(data, part) == pdf  # same summary, same bytes
        info = PdfReader(io.BytesIO(pdf)).metadata
        assert info is not None
        assert info["/CreationDate"] == info["/ModDate"] == "D:20260301093000+00'00'"
        assert info.creation_date == GENERATED
        assert info["/Title"] == f"Hate crime case summary - URN {URN}"
        assert info["/Author"] == "PC 4321 Liaison"
        assert info["/Subject"] == subject
        assert "OFFICIAL-SENSITIVE" in info["/Keywords"]
        assert info["/Producer"] == f"hcdesk {__version__}"
        page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert f"Version 4 (hcdesk {__version__})" in page
        assert "Generated 01/03/2026 09:30 UTC" in page
    later = dataclasses.replace(data, generated_at=GENERATED + dt.timedelta(minutes=1))
    info = PdfReader(io.BytesIO(render_summary(later, SummaryPart.DISCLOSABLE))).metadata
    assert info is not None and info["/CreationDate"] == "D:20260301093100+00'00'"


# -- 6. the summary's version counts the case's exports --------------------------------------------


def test_three_exports_of_a_case_are_versions_one_two_and_three(
    store: Store, tmp_path: Path
) -> None:
    versions = []
    for _ in range(3):
        result = export_summary(store, OTHER, "cps", **WHO)
        event = _disclosures(store)[-1]
        assert event.details["version"] == result.version
        for made in result.files:
            for page in PdfReader(io.BytesIO(made.data)).pages:
                assert f"Version {result.version} (hcdesk {__version__})" in page.extract_text()
        versions.append(result.version)
    assert versions == [1, 2, 3]
    # a JSON export of the case is a disclosure but not a summary: it does not count
    export_interchange(store, tmp_path / "x.json", case_ref=OTHER, **WHO)
    with store.session() as s:
        from hcdesk.casework.cases import find_case

        assert summary_version(s, find_case(s, OTHER).id) == 4


# -- 7. the legal notes ----------------------------------------------------------------------------


def test_the_legal_notes_are_whole_in_a_small_box_on_page_one(written: dict[str, Path]) -> None:
    page1 = _flat(pdftotext(written["disclosable"], "-f", "1", "-l", "1"))
    assert "Legal notes" in page1
    for statement in (
        "On conviction of a racially or religiously aggravated offence the court sentences it "
        "as such",
        "should say what the sentence for the basic offence would have been.",
        "The defendant must be put on notice of the alleged hostility and be able to challenge "
        "it.",
        "(DPP v Giles [2019] EWHC 2015 (Admin)).",
    ):
        assert statement in page1, statement
    # set smaller than the banner's items: poppler's word boxes give the glyph heights
    boxes = pdftotext(written["disclosable"], "-bbox", "-f", "1", "-l", "1")
    heights = {
        word: float(y1) - float(y0)
        for y0, y1, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', boxes
        )
    }
    assert heights["Sentencing"] < heights["Religion"] * 0.9


# -- right to left, as drawn --------------------------------------------------------------------


def test_visual_order_draws_right_to_left_runs_right_to_left() -> None:
    """UAX #9 at the level of a line's fragments: a right-to-left run (with the number inside
    it) is reversed, word by word; left-to-right text around it stays as written."""
    from reportlab.platypus.paraparser import ParaFrag

    from hcdesk.export.base import visual_order

    def frags(*texts: str) -> list[ParaFrag]:
        return [ParaFrag(text=t) for t in texts]

    line = frags("Said: ", "ہماری دکان", " 12 ", "سے", " then left")
    drawn = [f.text for f in visual_order(line, rtl=False)]
    assert drawn == ["Said: ", "سے", " 12 ", "دکان ہماری", " then left"]
    # a right-to-left paragraph: the whole line reads from the right, Latin words stay whole,
    # and the brackets around them are mirrored so that they still open and close them
    line = frags("ثناء ملک", " (", "Sana Malik", ")")
    drawn = [f.text for f in visual_order(line, rtl=True)]
    assert "".join(drawn) == "(Sana Malik) ملک ثناء"
    plain = frags("No right-to-left text at all")
    assert visual_order(plain, rtl=False) == plain


@pytest.mark.parametrize("enabled", [True, False])
def test_rendering_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    """The layout runs without collection pauses (see base._no_gc_pauses), then puts the
    collector back: on if it was on, off if the program had turned it off."""
    import gc

    from hcdesk.export.base import _no_gc_pauses

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with _no_gc_pauses():
            assert not gc.isenabled()
            with _no_gc_pauses():  # a second render at the same time
                pass
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
