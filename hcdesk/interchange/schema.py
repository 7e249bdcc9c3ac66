"""The JSON Schema (draft 2020-12) of the interchange format, generated from the spec.

``python -m hcdesk.interchange.schema`` prints the schema; ``--write`` refreshes the committed
copy (``hcdesk-interchange-v2.schema.json`` beside this module; the schemas of earlier versions
are kept beside it, unchanged); ``--markdown`` prints the field
tables of ``docs/interchange.md``. Tests check that both committed copies equal what this module
generates, so the schema, the documentation and the codec cannot drift apart.
"""

from __future__ import annotations

import argparse
import copy
import enum
import json
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from hcdesk.interchange.spec import (
    DATE_PATTERN,
    DATETIME_PATTERN,
    FORMAT,
    JSON_FIELD_SCHEMAS,
    MAX_CASES,
    MAX_ITEMS,
    SECTIONS,
    UUID_PATTERN,
    VERSION,
    Section,
    case_columns,
    is_required,
)
from hcdesk.models import labels
from hcdesk.models.base import EnumList, JSONText, UTCDateTime
from hcdesk.models.enums import DisclosureClass
from hcdesk.models.limits import int_range, text_limit

SCHEMA_ID = f"urn:hcdesk:schema:{FORMAT}-v{VERSION}"
SCHEMA_FILE = Path(__file__).with_name(f"{FORMAT}-v{VERSION}.schema.json")

SECTION_DESCRIPTIONS: dict[str, str] = {
    "victim": "The victim (one person), or null while no victim is recorded.",
    "suspects": "The suspects.",
    "witnesses": "The witnesses.",
    "hostility_evidence": (
        "Evidence of hostility: the words or conduct, verbatim, with their source."
    ),
    "wishes": (
        "The victim's wishes: one dated entry each time they are recorded, in the victim's "
        "words. Append-only: a change of view is a new entry; a correction names the entry it "
        "corrects in supersedes_id."
    ),
    "needs_assessments": "Assessments of the victim's needs.",
    "support_plans": "Support plans, each with its actions.",
    "actions": "The actions of this plan.",
    "referrals": "Referrals to support agencies.",
    "contacts": (
        "Every contact with the victim, or attempt to reach them. Append-only (see wishes)."
    ),
    "victims_code_events": (
        "Victims' Code compliance log: an event and when the victim was told of it. "
        "Append-only (see wishes)."
    ),
    "charges": "Charges and their outcomes.",
    "victim_personal_statements": "Victim personal statements (VPS).",
    "community_impact_statements": "Community impact statements (CIS).",
    "court_listings": "Court hearings: which court, when, and what for.",
    "bail_records": (
        "Each suspect's release or remand, with conditions and grounds (MG7); person_id names "
        "the suspect."
    ),
    "court_applications": "Applications to the court on conviction or acquittal (MG13).",
    "interview_accounts": "What each suspect said in interview (MG15), summarised.",
    "summary_signoffs": (
        "Certifications of the court summary: who, as what, when, for which version. Append-only."
    ),
    "disclosure_consents": (
        "The victim's consent to disclose parts of their wishes: who recorded it, when, and "
        "which items. The latest entry counts. Append-only."
    ),
    "preflight_acknowledgements": (
        "Findings of the pre-flight check that an officer acknowledged before an export, with "
        "the reason. Append-only."
    ),
    "partnership_shares": (
        "Information shared with a Hate Incident Partnership or another named partner."
    ),
    "status_claims": (
        "Victims' Code statuses an officer added for the victim, with the reason (statuses the "
        "law gives, such as a hate crime victim's, are derived and not stored). A later entry "
        "with withdrawn set takes a status back. Append-only."
    ),
    "duty_records": (
        "What was done about each duty to the victim, named by its duty key "
        "(docs/victims-code.md): the day the victim was told, or why the deadline was missed. "
        "The latest entry for a duty counts. Append-only."
    ),
    "planned_contacts": "Contacts with the victim an officer plans to make: when, how and why.",
}

# What a record of each table is called, and what each field means: written once, in
# hcdesk.models.labels, for the desktop, the court summary and these documents alike.
RECORD_TITLES = labels.RECORD_LABELS

