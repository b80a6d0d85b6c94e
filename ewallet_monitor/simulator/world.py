"""The simulator's data: tokens, an account, users, wallets, requests and consumptions.

A small, deterministic world: :func:`build_world` gives the same ids for the same seed.
Credentials are fixed public demo values (they are printed on start and documented), so
never expose a simulator beyond loopback.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ewallet_monitor.simulator import ids

# Fixed public demo credentials (docs/simulator.md lists them).
CLIENT_API_KEY = "sim_demo_client_api_key"
ADMIN_ACCESS_KEY = "sim_demo_access_key"
ADMIN_SECRET_KEY = "sim_demo_secret_key"
ADMIN_USER_TOKEN = "sim_demo_admin_token"
ACCOUNT_ADMIN_TOKEN = "sim_demo_manager_token"

# When the world's records were "created" (ids and created_at derive from it).
WORLD_EPOCH = datetime(2018, 7, 2, 6, 24, 41, 109538, tzinfo=UTC)


@dataclass(slots=True)
class Token:
    id: str
    symbol: str
    name: str
    subunit_to_unit: int
    created_at: datetime


@dataclass(slots=True)
class Account:
    id: str
    name: str
    description: str
    master: bool
    created_at: datetime

    @property
    def socket_topic(self) -> str:
        return f"account:{self.id}"


@dataclass(slots=True)
class User:
    id: str
    username: str
    full_name: str
    calling_name: str
    provider_user_id: str
    email: str
    auth_token: str
    created_at: datetime
    is_admin: bool = False
    global_role: str | None = None  # admin users: "super_admin", "admin", … or none

    @property
    def socket_topic(self) -> str:
        return f"user:{self.id}"


@dataclass(slots=True)
class Wallet:
    address: str
    name: str
    identifier: str
    user: User | None
    account: Account | None
    balances: dict[str, int]
    created_at: datetime

    @property
    def socket_topic(self) -> str:
        return f"address:{self.address}"


@dataclass(slots=True)
class TransactionRequest:
    id: str
    label: str
    type: str  # "receive": the owner is paid by the consumer; "send": the owner pays
    amount: int | None
    token: Token
    wallet: Wallet
    require_confirmation: bool
    consumption_lifetime: int | None  # milliseconds
    allow_amount_override: bool
    max_consumptions: int | None
    created_at: datetime
    updated_at: datetime
    status: str = "valid"
    expiration_reason: str | None = None
    expired_at: datetime | None = None
    confirmed_count: int = 0  # current_consumptions_count, recounted at each approval
    live_confirmed: int = 0  # consumptions confirmed right now
    in_scenario: bool = True  # the cashier scenario draws consumptions on it

    @property
    def socket_topic(self) -> str:
        return f"transaction_request:{self.id}"

    @property
    def user(self) -> User | None:
        return self.wallet.user

    @property
    def account(self) -> Account | None:
        return self.wallet.account


@dataclass(slots=True)
class Transaction:
    id: str
    idempotency_token: str
    from_wallet: Wallet
    to_wallet: Wallet
    amount: int
    token: Token
    status: str  # "confirmed" or "failed"
    error_code: str | None
    error_description: str | None
    created_at: datetime


@dataclass(slots=True)
class Consumption:
    id: str
    request: TransactionRequest
    wallet: Wallet  # the consumer's wallet
    amount: int | None  # what the consumer asked for; None: the request's amount
    estimated_amount: int
    idempotency_token: str
    created_at: datetime
    expiration_date: datetime | None
    metadata: dict[str, Any] = field(default_factory=dict)
    encrypted_metadata: dict[str, Any] = field(default_factory=dict)
    correlation_id: str | None = None
    status: str = "pending"
    approved_at: datetime | None = None
    rejected_at: datetime | None = None
    cancelled_at: datetime | None = None
    confirmed_at: datetime | None = None
    failed_at: datetime | None = None
    expired_at: datetime | None = None
    transaction: Transaction | None = None

    @property
    def socket_topic(self) -> str:
        return f"transaction_consumption:{self.id}"

    @property
    def user(self) -> User | None:
        return self.wallet.user

    @property
    def account(self) -> Account | None:
        return self.wallet.account

    @property
    def token(self) -> Token:
        return self.request.token


@dataclass(slots=True)
class World:
    """Everything the simulator serves. Look-ups are by id; lists keep creation order."""

    rng: random.Random
    tokens: list[Token]
    account: Account
    admin: User
    cashier: User
    consumers: list[User]
    wallets: dict[str, Wallet]
    requests: list[TransactionRequest]
    # An admin user with a role on the account only (no global role).
    account_admin: User | None = None
    consumptions: OrderedDict[str, Consumption] = field(default_factory=OrderedDict)
    # (consumer wallet address, idempotency token) -> consumption id
    idempotency: dict[tuple[str, str], str] = field(default_factory=dict)
    max_kept_final: int = 20_000

    @property
    def users(self) -> list[User]:
        return [self.admin, self.cashier, *self.consumers]

    @property
    def admin_users(self) -> list[User]:
        """Users who sign in to the admin API (``OMGAdmin``)."""
        return [self.admin] + ([self.account_admin] if self.account_admin else [])

    def user_by_id(self, user_id: str) -> User | None:
        return next((u for u in self.users if u.id == user_id), None)

    def user_by_provider_id(self, provider_user_id: str) -> User | None:
        return next((u for u in self.users if u.provider_user_id == provider_user_id), None)

    def user_by_token(self, auth_token: str) -> User | None:
        return next((u for u in self.users if u.auth_token == auth_token), None)

    def token_by_id(self, token_id: str) -> Token | None:
        return next((t for t in self.tokens if t.id == token_id), None)

    def request_by_id(self, request_id: str) -> TransactionRequest | None:
        return next((r for r in self.requests if r.id == request_id), None)

    def wallet_of(self, user: User) -> Wallet:
        """The user's primary wallet."""
        return next(w for w in self.wallets.values() if w.user is user)

    def account_wallet(self) -> Wallet:
        return next(w for w in self.wallets.values() if w.account is self.account)

    def new_id(self, prefix: str, now: datetime) -> str:
        return ids.prefixed_id(prefix, self.rng, int(now.timestamp() * 1000))

    def add_consumption(self, consumption: Consumption) -> None:
        """Keep a consumption; the oldest final ones are dropped past ``max_kept_final`` so
        a long burst run does not grow without bound."""
        self.consumptions[consumption.id] = consumption
        self.idempotency[(consumption.wallet.address, consumption.idempotency_token)] = (
            consumption.id
        )
        if len(self.consumptions) > self.max_kept_final * 2:
            final = [c for c in self.consumptions.values() if c.status != "pending"]
            for old in final[: len(final) - self.max_kept_final]:
                del self.consumptions[old.id]
                self.idempotency.pop((old.wallet.address, old.idempotency_token), None)

    def find_idempotent(self, wallet: Wallet, idempotency_token: str) -> Consumption | None:
        """The consumption ``wallet`` already made with ``idempotency_token``, if any."""
        consumption_id = self.idempotency.get((wallet.address, idempotency_token))
        return None if consumption_id is None else self.consumptions.get(consumption_id)


