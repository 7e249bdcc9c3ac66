"""One sync: send every unsent change, then read every change of the officer's teams.

A sync is rounds of a push and a pull (a second round only after recovering from a restored
central store). The store's write lock is taken one short transaction at a time (freeze a
batch, apply one response, apply one pull page); locking the store mid-sync stops the sync
cleanly with :class:`~hcdesk.errors.StoreLocked`, and whatever was committed stays. Progress
is told as it goes, and a cancel is honoured between batches and pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import sqlalchemy as sa

from hcdesk.errors import StoreLocked
from hcdesk.models.base import utcnow, uuid7
from hcdesk.models.sync import ANSWERED
from hcdesk.store import caseindex, tracking
from hcdesk.sync import clockcheck, epoch, local, state
from hcdesk.sync import pull as pull_mod
from hcdesk.sync import push as push_mod
from hcdesk.sync.account import Account, RevokedLater
from hcdesk.sync.errors import (
    Contested,
    NotLoggedIn,
    ServerRefused,
    SyncCancelled,
    SyncOffline,
    TooLarge,
    Unreadable,
)
from hcdesk.sync.pull import PageApplier, change_hash, load_buckets
from hcdesk.sync.transport import Transport, check, parse
from hcdesk.sync.views import CONFIRMED_UPTO, OUTBOX, count_active
from hcdesk.wire import protocol as p
from hcdesk.wire.version import WIRE_VERSION

try:  # crash points for the fault-injection tests (kill -9 at each step); no-ops otherwise
    from hcdesk.faults import point as crash_point
except ImportError:  # pragma: no cover

    def crash_point(name: str) -> None:
        return None


# A fetched pull page and its changes' checksum digests.
_Fetched = tuple[p.PullResponse, list[int], epoch.Seen | None]
_ROUNDS = 3  # push-and-pull rounds in one sync: the first, and one after each recovery


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # push | pull
    done: int
    total: int | None
    message: str


@dataclass
class SyncReport:
    pushed: int = 0  # changes the central store acknowledged (any outcome)
    applied: int = 0  # of those, accepted (applied, merged, already there, or with a conflict)
    conflicts: int = 0  # new conflicts (made by our changes or received)
    rejected: int = 0  # refused by the central store, now in the quarantine
    pulled: int = 0  # change entries received and applied
    buckets_reset: list[str] = field(default_factory=list)  # re-read after a checksum mismatch
    purged: int = 0  # cases removed because this officer may no longer read them
    resent: int = 0  # acknowledged changes sent again to a restored or recreated central store
    restore: str | None = None  # the sentence that says so (see hcdesk.sync.epoch)
    duration_s: float = 0.0
    clock_warning: str | None = None  # this computer's clock is off (also in the status)

    def summary(self) -> str:
        parts = [
            f"sent {self.pushed} change{'s' if self.pushed != 1 else ''}",
            f"received {self.pulled}",
        ]
        if self.conflicts:
            parts.append(f"{self.conflicts} new conflict{'s' if self.conflicts != 1 else ''}")
        if self.rejected:
            parts.append(f"{self.rejected} refused (see the quarantine)")
        if self.purged:
            parts.append(f"{self.purged} case{'s' if self.purged != 1 else ''} no longer shared")
        if self.buckets_reset:
            parts.append(f"{len(self.buckets_reset)} team list(s) re-read after a data check")
        if self.restore is not None:
            parts.append(
                f"{self.resent} sent again to the restored central store"
                if self.resent
                else "all team lists re-read from the restored central store"
            )
        return ", ".join(parts) + f" in {self.duration_s:.1f} s"


class _Restart(Exception):
    """A restored or recreated central store was found and recovered from: push and pull
    again (the entries it lacks are queued again, every bucket is read from the start)."""


def sync(
    account: Account,
    page_size: int,
    progress: Callable[[SyncProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> SyncReport:
    """Send every unsent change, then read every change of the officer's teams."""
    store = account.store
    with store.sync_lock:
        started = time.monotonic()
        report = SyncReport()
        run = _Run(account, page_size, report, progress, cancel)
        if pull_mod.indexes_stale(store):  # a pull was cut off before indexing
            run.reindex(None)
        creds = account.state()
        url = creds.get(state.SERVER_URL)
        if not url or not creds.get(state.REFRESH):
            raise NotLoggedIn("Sign in to the central store first (hcdesk login).")
        transport = account.connect(url, creds)
        try:
            for attempt in range(_ROUNDS):
                try:
                    run.push(transport)
                    run.pull(transport)
                    break
                except _Restart:
                    # The central store lacks what it had acknowledged: what it lacks is
                    # queued again and every bucket is read from the start.
                    if attempt == _ROUNDS - 1:
                        raise ServerRefused(
                            "The central store keeps changing its identity during the "
                            "sync; your changes are kept here. Tell IT."
                        ) from None
        except SyncOffline as exc:
            _record_failure(account, str(exc), online=False)
            raise
        except (ServerRefused, NotLoggedIn) as exc:
            _record_failure(account, str(exc), online=True)
            raise
        finally:
            transport.close()
            report.duration_s = time.monotonic() - started
        report.clock_warning = clockcheck.clock_warning(
            clockcheck.laptop_clock_ms(store), transport.server_hlc
        )
        values: dict[str, str | None] = {
            state.LAST_SUCCESS: _iso(utcnow()),
            state.ONLINE: "1",
        }
        if run.confirmed_upto is not None:
            values[CONFIRMED_UPTO] = str(run.confirmed_upto)
        with local.write(store) as conn:
            report.resent = epoch.pending_resent(conn)
            report.restore = epoch.take_notice(conn)
            warnings = [w for w in (run.warning, report.restore, report.clock_warning) if w]
            values[state.LAST_ERROR] = " ".join(warnings) or None
            state.write(conn, values)
        return report


