"""The interchange format: schema, documentation, example, round trips and import refusals."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator, FormatChecker
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk.errors import ValidationFailed
from hcdesk.interchange import exporter, importer, reader, schema, validation
from hcdesk.interchange.spec import MAX_CASES, MAX_ITEMS, SECTIONS, case_columns
from hcdesk.models import (
    SYNCED_MODELS,
    AuditEvent,
    BailRecord,
    CaseFile,
    Charge,
    ContactLog,
    CourtApplication,
    InterviewAccount,
    NeedsAssessment,
    Outbox,
    Person,
    SupportAction,
    SupportPlan,
    VictimsCodeEvent,
    VictimWish,
)
from hcdesk.models.base import EnumList, JSONText, UTCDateTime, uuid7
from hcdesk.models.enums import (
    ContactChannel,
    ContactDirection,
    NeedArea,
    PersonRole,
    RecordType,
    VictimsCodeEventKind,
)
from hcdesk.models.limits import int_range, text_limit
from hcdesk.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "case.json"
DOCS = ROOT / "docs" / "interchange.md"
UUID_NS = uuid.UUID("0b7e4a1c-2d3f-4e5a-8b6c-7d8e9f0a1b2c")


# -- helpers -----------------------------------------------------------------------------------
def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def validator() -> Draft202012Validator:
    return Draft202012Validator(schema.build_schema(), format_checker=FormatChecker())


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {
            model.__tablename__: s.scalar(sa.select(sa.func.count()).select_from(model)) or 0
            for model in (*SYNCED_MODELS, Outbox, AuditEvent)
        }


def export_text(store: Store) -> str:
    with store.session() as s:
        return exporter.dumps(exporter.export_cases(s))


def import_doc(store: Store, document: Any) -> importer.ImportResult:
    with store.transaction() as s:
        return importer.import_document(s, document)


def refused(store: Store, document: Any) -> list[str]:
    """The problems import reports; the store must be unchanged afterwards."""
    before = counts(store)
    with pytest.raises(ValidationFailed) as info:
        import_doc(store, document)
    assert counts(store) == before
    return info.value.problems


def renumbered(case: dict[str, Any], n: int) -> dict[str, Any]:
    """A copy of a case with fresh ids (references kept consistent) and its own local_ref."""
    mapping: dict[str, str] = {}

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str) and validation.UUID_RE.fullmatch(value):
            return mapping.setdefault(value, str(uuid.uuid5(UUID_NS, f"{n}:{value}")))
        return value

    out: dict[str, Any] = walk(case)
    out["local_ref"] = f"{case['local_ref']}-{n}"
    return out


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One empty store for the checks that only validate (nothing is written to it)."""
    store = Store.create(
        tmp_path_factory.mktemp("interchange") / "profile",
        PASSPHRASE,
        kdf=FAST_KDF,
        officer="PC Test",
    )
    yield store
    store.close()


# -- the committed schema and documentation are generated -------------------------------------
def test_committed_schema_file_is_the_generated_schema() -> None:
    committed = schema.SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema.schema_text(), (
        "hcdesk-interchange-v1.schema.json is out of date: run "
        "`python -m hcdesk.interchange.schema --write` (and see docs/interchange.md, Versioning)"
    )
    assert json.loads(committed) == schema.build_schema()
    assert committed.endswith("}\n") and '\n  "$schema"' in committed
    Draft202012Validator.check_schema(schema.build_schema())


def test_schema_shape() -> None:
    s = schema.build_schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"] and s["title"] and s["version"] == 4
    case = s["$defs"]["case_file"]
    assert case["additionalProperties"] is False
    assert set(case["required"]) == {"id", "local_ref", "record_type"}
    props = case["properties"]
    assert props["incident_date"]["type"] == ["string", "null"]
    assert props["incident_date"]["format"] == "date"
    assert props["local_ref"] == {
        "description": (
            "Local reference. Made when the case is opened; unique on this laptop and team."
        ),
        "type": "string",
        "maxLength": 32,
    }
    assert props["monitored_strands"]["items"]["enum"][0] == "RACE"
    assert props["file_stage"]["enum"][-1] is None
    assert props["cms_hate_flag"]["type"] == "boolean"
    assert props["victim"]["anyOf"][1] == {"type": "null"}
    person = s["$defs"]["person"]["properties"]
    # Each field's label, its disclosure and narrative marks, then its help.
    assert person["date_of_birth"]["description"] == (
        "Date of birth (police/CPS only). Typed as day/month/year, e.g. 25/11/1980."
    )
    assert person["contact_notes"]["description"].startswith(
        "Contact safety notes (police/CPS only) (narrative). Anything else about contacting"
    )
    assert "role" not in person
    wish = s["$defs"]["victim_wish"]
    assert wish["properties"]["recorded_at"]["format"] == "date-time"
    assert "supersedes_id" in wish["properties"] and "supersedes_id" not in wish["required"]
    assert "supersedes_id" not in s["$defs"]["charge"]["properties"]
    plan = s["$defs"]["support_plan"]["properties"]
    assert plan["actions"]["items"] == {"$ref": "#/$defs/support_action"}
    assert "plan_id" not in s["$defs"]["support_action"]["properties"]
    assert s["$defs"]["needs_assessment"]["properties"]["areas"]["items"]["required"] == [
        "area",
        "level",
    ]


def test_schema_module_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert schema.main([]) == 0
    assert capsys.readouterr().out == schema.schema_text()


def test_docs_field_tables_are_the_generated_ones() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin = text.index("<!-- BEGIN GENERATED FIELD TABLES")
    begin = text.index("\n", begin) + 1
    end = text.index("<!-- END GENERATED FIELD TABLES -->")
    assert text[begin:end].strip("\n") + "\n" == schema.markdown_tables(), (
        "the field tables in docs/interchange.md are out of date: paste the output of "
        "`python -m hcdesk.interchange.schema --markdown` between the markers"
    )
    for needle in (
        "hcdesk import FILE --profile DIR",
        "hcdesk export-json --profile DIR",
        "hcdesk-interchange-v1.schema.json",
        "examples/case.json",
        "cases[3].victim.date_of_birth: not a date",
    ):
        assert needle in text


# -- the example -------------------------------------------------------------------------------
def test_example_is_valid_by_the_schema() -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(example())]
    assert errors == []


def test_example_is_valid_by_the_codec(shared_store: Store) -> None:
    with shared_store.session() as s:
        parsed = validation.validate(s, example())
    assert len(parsed) == 1


