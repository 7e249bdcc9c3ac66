"""The signs of a restored or recreated central store, as each side reads them (pure rules;
the end-to-end restores are in tests/server/test_sync_restore.py)."""

from __future__ import annotations

from types import SimpleNamespace

import httpx

from hcdesk.server.epoch import Claim
from hcdesk.sync import epoch
from hcdesk.wire import protocol as p

SEEN = epoch.Seen("store-a", "gen-1", device_seq=40)


def test_a_first_sight_of_a_store_is_no_sign_of_loss() -> None:
    assert epoch.judge(None, SEEN, acked=40) is None
    assert epoch.judge(None, None, acked=40) is None  # an older store says nothing


def test_another_identity_at_the_same_address_means_recreated() -> None:
    assert epoch.judge(("store-b", "gen-1"), SEEN, acked=0) == epoch.RECREATED


def test_a_new_generation_means_restored() -> None:
    assert epoch.judge(("store-a", "gen-0"), SEEN, acked=0) == epoch.RESTORED


def test_fewer_changes_held_than_acknowledged_means_the_store_lacks_them() -> None:
    assert epoch.judge(("store-a", "gen-1"), SEEN, acked=41) == epoch.LACKS
    assert epoch.judge(("store-a", "gen-1"), SEEN, acked=40) is None


def test_store_headers_are_read_and_garbage_is_ignored() -> None:
    resp = httpx.Response(
        200,
        headers={
            p.HEADER_STORE_ID: "store-a",
            p.HEADER_STORE_GENERATION: "gen-1",
            p.HEADER_DEVICE_SEQ: "40",
            p.HEADER_DURABLE_SEQ: "-3",
        },
    )
    assert epoch.seen_of(resp) == epoch.Seen("store-a", "gen-1", 40, None)
    assert epoch.seen_of(httpx.Response(200)) is None


def test_the_store_counts_a_proof_only_from_a_laptop_that_claims_its_generation() -> None:
    ident = SimpleNamespace(store_id="store-a", generation="gen-1")
    laptop = epoch.claim_headers(("store-a", "gen-1"), 55)
    assert Claim.of(laptop).may_prove(ident)  # type: ignore[arg-type]
    assert Claim.of(epoch.claim_headers(None, 55)).may_prove(ident)  # type: ignore[arg-type]
    # It already saw another generation: it will find out by itself; no second generation.
    older = epoch.claim_headers(("store-a", "gen-0"), 55)
    assert not Claim.of(older).may_prove(ident)  # type: ignore[arg-type]
    # An older client sends no claim at all: it never moves the generation.
    assert not Claim.of({}).may_prove(ident)  # type: ignore[arg-type]
    assert Claim.of({p.HEADER_ACKED_SEQ: "lots"}).acked is None


def test_the_notice_says_what_happened_and_how_many_went_again() -> None:
    text = epoch.notice(epoch.RESTORED, 250, "2025-06-02 09:20")
    assert text.startswith("The central store was restored from a backup")
    assert "sent again the 250 changes it had that the store no longer held" in text
    assert "set up again from empty" in epoch.notice(epoch.RECREATED, 1, "x")
    assert "the 1 change it had" in epoch.notice(epoch.RECREATED, 1, "x")
    assert "had no change the store lacked" in epoch.notice(epoch.RESTORED, 0, "x")