def _record_failure(account: Account, message: str, *, online: bool) -> None:
    with contextlib.suppress(StoreLocked, sa.exc.SQLAlchemyError):
        account.set_state(
            {
                state.LAST_ERROR: message[:500],
                state.ONLINE: "1" if online else "0",
                state.LAST_ATTEMPT: _iso(utcnow()),
            }
        )


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# -- one sync run ----------------------------------------------------------------------------------
class _Run:
    def __init__(
        self,
        account: Account,
        page_size: int,
        report: SyncReport,
        progress: Callable[[SyncProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        self.account = account
        self.store = account.store
        self.page_size = page_size
        self.report = report
        self.progress = progress
        self.cancel = cancel
        self.checkpoint: dict[str, int] = {}
        self.conflict_ids: set[str] = set()
        self.warning: str | None = None
        self.confirmed_upto: int | None = None
        self.max_acked = 0
        self.known: epoch.Known = None  # the store identity last seen (sync_state)
        self.acked = 0  # the highest change number the store has answered

    # -- a restored central store ----------------------------------------------------------
    def _claim(self, transport: Transport) -> None:
        """Read what this laptop knows of the store, and tell it with every request."""
        with local.read(self.store) as conn:
            self.known = epoch.known(conn)
            self.acked = epoch.acked_upto(conn)
        transport.headers = epoch.claim_headers(self.known, self.acked)

    def _observe(
        self, transport: Transport, seen: epoch.Seen | None, conn: sa.Connection | None = None
    ) -> None:
        """Act on what an answer says about the store: remember a new identity; on a sign of
        loss, recover (:func:`hcdesk.sync.epoch.recover`) and raise :class:`_Restart`."""
        if seen is None:
            return
        cause = epoch.judge(self.known, seen, self.acked)
        if cause is None and self.known == (seen.store_id, seen.generation):
            return
        with contextlib.ExitStack() as stack:
            if conn is None:
                conn = stack.enter_context(local.write(self.store))
            if cause is not None:
                epoch.recover(conn, seen.device_seq or 0, cause, seen)
            else:
                epoch.remember(conn, seen)
        self.known = (seen.store_id, seen.generation)
        transport.headers = epoch.claim_headers(self.known, self.acked)
        if cause is not None:
            raise _Restart()

    def _tell(self, phase: str, done: int, total: int | None, message: str) -> None:
        if self.progress is not None:
            self.progress(SyncProgress(phase, done, total, message))

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelled("Sync cancelled; everything sent and received so far is kept.")

    # -- push --------------------------------------------------------------------------------------
    def push(self, transport: Transport) -> None:
        with local.read(self.store) as conn:
            total = count_active(conn)
        limit = p.MAX_BATCH
        stalled = 0
        done = 0
        self.account.access(transport)  # signed in (or refreshed) before anything is frozen
        self._claim(transport)
        self._tell("push", 0, total, "Sending changes")
        while True:
            self._check_cancel()
            with local.write(self.store) as conn:
                batch = push_mod.next_batch(conn, limit=limit)
            if not batch:
                break
            crash_point("push.frozen")
            body = push_body(self.store.device_id, batch)
            resp = self.account.call(transport, f"{p.API_PREFIX}/sync/push", body)
            crash_point("push.sent")
            try:
                check(resp)
            except TooLarge as exc:
                if limit > 1:
                    limit = max(1, len(batch) // 2)
                    continue
                text = (
                    "A change is too large for the central store to accept; it is kept here. "
                    "Tell IT."
                )
                self._note_batch_error(batch, text)
                raise ServerRefused(text, exc.status) from None
            except Contested as exc:
                expected = exc.body.get("expected")
                first = batch[0].client_seq
                if exc.error == "seq_gap" and isinstance(expected, int) and expected < first:
                    self._observe(transport, epoch.seen_of(resp))
                    # A store too old to say who it is: the gap is the same sign of a loss.
                    with local.write(self.store) as conn:
                        again = epoch.recover(conn, expected - 1, epoch.LACKS, None)
                    if again:
                        raise _Restart() from None
                    text = (
                        f"The central store is waiting for change number {expected}, but this "
                        f"device's next unsent change is number {first}: changes are missing "
                        "from its outbox. Nothing was skipped; tell IT."
                    )
                else:
                    text = exc.reason or "The central store refused the order of the changes sent."
                self._note_batch_error(batch, text)
                raise ServerRefused(text, exc.status, exc.error) from None
            except Unreadable as exc:
                text = (
                    "The central store could not read the changes sent (a fault in hcdesk); "
                    "they are kept here. " + exc.reason
                ).strip()
                self._note_batch_error(batch, text)
                raise ServerRefused(text, exc.status) from None
            parsed = parse(resp, p.PushResponse)
            with local.write(self.store) as conn:
                outcome = push_mod.apply_results(conn, self.store, parsed)
                tracking.observe(conn, self.store, transport.server_hlc)
                self.acked = max(self.acked, epoch.acked_upto(conn))
                crash_point("push.ack")
            crash_point("push.acked")
            if outcome.acked == 0:
                stalled += 1
                if stalled >= 2:
                    raise ServerRefused(
                        "The central store answered without acknowledging the changes sent; "
                        "they are kept here and will be sent again."
                    )
            else:
                stalled = 0
            for b, s in {**parsed.write_checkpoint, **outcome.bucket_seq}.items():
                self.checkpoint[b] = max(self.checkpoint.get(b, 0), s)
            self.max_acked = max(self.max_acked, batch[-1].client_seq)
            self.report.pushed += outcome.acked
            self.report.applied += outcome.applied
            self.report.rejected += outcome.rejected
            self.conflict_ids |= outcome.conflicts
            self.report.conflicts = len(self.conflict_ids)
            done += outcome.acked
            self._tell("push", done, max(total, done), f"Sent {done} of {max(total, done)}")
            self._observe(transport, epoch.seen_of(resp))

    def _note_batch_error(self, batch: Sequence[push_mod.Entry], text: str) -> None:
        with local.write(self.store) as conn:
            conn.execute(
                sa.update(OUTBOX)
                .where(OUTBOX.c.client_seq.in_([e.client_seq for e in batch]))
                .values(last_error=text[:2000])
            )

    # -- pull --------------------------------------------------------------------------------------
    def pull(self, transport: Transport) -> None:
        with local.read(self.store) as conn:
            # Every change acknowledged so far is confirmed once the pull has caught up.
            upto = (
                conn.scalar(
                    sa.select(sa.func.max(OUTBOX.c.client_seq)).where(
                        OUTBOX.c.state.in_(ANSWERED)
                    )
                )
                or 0
            )
        reset_done: set[str] = set()
        behind: list[str] = []
        extra = False
        received = 0
        self._tell("pull", 0, None, "Receiving changes")
        # The next page is fetched while this one is applied (the cursors it asks from are the
        # ones this page moves to); it is thrown away if this page resets a bucket.
        ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hcdesk-pull")
        coming: Future[_Fetched] | None = None
        # Cases whose rows were stored but whose search and case-list entries are not yet
        # rebuilt (the store marks its indexes stale meanwhile). A case's rows arrive together,
        # over one page or two: a case is indexed on the first page that does not touch it,
        # once rather than on every page that brings one of its rows, and while the next page
        # is being fetched.
        pending: set[str] = set()
        marked = False
        try:
            while True:
                self._check_cancel()
                if coming is not None:
                    try:
                        page, digests, seen = coming.result()
                    except RevokedLater as revoked:  # report and wipe here, not on the worker
                        self.account.revoked(transport, revoked.token)
                        raise
                    coming = None
                else:
                    with local.read(self.store) as conn:
                        cursors = {b: s.seq for b, s in load_buckets(conn).items()}
                    page, digests, seen = self._fetch(transport, cursors)
                crash_point("pull.received")
                self._observe(transport, seen)  # before the page: a restart drops it
                if page.has_more:
                    following = {b: page.cursors.get(b, 0) for b in page.buckets}
                    coming = ahead.submit(self._fetch, transport, following, False)
                with local.write(self.store, foreign_keys=False) as conn:
                    applier = PageApplier(
                        conn, self.store, set(page.buckets) - reset_done, defer_index=True
                    )
                    out = applier.apply(page, digests)
                    now = out.cases | out.purged
                    marked = marked or bool(now)
                    ready = pending - now
                    if ready:
                        caseindex.refresh(conn, sorted(ready), fast=True)
                    tracking.observe(conn, self.store, transport.server_hlc)
                    crash_point("pull.apply")
                pending = (pending - ready) | now  # only once the page is committed
                crash_point("pull.applied")
                received += out.changes
                self.report.pulled += out.changes
                self.report.purged += len(out.purged)
                self.conflict_ids |= out.new_conflicts
                self.report.conflicts = len(self.conflict_ids)
                if out.mismatched:
                    reset_done |= set(out.mismatched)
                    self.report.buckets_reset += out.mismatched
                    if coming is not None:  # asked from cursors that are no longer ours
                        with contextlib.suppress(Exception):
                            coming.result()
                        coming = None
                if out.still_mismatched:
                    self.warning = (
                        "The data check of a team's records still fails after reading them "
                        "again; your data is kept, but tell IT."
                    )
                self._tell("pull", received, None, f"Received {received} changes")
                if page.has_more or out.mismatched:
                    continue
                behind = [
                    b
                    for b, s in self.checkpoint.items()
                    if b in page.cursors and page.cursors[b] < s
                ]
                if behind and not extra:
                    extra = True  # the push's writes may not be readable yet; look once more
                    continue
                break
        except BaseException:
            # Cancelled, offline, refused: what arrived is kept, so index it now (if the store
            # can still be written; else the stale mark has the next sync index everything).
            if marked:
                with contextlib.suppress(Exception):
                    self.reindex(pending)
            raise
        finally:
            ahead.shutdown(wait=True, cancel_futures=True)
        if marked:
            self.reindex(pending)
        self.confirmed_upto = upto if not behind else None

    def reindex(self, case_ids: set[str] | None) -> None:
        """Search and case-list indexes of these cases (None: every case) brought up to date,
        and the store's stale mark cleared."""

        def tell(done: int, total: int) -> None:
            self._tell("index", done, total, f"Updating search and the case list ({done}/{total})")

        pull_mod.update_indexes(self.store, case_ids, tell)

    def _fetch(self, transport: Transport, cursors: dict[str, int], wipe: bool = True) -> _Fetched:
        """A page and its changes' checksum digests. Worked out here, on the thread that
        fetches the next page while this one is applied, they cost the apply nothing."""
        request = p.PullRequest(
            device_id=self.store.device_id,
            schema_version=WIRE_VERSION,
            cursors=cursors,
            limit=self.page_size,
        )
        resp = self.account.call(transport, f"{p.API_PREFIX}/sync/pull", request, wipe=wipe)
        page = parse(check(resp), p.PullResponse)
        return page, [change_hash(c) for c in page.changes], epoch.seen_of(resp)


def push_body(device_id: str, batch: Sequence[push_mod.Entry]) -> bytes:
    """The request, with every mutation exactly as frozen."""
    return json.dumps(
        {
            "batch_id": uuid7(),
            "device_id": device_id,
            "schema_version": WIRE_VERSION,
            "mutations": [e.frozen for e in batch],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
