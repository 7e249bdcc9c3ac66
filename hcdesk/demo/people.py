"""Invented people, addresses and phone numbers, the officers of each force, and references."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hcdesk.demo.kit import Rand, ascii_name, pick, rint
from hcdesk.demo.tables import (
    BLOCKS,
    COMMUNITIES,
    FORCE_CODE,
    INWARD,
    POPULATION,
    RES_STREETS,
    Community,
    Town,
)


def person_name(r: Rand, com: Community, female: bool, native_chance: float = 0.0) -> str:
    given = pick(r, com.female if female else com.male)
    surnames = com.female_surnames if female and com.female_surnames else com.surnames
    surname = pick(r, surnames)
    middle = com.middle[1 if female else 0]
    latin = f"{given} {middle} {surname}" if middle else f"{given} {surname}"
    if native_chance and com.native and r() < native_chance:
        native = com.native_name(given, surname)
        if native:
            return f"{latin} ({native})"
    return latin


def home_address(r: Rand, town: Town) -> tuple[str, str, str]:
    """(address, postcode, area)"""
    area = pick(r, town.areas)
    if r() < 0.2:
        line = f"Flat {rint(r, 1, 24)}, {pick(r, BLOCKS)}, {pick(r, RES_STREETS)}"
    else:
        line = f"{rint(r, 1, 140)} {pick(r, RES_STREETS)}"
    postcode = f"{pick(r, town.districts)} {rint(r, 1, 9)}{pick(r, INWARD)}{pick(r, INWARD)}"
    return f"{line}, {area}, {town.name}", postcode, area


def phone_number(r: Rand) -> str:
    """A mobile number in Ofcom's drama range (07700 900000-900999)."""
    return f"07700 900{rint(r, 0, 999):03d}"


# -- officers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Officers:
    oic: dict[str, list[str]]
    vlo: dict[str, list[str]]
    supervisors: dict[str, list[str]]
    inspectors: dict[str, list[str]]


_OFFICER_CACHE: dict[int, Officers] = {}


def officers_for(seed: int) -> Officers:
    """A fixed set of invented officers per force for this seed."""
    cached = _OFFICER_CACHE.get(seed)
    if cached is not None:
        return cached
    r = random.Random(f"hcdesk-demo-officers:{seed}").random  # noqa: S311 - not for security
    pools: dict[str, dict[str, list[str]]] = {"oic": {}, "vlo": {}, "sup": {}, "insp": {}}
    sizes = {"oic": 40, "vlo": 16, "sup": 10, "insp": 4}
    ranks = {"oic": ("PC", "PC", "DC"), "vlo": ("PC", "PCSO", "DC"), "sup": ("PS", "DS"),
             "insp": ("Insp",)}
    for force in ("WARWICKSHIRE", "WEST_MERCIA"):
        used: set[int] = set()
        for pool, size in sizes.items():
            names = pools[pool].setdefault(force, [])
            for _ in range(size):
                number = rint(r, 1000, 9999)
                while number in used:
                    number = rint(r, 1000, 9999)
                used.add(number)
                com = COMMUNITIES[POPULATION.pick(r)]
                rank = pick(r, ranks[pool])
                names.append(f"{rank} {number} {person_name(r, com, r() < 0.45)}")
    result = Officers(pools["oic"], pools["vlo"], pools["sup"], pools["insp"])
    _OFFICER_CACHE[seed] = result
    return result


def officer_initials(officer: str) -> str:
    """``PC 1234 Jane Smith`` -> ``JS`` (for exhibit references)."""
    parts = officer.split(" ")[2:]
    return (ascii_name(parts[0])[:1] + ascii_name(parts[-1])[:1]).upper() or "XX"


# -- references --------------------------------------------------------------------------------


def crime_reference(index: int, force: str, year: int) -> str:
    """``23/45678/26``: force code / number / year. The number is a bijection of the index."""
    n = index - 1
    number = (n % 100_000 * 48_271 + 13_579) % 100_000 + (n // 100_000) * 100_000
    return f"{FORCE_CODE[force]}/{number:05d}/{year % 100:02d}"


def case_urn(index: int, force: str, station: str, year: int) -> str:
    """CPS-style URN ``23NU1234526``: force code, station, 5-digit number, year.

    Unique for the first 100,000 indexes: the number is a bijection of ``index - 1``.
    """
    number = ((index - 1) % 100_000 * 69_621 + 24_680) % 100_000
    return f"{FORCE_CODE[force]}{station}{number:05d}{year % 100:02d}"
