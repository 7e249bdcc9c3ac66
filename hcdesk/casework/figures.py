"""The strategy's figures: what the reporting and partnership work areas ask to be counted.

* cases by monitored strand, by locally monitored strand, by record type and by month (the
  trend the strategy expects to rise as reporting grows, then fall);
* charge outcomes, and the share of convictions where the aggravation was stated in open court
  (Sentencing Act 2020 s.66(2));
* repeat victims (hcdesk.casework.repeats);
* the MoJ Victims' Code compliance measures (hcdesk.casework.duties.compliance);
* referrals to support by agency;
* support-plan completion.

A case counts in a period by the day it was reported (else the day of the incident, else the
day it was opened). Voided and deleted cases never count. Every figure is computed at source:
the cases are counted where they are, and no case content leaves this module.

Speed: every figure is counted from the figures index alone (the local ``case_fact`` table,
made by hcdesk.casework.workindex from the same casework rules that the case file shows), never
from the case tables: each row of a case carries the day the case counts by and its team, so a
figure is one grouped range scan of a covering index (migration 0013), and 100,000 cases are
counted in well under a second (bench/figures_100k.py). The rule of each fact stays in Python,
in one place (:func:`facts_for`: a case's strands, its charges' outcomes, a duty's due day and
whether it was met on time, ...), and SQL only counts. The partnership pack counts with the
same functions (:func:`count_cases`, :func:`cases_by_strand`, ...), so each count is made one
way only. Voided and deleted cases have no rows in the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa

from hcdesk.casework import duties, repeats
from hcdesk.casework.records import CaseFileView
from hcdesk.errors import UsageError
from hcdesk.models import labels
from hcdesk.models.enums import (
    ActionStatus,
    ChargeOutcome,
    LocalStrand,
    MonitoredStrand,
    RecordType,
    ReferralAgency,
)

# -- the figures index ------------------------------------------------------------------------
# Every row carries its case's counted day (``cday``) and team, so that every figure is counted
# from this table alone (never a join to the case tables). Kinds and what ``key`` holds:
CASE = "CASE"  # one per live case: the day it counts by
STRAND = "STRAND"  # one per monitored strand of the case: key = the strand
LOCAL_STRAND = "LOCAL_STRAND"  # one per locally monitored strand: key = the strand
TYPE = "TYPE"  # one per case: key = its record type
OUTCOME = "OUTCOME"  # one per live charge: key = its outcome; on_time = aggravation stated
AGENCY = "AGENCY"  # one per live referral: key = the agency
PLAN = "PLAN"  # one per live support plan with live actions: on_time = none of them open
# A case the compliance measures count: day = the day it counts as reported; met_on = the first
# day the victim was offered a needs assessment; support_on = the first day on or after the
# report that the victim was offered one or referred to support; support_before = the last
# such day before the report (each None when there is none).
REPORTED = "REPORTED"
DUTY = "DUTY"  # a duty the compliance measures count: key = its kind, day = its due day
# and the repeat keys of hcdesk.casework.repeats (VICTIM, SUSPECT, PLACE): key = the key.

FACT_COLUMNS = (
    "case_id",
    "fact",
    "day",
    "key",
    "met_on",
    "on_time",
    "cday",
    "team",
    "support_on",
    "support_before",
)


def counted_day(view: CaseFileView) -> dt.date:
    """The day a case counts by in the figures: reported, else the incident, else opened."""
    case = view.case
    return case.reported_date or case.incident_date or case.created_at.date()


def facts_for(view: CaseFileView, today: dt.date) -> list[dict[str, Any]]:
    """The figures index rows of one case (none if it is voided; a deleted case has no view)."""
    if view.case.voided_at is not None:
        return []
    cid = view.case_id
    cday = counted_day(view).isoformat()

    def row(fact: str, day: dt.date | None, key: str = "", **more: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"case_id": cid, "fact": fact, "key": key, "met_on": None}
        out["day"] = day.isoformat() if day else None
        out["on_time"] = 0
        out["cday"] = cday
        out["team"] = view.case.team
        out["support_on"] = out["support_before"] = None
        out.update(more)
        return out

    rows = [row(CASE, counted_day(view)), row(TYPE, None, str(view.case.record_type))]
    rows += [row(STRAND, None, str(s)) for s in dict.fromkeys(view.case.monitored_strands)]
    rows += [row(LOCAL_STRAND, None, str(s)) for s in dict.fromkeys(view.case.local_strands)]
    rows += [
        row(OUTCOME, None, str(g.outcome), on_time=int(bool(g.uplift_stated_in_court)))
        for g in view.charges
    ]
    rows += [row(AGENCY, None, str(r.agency)) for r in view.referrals]
    plans = {p.id: True for p in view.plans}  # plan id -> none of its actions open
    with_actions: set[str] = set()
    for a in view.actions:
        if a.plan_id in plans:
            with_actions.add(a.plan_id)
            if a.status == ActionStatus.OPEN:
                plans[a.plan_id] = False
    rows += [row(PLAN, None, on_time=int(plans[p])) for p in plans if p in with_actions]
    rows += [row(k.kind, None, k.key) for k in repeats.case_keys(view)]
    if duties.counts_for_compliance(view):
        report = duties.report_day(view)
        if report is not None:
            offers = duties.offer_days(view)
            support = offers + duties.referral_days(view)
            after = [d for d in support if d >= report]
            before = [d for d in support if d < report]
            rows.append(
                row(
                    REPORTED,
                    report,
                    met_on=min(offers).isoformat() if offers else None,
                    support_on=min(after).isoformat() if after else None,
                    support_before=max(before).isoformat() if before else None,
                )
            )
        for duty in duties.compliance_duties(view, today):
            rows.append(
                row(
                    DUTY,
                    duty.due,
                    str(duty.kind),
                    met_on=duty.met_on.isoformat() if duty.met_on else None,
                    on_time=int(duty.status == duties.DutyStatus.MET),
                )
            )
    return rows


_INSERT = sa.text(
    f"INSERT INTO case_fact ({', '.join(FACT_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in FACT_COLUMNS)})"
)


def write_facts(conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(_INSERT, rows)


# -- asking for the figures ---------------------------------------------------------------------
class FiguresRefused(UsageError):
    """A period or team the figures cannot be counted for; the message says what to give."""


@dataclass(frozen=True)
class Scope:
    """Which cases count: those counting by a day in [first, last] (either open-ended), of one
    team or of all."""

    first: dt.date | None = None
    last: dt.date | None = None
    team: str | None = None

    def __post_init__(self) -> None:
        if self.first and self.last and self.last < self.first:
            raise FiguresRefused(
                "The period ends before it starts; give the first day, then the last."
            )

    def describe(self) -> str:
        from hcdesk.casework.fields import format_date

        if self.first and self.last:
            period = f"{format_date(self.first)} to {format_date(self.last)}"
        elif self.first:
            period = f"from {format_date(self.first)}"
        elif self.last:
            period = f"up to {format_date(self.last)}"
        else:
            period = "all dates"
        return f"{period}, {'team ' + self.team if self.team else 'all teams'}"


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    @property
    def share(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Figures:
    scope: Scope
    cases: int
    cases_by_strand: dict[str, int]
    cases_by_local_strand: dict[str, int]
    cases_by_record_type: dict[str, int]
    cases_by_month: dict[str, int]
    outcomes: dict[str, int]
    aggravation_stated: Share  # convictions with the uplift stated in open court
    repeat_victims: int  # victims with more than one case, one of them in scope
    repeat_cases: int  # cases in scope whose victim has another case
    compliance: dict[str, Share]
    referrals_by_agency: dict[str, int]
    support_plans: Share  # plans complete, of plans with actions
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The figures as the CLI prints them (--json) and the exports write them."""
        out = asdict(self)
        out["scope"] = {
            "from": self.scope.first.isoformat() if self.scope.first else None,
            "to": self.scope.last.isoformat() if self.scope.last else None,
            "team": self.scope.team,
        }
        for name in ("aggravation_stated", "support_plans"):
            out[name] = _share_json(getattr(self, name))
        out["compliance"] = {k: _share_json(v) for k, v in self.compliance.items()}
        return out