def test_example_round_trips_byte_for_byte(store: Store) -> None:
    result = import_doc(store, importer.load_file(EXAMPLE))
    assert result.cases == 1
    assert export_text(store) == EXAMPLE.read_text(encoding="utf-8")
    assert EXAMPLE.read_bytes() == export_text(store).encode("utf-8")


ONLY_IN_A_VOIDED_CASE = {
    ("case_file", "voided_reason"),
    ("case_file", "voided_at"),
    ("case_file", "voided_by"),
}
"""The example is a live case, so it leaves these out: a voided case carries them
(test_a_voided_case_travels_with_its_reason)."""


def test_a_voided_case_travels_with_its_reason(store: Store, tmp_path: Path) -> None:
    document = example()
    case = document["cases"][0]
    case["voided_reason"] = "Opened twice by mistake: the same report is WK-NUN-2025-00418."
    case["voided_at"] = "2025-03-02T19:00:00.000000Z"
    case["voided_by"] = "PC 2291 Harriet Osei"
    path = tmp_path / "voided.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert [e.message for e in validator().iter_errors(document)] == []
    import_doc(store, importer.load_file(path))
    again = json.loads(export_text(store))["cases"][0]
    assert again["voided_reason"] == case["voided_reason"]
    assert again["voided_by"] == "PC 2291 Harriet Osei"
    assert again["voided_at"] == "2025-03-02T19:00:00.000000Z"


def test_example_uses_every_field_and_the_cases_it_should() -> None:
    case = example()["cases"][0]
    records: dict[str, list[dict[str, Any]]] = {"case_file": [case]}
    columns: dict[str, list[str]] = {"case_file": [c.key for c in case_columns()]}
    for section in SECTIONS:
        rows = case[section.key] if section.many else [case[section.key]]
        records.setdefault(section.model.__tablename__, []).extend(rows)
        columns[section.model.__tablename__] = [c.key for c in section.columns()]
        for child in section.children:
            kids = [k for r in rows for k in r[child.key]]
            records.setdefault(child.model.__tablename__, []).extend(kids)
            columns[child.model.__tablename__] = [c.key for c in child.columns()]
    for table, keys in columns.items():
        assert records[table], f"no {table} record in the example"
        for key in keys:
            if (table, key) in ONLY_IN_A_VOIDED_CASE:
                continue
            values = [r[key] for r in records[table]]
            assert any(v not in (None, [], "") for v in values), f"{table}.{key} never given"
    appended = records["victim_wish"] + records["contact_log"] + records["victims_code_event"]
    assert any(r["supersedes_id"] for r in appended)
    # A Polish victim, words in Urdu script with a translation, a change of view.
    assert any(ch in case["victim"]["name"] for ch in "ąćęłńóśźż")
    urdu = [
        e
        for e in case["hostility_evidence"]
        if any("\u0600" <= ch <= "\u06ff" for ch in e["words_or_conduct"])
    ]
    assert urdu and urdu[0]["translation"]
    assert len(case["wishes"]) == 2
    assert case["wishes"][0]["wants_prosecution"] != case["wishes"][1]["wants_prosecution"]
    assert case["charges"][0]["legal_route"] in ("CDA_S31_PUBLIC_ORDER", "CDA_S29_ASSAULT")
    # The court file: each charge names its defendant (a suspect of the case), with a plea and
    # each element with its evidence; a previous incident is relied on as evidence, the group
    # association and intelligence are not.
    suspects = {p["id"] for p in case["suspects"]}
    assert all(ch["defendant_id"] in suspects for ch in case["charges"])
    assert {ch["plea"] for ch in case["charges"]} == {"GUILTY", "NOT_GUILTY"}
    assert all(el["element"] and el["evidence"] for ch in case["charges"] for el in ch["elements"])
    assert all(ch["aggravated_form_charged"] for ch in case["charges"])
    for key in ("bail_records", "court_applications", "interview_accounts"):
        assert all(r["person_id"] in suspects for r in case[key]), key
    assert [p["previous_incidents_relied_on"] for p in case["suspects"]] == [True, False]
    assert not any(p["group_association_relied_on"] for p in case["suspects"])
    assert case["suspects"][0]["intelligence"] and case["suspects"][0]["group_association"]
    relied = [e for e in case["hostility_evidence"] if e["relied_on"]]
    assert [e["source"] for e in relied] == ["PREVIOUS_INCIDENT"]
    assert "RESTRAINING_ORDER" in {a["kind"] for a in case["court_applications"]}
    assert [s["role"] for s in case["summary_signoffs"]] == ["OIC", "SUPERVISOR"]


# -- round trips of cases made through the ORM -------------------------------------------------
def _orm_cases(store: Store) -> None:
    """Cases with ties in every ordering, a deleted record and values of many kinds."""
    at = dt.datetime(2025, 3, 2, 18, 30, tzinfo=dt.UTC)
    with store.transaction() as s:
        for n in range(3):
            case = CaseFile(
                id=uuid7(),
                local_ref=f"ORM-{n}",
                record_type=RecordType.HATE_CRIME,
                summary=f"Case {n}: «ß» ŁÓDŹ 東京 مرحبا",
                hocr_codes=["9B"],
            )
            s.add(case)
            s.flush()
            s.add(
                Person(
                    case_id=case.id,
                    role=PersonRole.VICTIM,
                    name=f"Victim {n}",
                    date_of_birth=dt.date(1990, 1, n + 1),
                )
            )
            for k in range(4):
                s.add(Person(case_id=case.id, role=PersonRole.SUSPECT, name=f"Suspect {k}"))
            s.add(Person(case_id=case.id, role=PersonRole.WITNESS, name="Gone", deleted=True))
            assessment = NeedsAssessment(
                case_id=case.id,
                assessed_on=dt.date(2025, 3, 3),
                assessor="PC A",
                areas=[{"area": "HEALTH", "level": "LOW", "notes": "x"}],
            )
            s.add(assessment)
            s.flush()
            plan = SupportPlan(case_id=case.id, assessment_id=assessment.id)
            s.add(plan)
            s.flush()
            for k in range(5):  # all with the default order key "m"
                s.add(
                    SupportAction(
                        case_id=case.id,
                        plan_id=plan.id,
                        need_area=NeedArea.HEALTH,
                        action=f"action {k}",
                        owner="PC A",
                    )
                )
            first = ContactLog(
                case_id=case.id,
                occurred_at=at,
                channel=ContactChannel.PHONE,
                direction=ContactDirection.TO_VICTIM,
                summary="first",
                recorded_by="PC A",
            )
            s.add(first)
            s.flush()
            s.add(
                ContactLog(
                    case_id=case.id,
                    occurred_at=at,
                    channel=ContactChannel.VIDEO_CALL,
                    direction=ContactDirection.TO_VICTIM,
                    summary="correction",
                    recorded_by="PC A",
                    supersedes_id=first.id,
                )
            )
            for k in range(4):
                s.add(
                    VictimsCodeEvent(
                        case_id=case.id,
                        right_number=k + 1,
                        event=VictimsCodeEventKind.OTHER,
                        event_date=dt.date(2025, 3, 1),
                    )
                )
                s.add(
                    VictimWish(
                        case_id=case.id,
                        recorded_at=at,
                        recorded_by="PC A",
                        victim_words=f"words {k}",
                    )
                )
        gone = CaseFile(
            id=uuid7(), local_ref="ORM-DELETED", record_type=RecordType.HATE_CRIME, deleted=True
        )
        s.add(gone)


