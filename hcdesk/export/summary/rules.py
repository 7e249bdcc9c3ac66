"""The rules the summary follows: what is police/CPS only, where it goes, the legal route.

These are the domain rules of the court summary, in plain Python over plain data (no ORM
objects, no reportlab, no Qt); the section builders and the renderer only apply them.

* **Disclosure.** A field is police/CPS only when its model column says so
  (``info["disclosure"]``); an evidence item by its own ``disclosure_class``; the victim's
  wishes unless ``victim_agreed_wishes_disclosed`` is set. :func:`place` then moves every
  restricted block or item of the CPS variant to the annex under the same section number.
* **Marking.** OFFICIAL-SENSITIVE unless another marking is chosen, with a reason.
* **Legal route.** Not here: the law of hostility aggravation is :mod:`hcdesk.casework.legal`,
  which the save and the pre-flight check use too.
* **Victims' Code.** Which updates are key decisions, the target for telling the victim
  (1 working day with enhanced rights, else 5), and how working days are counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from hcdesk.casework.casefile import MODELS
from hcdesk.errors import UsageError
from hcdesk.export.summary.model import Block, Item, KeyValues, Section, SummaryVariant, Text
from hcdesk.export.summary.wording import MARKING_LABELS, human, label
from hcdesk.models.enums import (
    DisclosureClass,
    ProtectiveMarking,
    VictimsCodeEventKind,
    VictimsCodeStatus,
)

# -- disclosure ----------------------------------------------------------------------------------


def restricted(table: str, key: str) -> bool:
    """Whether a field is police/CPS only, from the model column's ``info["disclosure"]``."""
    column = MODELS[table].__table__.columns[key]
    return bool(column.info.get("disclosure") == DisclosureClass.POLICE_CPS_ONLY)


def item(table: str, record: dict[str, Any], key: str, *, name: str | None = None) -> Item:
    """The field as an :class:`Item` with its label and disclosure class."""
    return Item(name or label(table, key), human(record.get(key)), restricted(table, key))


# -- marking -------------------------------------------------------------------------------------

DEFAULT_MARKING = ProtectiveMarking.OFFICIAL_SENSITIVE


def choose_marking(
    marking: ProtectiveMarking | str | None, reason: str | None
) -> ProtectiveMarking:
    """The marking asked for (the default when none is), refused without a reason to differ."""
    if marking is None or marking == "":
        return DEFAULT_MARKING
    text = str(marking).strip().upper().replace("-", "_").replace(" ", "_")
    try:
        chosen = ProtectiveMarking(text)
    except ValueError:
        raise UsageError("The marking must be OFFICIAL or OFFICIAL-SENSITIVE.") from None
    if chosen != DEFAULT_MARKING and not (reason or "").strip():
        raise UsageError(
            f"Give a reason for marking this export {MARKING_LABELS[chosen]} instead of "
            f"{MARKING_LABELS[DEFAULT_MARKING]}; it is recorded in the audit trail."
        )
    return chosen


def evidence_restricted(ev: dict[str, Any]) -> bool:
    """Whether an evidence item is classed police/CPS only."""
    return str(ev.get("disclosure_class")) == DisclosureClass.POLICE_CPS_ONLY.value


def wishes_restricted(case: dict[str, Any]) -> bool:
    """The victim's wishes are police/CPS only unless the victim and the OIC agreed otherwise."""
    return not bool(case.get("victim_agreed_wishes_disclosed"))


def number_evidence(evidence: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Evidence id -> its number: E1, E2... if disclosable, R1, R2... if police/CPS only."""
    numbers: dict[str, str] = {}
    open_n = restricted_n = 0
    for ev in evidence:
        if evidence_restricted(ev):
            restricted_n += 1
            numbers[ev["id"]] = f"R{restricted_n}"
        else:
            open_n += 1
            numbers[ev["id"]] = f"E{open_n}"
    return numbers


# -- placement -----------------------------------------------------------------------------------


def place(
    sections: Sequence[Section], variant: SummaryVariant
) -> tuple[list[Section], list[Section]]:
    """Split sections into the disclosable part and the annex (CPS) or keep them (FULL)."""
    if variant is SummaryVariant.FULL:
        return list(sections), []
    main: list[Section] = []
    annex: list[Section] = []
    for sec in sections:
        open_blocks: list[Block] = []
        closed_blocks: list[Block] = []
        for block in sec.blocks:
            if block.restricted:
                closed_blocks.append(block)
            elif isinstance(block, KeyValues):
                shown = [i for i in block.items if not i.restricted]
                hidden = [i for i in block.items if i.restricted]
                if shown:
                    open_blocks.append(replace(block, items=shown))
                if hidden:
                    closed_blocks.append(replace(block, items=hidden, restricted=True))
            else:
                open_blocks.append(block)
        if closed_blocks and not open_blocks:
            open_blocks.append(Text(sec.moved_note, "empty"))
        main.append(replace(sec, blocks=open_blocks, restricted=False))
        if closed_blocks:
            annex.append(
                replace(sec, number=f"A{sec.number}", blocks=closed_blocks, restricted=True)
            )
    return main, annex


# -- Victims' Code --------------------------------------------------------------------------------

KEY_DECISIONS = {
    VictimsCodeEventKind.SUSPECT_ARRESTED,
    VictimsCodeEventKind.SUSPECT_INTERVIEWED,
    VictimsCodeEventKind.SUSPECT_BAILED,
    VictimsCodeEventKind.SUSPECT_RELEASED_UNDER_INVESTIGATION,
    VictimsCodeEventKind.SUSPECT_CHARGED,
    VictimsCodeEventKind.NO_FURTHER_ACTION,
    VictimsCodeEventKind.COURT_DATE_SET,
    VictimsCodeEventKind.COURT_OUTCOME,
}


def enhanced_rights(statuses: Sequence[str]) -> bool:
    """Whether any of the victim's Victims' Code statuses gives enhanced rights."""
    return any(s != VictimsCodeStatus.STANDARD.value for s in statuses)


def update_target_days(enhanced: bool) -> int:
    """Working days to tell the victim of a key decision: 1 with enhanced rights, else 5."""
    return 1 if enhanced else 5


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days (Monday-Friday) after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    days = 0
    d = start
    while d < end:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            days += 1
    return days