def _share_json(s: Share) -> dict[str, Any]:
    return {"numerator": s.numerator, "denominator": s.denominator, "share": s.share}


LABELS: dict[str, str] = {
    "cases": "Cases",
    "cases_by_strand": "Cases by monitored strand",
    "cases_by_local_strand": "Cases by locally monitored strand",
    "cases_by_record_type": "Cases by record type",
    "cases_by_month": "Cases by month",
    "outcomes": "Charge outcomes",
    "aggravation_stated": "Convictions with the aggravation stated in open court",
    "repeat_victims": "Victims with more than one case",
    "repeat_cases": "Cases whose victim has another case",
    "compliance": "Victims' Code compliance",
    "referrals_by_agency": "Referrals to support, by agency",
    "support_plans": "Support plans complete",
    "third_party_by_centre": "Third-party reports, by centre",
    "third_party_by_outcome": "Third-party reports, by triage outcome",
}
"""Each figure's name for people, shared by the CLI, the dashboard and the exports."""


# -- counting: every figure from the figures index alone ----------------------------------------
# The index each count reads (migration 0013), named so that the planner cannot choose a wider
# one for the order it gives: every page of an index read is a page decrypted.
_SCOPE = "case_fact f INDEXED BY ix_case_fact_scope"
_BY_DAY = "case_fact f INDEXED BY ix_case_fact_fact_day"
_BY_KEY = "case_fact f INDEXED BY ix_case_fact_fact_key"