def test_orm_cases_round_trip_through_a_new_store(make_store: Callable[..., Store]) -> None:
    first = make_store("first")
    _orm_cases(first)
    text = export_text(first)
    document = json.loads(text)
    assert [c["local_ref"] for c in document["cases"]] == ["ORM-0", "ORM-1", "ORM-2"]
    assert [c["id"] for c in document["cases"]] == sorted(c["id"] for c in document["cases"])
    assert document["cases"][0]["witnesses"] == []  # the deleted witness is not exported
    assert [a["action"] for a in document["cases"][0]["support_plans"][0]["actions"]] == [
        f"action {k}" for k in range(5)
    ]
    assert [s["name"] for s in document["cases"][0]["suspects"]] == [
        f"Suspect {k}" for k in range(4)
    ]

    second = make_store("second")
    result = import_doc(second, document)
    assert result.cases == 3
    assert export_text(second) == text
    third = make_store("third")
    import_doc(third, json.loads(export_text(second)))
    assert export_text(third) == text


def test_export_of_chosen_cases(store: Store) -> None:
    _orm_cases(store)
    with store.session() as s:
        ids = list(s.scalars(sa.select(CaseFile.id).where(CaseFile.local_ref == "ORM-1")))
        document = exporter.export_cases(s, ids)
    assert [c["local_ref"] for c in document["cases"]] == ["ORM-1"]


# -- refusals ----------------------------------------------------------------------------------
def test_every_problem_is_reported_with_its_path_and_nothing_is_imported(store: Store) -> None:
    base = example()["cases"][0]
    a, b, c = renumbered(base, 0), renumbered(base, 1), renumbered(base, 2)
    b["victim"]["date_of_birth"] = "1987-02-30"
    b["status"] = "PENDING"
    b["team"] = None
    b["wishes"][0]["recorded_at"] = "2025-03-02 18:40"
    b["needs_assessments"][0]["areas"][1]["level"] = "SEVERE"
    b["needs_assessments"][0]["areas"][2]["score"] = 3
    del c["wishes"][0]["recorded_by"]
    c["charges"][0]["verdict"] = "GUILTY"
    c["bail_records"][1]["person_id"] = c["witnesses"][0]["id"]
    c["suspects"][1]["id"] = c["suspects"][0]["id"]
    c["support_plans"][1]["assessment_id"] = str(uuid.uuid4())
    c["contacts"][1]["supersedes_id"] = str(uuid.uuid4())
    c["local_ref"] = a["local_ref"]
    c["referrals"][0]["contact_attempts"] = "2"
    c["support_plans"][0]["actions"][0]["owner"] = "x" * 121
    document = {"format": "hcdesk-interchange", "version": 1, "cases": [a, b, c]}

    problems = refused(store, document)
    assert sorted(problems) == sorted(
        [
            "cases[1].victim.date_of_birth: not a date",
            "cases[1].status: must be one of OPEN, AWAITING_CPS, AT_COURT, CLOSED",
            "cases[1].team: must not be null (leave it out to use the default)",
            "cases[1].wishes[0].recorded_at: not a date and time",
            "cases[1].needs_assessments[0].areas[1].level: must be one of NONE, LOW, MEDIUM, HIGH",
            "cases[1].needs_assessments[0].areas[2].score: is not a known field",
            "cases[2].wishes[0].recorded_by: is required",
            "cases[2].charges[0].verdict: is not a known field",
            "cases[2].bail_records[1].person_id: names no suspect of this case",
            # The second suspect's id is now the first's, so its interview names no one.
            "cases[2].interview_accounts[1].person_id: names no suspect of this case",
            "cases[2].suspects[1].id: is used twice in this file (also at cases[2].suspects[0])",
            "cases[2].support_plans[1].assessment_id: names no needs assessment of this case",
            "cases[2].contacts[1].supersedes_id: names no other entry in contacts of this case",
            "cases[2].local_ref: is used twice in this file (also at cases[0].local_ref)",
            "cases[2].referrals[0].contact_attempts: must be a whole number",
            "cases[2].support_plans[0].actions[0].owner: is longer than 120 characters",
        ]
    )
    assert counts(store)["case_file"] == 0


def test_the_document_envelope_is_checked(store: Store) -> None:
    assert refused(store, {"format": "hcdesk", "version": 5, "cases": [], "note": 1}) == [
        'format: must be "hcdesk-interchange"',
        "version: must be 1, 2, 3 or 4 (this hcdesk reads versions 1, 2, 3 and 4)",
        "note: is not a known field",
    ]
    assert refused(store, {"format": "hcdesk-interchange", "version": True, "cases": []}) == [
        "version: must be 1, 2, 3 or 4 (this hcdesk reads versions 1, 2, 3 and 4)",
    ]
    assert refused(store, {"format": "hcdesk-interchange", "version": 1}) == [
        "cases: must be a list of cases",
    ]
    assert refused(store, []) == ["the file must hold a JSON object"]


