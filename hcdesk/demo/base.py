"""The shared base of a case's builder (:class:`hcdesk.demo.case.Case`): the random generator
seeded by ``(seed, index)``, record ids, and the people and evidence records every part makes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from hcdesk.demo.kit import EPOCH, ISO
from hcdesk.demo.people import Officers


@dataclass
class Court:
    """How far the case has got in the criminal justice process."""

    status: str = "OPEN"
    file_stage: str | None = None
    plea: str | None = None
    urn: str | None = None
    decision: str | None = None
    outcome: str | None = None
    outcome_day: int | None = None
    closed_on: int | None = None
    charged_on: int | None = None
    arrested_on: int | None = None  # or interviewed voluntarily
    progress: str | None = None  # a sentence for the summary
    voluntary: bool = False  # interviewed voluntarily, not arrested
    bailed: bool | None = None  # after arrest: on police bail (True) or released under inv.
    to_cps: int | None = None  # the file went to the CPS for a charging decision
    first_hearing: int | None = None
    trial: int | None = None
    sentence_day: int | None = None  # after a guilty plea: sentenced then (may be to come)


class CaseBase:
    """What every part of a case's builder shares: its random generator, its ids, and the
    records of people and evidence. All randomness comes from one generator seeded by
    (seed, index)."""

    __slots__ = ("counter", "index", "ms_of_day", "officers", "prefixes", "r", "rand_b", "today")

    def __init__(self, seed: int, index: int, today: int, officers: Officers) -> None:
        rng = random.Random(f"hcdesk-demo:{seed}:{index}")  # noqa: S311 - not for security
        self.r = rng.random
        self.index = index
        self.today = today
        self.officers = officers
        # Ids are UUIDv7 with a dedicated counter (RFC 9562 section 6.2, method 1): the
        # timestamp is a moment on the record's day, rand_a counts the case's records and
        # rand_b is random, drawn once per case.
        self.ms_of_day = rng.getrandbits(26)  # under 86,400,000
        tail = f"{0x8000_0000_0000_0000 | rng.getrandbits(62):016x}"
        self.rand_b = f"{tail[:4]}-{tail[4:]}"
        self.counter = 0
        self.prefixes: dict[int, str] = {}

    def uid(self, day: int) -> str:
        """A UUIDv7 whose timestamp is on ``day``; unique within the case by its counter."""
        prefix = self.prefixes.get(day)
        if prefix is None:
            t = f"{(day - EPOCH) * 86_400_000 + self.ms_of_day:012x}"
            prefix = self.prefixes[day] = f"{t[:8]}-{t[8:]}-7"
        self.counter += 1
        return "%s%03x-%s" % (prefix, self.counter, self.rand_b)  # noqa: UP031 - quicker

    def person(
        self,
        day: int,
        name: str,
        dob: int | None,
        gender: str | None,
        address: str | None,
        postcode: str | None,
        phone: str | None,
        *,
        email: str | None = None,
        safe_times: str | None = None,
        channels: list[str] | None = None,
        no_voicemail: bool = False,
        notes: str | None = None,
        interpreter: bool = False,
        language: str | None = None,
        access: str | None = None,
        spokesperson: str | None = None,
        self_described: str | None = None,
        statuses: list[str] | None = None,
        previous: str | None = None,
        orders: str | None = None,
        group: str | None = None,
    ) -> dict[str, Any]:
        return {
            "id": self.uid(day),
            "name": name,
            "date_of_birth": None if dob is None else ISO[dob],
            "gender": gender,
            "address": address,
            "postcode": postcode,
            "phone": phone,
            "email": email,
            "safe_times": safe_times,
            "safe_channels": channels or [],
            "no_voicemail": no_voicemail,
            "contact_notes": notes,
            "interpreter_needed": interpreter,
            "language": language,
            "access_needs": access,
            "nominated_spokesperson": spokesperson,
            "self_described_characteristics": self_described,
            "victims_code_statuses": statuses or [],
            "previous_incidents": previous,
            "previous_incidents_relied_on": False,
            "orders_injunctions": orders,
            "group_association": group,
            "group_association_relied_on": False,
            "intelligence": None,
            "statement_ref": None,
            "statement_date": None,
            "statement_summary": None,
        }

    def evidence(
        self,
        day: int,
        strand: str | None,
        local: str | None,
        limb: str,
        timing: str,
        words: str,
        language: str | None,
        translation: str | None,
        source: str,
        exhibit: str | None,
        witness_ref: str | None,
        perceived_by: str | None,
        factors: list[str],
        disclosure: str = "DISCLOSABLE",
        relied_on: bool = False,
    ) -> dict[str, Any]:
        return {
            "id": self.uid(day),
            "strand": strand,
            "local_strand": local if strand is None else None,
            "limb": limb,
            "timing": timing,
            "words_or_conduct": words,
            "language": language,
            "translation": translation,
            "source": source,
            "exhibit_ref": exhibit,
            "witness_ref": witness_ref,
            "perceived_by": perceived_by,
            "aggravation_factors": factors,
            "disclosure_class": disclosure,
            "relied_on": relied_on,
        }
