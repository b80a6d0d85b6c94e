"""The demo world: real id formats, token scales, who owns what, determinism."""

import random
import re

from ewallet_monitor.simulator import ids
from ewallet_monitor.simulator.world import build_world

ID = re.compile(r"^(usr|txr|txc|acc|txn)_[0-9a-hjkmnp-tv-z]{26}$")
TOKEN = re.compile(r"^tok_[A-Z]+_[0-9a-hjkmnp-tv-z]{26}$")
ADDRESS = re.compile(r"^[a-z]{4}[0-9]{12}$")


def test_ids_have_the_real_formats() -> None:
    world = build_world(0)
    for user in world.users:
        assert ID.match(user.id) and user.id.startswith("usr_")
    assert world.account.id.startswith("acc_") and ID.match(world.account.id)
    for request in world.requests:
        assert request.id.startswith("txr_") and ID.match(request.id)
    for token in world.tokens:
        assert TOKEN.match(token.id) and token.id.startswith(f"tok_{token.symbol}_")
    for address in world.wallets:
        assert ADDRESS.match(address)


def test_ulid_encodes_time_first_so_ids_sort_by_time() -> None:
    rng = random.Random(1)
    assert ids.ulid(rng, 1_000) < ids.ulid(rng, 2_000)
    assert len(ids.ulid(rng, 2**48 - 1)) == 26


def test_tokens_span_the_scales() -> None:
    scales = sorted(t.subunit_to_unit for t in build_world(0).tokens)
    assert scales == [100, 10**8, 10**18]


def test_the_same_seed_gives_the_same_world_and_another_seed_another() -> None:
    one, two, other = build_world(3), build_world(3), build_world(4)
    assert [r.id for r in one.requests] == [r.id for r in two.requests]
    assert [u.id for u in one.users] == [u.id for u in two.users]
    assert [r.id for r in one.requests] != [r.id for r in other.requests]


def test_the_cashier_owns_requests_with_and_without_confirmation() -> None:
    world = build_world(0)
    owned = [r for r in world.requests if r.user is world.cashier]
    assert {r.require_confirmation for r in owned} == {True, False}
    assert len({r.consumption_lifetime for r in owned}) >= 3  # None and different lifetimes
    assert any(r.account is world.account for r in world.requests)


def test_consumers_have_names_emails_and_one_is_short_of_money() -> None:
    world = build_world(0)
    assert len(world.consumers) >= 3
    for user in world.consumers:
        assert user.full_name and "@" in user.email and user.provider_user_id
    usd = world.tokens[0]
    balances = [world.wallet_of(u).balances[usd.id] for u in world.consumers]
    assert min(balances) < 100 * 100 < max(balances)