ID_DESCRIPTION = "Record id: a lower-case UUID, kept on import."
SUPERSEDES_DESCRIPTION = (
    "The id of the earlier entry of this section that this entry corrects, or null."
)


# -- per-field helpers (shared by the schema and the documentation tables) -----------------------
def describe(column: sa.Column[Any]) -> str:
    """The label a person knows the field by, with its disclosure class and narrative flag,
    then what it means."""
    text = labels.field_label(column)
    text = text[0].upper() + text[1:]
    if column.info.get("disclosure") == DisclosureClass.POLICE_CPS_ONLY:
        text += " (police/CPS only)"
    if column.info.get("narrative"):
        text += " (narrative)"
    return f"{text}. {labels.field_help(column.table.name, column.key)}"


def _enum_class(column: sa.Column[Any]) -> type[enum.Enum] | None:
    ctype = column.type
    if isinstance(ctype, EnumList):
        return ctype.enum_cls
    if isinstance(ctype, sa.Enum) and ctype.enum_class is not None:
        return ctype.enum_class
    return None


def _values(enum_cls: type[enum.Enum]) -> list[str]:
    return [str(m.value) for m in enum_cls]


def column_schema(table: str, column: sa.Column[Any]) -> dict[str, Any]:
    """The JSON Schema of one field (with its description)."""
    ctype = column.type
    nullable = bool(column.nullable)
    out: dict[str, Any] = {"description": describe(column)}
    if (table, column.key) in JSON_FIELD_SCHEMAS:
        inner = copy.deepcopy(JSON_FIELD_SCHEMAS[(table, column.key)])
        if nullable:
            out["anyOf"] = [inner, {"type": "null"}]
        else:
            out.update(inner)
        return out
    enum_cls = _enum_class(column)
    if isinstance(ctype, EnumList) and enum_cls is not None:
        out["type"] = "array"
        out["items"] = {"enum": _values(enum_cls)}
        out["maxItems"] = len(enum_cls)
        out["uniqueItems"] = True
    elif enum_cls is not None:
        out["enum"] = _values(enum_cls) + ([None] if nullable else [])
        return out
    elif isinstance(ctype, UTCDateTime):
        out.update(type="string", format="date-time", pattern=DATETIME_PATTERN)
    elif isinstance(ctype, sa.Date):
        out.update(type="string", format="date", pattern=DATE_PATTERN)
    elif isinstance(ctype, sa.Boolean):
        out["type"] = "boolean"
    elif isinstance(ctype, sa.Integer):
        out["type"] = "integer"
        out["minimum"], out["maximum"] = int_range(column)
    elif isinstance(ctype, sa.String | sa.Text) and not isinstance(ctype, JSONText):
        out["type"] = "string"
        if column.foreign_keys:
            out["pattern"] = UUID_PATTERN
        out["maxLength"] = text_limit(column)
    else:  # pragma: no cover - a new column type needs a mapping here
        raise TypeError(f"no JSON Schema for {table}.{column.key} ({ctype!r})")
    if nullable:
        out["type"] = [out["type"], "null"]
    return out


def _uuid(description: str, nullable: bool = False) -> dict[str, Any]:
    return {
        "description": description,
        "type": ["string", "null"] if nullable else "string",
        "pattern": UUID_PATTERN,
    }


def _record_schema(
    table: str, columns: list[sa.Column[Any]], *, append_only: bool, children: tuple[Section, ...]
) -> dict[str, Any]:
    props: dict[str, Any] = {"id": _uuid(ID_DESCRIPTION)}
    if append_only:
        props["supersedes_id"] = _uuid(SUPERSEDES_DESCRIPTION, nullable=True)
    for col in columns:
        props[col.key] = column_schema(table, col)
    for child in children:
        props[child.key] = {
            "description": SECTION_DESCRIPTIONS[child.key],
            "type": "array",
            "maxItems": MAX_ITEMS,
            "items": {"$ref": f"#/$defs/{child.model.__tablename__}"},
        }
    return {
        "title": RECORD_TITLES[table],
        "type": "object",
        "additionalProperties": False,
        "required": ["id"] + [c.key for c in columns if is_required(c)],
        "properties": props,
    }


