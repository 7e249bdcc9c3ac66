"""The Hate Incident Partnership (HIP) meeting pack: aggregate counts of the cases of a period,
each table protected at source by :mod:`hcdesk.casework.disclosure_control`.

What a pack holds (one-way tables of cases, each case counted once unless said otherwise):

* cases by monitored strand (a case with two strands counts under each, so no total);
* cases by record type; by area (the case's team); by month; by outcome (a case counts once,
  under the outcome of its charge that went furthest, :data:`OUTCOME_ORDER`, or "No charge
  recorded"); by repeat status (a first report, a victim with an earlier case, or too little
  recorded to tell: hcdesk.casework.repeats, by the victim keys of the figures index).

Never in a pack: a name, an address, a postcode, a date of birth, a phone number, an e-mail
address, a case reference or any free text. Every value a pack shows is a count, a category
label (:mod:`hcdesk.models.labels`), a month, or the name of a team.

**The pack log** (the local ``hip_pack`` table, never synced): each pack issued is logged with
its partnership, period, whether it was rounded and its tables as published. The next pack of
the same partnership is protected against every logged pack whose period overlaps its own
(``protect(..., earlier=...)``). Tables are compared row by row by label: a table whose rows
differ from the earlier one's (a month the earlier period did not have, a team new since) is
compared with both tables padded to the same rows, each missing row a shown zero. That is what
the reader knows: a pack counts nothing outside its period.

**One total for all.** Every table but the strands adds up to the same total (the cases of the
period), so a total hidden in one table and shown in another would be no protection. When any
table hides its total, every table hides it (:func:`_one_total`).

**Pseudonyms** (:func:`pseudonym`): HMAC-SHA256 of a victim's key
(:func:`hcdesk.casework.repeats.person_key`) under a random key of the partnership (the local
``hip_pseudonym_key`` table, made on first use). The same victim has the same pseudonym in every
pack of one partnership, and unrelated ones in two partnerships' packs. The pack itself carries
no case-level list yet; the pseudonyms are there for the one that will.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa

from hcdesk import fileio
from hcdesk.casework import disclosure_control as dc
from hcdesk.casework import figure_tables, figures
from hcdesk.casework.fields import format_date
from hcdesk.errors import UsageError
from hcdesk.models import labels
from hcdesk.models.base import uuid7
from hcdesk.models.enums import ChargeOutcome, MonitoredStrand, RecordType

# -- the words of the pack (each written once; the CSV and the PDF both use them) ------------
TITLE = "Hate Incident Partnership meeting pack"
MARKING = "OFFICIAL-SENSITIVE"
DEFAULT_PARTNERSHIP = "Hate Incident Partnership"
CASES = figure_tables.CASES
TOTAL_LABEL = "Total"
NO_TEAM = "No team recorded"
NO_CHARGE = "No charge recorded"
FIRST_REPORT = "First report"
REPEAT_VICTIM = "Repeat victim (an earlier case)"
CANNOT_TELL = "Too little recorded to tell"
STRAND = "Strand"
RECORD_TYPE = "Record type"
AREA = "Area (team)"
MONTH = figure_tables.MONTH
OUTCOME = "Outcome"
REPEAT_STATUS = "Repeat status"
DISCLOSURE_FORMAT = "partnership-pack"
#: What the audit trail records as the reason when the officer gives none.
DEFAULT_REASON = "Hate Incident Partnership meeting: aggregate figures"

TABLE_TITLES = {
    "strands": figures.LABELS["cases_by_strand"],
    "record_types": figures.LABELS["cases_by_record_type"],
    "areas": "Cases by area",
    "months": figures.LABELS["cases_by_month"],
    "outcomes": "Cases by outcome",
    "repeats": "Cases by repeat status",
}
NOTES = {
    "strands": figure_tables.NOTES["cases_by_strand"] + " So this table has no total.",
    "months": "The first and last months count only the days of the period.",
    "outcomes": "A case counts once, under the outcome of its charge that went furthest "
    "(convicted, then convicted with the aggravation not proved, acquitted, discontinued, "
    "no further action, not yet decided).",
    "repeats": "A repeat victim has an earlier case, at any date and in any team. A case "
    "whose victim has too little recorded to be linked (no name, or neither a date of birth "
    "nor a postcode) cannot be told either way.",
}

#: A case's outcome is that of its charge that went furthest, in this order.
OUTCOME_ORDER = (
    ChargeOutcome.CONVICTED,
    ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED,
    ChargeOutcome.ACQUITTED,
    ChargeOutcome.DISCONTINUED,
    ChargeOutcome.NFA,
    ChargeOutcome.PENDING,
)


class PackRefused(UsageError):
    """A pack that cannot be made as asked (the message says what to give)."""


@dataclass(frozen=True)
class PackTable:
    """One table of a pack, as published."""

    key: str  # "strands", "record_types", "areas", "months", "outcomes", "repeats"
    title: str
    item_header: str
    published: dc.PublishedTable
    note: str = ""

    def hidden_for(self, reason: dc.Reason) -> int:
        return sum(r is reason for r in self.published.reasons.values())


@dataclass(frozen=True)
class EarlierPack:
    """A pack of the log: when it was issued, for which period, and its tables as published."""

    id: str
    partnership: str
    period: dc.Period
    rounded: bool
    issued_at: dt.datetime
    tables: Mapping[str, dc.PublishedTable]


@dataclass(frozen=True)
class Pack:
    partnership: str
    period: dc.Period
    rounded: bool
    generated_at: dt.datetime
    cases: int  # the true number of cases of the period (never printed as such)
    tables: tuple[PackTable, ...]
    #: the logged packs of the same partnership whose period overlaps this one
    compared_with: tuple[EarlierPack, ...] = ()

    @property
    def hidden_for_differencing(self) -> int:
        """Values hidden because of an earlier pack (none when there is none)."""
        return sum(t.hidden_for(dc.Reason.DIFFERENCING) for t in self.tables)

    def describe_period(self) -> str:
        return describe(self.period)


def describe(period: dc.Period) -> str:
    return f"{format_date(period.start)} to {format_date(period.end)}"


def partnership_key(name: str) -> str:
    """A partnership's name as the log compares it: case, accents and spacing set aside."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(text.split())


