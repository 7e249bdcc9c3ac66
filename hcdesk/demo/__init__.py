"""Synthetic, realistic demo cases in the interchange format (docs/interchange.md).

Everything here is invented. Names are made by joining a given name and a family name drawn
separately at random from one community's list, so they describe no real person. Addresses are
house numbers on generic street names, phone numbers are in Ofcom's drama range
(07700 900000-900999), e-mail addresses use the reserved ``example.org`` domain, and crime
references and URNs are made up.

The cases are meant to look like a Warwickshire or West Mercia hate-crime liaison officer's
caseload. Victims and suspects come from the communities that live in the area. Every monitored
and local strand appears, some cases carry more than one strand, and the timeline of each case
hangs together: reported after the incident, arrest, CPS decision, court, contacts and Victims'
Code notifications in date order. Support actions are due relative to ``today``, so some show
as overdue.

Each case comes from its own random generator, seeded from ``(seed, index)``. So a case depends
only on the seed, its index and ``today``: ``generate(20)`` holds the same cases as
``generate(10)`` followed by ``generate(10, start_index=11)``. Local references and crime
references are made from the index, so batches with different ``start_index`` never clash;
URNs are unique for the first 100,000 indexes. Ids are lower-case UUIDv7 (RFC 9562, counter
method): the timestamp is a moment on the record's date, ``rand_a`` numbers the case's records,
and ``rand_b`` is 62 random bits drawn once per case.

Coventry is policed by West Midlands Police, so it appears only as where victims and witnesses
live, never as the place of an incident.

The package keeps its words and weights as data, in ``data/*.json`` (people, places, strands,
offences, support, summary, court; each file says what its tables mean), read once by
:mod:`hcdesk.demo.tables`. The story is code: :mod:`hcdesk.demo.case` builds a case, with its
parts in :mod:`~hcdesk.demo.justice` (evidence, prosecution, charges),
:mod:`~hcdesk.demo.support` (needs, plans, referrals, contacts, wishes),
:mod:`~hcdesk.demo.narrative` (place and summary) and :mod:`~hcdesk.demo.courtfile` (the
prosecutor's file: statements, interviews, bail, hearings, each charge's defendant, plea and
elements, MG13 applications, sign-offs; drawn last, so it changed no other value a seed gives).

:mod:`hcdesk.demo.variants` adds eight crafted cases, one of each variant a court summary must
get right (a non-crime hate incident, CDA s.31 charged, the aggravated form available but not
charged, a s.66 uplift for disability, race and disability on CDA s.29, a local strand only,
aggravation not proved, an acquittal): ``variants.document("b", today=...)``.

For large numbers of cases use :func:`iter_cases` in batches: ``generate(100_000)`` holds about
2 GB of dicts.

    >>> doc = generate(3, seed=7, today=datetime.date(2026, 3, 1))
    >>> len(doc["cases"])
    3
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from typing import Any

from hcdesk.demo.case import Case
from hcdesk.demo.kit import prepare
from hcdesk.demo.people import officers_for
from hcdesk.interchange.spec import FORMAT, VERSION

__all__ = ["generate", "iter_cases"]


def iter_cases(
    n: int,
    *,
    seed: int = 1,
    today: datetime.date | None = None,
    start_index: int = 1,
) -> Iterator[dict[str, Any]]:
    """Yield ``n`` interchange case dicts, numbered from ``start_index`` (``L-DEMO-000001``...).

    Case ``k`` depends only on ``seed``, ``k`` and ``today``, so batches made with different
    ``start_index`` values never clash and can be made in any order.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if start_index < 1:
        raise ValueError("start_index must be 1 or more")
    day = (today or datetime.date.today()).toordinal()
    prepare(day)
    officers = officers_for(seed)
    for index in range(start_index, start_index + n):
        yield Case(seed, index, day, officers).build()


def generate(
    n: int,
    *,
    seed: int = 1,
    today: datetime.date | None = None,
    start_index: int = 1,
) -> dict[str, Any]:
    """A whole interchange document holding ``n`` demo cases (see :func:`iter_cases`).

    The cyclic garbage collector is paused while the list is built: the cases hold no reference
    cycles, and collecting a growing heap of small dicts would otherwise double the time.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        cases = list(iter_cases(n, seed=seed, today=today, start_index=start_index))
    finally:
        if paused:
            gc.enable()
    return {"format": FORMAT, "version": VERSION, "cases": cases}
