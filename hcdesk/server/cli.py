"""``hcdesk-server``: set up, administer and serve the central store.

Settings come from ``--config FILE`` (or $HCDESK_SERVER_CONFIG), then HCDESK_SERVER_* variables,
then ``--database URL`` and the options of ``serve``. Passwords are read from standard input
(``--password-stdin``) or asked twice without echo; never taken from the command line.

Exit status: 0 done; 1 the command failed (one line on stderr says why); 2 the command line
is wrong. ``--debug`` shows a traceback instead of the one-line message.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hcdesk import __version__
from hcdesk.errors import HcdeskError, UsageError, message_for

if TYPE_CHECKING:
    from hcdesk.server.config import ServerConfig
    from hcdesk.server.database import Database

PROG = "hcdesk-server"
# The same as hcdesk.wire.protocol.ROLES (a test keeps them equal); not imported, so that
# ``--help`` and usage errors answer without loading pydantic.
ROLES = ("caseworker", "supervisor", "cps", "admin")
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _info(message: str) -> None:
    print(message, file=sys.stderr)


def _actor() -> str:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        who = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return f"cli:{who}"


# -- settings and database ---------------------------------------------------------------------
def load(args: argparse.Namespace) -> ServerConfig:
    from hcdesk.server.config import load_config

    config = load_config(args.config)
    if args.database:
        config.database_url = args.database
    return config


@contextlib.contextmanager
def open_database(config: ServerConfig, check: bool = True) -> Iterator[Database]:
    from hcdesk.server.database import check_schema, make_database

    db = make_database(config.database_url)
    try:
        if check:
            check_schema(db)
        yield db
    finally:
        db.dispose()


def read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password[:-1] if password.endswith("\r") else password
        if not password:
            raise UsageError("--password-stdin read an empty line; nothing was changed.")
        return password
    if not sys.stdin.isatty():
        raise UsageError("No terminal to ask for the password: use --password-stdin.")
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passwords differ; nothing was changed.")
    return first


def _when(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
    return "-"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    for row in [headers, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


# -- commands ------------------------------------------------------------------------------------
def cmd_init_db(args: argparse.Namespace) -> int:
    from hcdesk.server.database import current_revision, init_schema

    config = load(args)
    with open_database(config, check=False) as db:
        before = current_revision(db)
        rev = init_schema(db)
        if before == rev:
            _info(f"The database {db.redacted_url} is up to date (schema {rev}).")
        elif before is None:
            _info(f"Created the central store's schema ({rev}) in {db.redacted_url}.")
        else:
            _info(f"Upgraded {db.redacted_url} from schema {before} to {rev}.")
    return EXIT_OK


def cmd_add_team(args: argparse.Namespace) -> int:
    from hcdesk.server import admin

    with open_database(load(args)) as db, db.write_session() as s, s.begin():
        team = admin.add_team(s, args.name, actor=_actor())
        name = team.name
    _info(f"Added team {name!r}.")
    return EXIT_OK


def cmd_add_user(args: argparse.Namespace) -> int:
    from hcdesk.server import admin

    config = load(args)
    password = read_password(args)
    with open_database(config) as db, db.write_session() as s, s.begin():
        user = admin.add_user(
            s,
            args.username,
            password,
            args.role,
            args.team or [],
            args.display_name or "",
            actor=_actor(),
        )
        username = user.username
    teams = f" in {', '.join(args.team)}" if args.team else ""
    _info(f"Added {args.role} {username!r}{teams}.")
    return EXIT_OK


def cmd_set_password(args: argparse.Namespace) -> int:
    from hcdesk.server import admin

    config = load(args)
    password = read_password(args)
    with open_database(config) as db, db.write_session() as s, s.begin():
        username = admin.set_password(s, args.username, password, actor=_actor()).username
    _info(f"Changed the password of {username!r}; their devices must sign in again.")
    return EXIT_OK


def cmd_user_active(args: argparse.Namespace) -> int:
    from hcdesk.server import admin

    active = args.command == "enable-user"
    with open_database(load(args)) as db, db.write_session() as s, s.begin():
        username = admin.set_user_active(s, args.username, active, actor=_actor()).username
    _info(f"{'Enabled' if active else 'Disabled'} {username!r}.")
    return EXIT_OK


def cmd_list_teams(args: argparse.Namespace) -> int:
    from hcdesk.server import admin

    with open_database(load(args)) as db, db.session() as s:
        teams = admin.list_teams(s)
    _table(
        ["TEAM", "MEMBERS", "CREATED"],
        [[t.name, str(t.members), _when(t.created_at)] for t in teams],
    )
    return EXIT_OK


def cmd_list_users(args: argparse.Namespace) -> int:
    from hcdesk.server import admin

    with open_database(load(args)) as db, db.session() as s:
        users = admin.list_users(s)
    _table(
        ["USERNAME", "ROLE", "ACTIVE", "TEAMS", "NAME"],
        [
            [
                u.username,
                u.role,
                "yes" if u.active else "no",
                ", ".join(u.teams) or "-",
                u.display_name,
            ]
            for u in users
        ],
    )
    return EXIT_OK


def cmd_list_devices(args: argparse.Namespace) -> int:
    from hcdesk.server import admin

    with open_database(load(args)) as db, db.session() as s:
        devices = admin.list_devices(s)
    rows = []
    for d in devices:
        if d.wiped_at is not None:
            state = f"wiped {_when(d.wiped_at)}"
        elif d.revoked_at is not None:
            state = f"revoked {_when(d.revoked_at)}"
        else:
            state = "active"
        if d.skew_flagged_at is not None:
            state += f", clock ahead ({_when(d.skew_flagged_at)})"
        rows.append([d.device_id, d.username, d.name or "-", _when(d.last_seen_at), state])
    _table(["DEVICE", "USER", "NAME", "LAST SEEN (UTC)", "STATE"], rows)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    import json

    from hcdesk.server import admin

    with open_database(load(args)) as db, db.session() as s:
        events = admin.list_audit(s, args.limit, args.action)
    rows = [
        [
            _when(e.at),
            e.actor,
            e.action,
            e.subject,
            json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else "",
        ]
        for e in reversed(events)
    ]
    _table(["WHEN (UTC)", "ACTOR", "ACTION", "SUBJECT", "DETAILS"], rows)
    return EXIT_OK


def cmd_revoke_device(args: argparse.Namespace) -> int:
    from hcdesk.server import admin

    with open_database(load(args)) as db, db.write_session() as s, s.begin():
        device = admin.revoke_device(s, args.device_id, args.reason or "", actor=_actor())
        device_id = device.device_id
    _info(
        f"Revoked device {device_id}: it is refused from now on and told to wipe its local "
        "store the next time it connects."
    )
    return EXIT_OK


def cmd_share_case(args: argparse.Namespace) -> int:
    from hcdesk.server import sync_service

    with open_database(load(args)) as db, db.write_session() as s, s.begin():
        case_id = sync_service.find_case(s, args.case)
        if case_id is None:
            raise UsageError(f"No case with the id, local reference or URN {args.case!r}.")
        try:
            sync_service.share_case(s, None, case_id, args.team, grant=not args.stop, by=_actor())
        except sync_service.ShareError as exc:
            raise UsageError(exc.message) from None
    if args.stop:
        _info(f"Case {args.case} is no longer shared with {args.team}.")
    else:
        _info(
            f"Case {args.case} is now shared with {args.team}; its members receive it on "
            "their next sync."
        )
    return EXIT_OK


def cmd_store_info(args: argparse.Namespace) -> int:
    from hcdesk.server import epoch

    with open_database(load(args)) as db, db.session() as s:
        ident = epoch.identity(s)
        if ident is None:
            raise HcdeskError("The database has no store identity; run 'hcdesk-server init-db'.")
        facts = epoch.describe(ident)
    for key, value in facts.items():
        print(f"{key + ':':<20}{value}")
    return EXIT_OK


def cmd_restored(args: argparse.Namespace) -> int:
    from hcdesk.server import epoch

    with open_database(load(args)) as db, db.write_session() as s, s.begin():
        try:
            ident = epoch.new_generation(s, "restored from a backup", _actor())
        except LookupError as exc:
            raise HcdeskError(f"{exc}.") from None
        generation = ident.generation
    _info(
        f"The central store now has generation {generation[:8]}: each laptop, at its next "
        "sync, sends again the changes it holds that this store lacks and reads its teams' "
        "cases again."
    )
    return EXIT_OK


def cmd_backup_mark(args: argparse.Namespace) -> int:
    from hcdesk.server import epoch

    with open_database(load(args)) as db, db.write_session() as s, s.begin():
        try:
            devices = epoch.mark_backup(s, _actor())
        except LookupError as exc:
            raise HcdeskError(f"{exc}.") from None
    _info(
        f"Marked what {devices} device(s) have sent as backed up; start the backup now "
        "(everything marked must be in it)."
    )
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from hcdesk.server import backup, epoch

    out: Path = args.out
    with open_database(load(args)) as db:
        backup.check_target(out)
        with db.write_session() as s, s.begin():
            try:
                devices = epoch.mark_backup(s, _actor())
            except LookupError as exc:
                raise HcdeskError(f"{exc}.") from None
        size = backup.write(db, out)
    _info(f"Backed up the central store ({devices} device(s) marked) to {out} ({size:,} bytes).")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    config = load(args)
    if args.host:
        config.host = args.host
    if args.port is not None:
        config.port = args.port
    if (args.tls_cert is None) != (args.tls_key is None):
        raise UsageError("Give both --tls-cert and --tls-key, or neither.")
    if args.tls_cert is not None:
        config.tls_cert, config.tls_key = args.tls_cert, args.tls_key
    if (config.tls_cert is None) != (config.tls_key is None):
        raise UsageError("The configuration sets only one of tls_cert and tls_key; set both.")
    config.validate()
    for path in (config.tls_cert, config.tls_key):
        if path is not None and not Path(path).is_file():
            raise HcdeskError(f"The TLS file {path} does not exist.")

    from hcdesk.server.app import create_app
    from hcdesk.server.database import check_schema, make_database

    db = make_database(config.database_url)
    try:
        check_schema(db)
    except HcdeskError:
        db.dispose()
        raise
    import uvicorn

    scheme = "https" if config.tls else "http"
    host = f"[{config.host}]" if ":" in config.host else config.host
    loopback = config.host in ("127.0.0.1", "localhost", "::1")
    if not config.tls and not loopback:
        _info(
            "WARNING: serving without TLS on a network address; tokens and case data would "
            "cross the network in clear. Use --tls-cert/--tls-key or a TLS proxy in front."
        )
    _info(f"hcdesk central store {__version__} on {db.redacted_url}")
    print(f"Listening on {scheme}://{host}:{config.port}", flush=True)
    app = create_app(config, db)
    try:
        uvicorn.run(
            app,
            host=config.host,
            port=config.port,
            ssl_certfile=str(config.tls_cert) if config.tls_cert else None,
            ssl_keyfile=str(config.tls_key) if config.tls_key else None,
            log_level=config.log_level,
            log_config=_log_config(config.log_level),
            proxy_headers=bool(config.forwarded_allow_ips),
            forwarded_allow_ips=config.forwarded_allow_ips or None,
            server_header=False,
            timeout_graceful_shutdown=10,
        )
    finally:
        db.dispose()
    return EXIT_OK


def _log_config(level: str) -> dict[str, object]:
    """uvicorn's logging, plus the hcdesk.server loggers on the same handler and format."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    loggers = config.setdefault("loggers", {})
    assert isinstance(loggers, dict)
    loggers["hcdesk"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config


# -- parser --------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The hcdesk central store: set up its database, manage accounts and devices, "
        "and serve the sync API.",
        epilog="Exit status: 0 done, 1 failed (the reason is on stderr), 2 wrong command line.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks (developers)")
    parser.add_argument(
        "--config", type=Path, help="TOML settings file (default: $HCDESK_SERVER_CONFIG)"
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="database URL: postgresql+psycopg://USER@HOST/NAME or sqlite:///PATH "
        "(overrides the settings file and $HCDESK_SERVER_DATABASE_URL)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text)

    command("init-db", "create the database schema, or upgrade it (safe to repeat)").set_defaults(
        func=cmd_init_db
    )

    p = command("add-team", "add a team (cases are shared within their team)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_add_team)

    stdin_help = "read the password from the first line of standard input"
    p = command("add-user", "add a user; the password is asked twice, or read from stdin")
    p.add_argument("username", metavar="USERNAME")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument(
        "--team", action="append", metavar="TEAM", help="a team the user belongs to (repeatable)"
    )
    p.add_argument("--display-name", help="the name shown to colleagues")
    p.add_argument("--password-stdin", action="store_true", help=stdin_help)
    p.set_defaults(func=cmd_add_user)

    p = command("set-password", "give a user a new password (their devices sign in again)")
    p.add_argument("username", metavar="USERNAME")
    p.add_argument("--password-stdin", action="store_true", help=stdin_help)
    p.set_defaults(func=cmd_set_password)

    for name, text in (
        ("disable-user", "refuse a user's every request from now on"),
        ("enable-user", "let a disabled user sign in again"),
    ):
        p = command(name, text)
        p.add_argument("username", metavar="USERNAME")
        p.set_defaults(func=cmd_user_active)

    command("list-teams", "list the teams").set_defaults(func=cmd_list_teams)
    command("list-users", "list the users, their roles and teams").set_defaults(func=cmd_list_users)
    command("list-devices", "list the registered devices").set_defaults(func=cmd_list_devices)

    p = command("revoke-device", "refuse a lost or stolen device and tell it to wipe itself")
    p.add_argument("device_id", metavar="DEVICE_ID")
    p.add_argument("--reason", help="why (kept in the server's audit trail)")
    p.set_defaults(func=cmd_revoke_device)

    p = command("share-case", "share a case with another team (e.g. CPS), or stop sharing it")
    p.add_argument("case", metavar="CASE", help="case id, local reference or URN")
    p.add_argument("--team", required=True, help="the team to share with")
    p.add_argument("--stop", action="store_true", help="stop sharing the case with that team")
    p.set_defaults(func=cmd_share_case)

    p = command("audit", "show the server's audit trail (accounts, devices, shares, wipes)")
    p.add_argument("--limit", type=int, default=50, help="how many of the newest events (50)")
    p.add_argument("--action", help="only this action, e.g. revoke_device")
    p.set_defaults(func=cmd_audit)

    command(
        "store-info", "show the store's identity, generation and last backup mark"
    ).set_defaults(func=cmd_store_info)

    command(
        "restored",
        "after restoring a backup: give the store a new generation, so every laptop sends "
        "again what the store lacks",
    ).set_defaults(func=cmd_restored)

    command(
        "backup-mark",
        "record what every device has sent as backed up; run just before your own backup starts",
    ).set_defaults(func=cmd_backup_mark)

    p = command("backup", "mark, then back up the database to a file (pg_dump, or SQLite's)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="the backup file")
    p.set_defaults(func=cmd_backup)

    p = command("serve", "run the central store's HTTP(S) service")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8765)")
    p.add_argument("--tls-cert", type=Path, metavar="PEM", help="TLS certificate chain")
    p.add_argument("--tls-key", type=Path, metavar="PEM", help="TLS private key")
    p.set_defaults(func=cmd_serve)
    return parser


@contextlib.contextmanager
def _errors(debug: bool) -> Iterator[list[int]]:
    status = [EXIT_OK]
    try:
        yield status
    except HcdeskError as exc:
        if debug:
            raise
        _err(str(exc))
        status[0] = EXIT_USAGE if isinstance(exc, UsageError) else EXIT_ERROR
    except KeyboardInterrupt:
        _err("cancelled.")
        status[0] = 130
    except OSError as exc:
        if debug:
            raise
        _err(message_for(exc))
        status[0] = EXIT_ERROR
    except Exception as exc:
        if debug:
            raise
        _err(f"{message_for(exc)} Run with --debug for details and report it to IT.")
        status[0] = EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    with _errors(args.debug) as status:
        status[0] = args.func(args)
    return status[0]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
