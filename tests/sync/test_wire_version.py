"""The wire version belongs to the wire format, not to the local store's migrations.

A local-only migration (an index) must not change what a laptop tells the central store, or
every laptop one release ahead would have its pushes refused by a central store one release
behind (the bug this replaces: ``SCHEMA_VERSION = len(REVISIONS)``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from serverkit import USER_PASSWORD, CentralStore

from hcdesk.server.db import Record
from hcdesk.store import migrations
from hcdesk.wire.version import MIN_WIRE_VERSION, WIRE_VERSION

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent


def test_the_wire_version_is_not_the_local_migration_count() -> None:
    # Pinned: it moves only with the wire format, and says so in hcdesk/wire/version.py.
    assert WIRE_VERSION == 5
    assert MIN_WIRE_VERSION <= WIRE_VERSION


def test_a_laptop_one_migration_ahead_still_syncs(tmp_path: Path) -> None:
    central = CentralStore(tmp_path / "central", own_process=True)
    try:
        url = central.start()
        central.add_user("ann", teams=("North",))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(HERE)])}
        done = subprocess.run(
            [
                sys.executable,
                str(HERE / "laptop_ahead_child.py"),
                str(tmp_path),
                url,
                "ann",
                USER_PASSWORD,
                "North",
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        laptop = json.loads(done.stdout.strip().splitlines()[-1])

        # The laptop really is one local migration ahead of this release...
        assert laptop["revision"] == "ahead_local_index" != migrations.HEAD
        assert laptop["index"] == "ix_person_name_local"
        # ...yet writes and speaks the same wire version, and the central store takes it all.
        assert laptop["outbox_versions"] == [WIRE_VERSION]
        assert laptop["rejected"] == 0
        assert laptop["pushed"] >= 2
        assert laptop["outbox_states"] == ["acked"]
        with central.db.session() as s:
            held = set(
                s.execute(sa.select(Record.entity).where(Record.case_id == laptop["case_id"]))
                .scalars()
                .all()
            )
        assert {"case_file", "person"} <= held
    finally:
        central.close()
