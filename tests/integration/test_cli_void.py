"""``hcdesk void REF --reason TEXT``: the real command, as a separate process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from clikit import hcdesk, one_clear_line
from testvalues import PASSPHRASE

from hcdesk.casework.caselist import CaseFilter, count_cases
from hcdesk.casework.cases import new_case
from hcdesk.models.case import CaseFile
from hcdesk.models.enums import RecordType
from hcdesk.store.store import Store


def a_profile(make_store: Any, tmp_path: Path) -> tuple[Path, str]:
    store = make_store("voids")
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        s.flush()
        reference = case.reference
    store.close()
    return tmp_path / "voids", reference


def test_void_records_the_reason_and_the_case_leaves_the_list(
    make_store: Any, tmp_path: Path
) -> None:
    profile, reference = a_profile(make_store, tmp_path)
    done = hcdesk("--profile", profile, "void", reference, "--reason", "opened twice by mistake")
    assert done.returncode == 0, done.stderr
    assert f"Voided case {reference}" in done.stderr and "next sync" in done.stderr
    with Store.open(profile, PASSPHRASE) as store:
        with store.session() as s:
            case = s.scalars(sa.select(CaseFile)).one()
            assert case.voided_reason == "opened twice by mistake"
            assert case.voided_by and case.voided_at is not None
        with store.engine_or_raise().connect() as conn:
            assert count_cases(conn, CaseFilter()) == 0
            assert count_cases(conn, CaseFilter(voided=True)) == 1

    again = hcdesk("--profile", profile, "void", reference, "--reason", "again")
    one_clear_line(again, "voided already")
    assert again.returncode == 2


def test_void_without_a_reason_changes_nothing(make_store: Any, tmp_path: Path) -> None:
    profile, reference = a_profile(make_store, tmp_path)
    refused = hcdesk("--profile", profile, "void", reference, "--reason", "  ")
    one_clear_line(refused, "reason")
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        assert s.scalars(sa.select(CaseFile)).one().voided_at is None