@dataclass(frozen=True, slots=True)
class _Person:
    username: str
    full_name: str
    calling_name: str
    provider_user_id: str
    email: str
    auth_token: str
    rich: bool = True


CASHIER = _Person(
    "cashier",
    "Carla Cashier",
    "Carla",
    "cashier-0001",
    "carla.cashier@shop.example",
    "sim_demo_cashier_token",
)
CONSUMERS = (
    _Person(
        "alice", "Alice Example", "Alice", "cust-1001", "alice@example.com", "sim_demo_alice_token"
    ),
    _Person(
        "bob", "Bob Okafor", "Bob", "cust-1002", "bob.okafor@example.com", "sim_demo_bob_token"
    ),
    _Person("chen", "Chen Wei", "Chen", "cust-1003", "chen.wei@example.org", "sim_demo_chen_token"),
    # Dana has little money: some of her consumptions fail for insufficient funds.
    _Person(
        "dana",
        "Dana Broke",
        "Dana",
        "cust-1004",
        "dana@example.net",
        "sim_demo_dana_token",
        rich=False,
    ),
)
ADMIN = _Person("admin", "Ada Admin", "Ada", "admin-0001", "admin@shop.example", ADMIN_USER_TOKEN)
ACCOUNT_ADMIN = _Person(
    "manager",
    "Manu Manager",
    "Manu",
    "admin-0002",
    "manager@shop.example",
    ACCOUNT_ADMIN_TOKEN,
)


