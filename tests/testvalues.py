"""Plain values shared by the tests (not fixtures): ``from testvalues import PASSPHRASE``.

Not ``from conftest import``: with no ``__init__.py`` files pytest leaves whichever conftest it
imported last under that name (the conftests still re-export these).
"""

from __future__ import annotations

from hcdesk.store.keys import KdfParams

PASSPHRASE = "correct horse battery staple"
# Real Argon2id, at a cost that keeps the suite quick. The default cost is exercised by the CLI
# tests and the benchmarks.
FAST_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
