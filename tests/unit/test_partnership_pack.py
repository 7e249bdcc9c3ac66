"""The HIP meeting pack (hcdesk.casework.partnership_pack) on a real store of demo cases: its
counts are the cases' own, no count of 1 to 9 stands, every table passes the disclosure audit,
a second pack for an overlapping period is protected against the logged first one, the log
gives the tables back as published, and pseudonyms link within one partnership only."""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk import demo
from hcdesk.casework import disclosure_control as dc
from hcdesk.casework import partnership_pack as pp
from hcdesk.casework import workindex
from hcdesk.casework.cases import new_case
from hcdesk.interchange import importer
from hcdesk.models import CaseFile, Person, labels
from hcdesk.models.case import Charge
from hcdesk.models.enums import ChargeOutcome, PersonRole, RecordType
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)
YEAR = dc.Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
#: overlaps YEAR and runs a fortnight past it: the differencing a reader would try
LONGER = dc.Period(dt.date(2025, 1, 1), dt.date(2026, 1, 15))
HIP = "Rugby Hate Incident Partnership"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.create(
        tmp_path_factory.mktemp("pack") / "profile", PASSPHRASE, kdf=FAST_KDF, officer="PC Test"
    )
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(300, seed=5, today=TODAY))
    workindex.catch_up(store, TODAY)
    yield store
    store.close()


def make(store: Store, period: dc.Period, **kw: object) -> pp.Pack:
    with store.engine_or_raise().connect() as conn:
        return pp.build_pack(conn, HIP, period, **kw)  # type: ignore[arg-type]


def shown_values(pack: pp.Pack) -> Iterator[tuple[str, dc.Position, int]]:
    for t in pack.tables:
        for pos in t.published.positions():
            value = t.published.value(pos)
            if value is not None:
                yield t.key, pos, value


def live_cases(store: Store, period: dc.Period) -> list[CaseFile]:
    with store.session() as s:
        cases = s.scalars(
            sa.select(CaseFile).where(CaseFile.voided_at.is_(None), CaseFile.deleted.is_(False))
        ).all()
        return [
            c for c in cases
            if period.start <= (c.reported_date or c.incident_date or c.created_at.date())
            <= period.end
        ]  # fmt: skip


def test_the_counts_shown_are_the_cases_own(filled: Store) -> None:
    pack = make(filled, YEAR)
    cases = live_cases(filled, YEAR)
    assert pack.cases == len(cases) > 50
    want = {
        "record_types": collections.Counter(labels.label(c.record_type) for c in cases),
        "areas": collections.Counter(c.team.strip() or pp.NO_TEAM for c in cases),
        "strands": collections.Counter(labels.label(m) for c in cases for m in c.monitored_strands),
    }
    checked = 0
    for t in pack.tables:
        if t.key not in want:
            continue
        for i, row in enumerate(t.published.row_labels):
            value = t.published.value((i, 0))
            if value is not None:
                assert value == want[t.key].get(row, 0), (t.key, row)
                checked += 1
        if t.published.col_totals is not None and t.published.value((dc.TOTAL, 0)) is not None:
            assert t.published.value((dc.TOTAL, 0)) == len(cases)
    assert checked > 10
    months = next(t for t in pack.tables if t.key == "months").published.row_labels
    assert months[0] == "January 2025" and months[-1] == "December 2025" and len(months) == 12


@pytest.mark.parametrize("rounded", [False, True])
def test_no_count_of_1_to_9_stands_and_every_table_passes_the_audit(
    filled: Store, rounded: bool
) -> None:
    pack = make(filled, YEAR, rounded=rounded)
    hidden = sum(len(t.published.reasons) for t in pack.tables)
    assert hidden > 0  # the demo data has small counts, so the test tests something
    for key, pos, value in shown_values(pack):
        assert not 0 < value < dc.THRESHOLD, (key, pos, value)
        if rounded:
            assert value % dc.ROUNDING_BASE == 0
    if not rounded:
        for t in pack.tables:
            assert dc.audit(t.published) == [], t.key