def _scope_where(scope: Scope, alias: str = "f") -> tuple[str, dict[str, Any]]:
    """The rule of which cases count, on rows of the index: `` AND ...`` with its parameters."""
    where, params = "", dict[str, Any]()
    if scope.first:
        where += f" AND {alias}.cday >= :first"
        params["first"] = scope.first.isoformat()
    if scope.last:
        where += f" AND {alias}.cday <= :last"
        params["last"] = scope.last.isoformat()
    if scope.team:
        where += f" AND {alias}.team = :team"
        params["team"] = scope.team
    return where, params


def _grouped(conn: sa.Connection, fact: str, scope: Scope, what: str = "f.key") -> dict[str, int]:
    """``{what: rows}`` over the rows of one kind of fact of the cases in scope."""
    where, params = _scope_where(scope)
    sql = f"SELECT {what}, count(*) FROM {_SCOPE} WHERE f.fact = :fact{where} GROUP BY 1"
    return _counts(conn, sql, {**params, "fact": fact})


def _counts(conn: sa.Connection, sql: str, params: dict[str, Any]) -> dict[str, int]:
    return {str(k): int(n) for k, n in conn.execute(sa.text(sql), params) if k is not None}


def _labelled(counts: dict[str, int], enum_cls: Any) -> dict[str, int]:
    """Counts in the enumeration's order, every value present (zero where none)."""
    return {m.value: counts.get(m.value, 0) for m in enum_cls}


def count_cases(conn: sa.Connection, scope: Scope) -> int:
    """The cases in scope."""
    where, params = _scope_where(scope)
    sql = f"SELECT count(*) FROM {_SCOPE} WHERE f.fact = '{CASE}'{where}"
    return int(conn.execute(sa.text(sql), params).scalar() or 0)


def cases_by_strand(conn: sa.Connection, scope: Scope) -> dict[str, int]:
    """Cases by monitored strand (a case with two counts under each), every strand present."""
    return _labelled(_grouped(conn, STRAND, scope), MonitoredStrand)


def cases_by_local_strand(conn: sa.Connection, scope: Scope) -> dict[str, int]:
    return _labelled(_grouped(conn, LOCAL_STRAND, scope), LocalStrand)


def cases_by_record_type(conn: sa.Connection, scope: Scope) -> dict[str, int]:
    return _labelled(_grouped(conn, TYPE, scope), RecordType)


def cases_by_month(conn: sa.Connection, scope: Scope) -> dict[str, int]:
    """Cases by the month they count by ("2025-06"), the months with cases, in order."""
    counts = _grouped(conn, CASE, scope, what="substr(f.cday, 1, 7)")
    return dict(sorted(counts.items()))


def cases_by_team(conn: sa.Connection, scope: Scope) -> dict[str, int]:
    """Cases by team as recorded ("" for none), the teams with cases."""
    return _grouped(conn, CASE, scope, what="coalesce(f.team, '')")


def charge_outcomes(conn: sa.Connection, scope: Scope) -> dict[str, int]:
    """Live charges by outcome (a case with two charges counts under each)."""
    return _labelled(_grouped(conn, OUTCOME, scope), ChargeOutcome)


def case_outcomes(conn: sa.Connection, scope: Scope) -> dict[frozenset[str], int]:
    """Cases with charges, by the set of their charges' outcomes (the caller says which of a
    case's outcomes it counts the case under)."""
    where, params = _scope_where(scope)
    sql = (
        "SELECT outcomes, count(*) FROM (SELECT group_concat(DISTINCT f.key) AS outcomes "
        f"FROM {_BY_KEY} WHERE f.fact = '{OUTCOME}'{where} GROUP BY f.case_id) GROUP BY 1"
    )
    return {
        frozenset(str(keys).split(",")): int(n) for keys, n in conn.execute(sa.text(sql), params)
    }