def _section_defs() -> list[Section]:
    """Every section with its own record shape (people sections share one), children too."""
    seen: dict[str, Section] = {}
    for section in SECTIONS:
        for s in (section, *section.children):
            table = s.model.__tablename__
            if table in seen:
                if seen[table].hidden != s.hidden:  # pragma: no cover - spec consistency
                    raise ValueError(f"sections of {table} hide different fields")
                continue
            seen[table] = s
    return list(seen.values())


def build_schema() -> dict[str, Any]:
    """The JSON Schema of a whole interchange document."""
    case_props: dict[str, Any] = {"id": _uuid(ID_DESCRIPTION)}
    for col in case_columns():
        case_props[col.key] = column_schema("case_file", col)
    for section in SECTIONS:
        ref = {"$ref": f"#/$defs/{section.model.__tablename__}"}
        desc = SECTION_DESCRIPTIONS[section.key]
        if section.many:
            case_props[section.key] = {
                "description": desc,
                "type": "array",
                "maxItems": MAX_ITEMS,
                "items": ref,
            }
        else:
            case_props[section.key] = {"description": desc, "anyOf": [ref, {"type": "null"}]}
    case_cols = case_columns()
    defs: dict[str, Any] = {
        "case_file": {
            "title": RECORD_TITLES["case_file"],
            "type": "object",
            "additionalProperties": False,
            "required": ["id"] + [c.key for c in case_cols if is_required(c)],
            "properties": case_props,
        }
    }
    for s in _section_defs():
        table = s.model.__tablename__
        defs[table] = _record_schema(
            table,
            s.columns(),
            append_only=hasattr(s.model, "supersedes_id"),
            children=s.children,
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"hcdesk interchange format, version {VERSION}",
        "description": (
            "Hate-crime case files exchanged between hcdesk and other systems. Generated from "
            "the hcdesk domain model by `python -m hcdesk.interchange.schema`; do not edit by "
            "hand. Documentation: docs/interchange.md, which also gives the limits this schema "
            "cannot express (the size of a file and of a case, records per file, no NUL "
            "characters or unpaired surrogates in text, no key given twice)."
        ),
        "version": VERSION,
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "cases"],
        "properties": {
            "format": {"description": "Always the text hcdesk-interchange.", "const": FORMAT},
            "version": {
                "description": "The format version; readers refuse versions they do not know.",
                "const": VERSION,
            },
            "cases": {
                "description": "The case files, in id order when hcdesk writes them.",
                "type": "array",
                "maxItems": MAX_CASES,
                "items": {"$ref": "#/$defs/case_file"},
            },
        },
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as committed: 2-space indent, UTF-8, trailing newline."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


# -- documentation tables --------------------------------------------------------------------------
def _type_text(table: str, column: sa.Column[Any]) -> str:
    ctype = column.type
    enum_cls = _enum_class(column)
    if (table, column.key) in JSON_FIELD_SCHEMAS:
        items = JSON_FIELD_SCHEMAS[(table, column.key)].get("items", {})
        most = JSON_FIELD_SCHEMAS[(table, column.key)].get("maxItems")
        if items.get("type") == "object":
            text = f"list of objects (below), at most {most:,}"
        else:
            text = f"list of text, at most {most:,}"
            if "maxLength" in items:
                text += f", each ≤ {items['maxLength']:,}"
    elif isinstance(ctype, EnumList) and enum_cls is not None:
        text = f"list of [{enum_cls.__name__}](#{enum_cls.__name__.lower()}), each at most once"
    elif enum_cls is not None:
        text = f"[{enum_cls.__name__}](#{enum_cls.__name__.lower()})"
    elif isinstance(ctype, UTCDateTime):
        text = "date-time"
    elif isinstance(ctype, sa.Date):
        text = "date"
    elif isinstance(ctype, sa.Boolean):
        text = "boolean"
    elif isinstance(ctype, sa.Integer):
        low, high = int_range(column)
        text = f"integer {low:,} to {high:,}"
    elif column.foreign_keys:
        text = "UUID"
    else:
        text = f"text ≤ {text_limit(column):,}"
    if column.nullable:
        text += " or null"
    return text


