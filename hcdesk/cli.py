"""The one command-line entry point: ``hcdesk`` (the desktop application) and its sub-commands.

Errors are one clear line on stderr and a non-zero exit status, never a traceback (``--debug``
shows one for developers). Nothing here prints or logs victim data.

Sync with the central store:

* ``hcdesk login --server URL --user NAME [--password-stdin] [--ca-cert PEM]`` signs this profile
  in; the password is asked for without echo (or read from the first line of standard input).
  The server address and the tokens are kept only in the encrypted profile.
* ``hcdesk sync`` sends the profile's unsent changes and receives its teams' changes;
  ``hcdesk sync --status`` only shows what is waiting. ``hcdesk logout`` forgets the tokens.

Exit status: 0 done; 1 error; 2 wrong usage; 3 audit trail broken; 4 invalid input; 5 file or
disk error (a full disk, an unreadable or read-only folder: nothing was written); 6 the profile
is busy (another hcdesk program kept it locked for longer than ``--wait`` seconds; try again);
7 refused: the contact goes against what the victim asked (``hcdesk contact`` and
``hcdesk plan-contact``: nothing was recorded; change it, or give ``--override-reason``);
75 central store unreachable or busy (try later; nothing was lost); 76 the central store
refused the request; 77 not signed in; 78 this device was revoked; 130 cancelled; 70 unexpected.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from hcdesk import __version__
from hcdesk.errors import (
    HcdeskError,
    KeyringUnavailable,
    ProfileBusy,
    StoreFull,
    StoreIOError,
    UsageError,
    ValidationFailed,
    message_for,
)
from hcdesk.store.paths import DEFAULT_BUSY_WAIT_S

ENV_PASSPHRASE = "HCDESK_PASSPHRASE"  # noqa: S105 - a variable name
ENV_NEW_PASSPHRASE = "HCDESK_NEW_PASSPHRASE"  # noqa: S105


def default_profile() -> Path:
    return platformdirs.user_data_path("hcdesk", appauthor=False) / "profile"


def _err(message: str) -> None:
    print(f"hcdesk: {message}", file=sys.stderr)


def _info(message: str) -> None:
    print(message, file=sys.stderr)


# -- unlocking ---------------------------------------------------------------------------------
def _prompt(prompt: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(prompt)
    except (EOFError, OSError):
        return None


def _new_passphrase(env: str, what: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    first = _prompt(f"Choose a passphrase for {what}: ")
    if first is None:
        raise UsageError(
            f"A new profile needs a passphrase: set {env} or run in a terminal to be asked."
        )
    if _prompt("Type it again: ") != first:
        raise UsageError("The two passphrases differ; nothing was created.")
    return first


def open_store(args: argparse.Namespace, create: bool = True):  # type: ignore[no-untyped-def]
    """Unlock the profile: HCDESK_PASSPHRASE, else a no-echo prompt, else the OS keyring.

    With ``--keyring`` the OS keyring is tried first; if it cannot give the key, the passphrase
    (from HCDESK_PASSPHRASE or the prompt) is used instead, and a line says why. A profile
    directory that does not exist yet (or holds only what a failed creation left) is created
    with the passphrase given.
    """
    from hcdesk.store.keys import PASSPHRASE_GUIDANCE
    from hcdesk.store.store import ProfilePaths, Store

    profile: Path = args.profile
    wait: float = args.wait
    paths = ProfilePaths(profile)
    if create and not paths.exists():
        if not paths.holds_only_leftovers():
            raise UsageError(
                f"{profile} is not empty and holds no hcdesk profile; choose another directory."
            )
        _info(f"Creating a new profile at {profile}. {PASSPHRASE_GUIDANCE}")
        chosen = _new_passphrase(ENV_PASSPHRASE, "the new profile")
        return Store.create(
            profile, chosen, officer=getattr(args, "officer", None), busy_wait_s=wait
        )
    given: str | None = os.environ.get(ENV_PASSPHRASE)
    if getattr(args, "keyring", False):
        try:
            return Store.open(profile, use_keyring=True, busy_wait_s=wait)
        except KeyringUnavailable as exc:
            where = f"from {ENV_PASSPHRASE}"
            if given is None:
                given = _prompt(f"{exc} Passphrase for {profile}: ")
                where = "you typed"
            if given is None:
                raise
            _info(f"{exc} Using the passphrase {where}.")
            return Store.open(profile, given, busy_wait_s=wait)
    if given is None:
        given = _prompt(f"Passphrase for {profile}: ")
    if given is not None:
        return Store.open(profile, given, busy_wait_s=wait)
    try:
        return Store.open(profile, use_keyring=True, busy_wait_s=wait)
    except KeyringUnavailable as exc:
        raise UsageError(
            f"No passphrase given ({exc}) Set {ENV_PASSPHRASE} or run in a terminal."
        ) from None


def _tidy(store: Any, what: str) -> None:
    """Fold the write-ahead log into the store after committed work; a failure only warns.

    The work is durable once committed (it is in the log). A checkpoint that fails, for
    example on a full disk, must not turn a saved import into a reported failure.
    """
    try:
        store.checkpoint()
    except (StoreFull, StoreIOError, ProfileBusy) as exc:
        why = {
            StoreFull: "the disk holding the profile is full",
            ProfileBusy: "another hcdesk program is using the profile",
        }.get(type(exc), "the disk could not be written")
        _info(
            f"Note: {what} saved. hcdesk could not yet fold its log into the store file "
            f"({why}); it will do so next time, and nothing is lost."
        )


# -- commands ----------------------------------------------------------------------------------
def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from hcdesk.ui.app import run
    except ImportError as exc:
        raise HcdeskError(
            f"The desktop application cannot start: {exc}. Run 'make run' to install what it needs."
        ) from None
    return run(profile=args.profile)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r  {done:,} / {total:,} cases", end="", file=sys.stderr, flush=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from hcdesk import demo
    from hcdesk.interchange import importer

    if args.cases < 0 or args.cases > 1_000_000:
        raise UsageError("--cases must be between 0 and 1,000,000.")
    store = open_store(args)
    with store:
        with store.session() as s:
            import sqlalchemy as sa

            from hcdesk.models import CaseFile

            existing = s.scalar(sa.select(sa.func.count()).select_from(CaseFile)) or 0
        start = time.perf_counter()
        document = demo.generate(args.cases, seed=args.seed, start_index=existing + 1)
        with store.transaction(reason="demo data") as s:
            result = importer.import_document(s, document, progress=_progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        _tidy(store, f"the {result.cases:,} demo cases are")
    _info(
        f"Added {result.cases:,} synthetic demo cases ({result.records:,} records) to "
        f"{args.profile} in {time.perf_counter() - start:.1f} s."
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from hcdesk.interchange import importer

    document = importer.load_file(args.file)
    store = open_store(args)
    with store:
        with store.transaction(reason=args.reason or f"import of {args.file.name}") as s:
            result = importer.import_document(s, document, progress=_progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        _tidy(store, f"the {result.cases:,} imported cases are")
    _info(f"Imported {result.cases:,} cases ({result.records:,} records) from {args.file}.")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    from hcdesk.export.service import export_interchange, require_recipient

    out: Path = args.out
    _check_out(out)
    require_recipient(args.recipient, args.reason)
    store = open_store(args, create=False)  # a mistyped --profile must not make a new one
    with store:
        count, _digest = export_interchange(
            store, out, case_ref=args.case, recipient=args.recipient, reason=args.reason
        )
    _info(
        f"Exported {count:,} cases to {out}. The file is NOT encrypted: "
        "handle it as OFFICIAL-SENSITIVE and delete it when it has served its purpose."
    )
    return 0


def _check_out(out: Path) -> None:
    if out.exists() and out.is_dir():
        raise UsageError(f"{out} is a directory; give a file name with --out.")
    if not out.parent.exists():
        raise UsageError(f"The folder {out.parent} does not exist.")


PART_CHOICES = {"both": None, "disclosable": ["disclosable"], "annex": ["annex"]}


def cmd_summary(args: argparse.Namespace) -> int:
    from hcdesk.export.service import annex_path, export_summary, require_recipient
    from hcdesk.export.summary.render import PART_LABELS

    out: Path = args.out
    _check_out(out)
    require_recipient(args.recipient, args.reason)  # before any passphrase is asked for
    parts = PART_CHOICES[args.parts] if args.variant == "cps" else None
    if args.variant == "cps" and args.parts != "annex" and out.stem.endswith("-annex"):
        raise UsageError(
            f"{out.name} is named like an annex; give the disclosable summary a name of its own "
            "(the annex is written beside it as NAME-annex.pdf)."
        )
    if args.variant == "cps" and args.parts != "disclosable":
        _check_out(annex_path(out))
    if args.marking and args.marking.upper() != "OFFICIAL-SENSITIVE" and not args.marking_reason:
        raise UsageError("Give --marking-reason when the marking is not OFFICIAL-SENSITIVE.")
    if args.password and args.sign is not None:
        raise UsageError(
            "A summary can be password-protected or signed, not both; choose --password or --sign."
        )
    env_password = "HCDESK_PDF_PASSWORD"  # noqa: S105 - a variable name
    password = None
    if args.password:
        password = os.environ.get(env_password)
        if password is None:
            password = _prompt("Password for the PDF: ")
            if password is None:
                raise UsageError(
                    f"--password needs a terminal to ask for it, or set {env_password}."
                )
            if _prompt("Type it again: ") != password:
                raise UsageError("The two passwords differ; nothing was exported.")
    sign_with: Path | None = args.sign
    sign_passphrase = None
    if sign_with is not None:
        env_sign = "HCDESK_SIGN_PASSPHRASE"
        sign_passphrase = os.environ.get(env_sign)
        if sign_passphrase is None:
            sign_passphrase = _prompt(f"Passphrase for the signing key {sign_with.name}: ")
            if sign_passphrase is None:
                raise UsageError(
                    f"--sign needs a terminal to ask for the passphrase, or set {env_sign}."
                )
    store = open_store(args, create=False)  # a mistyped --profile must not make a new one
    with store:
        result = export_summary(
            store,
            args.case,
            args.variant,
            marking=args.marking,
            marking_reason=args.marking_reason,
            recipient=args.recipient,
            reason=args.reason,
            password=password,
            parts=parts,
            write_to=out,
            sign_with=sign_with,
            sign_passphrase=sign_passphrase,
        )
    for f in result.files:
        _info(f"Wrote {PART_LABELS[f.part]} to {f.path} (SHA-256 {f.sha256}).")
    many = len(result.files) > 1
    _info(
        f"Summary version {result.version}; the export is logged as one disclosure"
        + (" with both hashes." if many else ".")
        + (
            (" They are" if many else " It is") + " digitally signed."
            if sign_with is not None
            else ""
        )
        + (
            ""
            if password
            else (" The files are" if many else " The file is")
            + " NOT password-protected: send "
            + ("them" if many else "it")
            + " only by secure means."
        )
    )
    return 0


def cmd_preflight(args: argparse.Namespace) -> int:
    """List the pre-flight findings of a case; with --acknowledge, acknowledge those that may
    be acknowledged. Exit 0 when nothing is outstanding, 1 when something still is."""
    from hcdesk.casework import preflight
    from hcdesk.casework.casefile import load_case
    from hcdesk.casework.cases import find_case

    reason = (args.acknowledge or "").strip() if args.acknowledge is not None else None
    if reason is not None and not reason:
        raise UsageError("--acknowledge needs a reason; it is recorded on the case.")
    store = open_store(args, create=False)
    with store:
        with store.session(reason="pre-flight check") as s, s.begin():
            case_id = find_case(s, args.case).id
            snap = load_case(s, case_id, consult=False)
        found = preflight.outstanding(snap)
        if reason and any(not f.blocking for f in found):
            with store.transaction(reason="pre-flight acknowledged") as s:
                actor = str(s.info.get("actor") or "")
                preflight.acknowledge(
                    s, case_id, [f for f in found if not f.blocking], by=actor, reason=reason
                )
            acknowledged = [f for f in found if not f.blocking]
            found = [f for f in found if f.blocking]
            _info(f"Acknowledged {len(acknowledged)} finding(s) on {snap.reference}: {reason}")
    if not found:
        _info(f"Pre-flight check of {snap.reference}: nothing outstanding; it can be exported.")
        return 0
    _info(f"Pre-flight check of {snap.reference}: {len(found)} outstanding.")
    for f in found:
        _info(f"- {'Must be fixed: ' if f.blocking else ''}{f.message}")
    if not all(f.blocking for f in found):
        _info("Acknowledge those that stand with --acknowledge REASON; fix the others.")
    return 1


def cmd_void(args: argparse.Namespace) -> int:
    """Void a case opened by mistake, with the reason: it stays in the store (audited, and sent
    to the central store at the next sync) but leaves the case list and every count of work."""
    from hcdesk.casework.cases import find_case, void_case

    reason = (args.reason or "").strip()
    if not reason:
        raise UsageError("Give the reason with --reason TEXT; it is recorded on the case.")
    store = open_store(args, create=False)
    with store:
        with store.transaction(reason=f"case voided: {reason}") as s:
            case = find_case(s, args.case)
            actor = str(s.info.get("actor") or store.officer or "")
            void_case(s, case.id, reason, by=actor)
            reference = case.reference
        _tidy(store, "The void")
    _info(
        f"Voided case {reference}: {reason}. It leaves the case list and every count of work; "
        "the central store gets it at the next sync."
    )
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from hcdesk.store import audit

    store = open_store(args, create=False)
    with store, store.session() as s:
        report = audit.verify(s)
    if report.ok:
        print(f"Audit trail intact: {report.events:,} events from {report.devices} device(s).")
        return 0
    print(f"AUDIT TRAIL BROKEN: {len(report.findings)} problem(s) in {report.events:,} events:")
    for finding in report.findings:
        print(f"  - {finding}")
    return 3


def cmd_passphrase(args: argparse.Namespace) -> int:
    from hcdesk.store.store import ProfilePaths

    if not ProfilePaths(args.profile).exists():
        open_store(args).close()
        return 0
    old = os.environ.get(ENV_PASSPHRASE) or _prompt("Current passphrase: ")
    if old is None:
        raise UsageError(f"Give the current passphrase in {ENV_PASSPHRASE} or at the prompt.")
    from hcdesk.store.store import Store

    with Store.open(args.profile, old, busy_wait_s=args.wait) as store:
        new = _new_passphrase(ENV_NEW_PASSPHRASE, "this profile")
        store.change_passphrase(old, new)
    _info("Passphrase changed. The old passphrase no longer unlocks this profile.")
    return 0


def cmd_keyring(args: argparse.Namespace) -> int:
    from hcdesk.store import secrets

    store = open_store(args, create=False)
    with store:
        was_on = store.keyfile.keyring
        store.set_keyring(args.state == "on")  # KeyringKeyNotRemoved says what is left where
    if args.state == "on":
        _info(f"The profile's key is now kept in {secrets.where()}; your passphrase still works.")
    elif was_on:
        _info(f"The profile's key was removed from {secrets.where()}; unlock with your passphrase.")
    else:
        _info(
            "This profile was not set to unlock from the OS keyring, and no copy of its key is "
            f"left in {secrets.where()}; unlock with your passphrase."
        )
    return 0


# -- contacts ------------------------------------------------------------------------------------
CONTACT_REFUSED = 7  # the contact goes against what the victim asked; nothing was recorded


def _record_contact(args: argparse.Namespace, table: str, values: dict[str, Any]) -> int:
    """Record one contact (or planned contact) on a case, through the case file's save and its
    contact-safety check. Prints the concerns and records nothing (exit 7) if the contact goes
    against what the victim asked and no ``--override-reason`` was given. Prints what to keep
    in mind for any contact with this victim (interpreter, spokesperson, notes): this command
    is run by the officer making the contact, and these are theirs to see."""
    from hcdesk.casework import casefile as cf
    from hcdesk.casework import contact_safety as cs
    from hcdesk.casework.cases import find_case
    from hcdesk.casework.records import CaseFileView

    reason = args.override_reason
    if reason is not None:
        problem = cs.override_problem(reason)
        if problem is not None:
            raise UsageError(f"--override-reason: {problem} Nothing was recorded.")
        values["safety_override_reason"] = reason.strip()
    what = "contact" if table == "contact_log" else "planned contact"
    store = open_store(args, create=False)  # a mistyped --profile must not make a new one
    with store:
        if table == "planned_contact" and not values.get("owner"):
            values["owner"] = store.officer
        try:
            with store.transaction(reason=f"{what} recorded from the command line") as s:
                case_id = find_case(s, args.case).id
                view: CaseFileView = cf.save_case(
                    s, case_id, cf.Changes(new=[(table, values)])
                ).case
        except cs.ContactAgainstWishes as refused:
            _err(f"Not recorded: this {what} goes against what the victim asked:")
            for concern in refused.concerns:
                print(f"  - {concern.message}", file=sys.stderr)
            print(
                "  Change it, or record why you go ahead with --override-reason REASON (it is "
                f"kept with the {what}). Nothing was recorded.",
                file=sys.stderr,
            )
            return CONTACT_REFUSED
        _tidy(store, f"the {what} is")
    victim = view.victim()
    wish = view.wishes[-1] if view.wishes else None
    if reason is not None:
        _info(f"Recorded the {what} on {view.reference}, with your reason for going ahead.")
    else:
        _info(f"Recorded the {what} on {view.reference}.")
    reminders = cs.contact_reminders(victim, wish)
    if reminders:
        _info("Keep in mind:")
        for reminder in reminders:
            _info(f"  - {reminder.message}")
    return 0


def _channel(text: str) -> str:
    from hcdesk.models.enums import ContactChannel

    key = text.strip().upper().replace("-", "_").replace(" ", "_")
    key = {"TEXT": "TEXT_MESSAGE", "SMS": "TEXT_MESSAGE", "VIDEO": "VIDEO_CALL"}.get(key, key)
    if key not in ContactChannel.__members__:
        names = ", ".join(c.value.lower().replace("_", "-") for c in ContactChannel)
        raise argparse.ArgumentTypeError(f"choose one of: {names}")
    return key


def _direction(text: str) -> str:
    from hcdesk.models.enums import ContactDirection

    key = text.strip().upper().replace("-", "_").replace(" ", "_")
    if key not in ContactDirection.__members__:
        names = ", ".join(c.value.lower().replace("_", "-") for c in ContactDirection)
        raise argparse.ArgumentTypeError(f"choose one of: {names}")
    return key


def _when(text: str) -> Any:
    from hcdesk.casework.contact_safety import parse_when

    try:
        return parse_when(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_contact(args: argparse.Namespace) -> int:
    return _record_contact(
        args,
        "contact_log",
        {
            "occurred_at": args.when,
            "channel": args.channel,
            "direction": args.direction,
            "with_whom": args.with_whom,
            "summary": args.summary,
            "left_voicemail": args.voicemail,
        },
    )


def cmd_plan_contact(args: argparse.Namespace) -> int:
    return _record_contact(
        args,
        "planned_contact",
        {
            "planned_for": args.when,
            "channel": args.channel,
            "purpose": args.purpose,
            "owner": args.owner,
            "may_leave_voicemail": args.voicemail,
        },
    )


# -- Victims' Code duties --------------------------------------------------------------------------
def _day_arg(text: str) -> dt.date:
    """A date typed on the command line: 25/11/2026, 2026-11-25 or "today"."""
    from hcdesk.casework.fields import FieldError, parse_date

    if text.strip().lower() == "today":
        return dt.date.today()
    try:
        day = parse_date(text)
    except FieldError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day is None:
        raise argparse.ArgumentTypeError("give a date, for example 25/11/2026")
    return day


def _same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def duty_item(duty: Any) -> dict[str, Any]:
    """One duty as ``hcdesk due --json`` prints it (docs/victims-code.md, "JSON")."""
    return {
        "case": duty.reference,
        "case_id": duty.case_id,
        "key": duty.key,
        "kind": str(duty.kind),
        "due": duty.due.isoformat(),
        "status": str(duty.status),
        "what": duty.what,
        "owner": duty.owner,
        "team": duty.team,
        "section": duty.section,
        "met_on": duty.met_on.isoformat() if duty.met_on else None,
    }


def cmd_due(args: argparse.Namespace) -> int:
    """What is due: the open duties of every case (``--all``: met and breached ones too),
    overdue first."""
    import json

    from hcdesk.casework import duties
    from hcdesk.casework.casefile import read_case_file
    from hcdesk.casework.cases import find_case

    today: dt.date = args.today or dt.date.today()
    team = (args.team or "").strip()
    if args.team is not None and not team:
        raise UsageError("--team needs a team name, for example --team 'Rugby SNT'.")
    store = open_store(args, create=False)
    found = []
    with store, store.session() as s:
        officer = store.officer
        if args.case:
            views: Any = [read_case_file(s, find_case(s, args.case).id, consult=False)]
        else:
            views = duties.live_case_views(s)
        for view in views:
            for duty in duties.case_duties(view, today):
                if not args.all and not duties.is_open(duty):
                    continue
                if args.mine and not _same_person(duty.owner, officer):
                    continue
                if team and duty.team.casefold() != team.casefold():
                    continue
                found.append(duty)
    found.sort(key=duties.sort_key)
    warning = duties.calendar_warning(found, today)
    if warning:
        _info(f"Note: {warning}")
    if args.json:
        print(json.dumps([duty_item(d) for d in found], indent=2, ensure_ascii=False))
        return 0
    whose = f" for {officer}" if args.mine else ""
    whose += f" in team {team}" if team else ""
    if not found:
        print(f"Nothing due{whose} on {today:%d/%m/%Y}.")
        return 0
    counts = {st: sum(d.status is st for d in found) for st in duties.DutyStatus}
    parts = [f"{n} {duties.LABELS[st].lower()}" for st, n in counts.items() if n]
    print(f"{len(found)} dut{'y' if len(found) == 1 else 'ies'}{whose} on {today:%d/%m/%Y}: "
          + ", ".join(parts) + ".")
    ref_width = max(len(d.reference) for d in found)
    for d in found:
        owner = f"  ({d.owner})" if d.owner and not args.mine else ""
        print(f"{duties.LABELS[d.status]:<9} {d.due:%d/%m/%Y}  {d.reference:<{ref_width}}  "
              f"{d.what}{owner}")
        print(f"{'':<9} {'':<10}  {'':<{ref_width}}  key {d.key}")
    print(
        "Close a duty with: hcdesk told CASE KEY --on DATE, "
        "or hcdesk breach CASE KEY --reason TEXT."
    )
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    """The strategy's figures for a period and team: printed, as JSON, or written to CSV or
    PDF (by the file's suffix)."""
    import json

    from hcdesk.casework import figures, workindex
    from hcdesk.fileio import atomic_write

    team = (args.team or "").strip() or None
    if args.team is not None and team is None:
        raise UsageError("--team needs a team name, for example --team 'Rugby SNT'.")
    scope = figures.Scope(args.first, args.last, team)
    kind = args.out.suffix.lower() if args.out is not None else ""
    if args.out is not None and kind not in (".csv", ".pdf"):
        raise UsageError(f"{args.out.name}: write the figures to a .csv or a .pdf file.")
    today = dt.date.today()
    store = open_store(args, create=False)
    with store:
        workindex.catch_up(store, today)
        with store.engine_or_raise().connect() as conn:
            found = figures.figures(conn, scope, today=today)
        officer = store.officer or ""
    if args.out is not None:
        if kind == ".pdf":
            from hcdesk.export.figures_pdf import render_figures

            data = render_figures(found, author=officer)
        else:
            data = figures.as_csv(found)
        atomic_write(args.out, data)
        _info(f"Wrote the figures ({scope.describe()}) to {args.out}.")
        return 0
    if args.json:
        print(json.dumps(found.as_json(), indent=2, ensure_ascii=False))
        return 0
    print(f"Figures for {scope.describe()}: {found.cases} case(s).")
    last = None
    for figure, item, value in figures.rows(found):
        if figure != last:
            print(f"\n{figure}")
            last = figure
        if item:
            print(f"  {item:<52} {value}")
        else:
            print(f"  {value}")
    return 0


def _typed_day(text: str, option: str) -> dt.date:
    """A date given to an option, refused in one clear line (a UsageError) when it is not one."""
    try:
        return _day_arg(text)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"{option}: {exc}") from None


