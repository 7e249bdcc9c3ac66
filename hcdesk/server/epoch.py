"""Which central store this is, and finding out that it lost changes it had acknowledged.

A laptop trusts an acknowledged change to be safe on the central store. A store restored from
a backup, or dropped and made again, breaks that trust silently unless the laptops can tell:

* ``store_identity.store_id`` is made when the schema is created: a recreated store has a new
  one;
* ``store_identity.generation`` changes when an administrator runs ``hcdesk-server restored``
  after a restore (a step of the procedure in docs/server.md), and by itself when a request
  proves the store lacks what it had acknowledged: a laptop that had acknowledgements up to a
  change number the store's device row has not reached, or a pull cursor beyond a bucket's
  counter.

Every sign-in, refresh, push and pull answer carries both (``X-Store-Id``,
``X-Store-Generation``) and the device's change number the store holds (``X-Device-Seq``), and
how much of it was in the last backup marked (``X-Durable-Seq``). A laptop that sees a new
identity or generation, or a device number below its own acknowledgements, sends again what
the store lacks and reads its teams' changes from the start (hcdesk/sync/epoch.py).

A request proves a loss only when it comes from a laptop that knows this scheme (it sends
``X-Acked-Seq``) and claims the store's current generation (or none yet): a laptop still
claiming an older generation is about to find out by itself, so one restore makes one new
generation, not one per laptop.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.models.base import uuid7
from hcdesk.server.database import Database
from hcdesk.server.db import BucketCounter, Device, StoreIdentity, utcnow
from hcdesk.wire import protocol as p

log = logging.getLogger("hcdesk.server.epoch")

ROW = 1


@dataclass(frozen=True)
class Claim:
    """What a laptop says it knows, from its request headers (all None for an older client)."""

    store_id: str | None
    generation: str | None
    acked: int | None  # the highest change number this store acknowledged to the laptop

    @classmethod
    def of(cls, headers: Mapping[str, str]) -> Claim:
        return cls(
            p.header_word(headers.get(p.HEADER_STORE_ID)),
            p.header_word(headers.get(p.HEADER_STORE_GENERATION)),
            p.header_number(headers.get(p.HEADER_ACKED_SEQ)),
        )

    def may_prove(self, ident: StoreIdentity) -> bool:
        """A laptop that knows the scheme and has not seen another store or generation."""
        if self.acked is None:
            return False
        if self.store_id is None:
            return True
        return self.store_id == ident.store_id and self.generation == ident.generation


Seen = p.StoreSeen


def identity(s: Session) -> StoreIdentity | None:
    return s.get(StoreIdentity, ROW)


def device_seqs(s: Session, device_id: str) -> tuple[int, int] | None:
    """(last_client_seq, durable_seq) of a device, read without locking it."""
    row = s.execute(
        sa.select(Device.last_client_seq, Device.durable_seq).where(Device.device_id == device_id)
    ).first()
    return (int(row[0]), int(row[1])) if row is not None else None


def check(
    s: Session,
    device_id: str,
    claim: Claim,
    cursors: Mapping[str, int] | None = None,
) -> tuple[Seen | None, str | None]:
    """What to tell the device, and why the store evidently lacks changes it had acknowledged
    (None when nothing shows that). Reads only; :func:`new_generation_if` acts on a proof."""
    ident = identity(s)
    if ident is None:
        return None, None
    seqs = device_seqs(s, device_id)
    seen = Seen(
        ident.store_id,
        ident.generation,
        seqs[0] if seqs else None,
        seqs[1] if seqs else None,
    )
    if not claim.may_prove(ident):
        return seen, None
    held = seqs[0] if seqs else 0
    if claim.acked is not None and claim.acked > held:
        return seen, (
            f"device {device_id} holds acknowledgements up to change {claim.acked}, "
            f"the store only up to {held}"
        )
    ahead = {b: n for b, n in (cursors or {}).items() if n > 0}
    if ahead:
        counters = dict(
            s.execute(
                sa.select(BucketCounter.bucket, BucketCounter.seq).where(
                    BucketCounter.bucket.in_(sorted(ahead))
                )
            ).all()
        )
        for b, n in sorted(ahead.items()):
            top = int(counters.get(b, 0))
            if n > top:
                return seen, (
                    f"device {device_id} has read bucket {b} up to {n}, the store's counter "
                    f"is at {top}"
                )
    return seen, None


def new_generation(s: Session, reason: str, actor: str) -> StoreIdentity:
    """Give the store a new generation in the caller's transaction (after a restore)."""
    from hcdesk.server.admin import audit

    ident = identity(s)
    if ident is None:
        raise LookupError("the store has no identity row; run 'hcdesk-server init-db'")
    old = ident.generation
    ident.generation = uuid7()
    ident.generation_at = utcnow()
    ident.generation_reason = reason[:500]
    audit(s, actor, "new_generation", ident.store_id, {"was": old, "now": ident.generation})
    return ident


def new_generation_if(db: Database, seen: Seen, proof: str) -> Seen:
    """After a proof of loss: a new generation, unless another request made one meanwhile.
    Logs one warning line (device ids, bucket names and numbers; never case data)."""
    fresh = uuid7()
    with db.write_session() as s, s.begin():
        done = s.execute(
            sa.update(StoreIdentity)
            .where(StoreIdentity.id == ROW, StoreIdentity.generation == seen.generation)
            .values(
                generation=fresh,
                generation_at=utcnow(),
                generation_reason=f"found: {proof}"[:500],
            )
        )
        if getattr(done, "rowcount", 0) == 1:
            from hcdesk.server.admin import audit

            audit(
                s, "server", "new_generation", seen.store_id, {"was": seen.generation, "why": proof}
            )
            log.warning(
                "the central store lacks changes it had acknowledged (%s): it was restored from "
                "a backup without 'hcdesk-server restored'? New generation %s: every laptop "
                "sends again what the store no longer holds",
                proof,
                fresh[:8],
            )
        ident = identity(s)
        assert ident is not None
        return Seen(ident.store_id, ident.generation, seen.device_seq, seen.durable_seq)


def mark_backup(s: Session, actor: str) -> int:
    """Record every device's change number as durable: run (and committed) just before a
    backup starts, so everything marked is in it. Returns the number of devices."""
    from hcdesk.server.admin import audit

    ident = identity(s)
    if ident is None:
        raise LookupError("the store has no identity row; run 'hcdesk-server init-db'")
    done = s.execute(sa.update(Device).values(durable_seq=Device.last_client_seq))
    ident.backup_marked_at = utcnow()
    count = int(getattr(done, "rowcount", 0) or 0)
    audit(s, actor, "backup_mark", ident.store_id, {"devices": count})
    return count


def describe(ident: StoreIdentity) -> dict[str, str]:
    def when(value: dt.datetime | None) -> str:
        if value is None:
            return "never"
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    return {
        "store": ident.store_id,
        "generation": ident.generation,
        "generation since": f"{when(ident.generation_at)} ({ident.generation_reason or '-'})",
        "created": when(ident.created_at),
        "last backup marked": when(ident.backup_marked_at),
    }