def build_world(seed: int = 0) -> World:
    """The deterministic demo world for ``seed``."""
    rng = random.Random(f"ewallet-simulator-world-{seed}")
    clock = WORLD_EPOCH

    def stamp() -> tuple[datetime, int]:
        nonlocal clock
        clock += timedelta(seconds=rng.randint(1, 3600), microseconds=rng.randint(0, 999_999))
        return clock, int(clock.timestamp() * 1000)

    def new_id(prefix: str) -> tuple[str, datetime]:
        at, millis = stamp()
        return ids.prefixed_id(prefix, rng, millis), at

    tokens = []
    for symbol, name, scale in (
        ("USD", "US Dollar", 100),
        ("BTC", "Bitcoin", 10**8),
        ("OMG", "OmiseGO", 10**18),
    ):
        at, millis = stamp()
        tokens.append(Token(ids.token_id(symbol, rng, millis), symbol, name, scale, at))
    usd, btc, omg = tokens

    account_id, at = new_id("acc")
    account = Account(account_id, "Corner Shop", "The master account of the demo shop", True, at)

    def person(p: _Person, *, admin: bool = False) -> User:
        user_id, at = new_id("usr")
        return User(
            user_id,
            p.username,
            p.full_name,
            p.calling_name,
            p.provider_user_id,
            p.email,
            p.auth_token,
            at,
            is_admin=admin,
        )

    admin = person(ADMIN, admin=True)
    admin.global_role = "super_admin"
    cashier = person(CASHIER)
    consumers = [person(p) for p in CONSUMERS]

    wallets: dict[str, Wallet] = {}

    def wallet(
        user: User | None, owner_account: Account | None, balances: dict[str, int]
    ) -> Wallet:
        at, _ = stamp()
        item = Wallet(
            ids.wallet_address(rng),
            "primary" if user else "master",
            "primary",
            user,
            owner_account,
            dict(balances),
            at,
        )
        wallets[item.address] = item
        return item

    rich = {usd.id: 500_000_000 * 100, btc.id: 1_000 * 10**8, omg.id: 1_000_000 * 10**18}
    poor = {usd.id: 20 * 100, btc.id: 0, omg.id: 5 * 10**17}
    account_wallet = wallet(None, account, rich)
    cashier_wallet = wallet(cashier, None, rich)
    for user, p in zip(consumers, CONSUMERS, strict=True):
        wallet(user, None, rich if p.rich else poor)
    wallet(admin, None, {})

    requests: list[TransactionRequest] = []

    def request(
        label: str,
        token: Token,
        owner_wallet: Wallet,
        *,
        confirm: bool,
        lifetime: int | None,
        amount: int | None = None,
        override: bool = True,
        max_consumptions: int | None = None,
        kind: str = "receive",
        in_scenario: bool = True,
    ) -> None:
        request_id, at = new_id("txr")
        requests.append(
            TransactionRequest(
                request_id,
                label,
                kind,
                amount,
                token,
                owner_wallet,
                confirm,
                lifetime,
                override,
                max_consumptions,
                at,
                at,
                in_scenario=in_scenario,
            )
        )

    request("Coffee bar", usd, cashier_wallet, confirm=True, lifetime=60_000)
    request(
        "Quick pay", usd, cashier_wallet, confirm=False, lifetime=None, amount=450, override=False
    )
    request("Crypto desk", btc, cashier_wallet, confirm=True, lifetime=None)
    request("Token counter", omg, cashier_wallet, confirm=True, lifetime=30_000, amount=25 * 10**18)
    request("Self-service", omg, cashier_wallet, confirm=False, lifetime=None)
    request(
        "Limited offer",
        usd,
        cashier_wallet,
        confirm=True,
        lifetime=120_000,
        amount=1_000,
        max_consumptions=2,
        in_scenario=False,
    )
    request("Shop counter", usd, account_wallet, confirm=True, lifetime=300_000)
    # Drawn from its own generator so every other id stays what it was for this seed.
    manager_rng = random.Random(f"ewallet-simulator-account-admin-{seed}")
    manager_at = WORLD_EPOCH + timedelta(seconds=1)
    manager = User(
        ids.prefixed_id("usr", manager_rng, int(manager_at.timestamp() * 1000)),
        ACCOUNT_ADMIN.username,
        ACCOUNT_ADMIN.full_name,
        ACCOUNT_ADMIN.calling_name,
        ACCOUNT_ADMIN.provider_user_id,
        ACCOUNT_ADMIN.email,
        ACCOUNT_ADMIN.auth_token,
        manager_at,
        is_admin=True,
    )
    return World(rng, tokens, account, admin, cashier, consumers, wallets, requests, manager)
