"""``make run``: make the demo profile on first use, then start the desktop application."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

DEMO_PASSPHRASE = "demo profile only - not for real cases"  # noqa: S105 - public demo
DEMO_CASES = 300


def ensure_demo_profile(profile: Path, cases: int = DEMO_CASES) -> None:
    from hcdesk import demo
    from hcdesk.interchange import codec
    from hcdesk.store.store import ProfilePaths, Store

    if ProfilePaths(profile).exists():
        return
    print(f"Creating the demo profile at {profile} with {cases} synthetic cases...", flush=True)
    start = time.perf_counter()
    with Store.create(profile, DEMO_PASSPHRASE, officer="PC Demo") as store:
        with store.transaction(reason="demo data") as s:
            codec.import_document(s, demo.generate(cases, seed=2026))
        store.checkpoint()
    print(f"  done in {time.perf_counter() - start:.1f} s.", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", type=Path, default=Path(".hcdesk-demo"))
    parser.add_argument("--no-gui", action="store_true", help="only make the demo profile")
    args = parser.parse_args(argv)
    profile = args.profile.resolve()
    ensure_demo_profile(profile)
    print(f"Demo profile: {profile}")
    print(f'Demo passphrase: "{DEMO_PASSPHRASE}"   (synthetic data only)', flush=True)
    if args.no_gui:
        return 0
    if (
        not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and sys.platform.startswith("linux")
    ):
        if not os.environ.get("QT_QPA_PLATFORM"):
            print("No display found; run under a desktop session (or xvfb-run) to see the window.")
    from hcdesk.cli import main as cli_main

    return cli_main(["--profile", str(profile), "gui"])


if __name__ == "__main__":
    sys.exit(main())
