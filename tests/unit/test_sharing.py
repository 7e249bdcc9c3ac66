"""Partnership shares (hcdesk.casework.sharing): a share names its lawful basis and the
victim's consent or a reason, and each share recorded is one DISCLOSURE event to the partner;
through the real save of the case file, on a real store."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from hcdesk.casework import casefile as cf
from hcdesk.casework import sharing
from hcdesk.casework.cases import new_case
from hcdesk.models.audit import AuditEvent
from hcdesk.models.case import PartnershipShare
from hcdesk.models.enums import AuditOperation, RecordType
from hcdesk.store.store import Store

SHARE: dict[str, Any] = {
    "partner": "Rugby Hate Incident Partnership Panel",
    "shared_on": dt.date(2026, 3, 2),
    "purpose": "Safety planning for the victim's home",
    "data_items": "First name and area, incident summary, strands",
    "lawful_basis": "Crime and Disorder Act 1998 s.115",
    "victim_consent": "YES",
    "no_consent_reason": None,
    "meeting_ref": "HIPP/RUG/2026-03",
}


def _case(store: Store) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        s.flush()
        return case.id


def _save(store: Store, case_id: str, changes: cf.Changes) -> cf.SaveResult:
    with store.transaction(reason="edited in the case file") as s:
        return cf.save_case(s, case_id, changes)


def _shares(store: Store, case_id: str) -> list[PartnershipShare]:
    with store.session() as s:
        return list(
            s.scalars(sa.select(PartnershipShare).where(PartnershipShare.case_id == case_id))
        )


def _disclosures(store: Store, case_id: str) -> list[AuditEvent]:
    with store.session() as s:
        return list(
            s.scalars(
                sa.select(AuditEvent).where(
                    AuditEvent.case_id == case_id,
                    AuditEvent.operation == AuditOperation.DISCLOSURE,
                )
            )
        )


def test_a_share_names_its_lawful_basis_and_the_victims_consent_or_a_reason() -> None:
    assert sharing.share_problems(SHARE) == {}
    assert set(sharing.share_problems({**SHARE, "lawful_basis": "  "})) == {"lawful_basis"}
    assert set(sharing.share_problems({**SHARE, "data_items": None})) == {"data_items"}
    assert set(sharing.share_problems({**SHARE, "partner": ""})) == {"partner"}
    # Without the victim's agreement (no, unsure or not asked), the reason is needed.
    for consent in ("NO", "UNSURE", None):
        without = {**SHARE, "victim_consent": consent}
        assert set(sharing.share_problems(without)) == {"no_consent_reason"}
        assert sharing.share_problems(
            {**without, "no_consent_reason": "To prevent further offences (DPA 2018 s.35)"}
        ) == {}
    message = sharing.share_problems({**SHARE, "lawful_basis": None})["lawful_basis"]
    assert "lawful basis" in message and message.endswith(".")


def test_a_share_is_logged_as_a_disclosure(store: Store) -> None:
    case_id = _case(store)
    _save(store, case_id, cf.Changes(new=[("partnership_share", dict(SHARE))]))
    (share,) = _shares(store, case_id)
    (event,) = _disclosures(store, case_id)
    assert event.recipient == SHARE["partner"]
    assert event.record_id == share.id and event.entity == "partnership_share"
    assert event.reason == SHARE["purpose"]
    assert event.details["lawful_basis"] == SHARE["lawful_basis"]
    assert event.details["format"] == sharing.DISCLOSURE_FORMAT
    # A correction is an ordinary change, not a second disclosure.
    _save(store, case_id, cf.Changes(updates=[("partnership_share", share.id,
                                               {"meeting_ref": "HIPP/RUG/2026-04"})]))
    assert len(_disclosures(store, case_id)) == 1


def test_an_incomplete_share_is_refused_whole_and_says_what_it_needs(store: Store) -> None:
    case_id = _case(store)
    bad = {**SHARE, "lawful_basis": "", "victim_consent": "NO"}
    with pytest.raises(sharing.ShareRefused) as refused:
        _save(store, case_id, cf.Changes(
            case={"place": "Nuneaton"}, new=[("partnership_share", bad)]
        ))
    assert set(refused.value.problems) == {"lawful_basis", "no_consent_reason"}
    assert str(refused.value).startswith("Not saved:")
    assert _shares(store, case_id) == [] and _disclosures(store, case_id) == []
    with store.session() as s:
        assert s.get(cf.CaseFile, case_id).place == "Rugby"  # type: ignore[union-attr]


def test_a_share_cannot_be_edited_into_one_without_its_lawful_basis(store: Store) -> None:
    case_id = _case(store)
    _save(store, case_id, cf.Changes(new=[("partnership_share", dict(SHARE))]))
    (share,) = _shares(store, case_id)
    with pytest.raises(sharing.ShareRefused):
        _save(store, case_id, cf.Changes(updates=[("partnership_share", share.id,
                                                   {"victim_consent": "NO"})]))
    (kept,) = _shares(store, case_id)
    assert str(kept.victim_consent) == "YES"