def cmd_partnership_export(args: argparse.Namespace) -> int:
    """The Hate Incident Partnership meeting pack for a period, under disclosure control, as a
    CSV or a PDF file; logged, so that the next pack is protected against this one."""
    from hcdesk.casework import disclosure_control as dc
    from hcdesk.casework import partnership_pack as pp
    from hcdesk.export.partnership import check_out, issue_pack

    first = _typed_day(args.first, "--from")
    last = _typed_day(args.last, "--to")
    if last < first:
        raise UsageError("The period ends before it starts; give the first day, then the last.")
    partnership = pp.clean_partnership(args.partnership)
    check_out(args.out)
    store = open_store(args, create=False)
    with store:
        issued = issue_pack(
            store, partnership, dc.Period(first, last), args.out, rounded=args.rounded,
            reason=args.reason,
        )
    pack = issued.pack
    _info(
        f"Wrote the partnership pack for {pack.partnership} ({pack.describe_period()}) to "
        f"{issued.path} (SHA-256 {issued.sha256}); it is logged as a disclosure to the "
        "partnership."
    )
    if pack.hidden_for_differencing:
        n, earlier = pack.hidden_for_differencing, pack.compared_with
        periods = ", ".join(pp.describe(e.period) for e in earlier)
        counts = "1 more count was" if n == 1 else f"{n} more counts were"
        packs = "the earlier pack" if len(earlier) == 1 else "the earlier packs"
        _info(
            f"{counts} hidden so that this pack cannot be compared with {packs} for {periods} "
            "to work out a hidden count."
        )
    return 0