def repeat_status(conn: sa.Connection, scope: Scope) -> tuple[int, int]:
    """Of the cases in scope: those whose victim has an earlier case (by the day it counts by,
    then by id; any date, any team), and those whose victim can be linked at all."""
    where, params = _scope_where(scope, "v")
    sql = (
        "WITH firsts AS (SELECT key, min(cday || '|' || case_id) AS first FROM case_fact "
        "WHERE fact = 'VICTIM' GROUP BY key) "
        "SELECT coalesce(sum(r), 0), count(*) FROM ("
        "SELECT max(f.first < v.cday || '|' || v.case_id) AS r FROM case_fact v "
        f"JOIN firsts f ON f.key = v.key WHERE v.fact = 'VICTIM'{where} GROUP BY v.case_id)"
    )
    repeat, linkable = conn.execute(sa.text(sql), params).one()
    return int(repeat), int(linkable)


def figures(conn: sa.Connection, scope: Scope, today: dt.date | None = None) -> Figures:
    """Count the figures for ``scope`` on a connection to the store (after the figures index
    has caught up: hcdesk.casework.workindex.catch_up)."""
    where, params = _scope_where(scope)
    convicted, stated = conn.execute(
        sa.text(
            f"SELECT count(*), coalesce(sum(f.on_time), 0) FROM {_SCOPE} "
            f"WHERE f.fact = '{OUTCOME}' AND f.key = :won{where}"
        ),
        {**params, "won": ChargeOutcome.CONVICTED.value},
    ).one()
    plans_done, plans = conn.execute(
        sa.text(
            f"SELECT coalesce(sum(f.on_time), 0), count(*) FROM {_SCOPE} "
            f"WHERE f.fact = '{PLAN}'{where}"
        ),
        params,
    ).one()
    repeat_victims, repeat_cases = _repeats(conn, scope)
    return Figures(
        scope=scope,
        cases=count_cases(conn, scope),
        cases_by_strand=cases_by_strand(conn, scope),
        cases_by_local_strand=cases_by_local_strand(conn, scope),
        cases_by_record_type=cases_by_record_type(conn, scope),
        cases_by_month=cases_by_month(conn, scope),
        outcomes=charge_outcomes(conn, scope),
        aggravation_stated=Share(int(stated), int(convicted)),
        repeat_victims=repeat_victims,
        repeat_cases=repeat_cases,
        compliance=_compliance(conn, scope, today or dt.date.today()),
        referrals_by_agency=_labelled(_grouped(conn, AGENCY, scope), ReferralAgency),
        support_plans=Share(int(plans_done), int(plans)),
        extra=third_party(conn, scope),
    )


#: The third-party reports' figures (hcdesk.casework.intake.figure_counts), in ``Figures.extra``.
THIRD_PARTY = ("third_party_by_centre", "third_party_by_outcome")


