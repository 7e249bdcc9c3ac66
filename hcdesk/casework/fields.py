"""How a person types each kind of field, and the message they see when it is wrong.

Qt-free so the same rules serve the desktop forms, the CLI and tests. Dates are typed the
British way (25/11/2026) or as ISO (2026-11-25); times as 24-hour HH:MM.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa

from hcdesk.models import labels
from hcdesk.models.base import EnumList, JSONText, UTCDateTime
from hcdesk.models.enums import DisclosureClass
from hcdesk.models.limits import JSON_FIELD_SCHEMAS, int_range, text_limit
from hcdesk.models.values import NUL_REASON, text_problem

_DATE_UK = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


class FieldError(ValueError):
    """``str(exc)`` is the message shown next to the field."""


class Kind(enum.StrEnum):
    TEXT = "text"
    NARRATIVE = "narrative"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    CHOICE = "choice"
    MULTI = "multi"
    FLAG = "flag"
    NUMBER = "number"
    LIST = "list"
    PERSON = "person"  # a person of the case (its id), chosen by name: a charge's defendant


# One part of an entry of a list-of-entries field: its key, its longest text (None: no limit of
# its own, e.g. a choice), and whether every entry must have it.
Part = tuple[str, int | None, bool]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind
    required: bool
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    private: bool = False
    # What a blank entry stands for: the column's default when the column cannot be empty
    # (e.g. team "", disclosure class DISCLOSABLE, action status OPEN), otherwise None.
    default: Any = None
    # The range of a whole number (hcdesk.models.limits).
    minimum: int | None = None
    maximum: int | None = None
    # For a PERSON field: the role of the people it may name (e.g. SUSPECT).
    person_role: str | None = None
    # For a LIST of entries (need areas, elements of an offence): each entry's parts, as
    # (key, longest text or None, required), from the field's JSON structure; and how many
    # entries it may hold.
    parts: tuple[Part, ...] = ()
    most_entries: int | None = None
    # What the field means (hcdesk.models.labels.FIELD_HELP): the tooltip and the grey line.
    help: str = ""
    # For a CHOICE or MULTI field: the enumeration its values come from (for their labels).
    enum_cls: type[enum.StrEnum] | None = None
    # The table the field is a column of (for the names of the parts of its entries).
    table: str = ""

    def choice_label(self, value: str) -> str:
        """The words a person reads for the stored choice ``value`` ("Sex or gender")."""
        if self.enum_cls is None:
            raise TypeError(f"{self.key} is not a choice of an enumeration")
        return labels.label_of(self.enum_cls, value)

    def part_label(self, part: str) -> str:
        """The name of a part of one of the field's entries ("level of need")."""
        return labels.part_label(self.table, self.key, part)


def _parts(column: sa.Column[Any]) -> tuple[tuple[Part, ...], int | None]:
    schema = JSON_FIELD_SCHEMAS.get((column.table.name, column.key), {})
    items = schema.get("items", {})
    if items.get("type") != "object":
        return (), None
    required = set(items.get("required", ()))
    parts = tuple(
        (key, prop.get("maxLength"), key in required)
        for key, prop in items.get("properties", {}).items()
    )
    return parts, schema.get("maxItems")


def typed_as_time(column: sa.Column[Any]) -> bool:
    """Whether a text column holds a time of day, typed as HH:MM (``incident_time``, a
    hearing's ``time``)."""
    return column.key == "time" or column.key.endswith("_time")


def spec_for(column: sa.Column[Any]) -> FieldSpec:
    ctype = column.type
    label = labels.field_label(column)
    required = not column.nullable and column.default is None
    private = column.info.get("disclosure") == DisclosureClass.POLICE_CPS_ONLY
    choices: tuple[str, ...] = ()
    max_length = None
    minimum = maximum = None
    parts: tuple[Part, ...] = ()
    most_entries = None
    enum_cls: type[enum.StrEnum] | None = None
    person_role = column.info.get("person")
    if person_role is not None:
        kind = Kind.PERSON
        max_length = text_limit(column)
    elif isinstance(ctype, EnumList):
        enum_cls = ctype.enum_cls
        kind, choices = Kind.MULTI, tuple(m.value for m in enum_cls)
    elif isinstance(ctype, sa.Enum) and ctype.enum_class is not None:
        # Every enumeration of the model is a StrEnum (hcdesk.models.enums).
        enum_cls = cast("type[enum.StrEnum]", ctype.enum_class)
        kind, choices = Kind.CHOICE, tuple(m.value for m in enum_cls)
    elif isinstance(ctype, UTCDateTime):
        kind = Kind.DATETIME
    elif isinstance(ctype, sa.Date):
        kind = Kind.DATE
    elif isinstance(ctype, sa.Boolean):
        kind = Kind.FLAG
    elif isinstance(ctype, sa.Integer):
        kind = Kind.NUMBER
        minimum, maximum = int_range(column)
    elif isinstance(ctype, JSONText):
        kind = Kind.LIST
        parts, most_entries = _parts(column)
    elif typed_as_time(column):
        kind = Kind.TIME
        max_length = 5
    else:
        kind = Kind.NARRATIVE if column.info.get("narrative") else Kind.TEXT
        max_length = text_limit(column)
    default = None
    if not column.nullable and column.default is not None and column.default.is_scalar:
        default = getattr(column.default, "arg", None)
    return FieldSpec(
        column.key,
        label,
        kind,
        required,
        choices,
        max_length,
        private,
        default,
        minimum,
        maximum,
        str(person_role) if person_role is not None else None,
        parts,
        most_entries,
        labels.field_help(column.table.name, column.key),
        enum_cls,
        column.table.name,
    )