def clean_partnership(name: str | None) -> str:
    """The partnership's name as given (spaces tidied), or the default; refused when blank."""
    if name is None:
        return DEFAULT_PARTNERSHIP
    tidy = " ".join(name.split())
    if not tidy:
        raise PackRefused(
            "--partnership needs the partnership's name, for example "
            "--partnership 'Rugby Hate Incident Partnership'."
        )
    if len(tidy) > 120:
        raise PackRefused("The partnership's name is too long (at most 120 characters).")
    return tidy


# -- counting ---------------------------------------------------------------------------------
def _months(period: dc.Period) -> list[str]:
    out, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass(frozen=True)
class TrueTable:
    key: str
    item_header: str
    table: dc.CountTable


def true_tables(conn: sa.Connection, period: dc.Period) -> tuple[int, list[TrueTable]]:
    """The true counts of the pack's tables for ``period`` (the figures index brought up to date
    first: hcdesk.casework.workindex.catch_up). Returns the cases of the period and the tables."""
    scope = figures.Scope(period.start, period.end)  # the figures' own rule of which count

    def one_way(key: str, header: str, counts: Mapping[str, int], total: bool = True
                ) -> TrueTable:
        return TrueTable(key, header, dc.CountTable.one_way(
            list(counts), list(counts.values()), total=total, heading=CASES, period=period
        ))

    # The figures' own counts (hcdesk.casework.figures), so each is counted one way only.
    cases = figures.count_cases(conn, scope)
    by_strand = figures.cases_by_strand(conn, scope)
    by_type = figures.cases_by_record_type(conn, scope)
    by_month = figures.cases_by_month(conn, scope)
    strands = {labels.label(m): by_strand.get(m.value, 0) for m in MonitoredStrand}
    types = {labels.label(m): by_type.get(m.value, 0) for m in RecordType}
    months = {figures.month_label(m): by_month.get(m, 0) for m in _months(period)}

    teams = {t: 0 for t in figure_tables.teams(conn)}
    for team, n in figures.cases_by_team(conn, scope).items():
        name = team.strip() or NO_TEAM
        teams[name] = teams.get(name, 0) + n
    areas = {t: teams[t] for t in sorted(teams, key=lambda t: (t == NO_TEAM, t.casefold()))}

    rank = {o.value: i for i, o in enumerate(OUTCOME_ORDER)}
    outcome_counts = {labels.label(o): 0 for o in OUTCOME_ORDER}
    charged = 0
    for outcomes, n in figures.case_outcomes(conn, scope).items():
        furthest = min(rank.get(o, len(OUTCOME_ORDER) - 1) for o in outcomes)
        outcome_counts[labels.label(OUTCOME_ORDER[furthest])] += n
        charged += n
    outcome_counts[NO_CHARGE] = cases - charged

    # A case is a repeat when one of its victims has a case that counts earlier (by day, then
    # id); it cannot be told when its victim has no key to link by.
    repeat, linkable = figures.repeat_status(conn, scope)
    repeats = {
        FIRST_REPORT: linkable - repeat,
        REPEAT_VICTIM: repeat,
        CANNOT_TELL: cases - linkable,
    }

    return cases, [
        one_way("strands", STRAND, strands, total=False),
        one_way("record_types", RECORD_TYPE, types),
        one_way("areas", AREA, areas),
        one_way("months", MONTH, months),
        one_way("outcomes", OUTCOME, outcome_counts),
        one_way("repeats", REPEAT_STATUS, repeats),
    ]


