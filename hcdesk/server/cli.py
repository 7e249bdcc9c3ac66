"""``hcdesk-server``: administration and serving of the central store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hcdesk import __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hcdesk-server", description=__doc__)
    parser.add_argument("--version", action="version", version=f"hcdesk-server {__version__}")
    parser.parse_args(argv)
    print(
        "hcdesk-server: the central store is not in this build yet (it arrives with sync).",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