def test_null_sections_and_records(store: Store) -> None:
    case = renumbered(example()["cases"][0], 5)
    case["suspects"] = None
    case["witnesses"] = [None]
    case["support_plans"][0]["actions"] = None
    problems = refused(store, {"format": "hcdesk-interchange", "version": 1, "cases": [case]})
    assert problems == [
        "cases[0].suspects: must be a list",
        "cases[0].witnesses[0]: must be an object",
        "cases[0].support_plans[0].actions: must be a list",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"format": "hcdesk-interchange",\n "version": 1\n "cases": []}',
            "not valid JSON at line 3, column 2: Expecting ',' delimiter",
        ),
        (b"", "not valid JSON at line 1, column 1: Expecting value"),
        ('{"cases": ["Wiśniewska"]}'.encode("cp1250"), "is not UTF-8 text (bad byte at offset"),
        (b"\x00\x01\x02binary", "not valid JSON at line 1, column 1: Expecting value"),
        (b"[" * 100_000, "the JSON is nested too deeply"),
    ],
    ids=["bad-json", "empty", "not-utf8", "binary", "too-deep"],
)
def test_unreadable_files_are_refused_with_one_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "cases.json"
    path.write_bytes(content)
    with pytest.raises(ValidationFailed) as info:
        importer.load_file(path)
    assert len(info.value.problems) == 1
    assert message in info.value.problems[0]
    assert "nothing was saved" in str(info.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as info:
        importer.load_file(tmp_path / "absent.json")
    assert info.value.problems == [
        f"cannot read {tmp_path / 'absent.json'}: No such file or directory"
    ]


def test_a_byte_order_mark_is_ignored(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    import_doc(store, importer.load_file(path))
    assert export_text(store) == EXAMPLE.read_text(encoding="utf-8")


def test_a_case_already_in_the_store_is_refused(store: Store) -> None:
    import_doc(store, example())
    problems = refused(store, example())
    assert problems == [
        "cases[0].id: a case with this id is already in the store",
        "cases[0].local_ref: a case with reference WK-NUN-2025-00417 is already in the store",
    ]
    # A new case id and reference, but a record id that the store already holds.
    other = renumbered(example()["cases"][0], 7)
    other["victim"]["id"] = example()["cases"][0]["victim"]["id"]
    other["charges"][0]["id"] = example()["cases"][0]["charges"][0]["id"]
    problems = refused(store, {"format": "hcdesk-interchange", "version": 1, "cases": [other]})
    assert sorted(problems) == [
        "cases[0].charges[0].id: a record with this id is already in the store",
        "cases[0].victim.id: a record with this id is already in the store",
    ]


# -- the schema and the codec agree ------------------------------------------------------------
Mutation = Callable[[dict[str, Any]], Any]


def _case(d: dict[str, Any]) -> dict[str, Any]:
    case: dict[str, Any] = d["cases"][0]
    return case


def _set(getter: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any) -> Mutation:
    def mutate(d: dict[str, Any]) -> Any:
        getter(d)[key] = value
        return d

    return mutate


def _del(getter: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> Mutation:
    def mutate(d: dict[str, Any]) -> Any:
        del getter(d)[key]
        return d

    return mutate


def _victim(d: dict[str, Any]) -> dict[str, Any]:
    victim: dict[str, Any] = _case(d)["victim"]
    return victim


def _wish(d: dict[str, Any]) -> dict[str, Any]:
    wish: dict[str, Any] = _case(d)["wishes"][0]
    return wish


def _action(d: dict[str, Any]) -> dict[str, Any]:
    action: dict[str, Any] = _case(d)["support_plans"][0]["actions"][0]
    return action


def _area(d: dict[str, Any]) -> dict[str, Any]:
    area: dict[str, Any] = _case(d)["needs_assessments"][0]["areas"][0]
    return area


def _referral(d: dict[str, Any]) -> dict[str, Any]:
    referral: dict[str, Any] = _case(d)["referrals"][0]
    return referral


REJECTED: dict[str, Mutation] = {
    "month-13": _set(_case, "incident_date", "2025-13-01"),
    "no-such-day": _set(_victim, "date_of_birth", "2025-02-30"),
    "basic-date": _set(_case, "incident_date", "20250301"),
    "uk-date": _set(_case, "incident_date", "01/03/2025"),
    "no-zone": _set(_wish, "recorded_at", "2025-03-02T18:40:00"),
    "no-seconds": _set(_wish, "recorded_at", "2025-03-02T18:40Z"),
    "unknown-enum": _set(_case, "record_type", "HATE"),
    "unknown-enum-in-list": _set(_case, "monitored_strands", ["RACE", "NATIONALITY"]),
    "enum-list-not-list": _set(_case, "monitored_strands", "RACE"),
    "bool-as-text": _set(_case, "cms_hate_flag", "yes"),
    "int-as-text": _set(_referral, "contact_attempts", "2"),
    "bool-as-int": _set(_referral, "contact_attempts", True),
    "text-as-number": _set(_victim, "name", 42),
    "too-long": _set(_case, "local_ref", "X" * 33),
    "missing-required": _del(_case, "record_type"),
    "missing-id": _del(_victim, "id"),
    "upper-case-id": _set(_case, "id", "AA195766-6643-59D7-85E2-A22B6FBDC105"),
    "unknown-case-field": _set(_case, "colour", "red"),
    "unknown-action-field": _set(_action, "extra", 1),
    "unknown-area-field": _set(_area, "score", 3),
    "area-missing-level": _del(_area, "level"),
    "hocr-too-long": _set(_case, "hocr_codes", ["X" * 11]),
    "null-for-default": _set(_case, "status", None),
    "null-for-required": _set(_victim, "name", None),
    "null-json-field": _set(_case, "hocr_codes", None),
    "null-section": _set(_case, "suspects", None),
    "victim-as-list": lambda d: _set(_case, "victim", [_victim(d)])(d),
    "bad-supersedes": _set(lambda d: _case(d)["contacts"][1], "supersedes_id", "contact-1"),
    "supersedes-on-versioned": _set(lambda d: _case(d)["charges"][0], "supersedes_id", None),
    "assessment-not-uuid": _set(lambda d: _case(d)["support_plans"][0], "assessment_id", "a-1"),
    "version-5": _set(lambda d: d, "version", 5),
    "version-true": _set(lambda d: d, "version", True),
    "version-text": _set(lambda d: d, "version", "1"),
    "wrong-format": _set(lambda d: d, "format", "hcdesk"),
    "extra-top-level": _set(lambda d: d, "exported_at", "2025-03-02"),
    "cases-not-list": _set(lambda d: d, "cases", {}),
    "missing-cases": _del(lambda d: d, "cases"),
    "not-an-object": lambda d: [d],
    # The limits of version 2.
    "narrative-too-long": _set(_case, "summary", "x" * 100_001),
    "text-too-long": _set(_victim, "name", "x" * 4_001),
    "negative-count": _set(_referral, "contact_attempts", -1),
    "count-too-big": _set(_referral, "contact_attempts", 10_001),
    "count-beyond-sqlite": _set(_referral, "contact_attempts", 2**63),
    "right-0": _set(lambda d: _case(d)["victims_code_events"][0], "right_number", 0),
    "right-13": _set(lambda d: _case(d)["victims_code_events"][0], "right_number", 13),
    "strand-twice": _set(_case, "monitored_strands", ["RACE", "RACE"]),
    "too-many-hocr-codes": _set(_case, "hocr_codes", ["9B"] * 51),
    "partner-too-long": _set(_wish, "partner_consents", ["x" * 201]),
    "area-notes-too-long": _set(_area, "notes", "x" * 4_001),
    "too-many-contacts": lambda d: _many(d, "contacts", 2_001),
    "too-many-actions": lambda d: _many(d, "actions", 2_001),
}


def _many(d: dict[str, Any], key: str, n: int) -> dict[str, Any]:
    """A section (or the first plan's actions) grown to ``n`` records with their own ids."""
    holder = _case(d)["support_plans"][0] if key == "actions" else _case(d)
    first = holder[key][0]
    holder[key] = [{**first, "id": str(uuid.uuid5(UUID_NS, f"{key}{i}"))} for i in range(n)]
    if key == "contacts":
        for item in holder[key]:
            item["supersedes_id"] = None
    return d


ACCEPTED: dict[str, Mutation] = {
    "as-exported": lambda d: d,
    "offset-datetime": _set(_wish, "recorded_at", "2025-03-02T19:40:00+01:00"),
    "millisecond-datetime": _set(_wish, "recorded_at", "2025-03-02T18:40:00.5Z"),
    "defaults-left-out": lambda d: _del(_case, "team")(_del(_case, "status")(d)),
    "optional-left-out": _del(_victim, "date_of_birth"),
    "no-victim": _set(_case, "victim", None),
    "sections-left-out": lambda d: _del(_case, "witnesses")(_del(_case, "wishes")(d)),
    "actions-left-out": _del(lambda d: _case(d)["support_plans"][1], "actions"),
    "no-cases": _set(lambda d: d, "cases", []),
    "empty-text": _set(_victim, "gender", ""),
    "narrative-at-its-limit": _set(_case, "summary", "é" * 100_000),
    "count-at-its-limit": _set(_referral, "contact_attempts", 10_000),
    "every-strand-once": _set(
        _case,
        "monitored_strands",
        ["RACE", "RELIGION", "SEXUAL_ORIENTATION", "DISABILITY", "TRANSGENDER"],
    ),
    "contacts-at-the-limit": lambda d: _many(d, "contacts", 2_000),
}


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_schema_and_codec_both_reject(name: str, shared_store: Store) -> None:
    document = REJECTED[name](example())
    assert list(validator().iter_errors(document)), f"the schema accepts {name}"
    with shared_store.session() as s, pytest.raises(ValidationFailed):
        validation.validate(s, document)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_schema_and_codec_both_accept(name: str, shared_store: Store) -> None:
    document = ACCEPTED[name](example())
    assert [e.message for e in validator().iter_errors(document)] == []
    with shared_store.session() as s:
        validation.validate(s, document)


def test_rules_the_schema_cannot_express_are_the_codecs(shared_store: Store) -> None:
    """Cross-record rules: the schema accepts these, the codec refuses them."""
    cases = []
    for mutate in (
        _set(lambda d: _case(d)["support_plans"][0], "assessment_id", str(uuid.uuid4())),
        _set(lambda d: _case(d)["contacts"][1], "supersedes_id", str(uuid.uuid4())),
        lambda d: _set(lambda e: _case(e)["suspects"][1], "id", _case(d)["suspects"][0]["id"])(d),
        lambda d: _set(lambda e: _case(e)["charges"][0], "defendant_id", _victim(d)["id"])(d),
        _set(lambda d: _case(d)["interview_accounts"][0], "person_id", str(uuid.uuid4())),
        _set(lambda d: _case(d)["court_applications"][0], "person_id", "suspect 1"),
    ):
        document = mutate(example())
        assert list(validator().iter_errors(document)) == []
        with shared_store.session() as s, pytest.raises(ValidationFailed):
            validation.validate(s, document)
        cases.append(document)
    assert len(cases) == 6


def test_an_offset_datetime_is_stored_in_utc(store: Store) -> None:
    document = example()
    _wish(document)["recorded_at"] = "2025-03-02T19:40:00+01:00"
    import_doc(store, document)
    exported = json.loads(export_text(store))
    assert _wish(exported)["recorded_at"] == "2025-03-02T18:40:00.000000Z"
    assert copy.deepcopy(exported) == example()


# -- the limits of version 2 -------------------------------------------------------------------
def _schema_columns() -> Iterator[tuple[dict[str, Any], Any]]:
    s = schema.build_schema()
    yield from ((s["$defs"]["case_file"]["properties"][c.key], c) for c in case_columns())
    for section in SECTIONS:
        for sec in (section, *section.children):
            props = s["$defs"][sec.model.__tablename__]["properties"]
            yield from ((props[c.key], c) for c in sec.columns())


def test_the_schema_carries_every_limit() -> None:
    s = schema.build_schema()
    assert s["properties"]["cases"]["maxItems"] == MAX_CASES
    for section in SECTIONS:
        prop = s["$defs"]["case_file"]["properties"][section.key]
        assert prop.get("maxItems", MAX_ITEMS) == MAX_ITEMS
    assert s["$defs"]["support_plan"]["properties"]["actions"]["maxItems"] == MAX_ITEMS
    checked = 0
    for prop, col in _schema_columns():
        ctype = col.type
        if isinstance(ctype, EnumList):
            assert prop["maxItems"] == len(ctype.enum_cls) and prop["uniqueItems"] is True
        elif isinstance(ctype, sa.Integer) and not isinstance(ctype, sa.Boolean):
            assert (prop["minimum"], prop["maximum"]) == int_range(col)
        elif prop.get("type") in ("string", ["string", "null"]) and "format" not in prop:
            assert prop["maxLength"] == text_limit(col), col.key
        else:
            continue
        checked += 1
    assert checked > 80


def test_docs_limits_table_is_the_generated_one() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin = text.index("<!-- BEGIN GENERATED LIMITS")
    begin = text.index("\n", begin) + 1
    end = text.index("<!-- END GENERATED LIMITS -->")
    assert text[begin:end].strip("\n") + "\n" == schema.limits_markdown(), (
        "the limits table in docs/interchange.md is out of date: paste the output of "
        "`python -m hcdesk.interchange.schema --limits` between the markers"
    )
    assert "| Cases in one file | 20,000 |" in text


def test_the_version_1_2_and_3_schemas_are_kept_as_they_were() -> None:
    v1 = schema.SCHEMA_FILE.with_name("hcdesk-interchange-v1.schema.json")
    assert hashlib.sha256(v1.read_bytes()).hexdigest() == V1_SCHEMA_SHA256
    assert json.loads(v1.read_text("utf-8"))["$id"] == "urn:hcdesk:schema:hcdesk-interchange-v1"
    v2 = schema.SCHEMA_FILE.with_name("hcdesk-interchange-v2.schema.json")
    assert hashlib.sha256(v2.read_bytes()).hexdigest() == V2_SCHEMA_SHA256
    v3 = schema.SCHEMA_FILE.with_name("hcdesk-interchange-v3.schema.json")
    assert hashlib.sha256(v3.read_bytes()).hexdigest() == V3_SCHEMA_SHA256
    assert schema.SCHEMA_FILE.name == "hcdesk-interchange-v4.schema.json"


V3_SCHEMA_SHA256 = "d2715b256318c9150dad07c5316fdb913045a2f0c12f474b853430f0e9f02cd1"
V2_SCHEMA_SHA256 = "bbaa46c8d351e47e7743461d0ef3b6577d2a4487b1b37eaac716695bb288c7ad"
V1_SCHEMA_SHA256 = "90e5c6e13b2d0eb520d9a62cdb048ef8d5d24afe5285d46f66772edbfe4bacc9"


def test_a_version_1_file_is_read_by_the_rules_of_version_3(store: Store, tmp_path: Path) -> None:
    document = example()
    document["version"] = 1
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    import_doc(store, importer.load_file(path))
    assert export_text(store) == EXAMPLE.read_text(encoding="utf-8")  # written as version 3
    _referral(document)["contact_attempts"] = -1
    other = renumbered(_case(document), 1)
    document["cases"] = [other]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        importer.load_file(path)
    assert info.value.problems == [
        "cases[0].referrals[0].contact_attempts: must be between 0 and 10,000"
    ]


# What version 3 added (docs/interchange.md, "Version 3"), with the value each takes when a
# version 2 file leaves it out. Written out here, not derived from the spec, so that a field
# added without a version bump fails the test below.
V3_SECTIONS = (
    "court_listings",
    "bail_records",
    "court_applications",
    "interview_accounts",
    "summary_signoffs",
    "disclosure_consents",
    "preflight_acknowledgements",
)
V3_FIELDS: dict[str, dict[str, Any]] = {
    "case": {"incident_end_date": None},
    "person": {
        "previous_incidents_relied_on": False,
        "group_association_relied_on": False,
        "intelligence": None,
        "statement_date": None,
        "statement_summary": None,
    },
    "hostility_evidence": {"relied_on": False},
    "charges": {"defendant_id": None, "plea": None, "plea_basis": None, "elements": []},
}


# What version 4 added, in the same way.
V4_SECTIONS = ("status_claims", "duty_records", "planned_contacts")
V4_FIELDS: dict[str, dict[str, Any]] = {
    "case": {"voided_reason": None, "voided_at": None, "voided_by": None},
    "contacts": {"left_voicemail": False, "safety_override_reason": None},
}


def _as_version_3(case: dict[str, Any], fill: bool) -> dict[str, Any]:
    """The case without what version 4 added (``fill``: at their defaults, as above)."""
    case = copy.deepcopy(case)
    for records, added in (([case], V4_FIELDS["case"]), (case["contacts"], V4_FIELDS["contacts"])):
        for record in records:
            for key, default in added.items():
                del record[key]
                if fill:
                    record[key] = copy.deepcopy(default)
    for key in V4_SECTIONS:
        del case[key]
        if fill:
            case[key] = []
    return case


def _as_version_2(case: dict[str, Any], fill: bool) -> dict[str, Any]:
    """The case without what versions 3 and 4 added (``fill``: with those fields at their
    defaults and the new sections empty, as hcdesk exports a version 2 file it has read)."""
    case = _as_version_3(case, fill)
    people = [case["victim"], *case["suspects"], *case["witnesses"]]
    for records, added in (
        ([case], V3_FIELDS["case"]),
        (people, V3_FIELDS["person"]),
        (case["hostility_evidence"], V3_FIELDS["hostility_evidence"]),
        (case["charges"], V3_FIELDS["charges"]),
    ):
        for record in records:
            for key, default in added.items():
                del record[key]
                if fill:
                    record[key] = copy.deepcopy(default)
    for key in V3_SECTIONS:
        del case[key]
        if fill:
            case[key] = []
    return case


def test_a_version_2_file_is_read_with_the_new_fields_at_their_defaults(
    store: Store, tmp_path: Path
) -> None:
    v2 = _as_version_2(_case(example()), fill=False)
    columns = {c.key for c in case_columns()} | {s.key for s in SECTIONS}
    assert columns - set(v2) == (
        set(V3_FIELDS["case"]) | set(V3_SECTIONS) | set(V4_FIELDS["case"]) | set(V4_SECTIONS)
    )
    path = tmp_path / "v2.json"
    document = {"format": "hcdesk-interchange", "version": 2, "cases": [v2]}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    checked = importer.load_file(path)
    assert checked.version == 2
    import_doc(store, checked)
    exported = json.loads(export_text(store))
    assert exported["version"] == 4
    assert _case(exported) == _as_version_2(_case(example()), fill=True)
    with store.session() as s:
        charges = s.scalars(sa.select(Charge)).all()
    assert [(c.defendant_id, c.plea, c.elements) for c in charges] == [(None, None, [])] * 2


def test_references_to_suspects_survive_import_unchanged(store: Store) -> None:
    import_doc(store, example())
    case = _case(example())
    suspects = [p["id"] for p in case["suspects"]]
    with store.session() as s:
        people = {p.id: p for p in s.scalars(sa.select(Person))}
        refs = [
            *(c.defendant_id for c in s.scalars(sa.select(Charge))),
            *(b.person_id for b in s.scalars(sa.select(BailRecord))),
            *(a.person_id for a in s.scalars(sa.select(CourtApplication))),
            *(i.person_id for i in s.scalars(sa.select(InterviewAccount))),
        ]
    assert sorted(refs) == sorted(
        [
            *(c["defendant_id"] for c in case["charges"]),
            *(b["person_id"] for b in case["bail_records"]),
            *(a["person_id"] for a in case["court_applications"]),
            *(i["person_id"] for i in case["interview_accounts"]),
        ]
    )
    assert set(refs) == set(suspects)  # both suspects are named, and only suspects
    assert {people[r].role for r in refs} == {PersonRole.SUSPECT}


def test_export_refuses_a_reference_to_a_deleted_suspect(store: Store) -> None:
    import_doc(store, example())
    case = _case(example())
    with store.transaction() as s:
        s.execute(
            sa.update(Person).where(Person.id == case["suspects"][1]["id"]).values(deleted=True)
        )
    with store.session() as s, pytest.raises(ValidationFailed) as info:
        exporter.export_cases(s)
    assert info.value.problems == [
        f"{case['urn']}.interview_accounts[1].person_id: names no suspect of this case"
    ]


def load_problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "file.json"
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    path.write_bytes(text)
    with pytest.raises(ValidationFailed) as info:
        importer.load_file(path)
    return info.value.problems


def test_text_and_keys_the_schema_cannot_judge_are_refused_with_their_path(
    tmp_path: Path,
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    victim_name = _victim(example())["name"]
    assert load_problems(tmp_path, text.replace(victim_name, "Zofia\\u0000")) == [
        "cases[0].victim.name: must not contain a NUL character"
    ]
    assert load_problems(tmp_path, text.replace(victim_name, "Zofia\\udc00")) == [
        "cases[0].victim.name: is not valid Unicode (it holds half of a surrogate pair)"
    ]
    # Given twice: in a record, in a need area, in a case, and at the top of the file.
    assert load_problems(tmp_path, text.replace('"name": ', '"name": "A", "name": ', 1)) == [
        "cases[0].victim.name: is given twice in this object (keys must be unique)"
    ]
    assert load_problems(tmp_path, text.replace('"level": ', '"level": "LOW", "level": ', 1)) == [
        "cases[0].needs_assessments[0].areas[0].level: is given twice in this object "
        "(keys must be unique)"
    ]
    assert load_problems(tmp_path, text.replace('"urn": ', '"urn": null, "urn": ', 1)) == [
        "cases[0].urn: is given twice in this object (keys must be unique)"
    ]
    assert load_problems(tmp_path, text.replace('"version": 4', '"version": 4, "version": 4')) == [
        "version: is given twice in the document (keys must be unique)"
    ]
    # A key that is not a field is shown escaped, so the message itself stays printable.
    assert load_problems(tmp_path, text.replace('"urn": ', '"\\u0000\\ud800x": 1, "urn": ', 1)) == [
        'cases[0]."\\u0000\\ud800x": is not a known field'
    ]
    assert load_problems(
        tmp_path, text.replace('"urn": ', '"' + "k" * 500 + '": 1, "urn": ', 1)
    ) == [f'cases[0]."{"k" * 64}"…: is not a known field']


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"format": "hcdesk-interchange", "version": NaN, "cases": []}',
            "NaN is not a JSON value",
        ),
        (
            b'{"cases": [{"x": -Infinity}]}',
            "cases[0]: not valid JSON: -Infinity is not a JSON value",
        ),
        (b'{"cases": [{"x": ' + b"9" * 5000 + b"}]}", "cases[0]: holds a number too long to read"),
        (b'{"cases": []} {}', "not valid JSON at line 1, column 15: Extra data"),
        (b'{"cases": [{"id": "a"}', "not valid JSON at line 1, column 23: Expecting ',' delimiter"),
        (b'{"cases": [{"id": "a', "not valid JSON at line 1, column 19: Unterminated string"),
        (b'{"cases": [],}', "Expecting property name enclosed in double quotes"),
        (b'{"cases": [{},]}', "not valid JSON at line 1, column 15: Expecting value"),
        (b'["not", "an", "object"]', "the file must hold a JSON object"),
    ],
    ids=[
        "nan",
        "infinity",
        "5000-digits",
        "extra",
        "unclosed",
        "unterminated",
        "comma",
        "list-comma",
        "list",
    ],
)
def test_files_that_are_not_strict_json_are_refused_with_one_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    problems = load_problems(tmp_path, content)
    assert len(problems) == 1
    assert message in problems[0]


