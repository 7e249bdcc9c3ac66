"""Plain values shared by the tests (not fixtures).

They live here, not only in tests/conftest.py, because test modules do ``from conftest import
PASSPHRASE`` and pytest leaves whichever conftest it imported last under that name; every
conftest re-exports these.
"""

from __future__ import annotations

from hcdesk.store.keys import KdfParams

PASSPHRASE = "correct horse battery staple"
# Real Argon2id, at a cost that keeps the suite quick. The default cost is exercised by the CLI
# tests and the benchmarks.
FAST_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
