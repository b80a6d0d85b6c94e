"""Bad HTTP answers through the real EWalletApi: every one is an ApiError with a clear
code and message — never another exception — and none holds the secret."""

from __future__ import annotations

import asyncio
import functools
import json
import tracemalloc
import zlib
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ewallet_monitor.api import ApiError, ApiTimeout, EWalletApi
from ewallet_monitor.api.bounded import MAX_ANSWER_BYTES
from ewallet_monitor.api.errors import (
    ANSWER_TOO_LARGE,
    BAD_RESPONSE,
    CONNECTION_FAILED,
    CONNECTION_LOST,
    TIMEOUT,
)
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.urls import resolve_endpoints
from tests.client.harness import free_port
from tests.reliability.harness import CANARY, UNIT, http_server, record_figure, run

tried = [0]


@pytest.fixture(scope="module", autouse=True)
def report_count() -> Iterator[None]:
    yield
    record_figure("bad_http_answers", tried=tried[0])


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CREDS = Credentials(AuthScheme.OMG_CLIENT, "api-key", CANARY)
ENVELOPE_500 = {
    "version": "1",
    "success": False,
    "data": {
        "object": "error",
        "code": "server:internal_server_error",
        "description": "Something went wrong on the server.",
        "messages": None,
    },
}


def text(body: str | bytes, status: int = 200, content_type: str = "application/json") -> Handler:
    async def answer(request: web.Request) -> web.StreamResponse:
        data = body.encode() if isinstance(body, str) else body
        return web.Response(body=data, status=status, headers={"Content-Type": content_type})

    return answer


async def truncated(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    response.content_length = 1000
    await response.prepare(request)
    await response.write(b'{"version":"1","success":tr')
    assert request.transport is not None
    request.transport.close()
    return response


async def hangs_in_body(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    response.content_length = 1000
    await response.prepare(request)
    await response.write(b'{"version":"1",')
    await asyncio.sleep(30 * UNIT)
    return response


async def hangs_up(request: web.Request) -> web.StreamResponse:
    assert request.transport is not None
    request.transport.close()
    await asyncio.sleep(UNIT)
    return web.Response()


# (case, handler, expected code, words the message must contain)
CASES: list[tuple[str, Handler, str, str]] = [
    ("plain text", text("hello, world"), BAD_RESPONSE, "instead of an eWallet JSON answer"),
    (
        "HTML error page",
        text("<html><h1>502 Bad Gateway</h1></html>", 502, "text/html"),
        BAD_RESPONSE,
        "HTTP 502",
    ),
    (
        "HTTP 500 envelope",
        text(json.dumps(ENVELOPE_500), 500),
        "server:internal_server_error",
        "went wrong",
    ),
    ("empty body", text(""), BAD_RESPONSE, "an empty body"),
    ("empty 204", text("", 204), BAD_RESPONSE, "HTTP 204"),
    ("wrong content type, not JSON", text("ok", content_type="text/plain"), BAD_RESPONSE, "'ok'"),
    ("truncated body", truncated, BAD_RESPONSE, "cut short"),
    ("JSON array", text("[1,2]"), BAD_RESPONSE, "instead of"),
    ("JSON null", text("null"), BAD_RESPONSE, "instead of"),
    (
        "success is a string",
        text('{"version":"1","success":"yes","data":{}}'),
        BAD_RESPONSE,
        "instead of",
    ),
    (
        "success without an object",
        text('{"version":"1","success":true,"data":[1]}'),
        BAD_RESPONSE,
        "expected a transaction_consumption object",
    ),
    (
        "failure without an error object",
        text('{"version":"1","success":false,"data":5}'),
        BAD_RESPONSE,
        "without an error object",
    ),
    ("100000 nested arrays", text("[" * 100_000 + "]" * 100_000), BAD_RESPONSE, "instead of"),
    (
        "integer of 100000 digits",
        text('{"success":true,"data":' + "1" * 100_000 + "}"),
        BAD_RESPONSE,
        "instead of",
    ),
    ("invalid UTF-8", text(b"\xff\xfe{\x00"), BAD_RESPONSE, "instead of"),
    # Connected and sent, then cut off: the action may have been handled (outcome unknown).
    ("server hangs up", hangs_up, CONNECTION_LOST, "broke"),
    ("body never finishes", hangs_in_body, TIMEOUT, "no answer"),
]


async def approve_through(handler: Handler, wait: float = 3 * UNIT) -> ApiError:
    async with http_server(handler) as url:
        api = EWalletApi(resolve_endpoints(url, CREDS.scheme), CREDS, timeout=wait)
        try:
            await api.approve("txc_01cbfg9qtdken61agxhx6wvj9h")
        except ApiError as error:
            return error
        finally:
            await api.close()
    raise AssertionError("the call succeeded")


@pytest.mark.parametrize(
    ("handler", "code", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_a_bad_answer_is_an_api_error_with_a_clear_code(
    handler: Handler, code: str, words: str
) -> None:
    async def scenario() -> None:
        error = await approve_through(handler)
        tried[0] += 1
        assert error.code == code
        assert words in str(error)
        assert CANARY not in str(error) and CANARY not in repr(error)
        if code == TIMEOUT:
            assert isinstance(error, ApiTimeout)

    run(scenario)


def test_a_valid_envelope_with_an_unexpected_content_type_is_accepted() -> None:
    # Lenient on purpose: proxies and old servers mislabel JSON; the body decides.
    body = {
        "version": "1",
        "success": True,
        "data": {"object": "transaction_consumption", "id": "txc_x", "status": "confirmed"},
    }

    async def scenario() -> None:
        async with http_server(text(json.dumps(body), content_type="text/html")) as url:
            api = EWalletApi(resolve_endpoints(url, CREDS.scheme), CREDS, timeout=3 * UNIT)
            assert (await api.approve("txc_x"))["status"] == "confirmed"
            await api.close()

    run(scenario)


def test_nobody_listening_is_a_connection_failure() -> None:
    async def scenario() -> None:
        url = f"http://127.0.0.1:{free_port()}"
        api = EWalletApi(resolve_endpoints(url, CREDS.scheme), CREDS, timeout=3 * UNIT)
        with pytest.raises(ApiError) as failed:
            await api.approve("txc_x")
        assert failed.value.code == CONNECTION_FAILED
        await api.close()

    run(scenario)


async def approve_or_error(api: EWalletApi) -> dict[str, Any] | ApiError:
    """The answer, or the ApiError it raised (any other exception fails the test)."""
    try:
        return await api.approve("txc_x")
    except ApiError as error:
        return error


answers = st.tuples(
    st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 418, 500, 502, 503]),
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
            max_leaves=10,
        ).map(lambda v: json.dumps(v).encode()),
        st.fixed_dictionaries(
            {"version": st.just("1"), "success": st.booleans()},
            optional={
                "data": st.none()
                | st.integers()
                | st.dictionaries(
                    st.sampled_from(["object", "code", "description", "messages", "id", "status"]),
                    st.none() | st.text(max_size=10) | st.integers(),
                    max_size=5,
                )
            },
        ).map(lambda v: json.dumps(v).encode()),
    ),
    st.sampled_from(
        [
            "application/json",
            "application/vnd.omisego.v1+json",
            "text/html",
            "text/plain",
            "application/octet-stream",
        ]
    ),
)


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(batch=st.lists(answers, min_size=1, max_size=8))
def test_random_answers_are_results_or_api_errors(batch: list[tuple[int, bytes, str]]) -> None:
    async def scenario() -> None:
        queue = list(batch)

        async def answer(request: web.Request) -> web.StreamResponse:
            status, body, content_type = queue.pop(0)
            if status in (204, 301):
                return web.Response(status=status)
            return web.Response(body=body, status=status, headers={"Content-Type": content_type})

        async with http_server(answer) as url:
            api = EWalletApi(resolve_endpoints(url, CREDS.scheme), CREDS, timeout=10 * UNIT)
            for _ in batch:
                outcome = await approve_or_error(api)
                if isinstance(outcome, ApiError):
                    assert outcome.code and CANARY not in str(outcome)
                else:
                    assert isinstance(outcome, dict)
            await api.close()
        tried[0] += len(batch)

    run(scenario)