def _tricky_document() -> str:
    """The example with text that lands on every kind of token at some chunk boundary."""
    document = example()
    case = _case(document)
    case["summary"] = 'é\\u00e9 😀 \\\\ " ż ' + "Łęcka " * 40
    _referral(document)["contact_attempts"] = 1234
    text = json.dumps(document, ensure_ascii=False, indent=3)
    # Escapes as other writers produce them, a surrogate pair among them.
    return text.replace("😀", "\\ud83d\\ude00").replace("é", "\\u00e9", 3)


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 11, 64, 1000, 1 << 20])
def test_a_file_reads_the_same_whatever_the_chunk_size(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_store: Callable[..., Store]
) -> None:
    text = _tricky_document()
    path = tmp_path / "cases.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    monkeypatch.setattr(reader, "CHUNK", chunk)
    checked = importer.load_file(path)
    records = exporter._count_records(_case(example()))
    assert (checked.cases, checked.records, checked.version) == (1, records, 4)
    store = make_store(f"chunk{chunk}")
    import_doc(store, checked)
    assert json.loads(export_text(store)) == json.loads(text)


@pytest.mark.parametrize("chunk", [3, 17, 4096])
def test_a_syntax_error_is_placed_as_the_json_module_places_it(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "CHUNK", chunk)
    good = EXAMPLE.read_text(encoding="utf-8")
    for broken in (
        good.replace('"force": "WARWICKSHIRE",', '"force": "WARWICKSHIRE"', 1),
        good.replace('"cases": [', '"cases": [,', 1),
        good.rstrip("\n")[:-1] + "]]",
        good.replace('"summary": "', '"summary": "\t', 1),
    ):
        with pytest.raises(json.JSONDecodeError) as expected:
            json.loads(broken)
        problems = load_problems(tmp_path, broken)
        e = expected.value
        assert problems == [f"not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}"]