def test_one_total_for_every_table_that_has_one(filled: Store) -> None:
    for period in (YEAR, LONGER):
        with filled.engine_or_raise().connect() as conn:
            first = pp.build_pack(conn, HIP, YEAR)
            pack = pp.build_pack(
                conn, HIP, period, earlier=[_as_logged(first, "p1")]
            )
        totals = {
            t.published.value((dc.TOTAL, 0)) for t in pack.tables
            if t.published.col_totals is not None
        }  # fmt: skip
        assert len(totals) == 1, totals


def _as_logged(pack: pp.Pack, pid: str) -> pp.EarlierPack:
    return pp.EarlierPack(
        pid, pack.partnership, pack.period, pack.rounded, pack.generated_at,
        {t.key: pp.table_from_json(pp.table_to_json(t.published)) for t in pack.tables},
    )  # fmt: skip


def test_the_log_gives_each_pack_back_as_published(filled: Store) -> None:
    pack = make(filled, YEAR, rounded=True)
    with filled.transaction(reason="test") as s:
        pid = pp.log_pack(s, pack, file="pack.csv", sha256="0" * 64)
    with filled.engine_or_raise().connect() as conn:
        logged = [e for e in pp.logged_packs(conn, "  rugby hate incident  PARTNERSHIP ")]
        others = pp.logged_packs(conn, "Leamington HIP")
    got = next(e for e in logged if e.id == pid)
    assert others == []
    assert got.period == YEAR and got.rounded and got.partnership == HIP
    assert got.tables == {t.key: t.published for t in pack.tables}


def test_a_second_pack_for_an_overlapping_period_cannot_be_compared_with_the_first(
    filled: Store,
) -> None:
    first = make(filled, YEAR)
    earlier = [_as_logged(first, "first")]
    naive = make(filled, LONGER)  # as if there were no log
    second = make(filled, LONGER, earlier=earlier)
    assert second.compared_with == tuple(earlier)

    def risks(later: pp.Pack) -> list[dc.Disclosure]:
        found = []
        for old, new in zip(first.tables, later.tables, strict=True):
            pair = pp.comparable(old.published, new.published)
            assert pair is not None
            found += dc.differencing_risks(*pair)
        return found

    assert risks(naive), "without the log a reader could difference the two packs"
    assert risks(second) == []
    assert second.hidden_for_differencing > 0
    for t in second.tables:
        assert dc.audit(t.published) == [], t.key
    for key, pos, value in shown_values(second):
        assert not 0 < value < dc.THRESHOLD, (key, pos, value)
    # the months the first pack did not have are compared as zeros in it
    months = next(t for t in second.tables if t.key == "months").published.row_labels
    assert months[-1] == "January 2026"


def test_another_partnerships_packs_are_not_compared(filled: Store) -> None:
    first = make(filled, YEAR)
    other = pp.EarlierPack(
        "x", "Leamington HIP", first.period, False, first.generated_at,
        {t.key: t.published for t in first.tables},
    )  # fmt: skip
    second = make(filled, LONGER, earlier=[other])
    assert second.compared_with == () and second.hidden_for_differencing == 0


def test_pseudonyms_link_within_one_partnership_only(filled: Store) -> None:
    with filled.engine_or_raise().connect() as conn:  # a victim's repeats.person_key
        key = conn.execute(
            sa.text("SELECT key FROM case_fact WHERE fact = 'VICTIM' LIMIT 1")
        ).scalar()
    assert key
    with filled.transaction(reason="test") as s:
        rugby = pp.pseudonym_key(s, HIP)
        again = pp.pseudonym_key(s, " RUGBY hate incident partnership")
        leam = pp.pseudonym_key(s, "Leamington HIP")
    with filled.engine_or_raise().connect() as conn:
        kept = conn.execute(sa.text("SELECT count(*) FROM hip_pseudonym_key")).scalar()
    assert kept == 2 and rugby == again and rugby != leam and len(rugby) == 32
    p1, p2 = pp.pseudonym(rugby, key), pp.pseudonym(again, key)
    assert p1 == p2 and p1.startswith("V-") and len(p1) == 18
    assert pp.pseudonym(leam, key) != p1
    assert pp.pseudonym(rugby, key + "x") != p1
    assert key.split("|")[0].split()[0] not in p1.casefold()