def _duty_line(duty: Any) -> str:
    from hcdesk.casework import duties

    state = duties.LABELS[duty.status].lower()
    return f"{duty.what}: {state} (due {duty.due:%d/%m/%Y})"


def cmd_told(args: argparse.Namespace) -> int:
    from hcdesk.casework import duties
    from hcdesk.casework.cases import find_case

    store = open_store(args, create=False)
    with store:
        with store.session() as s:
            case = find_case(s, args.case)
            case_id, reference = case.id, case.reference
        duty = duties.record_told(store, case_id, args.key, args.on, store.officer, args.notes)
    _info(f"Recorded on {reference} that the victim was told on {args.on:%d/%m/%Y}.")
    _info(_duty_line(duty) + ".")
    if duty.status is duties.DutyStatus.BREACHED and not duty.breach_reason:
        _info(
            "That is after the deadline: record why with "
            f"hcdesk breach {reference} {duty.key} --reason TEXT."
        )
    return 0


def cmd_breach(args: argparse.Namespace) -> int:
    from hcdesk.casework import duties
    from hcdesk.casework.cases import find_case

    store = open_store(args, create=False)
    with store:
        with store.session() as s:
            case = find_case(s, args.case)
            case_id, reference = case.id, case.reference
        duty = duties.record_breach(store, case_id, args.key, args.reason, store.officer)
    _info(f"Recorded on {reference} why the deadline was missed.")
    _info(_duty_line(duty) + ".")
    return 0