# -- protecting -------------------------------------------------------------------------------
def pad_count_table(table: dc.CountTable, rows: Sequence[str]) -> dc.CountTable:
    """``table`` with a row of zeros for each of ``rows`` it lacks (appended at the end)."""
    extra = [r for r in rows if r not in table.row_labels]
    if not extra:
        return table
    cols = len(table.col_labels)
    return dc.CountTable(
        (*table.row_labels, *extra),
        table.col_labels,
        (*table.counts, *((0,) * cols for _ in extra)),
        (*table.row_totals, *(0 for _ in extra)) if table.row_totals is not None else None,
        table.col_totals,
        table.grand_total,
        table.period,
    )


def pad_published(table: dc.PublishedTable, rows: Sequence[str]) -> dc.PublishedTable:
    """``table`` with a shown zero for each of ``rows`` it lacks (appended at the end): what a
    reader knows of a pack's count outside its period, or of a row it did not have."""
    extra = [r for r in rows if r not in table.row_labels]
    if not extra:
        return table
    cols = len(table.col_labels)
    return replace(
        table,
        row_labels=(*table.row_labels, *extra),
        cells=(*table.cells, *((0,) * cols for _ in extra)),
        row_totals=(
            (*table.row_totals, *(0 for _ in extra)) if table.row_totals is not None else None
        ),
    )


def comparable(earlier: dc.PublishedTable, later: dc.PublishedTable
               ) -> tuple[dc.PublishedTable, dc.PublishedTable] | None:
    """The two tables padded to the same rows, as a reader would compare them (None when their
    columns differ: then they are not compared)."""
    if set(earlier.col_labels) != set(later.col_labels):
        return None
    rows = [*later.row_labels, *earlier.row_labels]
    return pad_published(earlier, rows), pad_published(later, rows)


def _strip(published: dc.PublishedTable, rows: int) -> dc.PublishedTable:
    """The first ``rows`` rows of a padded table (the padding is zeros, never hidden)."""
    if len(published.row_labels) == rows:
        return published
    assert all(i < rows or i == dc.TOTAL for i, _ in published.reasons), "padding was hidden"
    return replace(
        published,
        row_labels=published.row_labels[:rows],
        cells=published.cells[:rows],
        row_totals=published.row_totals[:rows] if published.row_totals is not None else None,
    )


def protect_table(table: dc.CountTable, earlier: Sequence[dc.PublishedTable], rounded: bool
                  ) -> dc.PublishedTable:
    """One table through :func:`dc.protect`, against the same table of each earlier pack,
    padded to the same rows."""
    rows = list(table.row_labels)
    for old in earlier:
        rows += [r for r in old.row_labels if r not in rows]
    padded = pad_count_table(table, rows)
    olds = [
        pad_published(old, rows)
        for old in earlier
        if set(old.col_labels) == set(table.col_labels)
    ]
    published = dc.protect(padded, rounded=rounded, earlier=olds)
    return _strip(published, len(table.row_labels))


def _one_total(tables: list[tuple[TrueTable, dc.PublishedTable]], rounded: bool
               ) -> list[dc.PublishedTable]:
    """Every table with a total shows it, or none does (they are all the cases of the period)."""
    grand = (dc.TOTAL, 0)
    reasons = [p.reasons[grand] for t, p in tables if t.table.col_totals is not None
               and grand in p.reasons]
    if not reasons or any(r is dc.Reason.SMALL for r in reasons):
        return [p for _, p in tables]  # all shown, or all small (the same true count)
    reason = dc.Reason.DIFFERENCING if dc.Reason.DIFFERENCING in reasons else dc.Reason.COMPLEMENT
    out = []
    for t, p in tables:
        if t.table.col_totals is None or grand in p.reasons:
            out.append(p)
            continue
        hidden = {**p.reasons, grand: reason}
        out.append(dc.publish(t.table, hidden, rounding_base=p.rounding_base))
    return out