# A gzip body of ~250 KB that inflates to 256 MB, and a plain body of 24 MB.
BOMB_DECODED = 256 * 1024 * 1024


@functools.cache
def gzip_bomb() -> bytes:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1024 * 1024)
    parts = [squeezer.compress(block) for _ in range(BOMB_DECODED // len(block))]
    return b"".join(parts) + squeezer.flush()


async def bomb(request: web.Request) -> web.StreamResponse:
    return web.Response(
        body=gzip_bomb(),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )


async def endless_plain(request: web.Request) -> web.StreamResponse:
    # Chunked, so no Content-Length tells the client in advance.
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    await response.prepare(request)
    chunk = b"{" + b" " * (1024 * 1024 - 1)
    for _ in range(24):
        await response.write(chunk)
    await response.write_eof()
    return response


@pytest.mark.parametrize("handler", [bomb, endless_plain], ids=["gzip bomb", "24 MB plain body"])
def test_an_answer_over_the_cap_is_refused_with_bounded_memory(handler: Handler) -> None:
    peak = [0]
    gzip_bomb()  # built before the clock starts

    async def scenario() -> None:
        tracemalloc.start()
        try:
            error = await approve_through(handler, wait=100 * UNIT)
            peak[0] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert error.code == ANSWER_TOO_LARGE
        assert "8,388,608 bytes" in str(error)
        assert CANARY not in str(error)

    run(scenario)
    record_figure("http_answer_cap", case=handler.__name__, peak_mb=round(peak[0] / 2**20, 1))
    # The cap plus aiohttp's buffers: never the whole answer.
    assert peak[0] < MAX_ANSWER_BYTES + 8 * 2**20


def test_an_answer_under_the_cap_is_read_whole() -> None:
    body = {
        "version": "1",
        "success": True,
        "data": {
            "object": "transaction_consumption",
            "id": "txc_x",
            "status": "confirmed",
            "metadata": {"note": "x" * (7 * 2**20)},
        },
    }

    async def scenario() -> None:
        async with http_server(text(json.dumps(body))) as url:
            api = EWalletApi(resolve_endpoints(url, CREDS.scheme), CREDS, timeout=30 * UNIT)
            answer = await api.approve("txc_x")
            await api.close()
        assert len(answer["metadata"]["note"]) == 7 * 2**20

    run(scenario)
