"""Helper process for the kill -9 test: import ``demo.generate(N)`` in one transaction.

    python bulk_import_child.py PROFILE N SIGNAL_AFTER

Prints ``progress DONE`` after each batch and ``killme`` once DONE >= SIGNAL_AFTER, then carries
on importing (the test kills it while it writes). Prints ``committed`` if it gets that far.
The passphrase comes from HCDESK_PASSPHRASE.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from hcdesk import demo
from hcdesk.interchange import importer
from hcdesk.store.store import Store


def main() -> int:
    profile, cases, signal_after = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    document = demo.generate(cases, seed=1, today=dt.date(2026, 3, 1))
    store = Store.open(profile, os.environ["HCDESK_PASSPHRASE"])
    print(f"generated {len(document['cases'])}", flush=True)
    signalled = False

    def progress(done: int, total: int) -> None:
        nonlocal signalled
        print(f"progress {done}", flush=True)
        if done >= signal_after and not signalled:
            signalled = True
            print("killme", flush=True)

    with store.transaction(reason="bulk import (kill test)") as s:
        importer.import_document(s, document, progress=progress)
    print("committed", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