def third_party(conn: sa.Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """The third-party reports received in the period, by centre and by triage outcome
    (:data:`THIRD_PARTY`; none when no report was received). Reports are not a team's: a
    team's figures count them all."""
    from sqlalchemy.orm import Session

    from hcdesk.casework import intake

    with Session(bind=conn) as s:
        found = intake.figure_counts(s, scope.first, scope.last)
    return {key: found[key] for key in THIRD_PARTY if found.get(key)}


def _repeats(conn: sa.Connection, scope: Scope) -> tuple[int, int]:
    """Victims with another case (any date, any team: a repeat is a repeat), one of their cases
    in scope; and the cases in scope whose victim has another case."""
    where, params = _scope_where(scope, "v")
    sql = (
        "WITH repeated AS (SELECT key FROM case_fact WHERE fact = 'VICTIM' GROUP BY key "
        "HAVING count(DISTINCT case_id) > 1) "
        "SELECT count(DISTINCT v.key), count(DISTINCT v.case_id) "
        "FROM case_fact v INDEXED BY ix_case_fact_fact_key "
        f"WHERE v.fact = 'VICTIM'{where} AND v.key IN (SELECT key FROM repeated)"
    )
    victims, cases = conn.execute(sa.text(sql), params).one()
    return int(victims), int(cases)


def _compliance(conn: sa.Connection, scope: Scope, today: dt.date) -> dict[str, Share]:
    """The MoJ measures of hcdesk.casework.duties.compliance, counted from the index over the
    scope's period (all of time up to today when it is open-ended), for the scope's team."""
    first = scope.first or dt.date.min
    last = scope.last or today
    team_sql, params = "", {"first": first.isoformat(), "last": last.isoformat()}
    if scope.team:
        team_sql = " AND f.team = :team"
        params["team"] = scope.team
    # The cases reported in the period; of them, those offered an assessment by the end of the
    # period, and those offered one or referred to support in the period (duties.compliance):
    # a support day after the report is in the period if the first is by its end, one before
    # the report if the last is from its start (the report day is in the period).
    row = conn.execute(
        sa.text(
            "SELECT count(*), coalesce(sum(f.met_on <= :last), 0), "
            "coalesce(sum(f.support_on <= :last OR f.support_before >= :first), 0) "
            f"FROM {_BY_DAY} WHERE f.fact = 'REPORTED' AND f.day BETWEEN :first AND :last"
            f"{team_sql}"
        ),
        params,
    ).one()
    reported_n, ack, ref = (int(x) for x in row)
    # One pass, no grouping (a sort of every duty's row): the VPS offers and the others.
    vps_of, vps, timely_of, timely = (
        int(n)
        for n in conn.execute(
            sa.text(
                "SELECT coalesce(sum(f.key = :vps), 0), "
                "coalesce(sum(f.key = :vps AND f.met_on IS NOT NULL), 0), "
                "coalesce(sum(f.key != :vps), 0), coalesce(sum(f.key != :vps AND f.on_time), 0) "
                f"FROM {_BY_DAY} WHERE f.fact = 'DUTY' AND f.day BETWEEN :first AND :last"
                f"{team_sql}"
            ),
            {**params, "vps": str(duties.DutyKind.VPS_OFFER)},
        ).one()
    )
    return {
        "acknowledgement": Share(ack, reported_n),
        "referral": Share(ref, reported_n),
        "timely_updates": Share(timely, timely_of),
        "vps_offered": Share(vps, vps_of),
    }


def rows(f: Figures) -> Iterator[tuple[str, str, str]]:
    """Every figure as (figure, item, value) lines for people: the CLI's table and the CSV."""
    yield LABELS["cases"], "", str(f.cases)
    for name, enum_cls in (
        ("cases_by_strand", MonitoredStrand),
        ("cases_by_local_strand", LocalStrand),
        ("cases_by_record_type", RecordType),
        ("outcomes", ChargeOutcome),
        ("referrals_by_agency", ReferralAgency),
    ):
        counts: dict[str, int] = getattr(f, name)
        for value, n in counts.items():
            yield LABELS[name], labels.label(enum_cls(value)), str(n)
    for month, n in f.cases_by_month.items():
        yield LABELS["cases_by_month"], month_label(month), str(n)
    yield LABELS["aggravation_stated"], "", _share_text(f.aggravation_stated)
    yield LABELS["repeat_victims"], "", str(f.repeat_victims)
    yield LABELS["repeat_cases"], "", str(f.repeat_cases)
    for name, share in f.compliance.items():
        yield LABELS["compliance"], duties.MEASURE_LABELS[name], _share_text(share)
    yield LABELS["support_plans"], "", _share_text(f.support_plans)
    for key in THIRD_PARTY:
        for item, n in f.extra.get(key, {}).items():
            yield LABELS[key], item, str(n)


def as_csv(f: Figures) -> bytes:
    """The figures as CSV for people (UTF-8): a header, the scope, then :func:`rows`. Written
    by ``hcdesk figures --out F.csv`` and the dashboard's Save CSV."""
    import csv
    import io

    from hcdesk.fileio import spreadsheet_text

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Figure", "Item", "Value"])
    # The scope names a team, and the items a centre, as people typed them.
    writer.writerow(["Cases counted", spreadsheet_text(f.scope.describe()), ""])
    writer.writerows((figure, spreadsheet_text(item), value) for figure, item, value in rows(f))
    return out.getvalue().encode("utf-8")


def month_label(month: str) -> str:
    """"2025-06" as people read it: "June 2025"."""
    return dt.date.fromisoformat(f"{month}-01").strftime("%B %Y")


def _share_text(s: Share) -> str:
    if s.share is None:
        return "none to count"
    return f"{s.numerator} of {s.denominator} ({s.share:.0%})"
