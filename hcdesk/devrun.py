"""``make run``: make the demo profile and a local central store on first use, start the central
store beside the desktop application, sign the demo profile in to it, then start the application.

Everything stays on this machine: the central store is an SQLite database under
``.hcdesk-demo-server/`` served on 127.0.0.1, so sync works out of the box with no other service.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hcdesk.server.process import ServerProcess

DEMO_PASSPHRASE = "demo profile only - not for real cases"  # noqa: S105 - public demo
DEMO_CASES = 300
DEMO_USER = "demo"
DEMO_PASSWORD = "demo central store only"  # noqa: S105 - public demo
DEMO_ADMIN = "admin"
DEMO_PORT = 8765
CPS_TEAM = "CPS West Midlands"


def ensure_demo_profile(profile: Path, cases: int = DEMO_CASES) -> None:
    from hcdesk import demo
    from hcdesk.demo import variants
    from hcdesk.interchange import importer
    from hcdesk.store.store import ProfilePaths, Store

    if ProfilePaths(profile).exists():
        return
    print(
        f"Creating the demo profile at {profile} with {cases} synthetic cases and the "
        f"{len(variants.NAMES)} crafted variants (L-DEMO-VARIANT-A to -H)...",
        flush=True,
    )
    start = time.perf_counter()
    document = demo.generate(cases, seed=2026)
    document["cases"] += variants.document(seed=2026)["cases"]
    # The demo officer is one of the demo's own liaison officers, so that My work shows their
    # day (a made-up "PC Demo" would own nothing and see an empty home).
    with Store.create(profile, DEMO_PASSPHRASE, officer=demo_officer(document)) as store:
        with store.transaction(reason="demo data") as s:
            importer.import_document(s, document)
        store.checkpoint()
    print(f"  done in {time.perf_counter() - start:.1f} s.", flush=True)


def demo_officer(document: dict[str, Any]) -> str:
    """The liaison officer with the most cases in the demo: who the demo profile signs in as."""
    counts = Counter(c["liaison_officer"] for c in document["cases"] if c.get("liaison_officer"))
    return counts.most_common(1)[0][0] if counts else "PC Demo"


def demo_teams() -> list[str]:
    from hcdesk import demo
    from hcdesk.demo import variants

    cases = demo.generate(DEMO_CASES, seed=2026)["cases"] + list(variants.variants().values())
    return sorted({c["team"] for c in cases})


def ensure_demo_server(root: Path) -> str:
    """Make the local central store (schema, teams, a demo supervisor and an admin) once."""
    from hcdesk.server import admin
    from hcdesk.server.database import init_schema, make_database

    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    url = f"sqlite:///{root / 'central.db'}"
    marker = root / ".ready"
    if marker.exists():
        return url
    print(f"Creating the local central store at {root}...", flush=True)
    db = make_database(url)
    try:
        init_schema(db)
        with db.write_session() as s, s.begin():
            teams = demo_teams()
            for name in [*teams, CPS_TEAM]:
                admin.add_team(s, name, actor="make run")
            admin.add_user(
                s, DEMO_USER, DEMO_PASSWORD, "supervisor", teams, "PC Demo", actor="make run"
            )
            admin.add_user(
                s, DEMO_ADMIN, DEMO_PASSWORD, "admin", (), "Demo administrator", actor="make run"
            )
    finally:
        db.dispose()
    marker.touch()
    return url


def start_demo_server(url: str, root: Path) -> ServerProcess:
    """Run ``hcdesk-server serve`` in the background (port 8765 when free) until it answers."""
    from hcdesk.server import process

    port = process.free_port(DEMO_PORT)
    return process.start(
        process.serve_command(url, port),
        f"http://{process.HOST}:{port}",
        root / "server.log",
        timeout=30,
        start_new_session=True,
    )


def sign_in_demo_profile(profile: Path, base: str) -> None:
    """Sign the demo profile in to the local central store (again if its address changed)."""
    from hcdesk.store.store import Store
    from hcdesk.sync.client import SyncClient

    with Store.open(profile, DEMO_PASSPHRASE) as store:
        client = SyncClient(store)
        try:
            if client.configured() and client.status().server_url == base:
                return
            client.login(base, DEMO_USER, DEMO_PASSWORD, device_name="demo laptop")
        finally:
            client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", type=Path, default=Path(".hcdesk-demo"))
    parser.add_argument("--server-dir", type=Path, default=None)
    parser.add_argument("--no-server", action="store_true", help="work offline, no central store")
    parser.add_argument("--no-gui", action="store_true", help="only make the demo profile")
    args = parser.parse_args(argv)
    profile = args.profile.resolve()
    ensure_demo_profile(profile)
    server: ServerProcess | None = None
    central = "none (offline: --no-server)"
    if not args.no_server:
        root = (args.server_dir or profile.with_name(profile.name + "-server")).resolve()
        url = ensure_demo_server(root)
        print("Starting the local central store...", flush=True)
        server = start_demo_server(url, root)
        base = server.url
        sign_in_demo_profile(profile, base)
        central = (
            f"{base}  (users {DEMO_USER!r} and {DEMO_ADMIN!r}, "
            f'password "{DEMO_PASSWORD}"; log in {root / "server.log"})'
        )
    if not args.no_gui and _no_display():
        print("No display found; run under a desktop session (or xvfb-run) to see the window.")
    # What the officer needs, last, where nothing can bury it.
    print(
        "\n".join(
            [
                "",
                f'Demo passphrase: "{DEMO_PASSPHRASE}"   (synthetic data only)',
                f"Demo profile: {profile}",
                f"Central store: {central}",
                "",
            ]
        ),
        flush=True,
    )
    try:
        return _gui(profile, args.no_gui)
    finally:
        if server is not None:
            server.stop(timeout=10)


def _no_display() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    )


def _gui(profile: Path, no_gui: bool) -> int:
    if no_gui:
        return 0
    from hcdesk.cli import main as cli_main

    return cli_main(["--profile", str(profile), "gui"])


if __name__ == "__main__":
    sys.exit(main())