@pytest.mark.parametrize("chunk", [2, 3, 1 << 20])
def test_a_bad_byte_is_reported_at_its_offset_in_the_file(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "CHUNK", chunk)
    data = EXAMPLE.read_bytes()
    at = data.index("Wiśniewska".encode()) + 4  # the n, after the two bytes of ś
    broken = data[:at] + b"\xff" + data[at + 1 :]
    problems = load_problems(tmp_path, b"\xef\xbb\xbf" + broken)
    assert problems == [f"{tmp_path / 'file.json'} is not UTF-8 text (bad byte at offset {at + 3})"]


def test_a_file_changed_after_its_check_is_refused_and_nothing_is_saved(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "cases.json"
    text = EXAMPLE.read_text(encoding="utf-8")
    for changed in (
        text.replace("Nuneaton", "Nuneatom", 1),  # same length, one byte
        text + " ",  # one byte more
        text[:-1],  # one byte less
    ):
        path.write_text(text, encoding="utf-8")
        checked = importer.load_file(path)
        path.write_text(changed, encoding="utf-8")
        before = counts(store)
        with pytest.raises(ValidationFailed) as info:
            import_doc(store, checked)
        assert counts(store) == before
        assert info.value.problems == [
            f"{path} changed while it was being imported; nothing was saved. Import it again "
            "once nothing else is writing it."
        ] or info.value.problems == [
            f"{path} changed while it was being imported; nothing was saved"
        ]


def test_reading_stops_at_the_thousandth_problem(tmp_path: Path) -> None:
    cases = ",".join(f'{{"id": "bad-{i}", "record_type": "HATE_CRIME"}}' for i in range(5_000))
    problems = load_problems(
        tmp_path, f'{{"format": "hcdesk-interchange", "version": 2, "cases": [{cases}]}}'
    )
    assert len(problems) == 1_000
    assert problems[-1].startswith("cases[499].")


def test_the_file_limits_are_met_as_the_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = example()
    document["cases"] = [renumbered(_case(document), n) for n in range(3)]
    text = json.dumps(document)
    monkeypatch.setattr(validation, "MAX_CASES", 2)
    assert load_problems(tmp_path, text) == [
        "the file holds more than 2 cases, the most one file may hold; split it into smaller files"
    ]
    monkeypatch.setattr(validation, "MAX_CASES", 20_000)
    monkeypatch.setattr(validation, "MAX_RECORDS", 50)
    assert load_problems(tmp_path, text) == [
        "the file holds more than 50 records (cases and everything in them), the most one file "
        "may hold; split it into smaller files"
    ]
    monkeypatch.setattr(validation, "MAX_RECORDS", 600_000)
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", len(text) - 1)
    path = tmp_path / "file.json"
    assert load_problems(tmp_path, text) == [
        f"{path} is larger than 0 MiB, the most one file may hold; split it into smaller files"
    ]
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 512 * 2**20)
    monkeypatch.setattr(importer, "MAX_CASE_CHARS", 10_000)
    assert len(json.dumps(_case(document))) > 10_000
    assert load_problems(tmp_path, text) == [
        "cases[0]: this case takes more than 10,000 characters of JSON, the most allowed"
    ]