# -- third-party reports (docs/third-party-reports.md) ---------------------------------------------
def cmd_intake(args: argparse.Namespace) -> int:
    """Check a file of third-party reports and queue them (all or nothing), or list the queue."""
    from hcdesk.casework import intake

    if args.list:
        if args.file is not None:
            raise UsageError("Give a file to import, or --list to see the queue, not both.")
        store = open_store(args, create=False)
        with store:
            items = intake.list_queue(store, include_triaged=args.all)
        if not items:
            print("No report is awaiting triage." if not args.all else "The queue is empty.")
            return 0
        waiting = sum(i.outcome is None for i in items)
        print(f"{len(items)} report{'s' if len(items) != 1 else ''}, {waiting} awaiting triage:")
        width = max(len(i.ref) for i in items)
        for i in items:
            print(
                f"{i.ref:<{width}}  received {i.received_at:%d/%m/%Y}  {i.centre} "
                f"{i.centre_reference}  incident {i.incident_date:%d/%m/%Y}  {i.strands}; "
                f"{i.location}{'; anonymous' if i.anonymous else ''}"
            )
            if i.outcome is not None:
                case = f": {i.case_reference}" if i.case_reference else ""
                print(f"{'':<{width}}  {i.outcome_label}{case}")
        if waiting:
            print("Triage one with: hcdesk triage TPR-N --outcome new-case|linked-to-case|"
                  "record-only|not-hate-incident")
        return 0
    if args.all:
        raise UsageError("--all goes with --list.")
    if args.file is None:
        raise UsageError("Give the file of reports to import (.json or .csv), or --list.")
    checked = intake.check_file(args.file)  # before the passphrase: a bad file asks nothing
    store = open_store(args, create=False)
    with store:
        result = intake.import_reports(store, checked, store.officer, reason=args.reason)
        _tidy(store, "the reports are")
    added, already = len(result.added), len(result.already)
    span = ""
    if added:
        first, last = result.added[0].ref, result.added[-1].ref
        span = f" ({first})" if added == 1 else f" ({first} to {last})"
    before = (
        "none was in the queue already"
        if not already
        else f"{already} {'was' if already == 1 else 'were'} in the queue already and "
        "not added again"
    )
    print(f"Queued {added} report{'s' if added != 1 else ''} from {args.file.name}{span}; "
          f"{before}.")
    for centre, reference, queued_as in result.already:
        print(f"  {centre} {reference}: already in the queue as {queued_as}.")
    for item in result.added:
        for candidate in result.duplicates.get(item.id, []):
            print(
                f"{item.ref} ({item.centre} {item.centre_reference}) may be about case "
                f"{candidate.reference}: {candidate.why}"
            )
    if added:
        print("Nothing is a case yet: triage each report (hcdesk intake --list).")
    return 0


def cmd_triage(args: argparse.Namespace) -> int:
    """Record the triage of a report in the intake queue."""
    from hcdesk.casework import intake

    outcome = intake.parse_outcome(args.outcome)
    store = open_store(args, create=False)
    with store:
        result = intake.triage(
            store, args.report, outcome, store.officer, reason=args.reason, case_id=args.case
        )
        _tidy(store, "the triage is")
    print(result.message)
    if outcome is intake.TriageOutcome.NEW_CASE:
        print(f"Complete case {result.case_reference} in the case file; it syncs as any case.")
    return 0


