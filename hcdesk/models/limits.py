"""How much one field may hold: each limit in one place, derived from the data model.

Every way a value gets into a store meets these limits: the interchange importer and the central
store's push validation (through :func:`hcdesk.models.values.decode_value`), and the desktop's
forms (:mod:`hcdesk.casework.fields`, and :func:`hcdesk.casework.casefile.save_changes` for what
the forms do not parse). So a store never holds, and never exports, a value its own importer
would refuse. The limits of an interchange *file* (cases, records, sizes) are in
:mod:`hcdesk.interchange.spec`; docs/interchange.md and the JSON Schema are generated from both.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from hcdesk.models.enums import NeedArea, NeedLevel

NARRATIVE_CHARS = 100_000
"""Free text marked narrative (a summary, the victim's words, notes): about 40 printed pages."""

TEXT_CHARS = 4_000
"""Other free text without a length of its own (a name, an address, an offence)."""

LIST_ITEMS = 50
"""Entries in a list-of-text field (HOCR codes, partners consented to)."""

LIST_ITEM_CHARS = 200
"""Each entry of such a list, unless the field gives less."""


def text_limit(column: sa.Column[Any]) -> int:
    """The most characters a text field may hold: its own length, else by its kind."""
    length = getattr(column.type, "length", None)
    if length:
        return int(length)
    return NARRATIVE_CHARS if column.info.get("narrative") else TEXT_CHARS


SQLITE_INTEGERS = (-(2**63), 2**63 - 1)
"""What SQLite (and PostgreSQL's bigint) can hold: the range of a column that declares none."""


def int_range(column: sa.Column[Any]) -> tuple[int, int]:
    """The range of a whole-number field, as its model declares it (``field(minimum=...)``;
    every domain field does, a test checks), else what the database can hold (audit seq)."""
    low, high = column.info.get("range", SQLITE_INTEGERS)
    return int(low), int(high)


# The structure of each JSON-valued column, with its limits (the interchange schema embeds these).
JSON_FIELD_SCHEMAS: dict[tuple[str, str], dict[str, Any]] = {
    ("case_file", "hocr_codes"): {
        "type": "array",
        "maxItems": LIST_ITEMS,
        "items": {"type": "string", "maxLength": 10},
    },
    ("victim_wish", "partner_consents"): {
        "type": "array",
        "maxItems": LIST_ITEMS,
        "items": {"type": "string", "maxLength": LIST_ITEM_CHARS},
    },
    ("charge", "elements"): {
        "type": "array",
        "maxItems": LIST_ITEMS,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["element"],
            "properties": {
                "element": {"type": "string", "maxLength": LIST_ITEM_CHARS},
                "evidence": {"type": "string", "maxLength": TEXT_CHARS},
            },
        },
    },
    ("needs_assessment", "areas"): {
        "type": "array",
        "maxItems": len(NeedArea),  # one entry for each area at most
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["area", "level"],
            "properties": {
                "area": {"enum": [m.value for m in NeedArea]},
                "level": {"enum": [m.value for m in NeedLevel]},
                "notes": {"type": "string", "maxLength": TEXT_CHARS},
            },
        },
    },
}


__all__ = [
    "JSON_FIELD_SCHEMAS",
    "LIST_ITEMS",
    "LIST_ITEM_CHARS",
    "NARRATIVE_CHARS",
    "SQLITE_INTEGERS",
    "TEXT_CHARS",
    "int_range",
    "text_limit",
]