def _check_together(done: Sequence[tuple[TrueTable, dc.PublishedTable]],
                    published: Sequence[dc.PublishedTable]) -> None:
    """The tables that add up to the period's cases, audited together (a total hidden in one
    and added up from another's cells is no protection): raises :class:`dc.DisclosureError`
    when a reader of the whole pack could work out a hidden count."""
    linked = [
        (t, p) for (t, _), p in zip(done, published, strict=True) if t.table.col_totals is not None
    ]
    exact = [dc.publish(t.table, p.reasons, suppress_zeros=p.suppress_zeros) for t, p in linked]
    found = dc.audit_together(exact, [(dc.TOTAL, 0)] * len(exact))
    if found:
        k, finding = found[0]
        raise dc.DisclosureError(
            f"{TABLE_TITLES[linked[k][0].key]}: read with the pack's other tables, {finding}. "
            "The pack cannot be shared safely for this period; make it for a longer one. "
            "Nothing was written."
        )


def build_pack(
    conn: sa.Connection,
    partnership: str,
    period: dc.Period,
    *,
    rounded: bool = False,
    earlier: Sequence[EarlierPack] = (),
    generated_at: dt.datetime | None = None,
) -> Pack:
    """The pack for ``partnership`` and ``period``, every table protected against the logged
    packs ``earlier`` (those of the same partnership whose period overlaps are used). Raises
    :class:`dc.DisclosureError` when a table cannot be shared safely."""
    mine = partnership_key(partnership)
    compared = tuple(
        e for e in earlier if partnership_key(e.partnership) == mine and e.period.overlaps(period)
    )
    cases, tables = true_tables(conn, period)
    done = []
    for t in tables:
        olds = [e.tables[t.key] for e in compared if t.key in e.tables]
        try:
            done.append((t, protect_table(t.table, olds, rounded)))
        except dc.DisclosureError as exc:
            raise dc.DisclosureError(
                f"{TABLE_TITLES[t.key]}: {exc} Nothing was written."
            ) from None
    published = _one_total(done, rounded)
    _check_together(done, published)
    return Pack(
        partnership,
        period,
        rounded,
        generated_at or dt.datetime.now(dt.UTC),
        cases,
        tuple(
            PackTable(t.key, TABLE_TITLES[t.key], t.item_header, p, NOTES.get(t.key, ""))
            for (t, _), p in zip(done, published, strict=True)
        ),
        compared,
    )


# -- the pack log -----------------------------------------------------------------------------
def table_to_json(t: dc.PublishedTable) -> dict[str, Any]:
    assert t.period is not None
    return {
        "rows": list(t.row_labels),
        "cols": list(t.col_labels),
        "cells": [list(r) for r in t.cells],
        "row_totals": list(t.row_totals) if t.row_totals is not None else None,
        "col_totals": list(t.col_totals) if t.col_totals is not None else None,
        "grand_total": t.grand_total,
        "has_grand_total": t.has_grand_total,
        "hidden": [[i, j, str(r)] for (i, j), r in sorted(t.reasons.items())],
        "period": [t.period.start.isoformat(), t.period.end.isoformat()],
        "rounding_base": t.rounding_base,
        "suppress_zeros": t.suppress_zeros,
    }


def table_from_json(d: Mapping[str, Any]) -> dc.PublishedTable:
    return dc.PublishedTable(
        tuple(d["rows"]),
        tuple(d["cols"]),
        tuple(tuple(r) for r in d["cells"]),
        tuple(d["row_totals"]) if d["row_totals"] is not None else None,
        tuple(d["col_totals"]) if d["col_totals"] is not None else None,
        d["grand_total"],
        bool(d["has_grand_total"]),
        {(int(i), int(j)): dc.Reason(r) for i, j, r in d["hidden"]},
        dc.Period(dt.date.fromisoformat(d["period"][0]), dt.date.fromisoformat(d["period"][1])),
        int(d["rounding_base"]),
        bool(d["suppress_zeros"]),
    )


def logged_packs(conn: sa.Connection, partnership: str) -> list[EarlierPack]:
    """Every pack issued to ``partnership`` (by its name, case and spacing set aside), oldest
    first."""
    rows = conn.execute(
        sa.text(
            "SELECT id, partnership, period_start, period_end, rounded, issued_at, tables "
            "FROM hip_pack WHERE partnership_key = :k ORDER BY issued_at, id"
        ),
        {"k": partnership_key(partnership)},
    )
    out = []
    for pid, name, start, end, rounded, issued, tables in rows:
        out.append(
            EarlierPack(
                str(pid),
                str(name),
                dc.Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end)),
                bool(rounded),
                dt.datetime.fromisoformat(issued),
                {k: table_from_json(v) for k, v in json.loads(tables).items()},
            )
        )
    return out