# -- export writes only what import reads ------------------------------------------------------
def test_export_refuses_a_value_its_importer_would_refuse(store: Store) -> None:
    import_doc(store, example())
    with store.transaction() as s:  # as a store could hold it before version 2
        s.execute(sa.update(VictimsCodeEvent).values(right_number=13))
        s.execute(sa.update(CaseFile).values(summary="x" * 100_001))
    with store.session() as s, pytest.raises(ValidationFailed) as info:
        exporter.export_cases(s)
    ref = _case(example())["urn"]  # the reference the case list shows
    events = len(_case(example())["victims_code_events"])
    assert info.value.problems == [f"{ref}.summary: is longer than 100,000 characters"] + [
        f"{ref}.victims_code_events[{n}].right_number: must be between 1 and 12"
        for n in range(events)
    ]
    assert str(info.value).startswith("the export (correct these in hcdesk, then export again)")


def test_export_refuses_more_than_a_file_may_hold(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_doc(store, {**example(), "cases": [renumbered(_case(example()), n) for n in range(3)]})
    monkeypatch.setattr(exporter, "MAX_CASES", 2)
    with store.session() as s, pytest.raises(ValidationFailed) as info:
        exporter.export_cases(s)
    assert info.value.problems == [
        "this would put 3 cases in one file, and a file holds at most 2; export fewer cases at "
        "a time"
    ]
    monkeypatch.setattr(exporter, "MAX_CASES", 20_000)
    monkeypatch.setattr(exporter, "MAX_CASE_CHARS", 20_000)
    with store.session() as s:
        document = exporter.export_cases(s)
    with pytest.raises(ValidationFailed) as info:
        exporter.dumps(document)
    assert len(info.value.problems) == 3
    assert "takes more than 20,000 characters of JSON" in info.value.problems[0]


def test_export_writes_the_text_of_one_json_dump() -> None:
    document = example()
    assert exporter.dumps(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    empty = {**document, "cases": []}
    assert exporter.dumps(empty) == json.dumps(empty, ensure_ascii=False, indent=2) + "\n"


def _at_every_limit() -> dict[str, Any]:
    """The example with every text at its length (in two-byte characters), every number at
    its maximum, every list of choices full and every list field at its most entries."""
    document = example()
    case = _case(document)
    records: list[tuple[dict[str, Any], list[Any]]] = [(case, case_columns())]
    for section in SECTIONS:
        rows = case[section.key] if section.many else [case[section.key]]
        for row in rows:
            records.append((row, section.columns()))
            for child in section.children:
                records += [(kid, child.columns()) for kid in row[child.key]]
    for n, (record, columns) in enumerate(records):
        for col in columns:
            ctype = col.type
            if isinstance(ctype, EnumList):
                record[col.key] = [m.value for m in ctype.enum_cls]
            elif isinstance(ctype, sa.Integer) and not isinstance(ctype, sa.Boolean):
                record[col.key] = int_range(col)[1]
            elif (col.table.name, col.key) == ("case_file", "hocr_codes"):
                record[col.key] = [f"{k:010d}" for k in range(50)]
            elif (col.table.name, col.key) == ("victim_wish", "partner_consents"):
                record[col.key] = [f"{k:03d}" + "ż" * 197 for k in range(50)]
            elif (
                isinstance(ctype, sa.String | sa.Text)
                and not isinstance(ctype, sa.Enum | JSONText | UTCDateTime)
                and not col.foreign_keys
                and col.key not in ("local_ref", "order_key")
                and col.key not in {s.suspect_ref for s in SECTIONS}  # ids of suspects
            ):
                limit = text_limit(col)
                record[col.key] = (f"{n:03d}" + "ż" * limit)[:limit]
    return document


def test_export_and_import_round_trip_at_every_limit(make_store: Callable[..., Store]) -> None:
    document = _at_every_limit()
    assert [e.message for e in validator().iter_errors(document)] == []
    first, second = make_store("first"), make_store("second")
    import_doc(first, document)
    text = export_text(first)
    assert json.loads(text) == json.loads(exporter.dumps(document))
    path = first.paths.root.parent / "at-the-limits.json"
    path.write_text(text, encoding="utf-8")
    import_doc(second, importer.load_file(path))
    assert export_text(second) == text