def cmd_intake_outcomes(args: argparse.Namespace) -> int:
    """Write a centre the outcomes of its reports (a logged disclosure; no names)."""
    from hcdesk.casework import intake

    centre = intake.parse_centre(args.centre)
    out: Path = args.out
    _check_out(out)
    store = open_store(args, create=False)
    with store:
        n = intake.export_outcomes(store, centre, out, centre_name=args.centre_name)
    print(
        f"Wrote the outcomes of {n} report{'s' if n != 1 else ''} to {out}: references, "
        "outcomes and dates only, no names. The export is logged as a disclosure to the centre."
    )
    return 0


# -- the strategy's activities (docs/activities.md) ----------------------------------------------
def cmd_activity_add(args: argparse.Namespace) -> int:
    """Record one of the strategy's activities (checked first; audited)."""
    from hcdesk.casework import activities

    # Checked before the passphrase is asked: a mistyped area or date asks nothing.
    area = activities.parse_area(args.area)
    today = args.date.strip().lower() == "today"
    day = dt.date.today() if today else activities.parse_day(args.date)
    reach = activities.parse_reach(args.reach)
    store = open_store(args, create=False)
    with store:
        item = activities.add_activity(
            store, theme=args.theme, area=area, held_on=day, by=store.officer or "",
            partners=args.partners, audience=args.audience, reach=reach,
            description=args.description, cases=args.case or [],
        )  # fmt: skip
        _tidy(store, "the activity is")
    linked = f"; linked to {', '.join(item.case_references)}" if item.case_references else ""
    when = f"{item.held_on:%d/%m/%Y}"
    print(f"Recorded {item.ref}: {item.theme} ({item.area_label}, {when}){linked}.")
    return 0


def cmd_activity_list(args: argparse.Namespace) -> int:
    """The activities of a period as a table, oldest first."""
    from hcdesk.casework import activities

    first = _typed_day(args.first, "--from") if args.first else None
    last = _typed_day(args.last, "--to") if args.last else None
    if first and last and last < first:
        raise UsageError(activities.BACKWARDS)
    store = open_store(args, create=False)
    with store:
        items = activities.list_activities(store, first, last)
    period = activities.describe_period(first, last)
    if not items:
        print(f"No activity is recorded ({period}).")
        return 0
    reach = sum(i.reach or 0 for i in items)
    print(f"{len(items)} activit{'y' if len(items) == 1 else 'ies'} ({period}), "
          f"reaching {reach:,} people (where the reach was recorded):")
    rows = [
        (i.ref, f"{i.held_on:%d/%m/%Y}", i.area_label, f"{i.reach:,}" if i.reach is not None
         else "-", i.theme) for i in items
    ]  # fmt: skip
    head = ("Number", "Date", "Work area", "Reach", "Theme")
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(4)]
    print("  ".join(h.ljust(w) if c != 3 else h.rjust(w)
                    for c, (h, w) in enumerate(zip(head, [*widths, 0], strict=True))).rstrip())
    for item, row in zip(items, rows, strict=True):
        print("  ".join(v.ljust(w) if c != 3 else v.rjust(w)
                        for c, (v, w) in enumerate(zip(row, [*widths, 0], strict=True))).rstrip())
        pad = " " * (sum(widths) + 8)
        for name, value in (("Partners", item.partners), ("Audience", item.audience),
                            ("Cases", ", ".join(item.case_references))):
            if value:
                print(f"{pad}{name}: {value}")
    return 0


def cmd_activity_remove(args: argparse.Namespace) -> int:
    """Delete an activity recorded by mistake (audited, with the reason)."""
    from hcdesk.casework import activities

    store = open_store(args, create=False)
    with store:
        item = activities.remove_activity(store, args.activity, store.officer or "", args.reason)
        _tidy(store, "the removal is")
    print(f"Removed {item.ref}: {item.theme} ({item.held_on:%d/%m/%Y}).")
    return 0


def cmd_results_sheet(args: argparse.Namespace) -> int:
    """The public results sheet for a period: force-wide counts, every one rounded to 5 and
    hidden under 10, as a PDF; recorded as a disclosure to the communications team."""
    from hcdesk.casework import disclosure_control as dc
    from hcdesk.export.results_sheet import check_out, issue_sheet

    first = _typed_day(args.first, "--from")
    last = _typed_day(args.last, "--to")
    if last < first:
        raise UsageError("The period ends before it starts; give the first day, then the last.")
    check_out(args.out)
    store = open_store(args, create=False)
    with store:
        issued = issue_sheet(store, dc.Period(first, last), args.out)
    _info(
        f"Wrote the results sheet ({issued.sheet.describe_period()}) to {issued.path} "
        f"(SHA-256 {issued.sha256}). It is OFFICIAL: publish it only once the communications "
        "team has approved it."
    )
    return 0


# -- sync ----------------------------------------------------------------------------------------
ENV_SYNC_PASSWORD = "HCDESK_SYNC_PASSWORD"  # noqa: S105 - a variable name


def cmd_login(args: argparse.Namespace) -> int:
    from hcdesk.sync.client import SyncClient

    if args.ca_cert is not None and not args.ca_cert.is_file():
        raise UsageError(f"The CA certificate {args.ca_cert} does not exist.")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = os.environ.get(ENV_SYNC_PASSWORD) or _prompt(
            f"Password for {args.user} at {args.server}: "
        )
    if not password:
        raise UsageError(
            f"Give the password at the prompt, with --password-stdin, or in {ENV_SYNC_PASSWORD}."
        )
    store = open_store(args, create=False)
    with store:
        verify: bool | str = str(args.ca_cert) if args.ca_cert is not None else True
        user = SyncClient(store, verify=verify).login(args.server, args.user, password)
    teams = ", ".join(t.name for t in user.teams) or "no team"
    _info(f"Signed in to {args.server} as {user.username} ({user.role}; {teams}).")
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from hcdesk.sync.client import SyncClient

    store = open_store(args, create=False)
    with store:
        client = SyncClient(store)
        waiting = client.status()
        client.logout()
    unsent = waiting.pending + waiting.inflight
    kept = f" {unsent} unsent change(s) stay in this profile until you sign in again."
    _info("Signed out." + (kept if unsent else ""))
    return 0


def _print_status(status: object) -> None:
    from hcdesk.sync.client import SyncStatus

    assert isinstance(status, SyncStatus)
    if status.server_url:
        who = f" as {status.username} ({status.role})" if status.username else ""
        signed = "signed in" if status.configured else "signed out"
        print(f"Central store: {status.server_url}{who}, {signed}.")
    else:
        print("Central store: not set up (hcdesk login).")
    when = (
        status.last_success_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if status.last_success_at
        else "never"
    )
    print(f"Last successful sync: {when}.")
    print(f"Unsent changes: {status.pending + status.inflight}.")
    print(f"Open conflicts: {status.open_conflicts}.")
    print(f"Refused changes (quarantine): {status.quarantined}.")
    if status.last_error:
        print(f"Last problem: {status.last_error}")
    if status.restore_notice and status.restore_notice != status.last_error:
        print(f"Last restore of the central store: {status.restore_notice}")


def cmd_sync(args: argparse.Namespace) -> int:
    from hcdesk.sync.client import SyncClient, SyncProgress

    def progress(p: SyncProgress) -> None:
        if sys.stderr.isatty():
            total = f" / {p.total:,}" if p.total is not None else ""
            print(f"\r  {p.phase}: {p.done:,}{total}   ", end="", file=sys.stderr, flush=True)

    store = open_store(args, create=False)
    with store:
        client = SyncClient(store)
        if args.status:
            _print_status(client.status())
            return 0
        try:
            report = client.sync(progress=progress)
        finally:
            if sys.stderr.isatty():
                print(file=sys.stderr)
        status = client.status()
    print(f"Synced: {report.summary()}.")
    if status.open_conflicts:
        print(f"{status.open_conflicts} open conflict(s) wait for a supervisor.")
    if status.quarantined:
        print(f"{status.quarantined} refused change(s) are kept in the quarantine.")
    if status.last_error:
        print(f"Warning: {status.last_error}")
    return 0