def test_a_blank_partnership_name_is_refused() -> None:
    assert pp.clean_partnership(None) == pp.DEFAULT_PARTNERSHIP
    assert pp.clean_partnership("  Rugby   HIP ") == "Rugby HIP"
    with pytest.raises(pp.PackRefused, match="--partnership needs"):
        pp.clean_partnership("   ")


def test_padding_adds_shown_zeros_and_strips_back() -> None:
    table = dc.CountTable.one_way(["a", "b"], [12, 3], period=YEAR)
    padded = pp.pad_count_table(table, ["a", "b", "c"])
    assert padded.row_labels == ("a", "b", "c") and padded.counts[-1] == (0,)
    assert padded.col_totals == (15,)
    published = pp.protect_table(table, [], rounded=False)
    assert published.row_labels == ("a", "b")
    assert published.value((1, 0)) is None and published.value((0, 0)) is None


def _case(store: Store, reported: dt.date, victim: tuple[str, dt.date | None] | None,
          outcomes: tuple[ChargeOutcome, ...] = ()) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Bus station, Rugby")
        case.reported_date = reported
        s.flush()
        if victim is not None:
            s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name=victim[0],
                         date_of_birth=victim[1]))  # fmt: skip
        for outcome in outcomes:
            s.add(Charge(case_id=case.id, offence="Public Order Act 1986 s.4A", outcome=outcome))
        return case.id


def test_repeat_status_and_outcome_count_each_case_once(store: Store) -> None:
    born = dt.date(1990, 4, 1)
    _case(store, dt.date(2026, 3, 2), ("Leyla Demir", born),
          (ChargeOutcome.PENDING, ChargeOutcome.CONVICTED))  # fmt: skip
    _case(store, dt.date(2026, 3, 9), (" LEYLA demir", born), (ChargeOutcome.NFA,))
    _case(store, dt.date(2026, 3, 5), ("Leyla Demir", dt.date(1991, 4, 1)))  # another woman
    _case(store, dt.date(2026, 3, 6), None, (ChargeOutcome.ACQUITTED, ChargeOutcome.NFA))
    workindex.catch_up(store, TODAY)
    with store.engine_or_raise().connect() as conn:
        cases, tables = pp.true_tables(conn, dc.Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)))
    by_key = {t.key: dict(zip(t.table.row_labels, (r[0] for r in t.table.counts), strict=True))
              for t in tables}  # fmt: skip
    assert cases == 4
    assert by_key["repeats"] == {pp.FIRST_REPORT: 2, pp.REPEAT_VICTIM: 1, pp.CANNOT_TELL: 1}
    outcomes = by_key["outcomes"]
    assert outcomes[labels.label(ChargeOutcome.CONVICTED)] == 1
    assert outcomes[labels.label(ChargeOutcome.ACQUITTED)] == 1
    assert outcomes[labels.label(ChargeOutcome.NFA)] == 1
    assert outcomes[pp.NO_CHARGE] == 1 and sum(outcomes.values()) == cases
    assert by_key["months"] == {"March 2026": 4}


def test_a_pack_issued_meanwhile_for_the_same_partnership_stops_this_one(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hcdesk.export import partnership

    build = pp.build_pack

    def meanwhile(conn: sa.Connection, name: str, period: dc.Period, **kw: object) -> pp.Pack:
        made = build(conn, name, period, **kw)  # type: ignore[arg-type]
        with filled.transaction(reason="test: another laptop window") as s:
            pp.log_pack(s, made, file="other.csv", sha256="0" * 64)
        return made

    monkeypatch.setattr(pp, "build_pack", meanwhile)
    out = tmp_path / "pack.csv"
    with pytest.raises(partnership.PackRaced):
        partnership.issue_pack(filled, "Stratford HIP", YEAR, out, today=TODAY)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(pp, "build_pack", build)
    issued = partnership.issue_pack(filled, "Stratford HIP", YEAR, out, today=TODAY)
    assert out.exists() and [e.id for e in issued.pack.compared_with]
