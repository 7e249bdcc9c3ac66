"""Convergence property (reference/SYNC.md §6, test 5): several officers' laptops make random
edits, appends, deletes, syncs, restarts and clock changes against one real central store; when
everyone has synced, every laptop equals the central store and no saved value is lost.

Hypothesis's RuleBasedStateMachine generates the sequences and shrinks any failure to a minimal
one. At least 200 examples run on SQLite in CI, plus 25 on PostgreSQL; elsewhere a smaller
random sample runs unless HCDESK_SYNC_EXAMPLES says otherwise. The SQLite examples are split into
two shards with seeds of their own (fixed in CI, so CI is repeatable), each against its own
central store, so that ``pytest -n`` can run them on two CPUs at once.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)
from synckit import Fleet, Ledger, Officer, assert_converged, edit, log_contact, open_case

from hcdesk.models import CaseFile, Person
from hcdesk.models.sync import Outbox, SyncState
from hcdesk.wire.hlc import HLC

IN_CI = bool(os.environ.get("CI"))
EXAMPLES = int(os.environ.get("HCDESK_SYNC_EXAMPLES", "200" if IN_CI else "30"))
LAPTOPS = 3
DAY_MS = 24 * 3600 * 1000

PLACES = ["Warwick", "Rugby", "Nuneaton", "Leamington Spa", "Stratford", "Kenilworth"]
SUMMARIES = [
    "Shouted at on the bus",
    "Graffiti on the front door",
    "Followed home from the mosque",
    "Abuse outside the shop, two witnesses",
    "Letters pushed through the door",
]
PHONES = ["07700 900001", "07700 900002", "07700 900003", None]

Case = tuple[str, str]  # case id, victim person id


def _has(o: Officer, model: Any, ident: str) -> bool:
    with o.store.session() as s:
        return s.get(model, ident) is not None


class SyncMachine(RuleBasedStateMachine):
    fleet: Fleet  # set by the test: one running central store for every example
    # The team and its laptops outlive an example (as a real laptop outlives a day's work);
    # each example works on cases of its own. After a failed example they are made anew, so
    # a failure cannot leak into the next example (or into shrinking).
    pool: list[Officer] | None = None
    pool_team = ""

    def __init__(self) -> None:
        super().__init__()
        cls = type(self)
        if cls.pool is None:
            cls.pool_team = self.fleet.team("Prop")
            cls.pool = []
            for i in range(LAPTOPS):
                user = f"{cls.pool_team.split()[-1]}-{i}"
                self.fleet.account(user, teams=[cls.pool_team])
                cls.pool.append(self.fleet.laptop(user))
        self.team = cls.pool_team
        self.officers = cls.pool
        for o in self.officers:
            o.skew(0)
        self.ledger = Ledger()
        self.cases: list[str] = []
        self.high_water = ["" for _ in self.officers]

    cases = Bundle("cases")

    @initialize(target=cases)
    def first_case(self) -> Case:
        return self._open(0)

    def _open(self, who: int) -> Case:
        case = open_case(self.officers[who], self.ledger, self.team)
        self.cases.append(case[0])
        return case

    @rule(target=cases, who=st.integers(0, LAPTOPS - 1))
    def new_case(self, who: int) -> Case:
        return self._open(who)

    @rule(who=st.integers(0, LAPTOPS - 1), case=cases, place=st.sampled_from(PLACES))
    def edit_place(self, who: int, case: Case, place: str) -> None:
        o = self.officers[who]
        if _has(o, CaseFile, case[0]):
            edit(o, self.ledger, CaseFile, case[0], place=place)

    @rule(who=st.integers(0, LAPTOPS - 1), case=cases, text=st.sampled_from(SUMMARIES))
    def edit_summary(self, who: int, case: Case, text: str) -> None:
        o = self.officers[who]
        if _has(o, CaseFile, case[0]):
            edit(o, self.ledger, CaseFile, case[0], summary=text)

    @rule(who=st.integers(0, LAPTOPS - 1), case=cases, phone=st.sampled_from(PHONES))
    def edit_phone(self, who: int, case: Case, phone: str | None) -> None:
        o = self.officers[who]
        if _has(o, Person, case[1]):
            edit(o, self.ledger, Person, case[1], phone=phone)

    @rule(who=st.integers(0, LAPTOPS - 1), case=cases, gone=st.booleans())
    def delete_or_restore_victim(self, who: int, case: Case, gone: bool) -> None:
        o = self.officers[who]
        if _has(o, Person, case[1]):
            edit(o, self.ledger, Person, case[1], deleted=gone)

    @rule(who=st.integers(0, LAPTOPS - 1), case=cases)
    def contact(self, who: int, case: Case) -> None:
        o = self.officers[who]
        if _has(o, CaseFile, case[0]):
            log_contact(o, self.ledger, case[0], f"Called the victim ({o.name})")

    @rule(who=st.integers(0, LAPTOPS - 1))
    def sync(self, who: int) -> None:
        self.officers[who].sync()

    @rule(who=st.integers(0, LAPTOPS - 1))
    def restart(self, who: int) -> None:
        self.officers[who].restart()

    @rule(who=st.integers(0, LAPTOPS - 1), days=st.sampled_from([-7, -1, 0, 1, 7]))
    def set_clock(self, who: int, days: int) -> None:
        self.officers[who].skew(days * DAY_MS)

    @invariant()
    def clocks_never_go_back_and_outboxes_have_no_gaps(self) -> None:
        for i, o in enumerate(self.officers):
            with o.store.session() as s:
                hw = s.get(SyncState, "hlc_hw")
                seqs = list(s.scalars(sa.select(Outbox.client_seq).order_by(Outbox.client_seq)))
            if hw is not None:
                assert HLC.decode(hw.value) >= HLC.decode(self.high_water[i] or hw.value)
                self.high_water[i] = hw.value
            assert seqs == list(range(seqs[0], seqs[0] + len(seqs))) if seqs else True

    def teardown(self) -> None:
        ok = False
        try:
            # Everyone sends; then everyone but the last (who already has it all) receives.
            for o in self.officers:
                o.sync()
            for o in self.officers[:-1]:
                o.sync()
            assert_converged(self.fleet.db, self.officers, self.cases)
            assert self.ledger.lost(self.fleet.db) == []
            ok = True
        finally:
            if not ok:
                type(self).drop_pool()

    @classmethod
    def drop_pool(cls) -> None:
        for o in cls.pool or []:
            o.close()
        cls.pool = None


SQLITE_SHARDS = 2
# (database, shard): the seed of a shard in CI is fixed, so CI is repeatable.
RUNS = [("sqlite", shard) for shard in range(SQLITE_SHARDS)] + [
    pytest.param("postgresql", 0, marks=pytest.mark.postgres)
]


@pytest.fixture
def fleet(request: pytest.FixtureRequest, live_server: Any, tmp_path: Path) -> Iterator[Fleet]:
    # Many small stores and commits: on a RAM disk when there is one, so the run measures the
    # sync logic rather than the disk's fsync (the same code runs either way).
    shm = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path
    try:
        if request.param == "sqlite":
            url = f"sqlite:///{work / 'central.db'}"
        else:
            url = str(request.getfixturevalue("postgres_db_url"))
        base = live_server(url)
        f = Fleet(base, live_server.db(base), work)
        yield f
        f.close()
    finally:
        if work != tmp_path:
            shutil.rmtree(work, ignore_errors=True)


@pytest.mark.parametrize(("fleet", "shard"), RUNS, indirect=["fleet"])
def test_random_offline_work_converges_and_loses_nothing(fleet: Fleet, shard: int) -> None:
    on_sqlite = fleet.db.dialect == "sqlite"
    examples = -(-EXAMPLES // SQLITE_SHARDS) if on_sqlite else max(EXAMPLES // 8, 10)
    machine = type("SyncOnThisDatabase", (SyncMachine,), {"fleet": fleet, "pool": None})
    if IN_CI:  # what @hypothesis.seed does: the same sequences on every CI run
        machine._hypothesis_internal_use_seed = 20261125 + shard  # type: ignore[attr-defined]
    run = settings(
        max_examples=examples,
        stateful_step_count=10,
        deadline=None,
        database=None if IN_CI else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        print_blob=True,
    )(machine)
    try:
        run.TestCase().runTest()
    finally:
        machine.drop_pool()
