"""One limit per field, met on every way in: import and the central store's push validation
(decode_value), the desktop's forms (parse_value) and saves (save_changes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from hcdesk.casework import casefile as cf
from hcdesk.casework.cases import new_case
from hcdesk.casework.fields import FieldError, Kind, parse_value, spec_for
from hcdesk.models import SYNCED_MODELS, CaseFile
from hcdesk.models.base import EnumList, JSONText, UTCDateTime, domain_columns
from hcdesk.models.enums import RecordType
from hcdesk.models.limits import (
    JSON_FIELD_SCHEMAS,
    NARRATIVE_CHARS,
    TEXT_CHARS,
    int_range,
    text_limit,
)
from hcdesk.models.values import BadValue, check_value, decode_value
from hcdesk.store.store import Store


def _columns(kind: Any) -> Iterator[tuple[str, sa.Column[Any]]]:
    for model in SYNCED_MODELS:
        for col in domain_columns(model):
            if kind(col):
                yield f"{model.__tablename__}.{col.key}", col


def _is_text(col: sa.Column[Any]) -> bool:
    return (
        isinstance(col.type, sa.String | sa.Text)
        and not isinstance(col.type, sa.Enum | JSONText | EnumList | UTCDateTime)
        and not col.foreign_keys
        # Times are typed as HH:MM in the forms, and are five characters at most.
        and not (col.key.endswith("_time") or col.key == "time")
    )


def _is_int(col: sa.Column[Any]) -> bool:
    return isinstance(col.type, sa.Integer) and not isinstance(col.type, sa.Boolean)


TEXT = dict(_columns(_is_text))
INTS = dict(_columns(_is_int))


def refused_by_decode(col: sa.Column[Any], raw: Any) -> str | None:
    try:
        decode_value(col, raw)
    except BadValue as exc:
        return str(exc)
    return None


def refused_by_form(col: sa.Column[Any], typed: Any) -> str | None:
    try:
        parse_value(spec_for(col), typed)
    except FieldError as exc:
        return str(exc)
    return None


def refused_by_save(col: sa.Column[Any], value: Any) -> str | None:
    try:
        check_value(col, value)
    except BadValue as exc:
        return str(exc)
    return None


def test_every_text_field_has_a_limit_by_its_kind() -> None:
    assert len(TEXT) > 60
    for name, col in TEXT.items():
        length = getattr(col.type, "length", None)
        expected = length or (NARRATIVE_CHARS if col.info.get("narrative") else TEXT_CHARS)
        assert text_limit(col) == expected, name
        assert spec_for(col).max_length == expected, name


def test_every_whole_number_field_declares_a_range_sqlite_can_hold() -> None:
    assert set(INTS) == {
        "referral.contact_attempts",
        "summary_signoff.document_version",
        "victims_code_event.right_number",
    }
    assert int_range(INTS["victims_code_event.right_number"]) == (1, 12)
    for name, col in INTS.items():
        assert "range" in col.info, f"{name} declares no range: field(minimum=, maximum=)"
        low, high = int_range(col)
        assert -(2**63) <= low <= high < 2**63, name
        assert (spec_for(col).minimum, spec_for(col).maximum) == (low, high)


@pytest.mark.parametrize("name", sorted(TEXT))
def test_text_at_its_limit_passes_and_one_more_character_is_refused_everywhere(name: str) -> None:
    col = TEXT[name]
    limit = text_limit(col)
    at, over = "é" * limit, "é" * (limit + 1)  # characters, not bytes
    assert refused_by_decode(col, at) is None
    assert refused_by_form(col, at) is None
    assert refused_by_save(col, at) is None
    assert refused_by_decode(col, over) == f"is longer than {limit:,} characters"
    assert refused_by_form(col, over) == f"Keep this to {limit:,} characters or fewer."
    assert refused_by_save(col, over) == f"is longer than {limit:,} characters"


@pytest.mark.parametrize(
    ("text", "reason", "form_message"),
    [
        (
            "Nun\x00eaton",
            "must not contain a NUL character",
            "This holds a NUL character, which cannot be stored; remove it.",
        ),
        (
            "Nun\ud800eaton",
            "is not valid Unicode (it holds half of a surrogate pair)",
            "This holds a broken character (half of a surrogate pair); type the text again.",
        ),
    ],
    ids=["nul", "lone-surrogate"],
)
def test_text_the_databases_cannot_store_is_refused_everywhere(
    text: str, reason: str, form_message: str
) -> None:
    for name, col in TEXT.items():
        assert refused_by_decode(col, text) == reason, name
        assert refused_by_save(col, text) == reason, name
        assert refused_by_form(col, text) == form_message, name
    # A surrogate pair escaped in JSON is one character (an emoji), and fine.
    emoji = json.loads('"\\ud83d\\ude00"')
    assert emoji == "😀"
    assert refused_by_decode(TEXT["case_file.summary"], emoji) is None


@pytest.mark.parametrize("name", sorted(INTS))
def test_whole_numbers_outside_their_range_are_refused_everywhere(name: str) -> None:
    col = INTS[name]
    low, high = int_range(col)
    for ok in (low, high):
        assert refused_by_decode(col, ok) is None
        assert refused_by_form(col, str(ok)) is None
        assert refused_by_save(col, ok) is None
    for bad in (low - 1, high + 1, -(2**70), 2**63, 2**70):
        assert refused_by_decode(col, bad) == f"must be between {low:,} and {high:,}"
        assert refused_by_save(col, bad) == f"must be between {low:,} and {high:,}"
    for typed in [str(high + 1), "9" * 30] + ([str(low - 1)] if low > 0 else []):
        assert refused_by_form(col, typed) == f"Enter a number from {low:,} to {high:,}."
    assert refused_by_form(col, "-1") == "Enter a whole number, for example 3."


def test_a_list_of_choices_names_each_at_most_once() -> None:
    col = CaseFile.__table__.c.monitored_strands
    assert refused_by_decode(col, ["RACE", "RELIGION"]) is None
    assert refused_by_decode(col, ["RACE", "RACE"]) == "must list each value at most once"
    assert refused_by_decode(col, ["RACE"] * 10_000) == "must list each value at most once"
    assert refused_by_save(col, [RecordType.HATE_CRIME] * 2) == "must list each value at most once"
    assert spec_for(col).kind == Kind.MULTI


@pytest.mark.parametrize(
    ("table", "key", "value", "reason"),
    [
        ("case_file", "hocr_codes", ["9B"] * 51, "has more than 50 entries"),
        ("case_file", "hocr_codes", ["X" * 11], "[0] is longer than 10 characters"),
        ("case_file", "hocr_codes", ["9\x00B"], "[0] must not contain a NUL character"),
        ("victim_wish", "partner_consents", ["x" * 201], "[0] is longer than 200 characters"),
        (
            "needs_assessment",
            "areas",
            [{"area": "HEALTH", "level": "LOW", "notes": "x" * 4_001}],
            "[0].notes is longer than 4,000 characters",
        ),
        (
            "needs_assessment",
            "areas",
            [{"area": "HEALTH", "level": "LOW"}] * 12,
            "has more than 11 entries",
        ),
        (
            "needs_assessment",
            "areas",
            [{"area": "HEALTH", "level": "LOW", "notes": "\ud800"}],
            "[0].notes is not valid Unicode (it holds half of a surrogate pair)",
        ),
        ("case_file", "hocr_codes", [[[["9B"]]]], "[0] must be of type string"),
    ],
)
def test_json_fields_keep_their_structure_and_limits_everywhere(
    table: str, key: str, value: Any, reason: str
) -> None:
    col = next(
        c
        for m in SYNCED_MODELS
        if m.__tablename__ == table
        for c in domain_columns(m)
        if c.key == key
    )
    assert (table, key) in JSON_FIELD_SCHEMAS
    assert refused_by_decode(col, value) == reason
    assert refused_by_save(col, value) == reason


def test_a_save_with_a_value_beyond_its_limit_saves_nothing(store: Store) -> None:
    with store.transaction() as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Nuneaton")
        s.flush()
        case_id = case.id
    with store.session() as s:
        before = s.get(CaseFile, case_id)
        assert before is not None
        kept = (before.place, before.hocr_codes, before.updated_at)
    # What the forms do not parse themselves (a list typed with commas) meets the limit here.
    changes = cf.Changes(case={"place": "Coventry", "hocr_codes": ["9B", "TOO-LONG-CODE"]})
    with pytest.raises(cf.BadField) as info, store.transaction() as s:
        cf.save_changes(s, case_id, changes)
    assert str(info.value) == "HOCR codes [1] is longer than 10 characters; nothing was saved."
    with store.session() as s:
        after = s.get(CaseFile, case_id)
        assert after is not None
        assert (after.place, after.hocr_codes, after.updated_at) == kept