# -- conflicts (supervisors) -------------------------------------------------------------------
def _conflict_json(c: Any, device_id: str) -> dict[str, Any]:
    """One conflict as ``hcdesk conflicts --json`` gives it (docs/sync.md)."""

    def side(v: Any) -> dict[str, Any]:
        out = {
            "value": v.value,
            "author": v.author,
            "at": v.at,
            "device_id": v.device_id,
            "this_device": bool(device_id) and v.device_id == device_id,
        }
        if v.edits is not None:
            out["edits"] = v.edits
        return out

    return {
        "id": c.id,
        "case": c.case_ref,
        "case_id": c.case_id,
        "record": c.entity,
        "record_id": c.entity_id,
        "field": c.field,
        "field_label": c.field_label,
        "kind": c.policy,
        "status": c.status,
        "shown": side(c.winner),
        "other": side(c.loser),
        "base": c.base,
        "decision_waiting": c.resolving,
    }


POLICY_TEXT = {
    "scalar": "the newer value is shown",
    "narrative": "needs review: the text was changed in two places",
    "delete": "needs review: deleted in one place, changed in another",
}


def _when_text(at: str) -> str:
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return when.astimezone().strftime("%d/%m/%Y %H:%M")


def _value_words(value: Any) -> str:
    """A conflicting value as a person reads it: a choice by its label ("Sex or gender")."""
    from hcdesk.models.labels import value_label

    if isinstance(value, list):
        return ", ".join(_value_words(v) for v in value)
    text = str(value)
    return value_label(text) or text


def _version_text(c: Any, v: Any, device_id: str) -> str:
    here = " (this laptop)" if device_id and v.device_id == device_id else ""
    head = f"{v.author or 'someone'}, {_when_text(v.at)}{here}"
    if c.policy == "delete":
        body = "deleted the record" if v.value is True else f"changed it: {v.edits or {}}"
    else:
        body = "(empty)" if v.value in (None, "") else _value_words(v.value)
    return f"{head}: " + body.replace("\n", "\n      ")


def cmd_conflicts(args: argparse.Namespace) -> int:
    """The open sync conflicts of this profile (read from the store only; no network)."""
    import json

    from hcdesk.sync import views

    store = open_store(args, create=False)
    with store:
        found = views.conflicts(store)
        device_id = store.device_id
    if args.json:
        print(json.dumps([_conflict_json(c, device_id) for c in found], indent=2, default=str))
        return 0
    if not found:
        print("No open sync conflicts.")
        return 0
    print(f"{len(found)} open sync conflict(s):")
    for c in found:
        from hcdesk.models.labels import RECORD_LABELS

        record = RECORD_LABELS.get(c.entity, c.entity)  # a table of a newer version: its name
        print(f"\n{c.id}  case {c.case_ref}: {c.field_label} ({record})")
        print(f"  {POLICY_TEXT.get(c.policy, c.policy)}")
        print(f"  shown now: {_version_text(c, c.winner, device_id)}")
        print(f"  other:     {_version_text(c, c.loser, device_id)}")
        if c.resolving:
            print("  A decision on it is waiting to be sent with the next sync.")
    print(
        "\nResolve one with: hcdesk resolve CONFLICT_ID (--keep-shown | --keep-other | "
        "--keep-mine | --keep-theirs | --value TEXT) [--reason TEXT]"
    )
    return 0


def _find_conflict(found: Sequence[Any], wanted: str) -> Any:
    from hcdesk.errors import NotFound

    key = wanted.strip().lower()
    exact = [c for c in found if c.id == key]
    if exact:
        return exact[0]
    matches = [c for c in found if len(key) >= 8 and c.id.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"More than one conflict starts with {wanted}; give more of its id.")
    raise NotFound(f"There is no open conflict {wanted} in this profile; see hcdesk conflicts.")


def cmd_resolve(args: argparse.Namespace) -> int:
    """A supervisor's decision on one conflict, through the same rule the desktop's resolve
    dialog uses (hcdesk.sync.views.resolve); the next sync sends it."""
    import json

    from hcdesk.sync import views

    store = open_store(args, create=False)
    with store:
        c = _find_conflict(views.conflicts(store), args.conflict)
        choice, value = "value", args.value
        if args.keep_shown:
            choice = "winner"
        elif args.keep_other:
            choice = "loser"
        elif args.keep_mine or args.keep_theirs:
            mine = [
                side
                for side, v in (("winner", c.winner), ("loser", c.loser))
                if store.device_id and v.device_id == store.device_id
            ]
            if len(mine) != 1:
                raise UsageError(
                    "Neither version of this conflict was written on this laptop, so there is "
                    "no 'mine': choose --keep-shown (kept by the central store, from "
                    f"{c.winner.author or 'someone'}) or --keep-other (from "
                    f"{c.loser.author or 'someone'}). Nothing was decided."
                )
            choice = mine[0] if args.keep_mine else {"winner": "loser", "loser": "winner"}[mine[0]]
        elif c.policy == "delete":
            raise UsageError(
                "A record deleted in one place and changed in another is kept deleted or kept "
                "with the changes: choose --keep-shown or --keep-other; --value does not apply. "
                "Nothing was decided."
            )
        note = (args.reason or "").strip()
        try:
            views.resolve(store, c.id, choice, value, note)
        except ValidationFailed:
            try:
                typed = json.loads(value) if choice == "value" else None
            except (TypeError, ValueError):
                typed = None
            if typed is None or isinstance(typed, str):
                raise
            views.resolve(store, c.id, choice, typed, note)
    kept = {"winner": "the version shown now", "loser": "the other version"}.get(
        choice, "the value you gave"
    )
    _info(
        f"Decision on conflict {c.id} (case {c.case_ref}, {c.field_label}) saved: keep {kept}. "
        "It is sent with the next sync (hcdesk sync)."
    )
    return 0