def parse_date(text: str) -> dt.date | None:
    if not text.strip():
        return None
    m = _DATE_UK.match(text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _DATE_ISO.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise FieldError("That date does not exist; check the day and month.") from None
    raise FieldError("Type a date as day/month/year, for example 25/11/2026.")


DATE_FORMAT = "%d/%m/%Y"  # the one way a date is shown: 25/11/2026
DATETIME_FORMAT = "%d/%m/%Y %H:%M"  # and a date with its time, in local time: 25/11/2026 14:30


def format_date(value: dt.date | None) -> str:
    """A date as every screen shows it (and as it is typed): dd/mm/yyyy."""
    return value.strftime(DATE_FORMAT) if value else ""


def format_datetime(value: dt.datetime | None) -> str:
    """A moment as every screen shows it, in local time: dd/mm/yyyy HH:MM."""
    return value.astimezone().strftime(DATETIME_FORMAT) if value else ""


def parse_value(spec: FieldSpec, raw: Any) -> Any:
    """The stored value for what was typed or chosen; raises :class:`FieldError`."""
    if spec.kind in (Kind.TEXT, Kind.NARRATIVE, Kind.TIME, Kind.PERSON):
        # A person is chosen from a list (its id); checked as the text it is stored as.
        text = (raw or "").strip() if spec.kind != Kind.NARRATIVE else (raw or "")
        if not text.strip():
            if spec.required:
                verb = "Choose" if spec.kind == Kind.PERSON else "Enter"
                raise FieldError(f"{verb} the {spec.label}.")
            return spec.default
        if spec.max_length and len(text) > spec.max_length:
            raise FieldError(f"Keep this to {spec.max_length:,} characters or fewer.")
        problem = text_problem(text)
        if problem == NUL_REASON:
            raise FieldError("This holds a NUL character, which cannot be stored; remove it.")
        if problem:
            raise FieldError(
                "This holds a broken character (half of a surrogate pair); type the text again."
            )
        if spec.kind == Kind.TIME:
            m = _TIME.match(text)
            if not m:
                raise FieldError("Type a time as hours:minutes, for example 14:30.")
            return f"{int(m.group(1)):02d}:{m.group(2)}"
        return text
    if spec.kind == Kind.DATE:
        value = parse_date(raw or "")
        if value is None and spec.required:
            raise FieldError(f"Enter the {spec.label}.")
        if value is not None and not (1900 <= value.year <= 2100):
            raise FieldError("That year looks wrong; check the date.")
        return value
    if spec.kind == Kind.NUMBER:
        text = str(raw or "").strip()
        if not text:
            if spec.required:
                raise FieldError(f"Enter the {spec.label}.")
            return 0
        if not text.isascii() or not text.isdigit():
            raise FieldError("Enter a whole number, for example 3.")
        number = int(text[:12])  # more digits than any range: refused below, without parsing
        low = 0 if spec.minimum is None else spec.minimum
        high = 10_000 if spec.maximum is None else spec.maximum
        if len(text) > 12 or not low <= number <= high:
            raise FieldError(f"Enter a number from {low:,} to {high:,}.")
        return number
    if spec.kind == Kind.CHOICE:
        if raw in (None, ""):
            if spec.required:
                raise FieldError(f"Choose the {spec.label}.")
            return spec.default
        if raw not in spec.choices:
            raise FieldError("Choose one of the options in the list.")
        return raw
    if spec.kind == Kind.MULTI:
        values = list(raw or [])
        bad = [v for v in values if v not in spec.choices]
        if bad:
            raise FieldError("Choose from the options in the list.")
        return values
    if spec.kind == Kind.FLAG:
        return bool(raw)
    return raw


def check_entries(spec: FieldSpec, entries: list[dict[str, str]]) -> list[dict[str, str]]:
    """The entries of a list-of-entries field (``spec.parts``) as typed, each part's text
    stripped and empty parts left out; raises :class:`FieldError` for a row missing a part it
    must have, a part too long, or too many rows."""
    out: list[dict[str, str]] = []
    for entry in entries:
        clean = {k: v.strip() for k, v in entry.items() if isinstance(v, str) and v.strip()}
        for key, longest, required in spec.parts:
            part = spec.part_label(key)
            if required and key not in clean:
                raise FieldError(f"Fill in the {part} of each row, or remove the row.")
            text = clean.get(key, "")
            if longest is not None and len(text) > longest:
                raise FieldError(f"Keep the {part} of each row to {longest:,} characters or fewer.")
            if text and text_problem(text):
                raise FieldError(f"The {part} of a row holds a character that cannot be stored.")
        out.append(clean)
    if spec.most_entries is not None and len(out) > spec.most_entries:
        raise FieldError(f"Keep this to {spec.most_entries:,} rows or fewer.")
    return out


def humanise(value: str) -> str:
    """Words for an identifier shown where its enumeration is not known (a value in a sync
    conflict, a code of the sync protocol): the label of an enumeration value (the one label
    every enumeration holding it gives), else the identifier in lower case with spaces
    (``server_refused`` -> ``Server refused``). Where the enumeration is known, use
    :func:`hcdesk.models.labels.label` (or :meth:`FieldSpec.choice_label`): it never guesses."""
    found = labels.value_label(value)
    if found is not None:
        return found
    return value.replace("_", " ").capitalize()
