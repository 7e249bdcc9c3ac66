"""Crafted demo cases: one of each variant a prosecutor's court summary must get right.

======  ==============================  =======================================================
letter  name                            what it shows
======  ==============================  =======================================================
a       ``nchi``                        a non-crime hate incident (religion): no offence, no
                                        charge, no court file
b       ``race_cda_s31``                race: CDA 1998 s.31 aggravated offence charged (POA
                                        s.4A underlying); a previous incident relied on as
                                        evidence, intelligence and a group association not
c       ``race_aggravated_not_charged`` race: the aggravated form (CDA s.31) was available but
                                        basic POA s.5 is charged, so s.66 is to be considered
d       ``disability_s66``              disability hostility on an assault: no CDA route, a
                                        Sentencing Act 2020 s.66 uplift sought and stated
e       ``race_disability_cda_s29``     race and disability on a CDA s.29 charge (OAPA s.47),
                                        sent to the Crown Court; remanded after a bail breach
f       ``local_subculture``            a local strand only (alternative subculture): no
                                        monitored strand, no statutory aggravation
g       ``aggravation_not_proved``      CDA s.31 charged; convicted, the aggravation not proved
h       ``acquittal``                   CDA s.32 harassment (a course of conduct); acquitted,
                                        restraining order on acquittal
======  ==============================  =======================================================

Each case's local reference is ``L-DEMO-VARIANT-<LETTER>`` (:func:`local_ref`) and its summary
begins ``DEMO VARIANT (<letter>): ...``. Dates are counted back from ``today``, so a pending
case has a hearing still to come. In a test::

    from hcdesk.demo import variants
    doc = variants.document("b", "g", today=TODAY)  # or document() for all eight
    with store.transaction() as s:
        importer.import_document(s, doc)
        case_id = find_case(s, variants.local_ref("b")).id

``variant("b")`` (or ``variant("race_cda_s31")``) gives one case dict, ``variants()`` all of
them by letter. Every case is valid interchange (``validate_document`` finds no problem).
"""

from __future__ import annotations

import datetime
from typing import Any

from hcdesk.demo import variant_cases, variant_trials
from hcdesk.demo.crafted import Crafted
from hcdesk.demo.kit import prepare
from hcdesk.interchange.spec import FORMAT, VERSION

NAMES: dict[str, str] = {
    "a": "nchi",
    "b": "race_cda_s31",
    "c": "race_aggravated_not_charged",
    "d": "disability_s66",
    "e": "race_disability_cda_s29",
    "f": "local_subculture",
    "g": "aggravation_not_proved",
    "h": "acquittal",
}
"""The variants by letter, in order."""

def _letter(which: str) -> str:
    if which in NAMES:
        return which
    for letter, name in NAMES.items():
        if name == which:
            return letter
    raise KeyError(f"no demo variant {which!r}: one of {', '.join(NAMES)} or {NAMES}")


def local_ref(which: str) -> str:
    """The local reference of a variant's case (by letter or name)."""
    return f"L-DEMO-VARIANT-{_letter(which).upper()}"


def variant(which: str, *, seed: int = 1, today: datetime.date | None = None) -> dict[str, Any]:
    """One crafted case (an interchange case dict), by letter or name."""
    letter = _letter(which)
    day = (today or datetime.date.today()).toordinal()
    prepare(day)
    return _BUILDERS[letter](Crafted(seed, letter, day))


def variants(
    which: list[str] | None = None, *, seed: int = 1, today: datetime.date | None = None
) -> dict[str, dict[str, Any]]:
    """The crafted cases by letter (all of them unless ``which`` names some)."""
    letters = [_letter(w) for w in which] if which is not None else list(NAMES)
    return {k: variant(k, seed=seed, today=today) for k in letters}


def document(*which: str, seed: int = 1, today: datetime.date | None = None) -> dict[str, Any]:
    """An interchange document holding the named variants (all eight when none is named)."""
    cases = variants(list(which) if which else None, seed=seed, today=today)
    return {"format": FORMAT, "version": VERSION, "cases": list(cases.values())}


_BUILDERS = {**variant_cases.BUILDERS, **variant_trials.BUILDERS}
assert list(_BUILDERS) == list(NAMES)