# -- parser --------------------------------------------------------------------------------------
DEFAULT_WAIT_S = DEFAULT_BUSY_WAIT_S
MAX_WAIT_S = 24 * 3600.0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= MAX_WAIT_S:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"give between 0 and {MAX_WAIT_S:g} seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hcdesk",
        description="Case work for hate-crime victim liaison: encrypted, offline, court-ready.",
        epilog=f"Passphrase: set {ENV_PASSPHRASE}, type it at the prompt, or use the OS keyring.",
    )
    parser.add_argument("--version", action="version", version=f"hcdesk {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks (developers)")
    parser.add_argument(
        "--profile", type=Path, default=None, help="profile directory (default: per-user data dir)"
    )
    wait_help = (
        "how long to wait for a profile that another hcdesk program is writing to, in seconds "
        f"(default {DEFAULT_WAIT_S:g}); then exit 6"
    )
    parser.add_argument("--wait", type=_seconds, default=DEFAULT_WAIT_S, help=wait_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--profile", type=Path, default=argparse.SUPPRESS, help="profile directory")
        p.add_argument("--keyring", action="store_true", help="unlock from the OS keyring")
        p.add_argument("--wait", type=_seconds, default=argparse.SUPPRESS, help=wait_help)
        return p

    p = command("gui", "start the desktop application (the default)")
    p.set_defaults(func=cmd_gui)

    p = command("demo", "add synthetic demo cases (never real people)")
    p.add_argument("--cases", type=int, default=200, help="how many cases (default 200)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--officer", help="officer name for a new profile")
    p.set_defaults(func=cmd_demo)

    p = command("import", "import cases from an interchange JSON file (all or nothing)")
    p.add_argument("file", type=Path)
    p.add_argument("--reason", help="why the cases are imported (audit trail)")
    p.set_defaults(func=cmd_import)

    p = command("export-json", "export cases to an interchange JSON file (a logged disclosure)")
    p.add_argument("--case", help="one case, by the reference the case list shows")
    p.add_argument("--out", type=Path, required=True, help="the JSON file to write")
    p.add_argument("--recipient", help="who receives the file (required; audit trail)")
    p.add_argument("--reason", help="why it is disclosed (required; audit trail)")
    p.set_defaults(func=cmd_export_json)

    p = command("preflight", "check a case before its court summary is exported")
    p.add_argument("case", metavar="CASE_REF", help="the case's URN, or its local reference")
    p.add_argument(
        "--acknowledge",
        metavar="REASON",
        help="acknowledge every finding that may be acknowledged, with this reason",
    )
    p.set_defaults(func=cmd_preflight)

    p = command("void", "void a case opened by mistake (with the reason; audited and synced)")
    p.add_argument("case", metavar="CASE_REF", help="the case's URN, or its local reference")
    p.add_argument("--reason", required=True, help="why it is voided (recorded on the case)")
    p.set_defaults(func=cmd_void)

    p = command("summary", "write the court-ready case summary PDF (a logged disclosure)")
    p.add_argument("case", metavar="CASE_REF", help="the case's URN, or its local reference")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the PDF file to write: the disclosable summary (cps) or the full version; the "
        "annex goes beside it as NAME-annex.pdf",
    )
    p.add_argument(
        "--variant",
        choices=["cps", "full"],
        default="cps",
        help="cps: the disclosable summary and the police/CPS-only annex, as two files "
        "(default); full: internal, one file",
    )
    p.add_argument(
        "--parts",
        choices=list(PART_CHOICES),
        default="both",
        help="cps only: which files to write: both (default), disclosable (the file you may "
        "serve on the defence) or annex (police/CPS only)",
    )
    p.add_argument(
        "--marking",
        type=str.upper,
        choices=["OFFICIAL", "OFFICIAL-SENSITIVE"],
        help="protective marking (default OFFICIAL-SENSITIVE)",
    )
    p.add_argument("--marking-reason", help="why the marking differs from the default (audit)")
    p.add_argument("--recipient", help="who receives the summary (required; audit trail)")
    p.add_argument("--reason", help="why it is disclosed (required; audit trail)")
    p.add_argument(
        "--password",
        action="store_true",
        help="encrypt the PDF (AES-256); asks for the password, or reads HCDESK_PDF_PASSWORD",
    )
    p.add_argument(
        "--sign",
        type=Path,
        metavar="P12FILE",
        help="digitally sign the PDF with this PKCS#12 key (.p12/.pfx); asks for its "
        "passphrase, or reads HCDESK_SIGN_PASSPHRASE",
    )
    p.set_defaults(func=cmd_summary)

    p = command("due", "what is due to the victims: Victims' Code updates, reviews, follow-ups")
    p.add_argument("--json", action="store_true", help="a JSON list (docs/victims-code.md)")
    p.add_argument("--mine", action="store_true", help="only the duties this profile's officer has")
    p.add_argument("--team", metavar="TEAM", help="only the duties of this team's cases")
    p.add_argument("--case", metavar="CASE_REF", help="only this case (its URN or local reference)")
    p.add_argument("--all", action="store_true", help="met and breached duties too")
    p.add_argument(
        "--today", type=_day_arg, metavar="DATE", help="count as of this day (default: today)"
    )
    p.set_defaults(func=cmd_due)

    p = command("figures", "the strategy's figures: cases, outcomes, repeats, compliance")
    p.add_argument(
        "--from", dest="first", type=_day_arg, metavar="DATE", help="first day (default: any)"
    )
    p.add_argument(
        "--to", dest="last", type=_day_arg, metavar="DATE", help="last day (default: any)"
    )
    p.add_argument("--team", metavar="TEAM", help="only this team's cases")
    p.add_argument("--json", action="store_true", help="JSON (docs/figures.md)")
    p.add_argument(
        "--out", type=Path, metavar="FILE", help="write the figures to a .csv or a .pdf file"
    )
    p.set_defaults(func=cmd_figures)

    p = command(
        "partnership-export",
        "the Hate Incident Partnership meeting pack: counts under disclosure control (logged)",
    )
    p.add_argument("--from", dest="first", required=True, metavar="DATE", help="first day")
    p.add_argument("--to", dest="last", required=True, metavar="DATE", help="last day")
    p.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the .csv or .pdf file to write"
    )
    p.add_argument(
        "--partnership", metavar="NAME",
        help="the partnership it is for (default: Hate Incident Partnership); its earlier "
        "packs are taken into account",
    )
    p.add_argument(
        "--rounded", action="store_true", help="round every count shown to the nearest 5"
    )
    p.add_argument("--reason", help="why it is shared (audit trail; a default is recorded)")
    p.set_defaults(func=cmd_partnership_export)

    p = command("told", "record that the victim was told (a duty of 'hcdesk due' is done)")
    p.add_argument("case", metavar="CASE_REF", help="the case's URN, or its local reference")
    p.add_argument("key", metavar="KEY", help="the duty's key, as 'hcdesk due' shows it")
    p.add_argument(
        "--on", type=_day_arg, required=True, metavar="DATE", help="the day: 25/11/2026 or today"
    )
    p.add_argument("--notes", help="how the victim was told (optional)")
    p.set_defaults(func=cmd_told)

    p = command("breach", "record why a duty's deadline was missed")
    p.add_argument("case", metavar="CASE_REF", help="the case's URN, or its local reference")
    p.add_argument("key", metavar="KEY", help="the duty's key, as 'hcdesk due' shows it")
    p.add_argument("--reason", required=True, help="why the deadline was missed")
    p.set_defaults(func=cmd_breach)

    p = command("audit", "the audit trail")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = audit_sub.add_parser("verify", help="check the audit trail's hash chain")
    v.add_argument("--profile", type=Path, default=argparse.SUPPRESS)
    v.add_argument("--keyring", action="store_true", help="unlock from the OS keyring")
    v.add_argument("--wait", type=_seconds, default=argparse.SUPPRESS, help=wait_help)
    v.set_defaults(func=cmd_audit_verify)

    p = command("passphrase", "change the profile's passphrase")
    p.set_defaults(func=cmd_passphrase)

    channel_help = (
        "phone, text-message, email, letter, in-person, video-call or via-third-party"
    )
    override_help = (
        "why you go ahead although the victim asked to avoid this channel, time or voicemail "
        f"(at least a few words; kept with the contact). Without it such a contact is refused "
        f"(exit {CONTACT_REFUSED})"
    )
    p = command("contact", "log a contact with the victim (checked against their contact safety)")
    p.add_argument("case", metavar="CASE_REF", help="the case's URN, or its local reference")
    p.add_argument("--channel", type=_channel, required=True, help=channel_help)
    p.add_argument(
        "--when", type=_when, required=True, help='when, UK time: "dd/mm/yyyy HH:MM"'
    )
    p.add_argument("--summary", required=True, help="what was said or done")
    p.add_argument(
        "--direction",
        type=_direction,
        default="TO_VICTIM",
        help="to-victim (default), from-victim (they contacted you: not judged on channel or "
        "time) or attempted",
    )
    p.add_argument("--with-whom", help="who was spoken to, if not the victim")
    p.add_argument("--voicemail", action="store_true", help="a voicemail was left")
    p.add_argument("--override-reason", metavar="REASON", help=override_help)
    p.set_defaults(func=cmd_contact)

    p = command("plan-contact", "plan a contact with the victim (checked like a contact)")
    p.add_argument("case", metavar="CASE_REF", help="the case's URN, or its local reference")
    p.add_argument("--channel", type=_channel, required=True, help=channel_help)
    p.add_argument(
        "--when", type=_when, required=True, help='when, UK time: "dd/mm/yyyy HH:MM"'
    )
    p.add_argument("--purpose", help="what the contact is for")
    p.add_argument("--owner", help="who will make it (default: this profile's officer)")
    p.add_argument("--voicemail", action="store_true", help="a voicemail may be left")
    p.add_argument("--override-reason", metavar="REASON", help=override_help)
    p.set_defaults(func=cmd_plan_contact)

    p = command("intake", "check a file of third-party reports and queue them for triage")
    p.add_argument("file", type=Path, nargs="?", help="the reports, a .json or .csv file")
    p.add_argument("--list", action="store_true", help="list the reports awaiting triage")
    p.add_argument("--all", action="store_true", help="with --list: triaged reports too")
    p.add_argument("--reason", help="why the reports are imported (audit trail)")
    p.set_defaults(func=cmd_intake)

    p = command("triage", "decide what becomes of a third-party report in the queue")
    p.add_argument("report", metavar="REPORT_ID", help="its number in the queue, e.g. TPR-12")
    p.add_argument(
        "--outcome",
        required=True,
        help="new-case, linked-to-case, record-only or not-hate-incident",
    )
    p.add_argument("--case", metavar="REF", help="the case it is linked to (linked-to-case)")
    p.add_argument(
        "--reason", help="why (required for record-only and not-hate-incident; kept)"
    )
    p.set_defaults(func=cmd_triage)

    p = command("intake-outcomes", "write a reporting centre the outcomes of its reports (CSV)")
    p.add_argument(
        "--centre",
        required=True,
        help="true-vision, stop-hate-uk, tell-mama, cst, galop, equip-warwickshire or other",
    )
    p.add_argument("--centre-name", help="the centre's name, with --centre other")
    p.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    p.set_defaults(func=cmd_intake_outcomes)

    p = command("activity", "the strategy's activities: awareness, education, trust, reporting")
    act_sub = p.add_subparsers(dest="activity_command", metavar="ACTION", required=True)

    def activity(name: str, help_text: str) -> argparse.ArgumentParser:
        a = act_sub.add_parser(name, help=help_text, description=help_text)
        a.add_argument("--profile", type=Path, default=argparse.SUPPRESS, help="profile directory")
        a.add_argument("--keyring", action="store_true", help="unlock from the OS keyring")
        a.add_argument("--wait", type=_seconds, default=argparse.SUPPRESS, help=wait_help)
        return a

    a = activity("add", "record an activity of the strategy (local to this profile)")
    a.add_argument("--theme", required=True, help="what it was about, in a few words")
    a.add_argument(
        "--area", required=True,
        help="the work area: awareness, prevention-education, building-trust or "
        "increased-reporting",
    )  # fmt: skip
    a.add_argument("--date", required=True, metavar="DATE", help="the day it was held")
    a.add_argument("--partners", help="who it was held with (optional)")
    a.add_argument("--audience", help="who it was for (optional)")
    a.add_argument("--reach", metavar="N", help="how many people it reached (optional)")
    a.add_argument("--description", help="what was done (optional)")
    a.add_argument(
        "--case", action="append", metavar="REF",
        help="a case that followed it (its URN or local reference); give it once per case",
    )  # fmt: skip
    a.set_defaults(func=cmd_activity_add)
    a = activity("list", "list the activities of a period")
    a.add_argument("--from", dest="first", metavar="DATE", help="first day (default: any)")
    a.add_argument("--to", dest="last", metavar="DATE", help="last day (default: any)")
    a.set_defaults(func=cmd_activity_list)
    a = activity("remove", "delete an activity recorded by mistake (audited)")
    a.add_argument("activity", metavar="ACTIVITY", help="its number, as the list shows: ACT-3")
    a.add_argument("--reason", help="why it is removed (audit trail)")
    a.set_defaults(func=cmd_activity_remove)

    p = command(
        "results-sheet",
        "the public results sheet: force-wide counts, rounded, small numbers hidden (PDF)",
    )
    p.add_argument("--from", dest="first", required=True, metavar="DATE", help="first day")
    p.add_argument("--to", dest="last", required=True, metavar="DATE", help="last day")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="the .pdf to write")
    p.set_defaults(func=cmd_results_sheet)

    p = command("login", "sign this profile in to the central store")
    p.add_argument("--server", required=True, help="the central store, e.g. https://hcdesk.example")
    p.add_argument("--user", required=True, help="your username on the central store")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.add_argument(
        "--ca-cert", type=Path, metavar="PEM", help="trust the central store's private CA"
    )
    p.set_defaults(func=cmd_login)

    p = command("logout", "sign this profile out of the central store (unsent changes stay)")
    p.set_defaults(func=cmd_logout)

    p = command("sync", "send this profile's changes and receive its teams' changes")
    p.add_argument("--status", action="store_true", help="only show what is waiting")
    p.set_defaults(func=cmd_sync)

    p = command("conflicts", "list the open sync conflicts (supervisors resolve them)")
    p.add_argument("--json", action="store_true", help="as JSON (the shape is in docs/sync.md)")
    p.set_defaults(func=cmd_conflicts)

    p = command("resolve", "decide a sync conflict (supervisors); the next sync sends it")
    p.add_argument("conflict", metavar="CONFLICT_ID", help="as hcdesk conflicts lists it")
    keep = p.add_mutually_exclusive_group(required=True)
    keep.add_argument(
        "--keep-shown", action="store_true", help="keep the version shown now (the newer one)"
    )
    keep.add_argument("--keep-other", action="store_true", help="keep the other version")
    keep.add_argument(
        "--keep-mine", action="store_true", help="keep the version written on this laptop"
    )
    keep.add_argument(
        "--keep-theirs",
        action="store_true",
        help="keep the version written elsewhere (when the other one was written here)",
    )
    keep.add_argument(
        "--value",
        metavar="TEXT",
        help="keep this value instead: the combined text of a narrative, or a value as the "
        "central store writes it (JSON for a number, yes/no or list)",
    )
    p.add_argument("--reason", help="why (kept with the decision)")
    p.set_defaults(func=cmd_resolve)

    p = command("keyring", "remember the profile's key in the OS keyring, or forget it")
    p.add_argument("state", choices=["on", "off"])
    p.set_defaults(func=cmd_keyring)
    return parser


@contextlib.contextmanager
def _errors(debug: bool) -> Iterator[list[int]]:
    status = [0]
    try:
        yield status
    except ValidationFailed as exc:
        _err(message_for(exc))
        for problem in exc.problems[:200]:
            print(f"  {problem}", file=sys.stderr)
        if len(exc.problems) > 200:
            print(f"  ... and {len(exc.problems) - 200} more", file=sys.stderr)
        status[0] = 4
    except HcdeskError as exc:
        if debug:
            raise
        _err(message_for(exc))
        status[0] = exc.exit_code
    except KeyboardInterrupt as exc:
        _err(message_for(exc))
        status[0] = 130
    except OSError as exc:
        if debug:
            raise
        _err(message_for(exc))
        status[0] = 5
    except Exception as exc:
        if debug:
            raise
        _err(f"{message_for(exc)} Run with --debug for details and report it to IT.")
        status[0] = 70


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.profile is None:
        args.profile = default_profile()
    args.profile = args.profile.expanduser()
    if not hasattr(args, "func"):
        args.func = cmd_gui
    with _errors(args.debug) as status:
        status[0] = args.func(args)
    return status[0]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