def _default_text(column: sa.Column[Any]) -> str:
    default = column.default
    if default is None:
        return ""
    arg = getattr(default, "arg", None)
    if getattr(default, "is_callable", False):
        value: Any = arg(None) if callable(arg) else None
    else:
        value = arg
    if isinstance(value, enum.Enum):
        value = value.value
    return json.dumps(value, ensure_ascii=False)


def _required_text(column: sa.Column[Any]) -> str:
    if is_required(column):
        return "yes"
    if not column.nullable:
        return f"no (default `{_default_text(column)}`)"
    return "no"


def _disclosure_text(column: sa.Column[Any]) -> str:
    if column.info.get("disclosure") == DisclosureClass.POLICE_CPS_ONLY:
        return "police/CPS only"
    return "disclosable"


def _meaning(table: str, column: sa.Column[Any]) -> str:
    text = labels.field_label(column)
    text = text[0].upper() + text[1:]
    if column.info.get("narrative"):
        text += " (narrative)"
    return f"{text}. {labels.field_help(table, column.key)}"


def _table(table: str, section: Section | None, columns: list[sa.Column[Any]]) -> str:
    lines = [
        "| Field | Type | Required | Meaning | Disclosure |",
        "|---|---|---|---|---|",
        "| `id` | UUID | yes | Record id, kept on import | — |",
    ]
    if section is not None and hasattr(section.model, "supersedes_id"):
        lines.append(
            "| `supersedes_id` | UUID or null | no | The entry of this section this one corrects "
            "| — |"
        )
    for col in columns:
        lines.append(
            f"| `{col.key}` | {_type_text(table, col)} | {_required_text(col)} "
            f"| {_meaning(table, col)} | {_disclosure_text(col)} |"
        )
    if section is not None:
        for child in section.children:
            lines.append(
                f"| `{child.key}` | list of {RECORD_TITLES[child.model.__tablename__].lower()}s, "
                f"at most {MAX_ITEMS:,} | no | {SECTION_DESCRIPTIONS[child.key]} | — |"
            )
    return "\n".join(lines)


