"""A laptop one local migration ahead of this release (run by test_wire_version.py).

Before any other part of hcdesk is imported, the local store's migrations are replaced by a copy
with one more revision that only adds an index, so everything imported afterwards sees a store
schema one revision newer than the central store's release. Then the laptop signs in, records a
case and syncs. Prints one JSON line: what the laptop's store and sync report say.

``python laptop_ahead_child.py WORKDIR SERVER_URL USERNAME PASSWORD TEAM``
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from hcdesk.store import migrations

LOCAL_INDEX = '''"""A local-only index (a later release's speed-up): nothing about it travels."""

from alembic import op

revision = "ahead_local_index"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_person_name_local ON person(name)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_person_name_local")
'''


def ahead(workdir: Path) -> None:
    copy = workdir / "migrations"
    shutil.copytree(migrations.HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    # One revision after this release's head, whatever that is.
    script = LOCAL_INDEX.replace("{head}", migrations.HEAD)
    (copy / "versions" / "ahead_local_index.py").write_text(script, "utf-8")
    migrations.REVISIONS = (*migrations.REVISIONS, "ahead_local_index")
    migrations.HEAD = "ahead_local_index"
    migrations.HERE = copy


def main() -> None:
    workdir, url, username, password, team = sys.argv[1:6]
    ahead(Path(workdir))

    import sqlalchemy as sa
    from testvalues import FAST_KDF, PASSPHRASE

    from hcdesk.casework.cases import new_case
    from hcdesk.models import Person
    from hcdesk.models.base import uuid7
    from hcdesk.models.enums import PersonRole, RecordType
    from hcdesk.models.sync import Outbox
    from hcdesk.store.store import Store
    from hcdesk.sync.client import SyncClient

    store = Store.create(Path(workdir) / "laptop", PASSPHRASE, officer=username, kdf=FAST_KDF)
    try:
        client = SyncClient(store)
        client.login(url, username, password, device_name="laptop one release ahead")
        with store.transaction() as s:
            case = new_case(
                s, RecordType.HATE_CRIME, id=uuid7(), summary="Spat at on the bus", team=team
            )
            s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name="Leyla Demir"))
            s.flush()
            case_id = case.id
        with store.engine_or_raise().connect() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            index = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name = 'ix_person_name_local'"
            ).scalar()
            versions = sorted(set(conn.execute(sa.select(Outbox.schema_version)).scalars()))
        report = client.sync()
        with store.engine_or_raise().connect() as conn:
            states = sorted(set(conn.execute(sa.select(Outbox.state)).scalars()))
        print(
            json.dumps(
                {
                    "case_id": case_id,
                    "revision": revision,
                    "index": index,
                    "outbox_versions": versions,
                    "outbox_states": [str(s) for s in states],
                    "pushed": report.pushed,
                    "rejected": report.rejected,
                }
            )
        )
    finally:
        store.close()


if __name__ == "__main__":
    main()