def log_pack(conn: sa.Connection | Any, pack: Pack, *, file: str, sha256: str) -> str:
    """Add ``pack`` to the log (in the caller's write transaction); returns its id."""
    pid = uuid7()
    conn.execute(
        sa.text(
            "INSERT INTO hip_pack (id, partnership, partnership_key, period_start, period_end, "
            "rounded, issued_at, file, sha256, tables) VALUES (:id, :p, :k, :s, :e, :r, :at, "
            ":f, :h, :t)"
        ),
        {
            "id": pid,
            "p": pack.partnership,
            "k": partnership_key(pack.partnership),
            "s": pack.period.start.isoformat(),
            "e": pack.period.end.isoformat(),
            "r": int(pack.rounded),
            "at": pack.generated_at.isoformat(),
            "f": file,
            "h": sha256,
            "t": json.dumps({t.key: table_to_json(t.published) for t in pack.tables}),
        },
    )
    return pid


# -- pseudonyms -------------------------------------------------------------------------------
def pseudonym_key(conn: sa.Connection | Any, partnership: str) -> bytes:
    """The partnership's random pseudonym key, made (and kept, in the caller's write
    transaction) the first time it is asked for."""
    k = partnership_key(partnership)
    found = conn.execute(
        sa.text("SELECT secret FROM hip_pseudonym_key WHERE partnership_key = :k"), {"k": k}
    ).scalar()
    if found is not None:
        return bytes(found)
    secret = secrets.token_bytes(32)
    conn.execute(
        sa.text(
            "INSERT INTO hip_pseudonym_key (partnership_key, partnership, secret, created_at) "
            "VALUES (:k, :p, :s, :at)"
        ),
        {"k": k, "p": partnership, "s": secret, "at": dt.datetime.now(dt.UTC).isoformat()},
    )
    return secret


def pseudonym(secret: bytes, person_key: str) -> str:
    """A victim's pseudonym for one partnership: HMAC-SHA256 of their
    :func:`hcdesk.casework.repeats.person_key` under the partnership's key, first 16 hex
    digits ("V-" before them). Nothing of the person can be read back from it."""
    digest = hmac.new(secret, person_key.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"V-{digest[:16]}"


# -- the CSV ----------------------------------------------------------------------------------
CSV_HEADER = ("Table", "Row", "Column", "Value", "Note")


def header_lines(pack: Pack) -> list[tuple[str, str]]:
    """What the pack says of itself, in the CSV's header block and at the top of the PDF."""
    return [
        ("Pack", TITLE),
        ("Partnership", pack.partnership),
        ("Period", pack.describe_period()),
        ("Protective marking", MARKING),
        ("Generated", format_date(pack.generated_at.date())),
        ("Threshold", f"Counts of 1 to {dc.THRESHOLD - 1} are not shown: marked {dc.HIDDEN_MARK}"),
        ("Rounded", f"Yes: {dc.ROUNDING_NOTE}" if pack.rounded else "No: exact counts"),
    ]


def published_values(t: PackTable) -> list[tuple[str, str, str, str]]:
    """Each value of a table as (row, column, value or the hidden mark, reason): cells first,
    then the row totals and the column totals."""
    p = t.published
    out = []
    for pos in p.positions():
        i, j = pos
        row = TOTAL_LABEL if i == dc.TOTAL else p.row_labels[i]
        col = TOTAL_LABEL if j == dc.TOTAL else p.col_labels[j]
        value = p.value(pos)
        out.append((row, col, dc.HIDDEN_MARK if value is None else str(value), p.label(pos) or ""))
    return out


def as_csv(pack: Pack) -> bytes:
    """The pack as CSV (UTF-8 with a byte-order mark, for spreadsheets): the header block, a
    blank line, then one row per published value."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for name, value in header_lines(pack):
        w.writerow([name, fileio.spreadsheet_text(value)])
    w.writerow([])
    w.writerow(CSV_HEADER)
    for t in pack.tables:
        for row, col, value, note in published_values(t):
            w.writerow([t.title, fileio.spreadsheet_text(row), col, value, note])
    return buf.getvalue().encode("utf-8-sig")