def markdown_tables() -> str:
    """The field tables and enumerations of docs/interchange.md (between its markers)."""
    out: list[str] = ["### The case", "", _table("case_file", None, case_columns())]
    out += ["", "The sections of a case:", ""]
    out += ["| Section | Shape | Records |", "|---|---|---|"]
    for section in SECTIONS:
        shape = f"list, at most {MAX_ITEMS:,}" if section.many else "object or null"
        kind = RECORD_TITLES[section.model.__tablename__]
        out.append(f"| `{section.key}` | {shape} | {kind} — {SECTION_DESCRIPTIONS[section.key]} |")
    done: set[str] = set()
    for section in SECTIONS:
        for s in (section, *section.children):
            table = s.model.__tablename__
            if table in done:
                continue
            done.add(table)
            users = [
                x.key
                for x in (*SECTIONS, *(c for y in SECTIONS for c in y.children))
                if x.model.__tablename__ == table
            ]
            title = RECORD_TITLES[table]
            out += ["", f"### {title} (`{'`, `'.join(users)}`)", ""]
            if hasattr(s.model, "supersedes_id"):
                out += ["Append-only: entries are never changed; see *Append-only records*.", ""]
            out.append(_table(table, s, s.columns()))
            for (jtable, key), jschema in JSON_FIELD_SCHEMAS.items():
                items = jschema.get("items", {})
                if jtable == table and items.get("type") == "object":
                    out += ["", f"Each item of `{key}`:", ""]
                    out += ["| Field | Type | Required |", "|---|---|---|"]
                    for name, prop in items["properties"].items():
                        typ = (
                            f"one of {', '.join(f'`{v}`' for v in prop['enum'])}"
                            if "enum" in prop
                            else "text ≤ {:,}".format(prop["maxLength"])
                            if prop.get("type") == "string" and "maxLength" in prop
                            else prop.get("type", "")
                        )
                        req = "yes" if name in items.get("required", []) else "no"
                        out.append(f"| `{name}` | {typ} | {req} |")
    out += ["", "### Enumerations", ""]
    enums: dict[str, type[enum.Enum]] = {}
    for col in _all_columns():
        enum_cls = _enum_class(col)
        if enum_cls is not None:
            enums.setdefault(enum_cls.__name__, enum_cls)
    for name in sorted(enums):
        out += [f"#### {name}", "", "| Value | Label | Meaning |", "|---|---|---|"]
        for member in enums[name]:
            assert isinstance(member, enum.StrEnum)
            out.append(
                f"| `{member.value}` | {labels.label(member)} | {labels.help_text(member)} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def limits_markdown() -> str:
    """The limits table of docs/interchange.md (between its markers), from the constants."""
    from hcdesk.interchange import spec
    from hcdesk.models import limits

    int_fields = [
        (s.model.__tablename__, c)
        for section in SECTIONS
        for s in (section, *section.children)
        for c in s.columns()
        if isinstance(c.type, sa.Integer) and not isinstance(c.type, sa.Boolean)
    ]
    hocr = JSON_FIELD_SCHEMAS[("case_file", "hocr_codes")]
    ranges = "; ".join(
        f"`{c.key}` {int_range(c)[0]:,} to {int_range(c)[1]:,}"
        for _t, c in dict.fromkeys(int_fields)
    )
    rows = [
        ("The file", f"{spec.MAX_FILE_BYTES // 2**20:,} MiB", "`FILE is larger than … MiB`"),
        ("Cases in one file", f"{spec.MAX_CASES:,}", "`the file holds more than … cases`"),
        (
            "Records in one file, counting each case and everything in it",
            f"{spec.MAX_RECORDS:,}",
            "`the file holds more than … records`",
        ),
        (
            "One case, as JSON text (white space included)",
            f"{spec.MAX_CASE_CHARS:,} characters",
            "`cases[N]: this case takes more than … characters of JSON`",
        ),
        (
            "Records in one section of a case, or actions in one plan",
            f"{spec.MAX_ITEMS:,}",
            "`has more than … entries`",
        ),
        (
            "Narrative text (marked *(narrative)* below)",
            f"{limits.NARRATIVE_CHARS:,} characters",
            "`is longer than … characters`",
        ),
        (
            "Other text that has no length of its own",
            f"{limits.TEXT_CHARS:,} characters",
            "`is longer than … characters`",
        ),
        ("Text with a length of its own", "as its table says (`text ≤ 32`)", "the same"),
        (
            "Entries in a list of text (HOCR codes, partners consented to)",
            f"{limits.LIST_ITEMS:,}, each of at most {limits.LIST_ITEM_CHARS:,} characters "
            f"(an HOCR code {hocr['items']['maxLength']})",
            "`has more than … entries`, `is longer than …`",
        ),
        (
            "A list of an enumeration",
            "each value at most once",
            "`must list each value at most once`",
        ),
        ("Whole numbers", ranges, "`must be between … and …`"),
    ]
    out = ["| What | Limit | Refused with |", "|---|---|---|"]
    out += [f"| {what} | {limit} | {reason} |" for what, limit, reason in rows]
    return "\n".join(out) + "\n"


def _all_columns() -> list[sa.Column[Any]]:
    cols = list(case_columns())
    for section in SECTIONS:
        for s in (section, *section.children):
            cols.extend(s.columns())
    return cols


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the interchange JSON Schema.")
    parser.add_argument("--write", action="store_true", help=f"write {SCHEMA_FILE.name}")
    parser.add_argument("--markdown", action="store_true", help="print the docs field tables")
    parser.add_argument("--limits", action="store_true", help="print the docs limits table")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown_tables())
    elif args.limits:
        sys.stdout.write(limits_markdown())
    elif args.write:
        SCHEMA_FILE.write_text(schema_text(), encoding="utf-8", newline="\n")
        print(f"wrote {SCHEMA_FILE}")
    else:
        sys.stdout.write(schema_text())
    return 0


__all__ = [
    "SCHEMA_FILE",
    "SCHEMA_ID",
    "build_schema",
    "column_schema",
    "limits_markdown",
    "markdown_tables",
]

if __name__ == "__main__":
    sys.exit(main())
