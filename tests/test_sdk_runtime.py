"""The generated SDK's runtime behaviour against a real HTTP server on 127.0.0.1.

Every test talks to a `LoopbackServer` over a real socket: no patched httpx, no mock transport.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

from tests.support import LoopbackServer, Reply, Seen, loopback_server

# -- helpers ----------------------------------------------------------------------------------

SECRET = "sk_test"
CREATE_OK: dict[str, Any] = {"code": "REF123", "customer_id": "cus_123", "created_at": 1700000000}
REDEEM_OK: dict[str, Any] = {"id": "red_1", "customer_id": "cus_456", "reward_id": "rew_1"}
CREATE_PATH = "/v1/referrals.create_code"
REDEEM_PATH = "/v1/referrals.redeem_code"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK reads these; a developer's shell must not change what the tests see."""
    monkeypatch.delenv("AUTUMN_SERVER_URL", raising=False)
    monkeypatch.delenv("AUTUMN_SECRET_KEY", raising=False)


def client(sdk: ModuleType, server: LoopbackServer, **options: Any) -> Any:
    """An `Autumn` client aimed at the loopback server, with the test secret."""
    options.setdefault("secret_key", SECRET)
    options.setdefault("server_url", server.url)
    return sdk.Autumn(**options)


def no_retries(sdk: ModuleType) -> Any:
    return sdk.utils.RetryConfig("none")


def backoff(
    sdk: ModuleType,
    initial_ms: int = 1,
    max_ms: int = 20,
    exponent: float = 1.5,
    elapsed_ms: int = 2000,
    connection_errors: bool = False,
) -> Any:
    strategy = sdk.utils.BackoffStrategy(initial_ms, max_ms, exponent, elapsed_ms)
    return sdk.utils.RetryConfig("backoff", strategy, connection_errors)


def create(autumn: Any, **options: Any) -> Any:
    return autumn.referrals.create_code(customer_id="cus_123", program_id="prog_123", **options)


async def create_async(autumn: Any, **options: Any) -> Any:
    return await autumn.referrals.create_code_async(
        customer_id="cus_123", program_id="prog_123", **options
    )


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, read, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def only(server: LoopbackServer) -> Seen:
    assert len(server.seen) == 1, [s.path for s in server.seen]
    return server.seen[0]


class Records(logging.Handler):
    """Keeps every formatted record, so a test can read the whole log as text."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def debug_log() -> Iterator[tuple[logging.Logger, Records]]:
    logger = logging.getLogger(f"test_sdk_runtime.{id(object())}")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    records = Records()
    logger.addHandler(records)
    try:
        yield logger, records
    finally:
        logger.removeHandler(records)


# -- 1. create_code ---------------------------------------------------------------------------


def test_create_code_sends_the_documented_request(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server) as autumn:
        create(autumn)

    seen = only(server)
    assert seen.method == "POST"
    assert seen.path == CREATE_PATH
    assert seen.json() == {"customer_id": "cus_123", "program_id": "prog_123"}
    assert seen.headers["authorization"] == "Bearer sk_test"
    assert seen.headers["x-api-version"] == "2.1"
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["accept"] == "application/json"
    assert seen.headers["user-agent"].startswith("autumn-sdk/0.1.0")
    assert int(seen.headers["content-length"]) == len(seen.body)


def test_create_code_parses_the_response(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, {**CREATE_OK, "created_at": 1700000000.5})]
    with client(sdk, server) as autumn:
        res = create(autumn)

    assert isinstance(res, sdk.models.CreateReferralCodeResponse)
    assert res.code == "REF123"
    assert isinstance(res.code, str)
    assert res.customer_id == "cus_123"
    assert res.created_at == 1700000000.5
    assert isinstance(res.created_at, float)


def test_integer_timestamp_becomes_a_float(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server) as autumn:
        res = create(autumn)
    assert isinstance(res.created_at, float)
    assert res.created_at == 1700000000.0


def test_x_api_version_can_be_chosen(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server, x_api_version="2.2") as autumn:
        create(autumn)
    assert only(server).headers["x-api-version"] == "2.2"


def test_unknown_response_fields_are_kept(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, {**CREATE_OK, "campaign": "spring", "uses": 3})]
    with client(sdk, server) as autumn:
        res = create(autumn)
    assert res.code == "REF123"
    assert res.model_extra == {"campaign": "spring", "uses": 3}
    assert res.campaign == "spring"
    assert res.uses == 3


def test_non_ascii_arguments_travel_as_utf8_json(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server) as autumn:
        autumn.referrals.create_code(customer_id="cüs_é😀", program_id='p"\\q')
    assert only(server).json() == {"customer_id": "cüs_é😀", "program_id": 'p"\\q'}


# -- 2. redeem_code, sync and async -----------------------------------------------------------


def test_redeem_code_sync(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, REDEEM_OK)]
    with client(sdk, server) as autumn:
        res = autumn.referrals.redeem_code(code="REF123", customer_id="cus_456")

    seen = only(server)
    assert (seen.method, seen.path) == ("POST", REDEEM_PATH)
    assert seen.json() == {"code": "REF123", "customer_id": "cus_456"}
    assert seen.headers["authorization"] == "Bearer sk_test"
    assert seen.headers["x-api-version"] == "2.1"
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["user-agent"].startswith("autumn-sdk/0.1.0")
    assert isinstance(res, sdk.models.RedeemReferralCodeResponse)
    assert (res.id, res.customer_id, res.reward_id) == ("red_1", "cus_456", "rew_1")


async def test_redeem_code_async(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, {**REDEEM_OK, "granted": True})]
    async with client(sdk, server, x_api_version="2.2") as autumn:
        res = await autumn.referrals.redeem_code_async(code="REF123", customer_id="cus_456")

    seen = only(server)
    assert (seen.method, seen.path) == ("POST", REDEEM_PATH)
    assert seen.json() == {"code": "REF123", "customer_id": "cus_456"}
    assert seen.headers["authorization"] == "Bearer sk_test"
    assert seen.headers["x-api-version"] == "2.2"
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["user-agent"].startswith("autumn-sdk/0.1.0")
    assert isinstance(res, sdk.models.RedeemReferralCodeResponse)
    assert (res.id, res.customer_id, res.reward_id) == ("red_1", "cus_456", "rew_1")
    assert res.model_extra == {"granted": True}


async def test_create_code_async(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    async with client(sdk, server) as autumn:
        res = await create_async(autumn)
    seen = only(server)
    assert (seen.method, seen.path) == ("POST", CREATE_PATH)
    assert seen.json() == {"customer_id": "cus_123", "program_id": "prog_123"}
    assert isinstance(res.created_at, float)


# -- 3. error responses -----------------------------------------------------------------------

ERROR_CASES = [
    (400, {"message": "bad request", "code": "invalid"}),
    (400, "plain text problem"),
    (404, {"message": "no such program"}),
    (404, "Not Found"),
    (500, {"message": "boom"}),
    (500, "Internal Server Error"),
]


@pytest.mark.parametrize(("status", "body"), ERROR_CASES)
def test_error_status_raises_default_error(
    sdk: ModuleType, server: LoopbackServer, status: int, body: str | dict[str, Any]
) -> None:
    headers = {"x-request-id": "req_42"}
    if isinstance(body, str):
        headers["content-type"] = "text/plain; charset=utf-8"
    server.replies = [Reply(status, body, headers)]
    with (
        client(sdk, server, retry_config=no_retries(sdk)) as autumn,
        pytest.raises(sdk.errors.AutumnDefaultError) as caught,
    ):
        create(autumn)

    err = caught.value
    text = body if isinstance(body, str) else json.dumps(body)
    assert isinstance(err, sdk.errors.AutumnError)
    assert err.status_code == status
    assert err.body == text
    assert str(status) in err.message
    assert str(status) in str(err)
    assert isinstance(err.headers, httpx.Headers)
    assert err.headers["x-request-id"] == "req_42"
    assert isinstance(err.raw_response, httpx.Response)
    assert err.raw_response.status_code == status
    assert err.raw_response.request.url.path == CREATE_PATH
    assert len(server.seen) == 1


@pytest.mark.parametrize(("status", "body"), ERROR_CASES)
async def test_error_status_raises_default_error_async(
    sdk: ModuleType, server: LoopbackServer, status: int, body: str | dict[str, Any]
) -> None:
    server.replies = [Reply(status, body)]
    async with client(sdk, server, retry_config=no_retries(sdk)) as autumn:
        with pytest.raises(sdk.errors.AutumnDefaultError) as caught:
            await autumn.referrals.redeem_code_async(code="x", customer_id="c")
    err = caught.value
    assert isinstance(err, sdk.errors.AutumnError)
    assert err.status_code == status
    assert err.body == (body if isinstance(body, str) else json.dumps(body))
    assert err.raw_response.status_code == status


@pytest.mark.parametrize("status", [201, 202, 204, 302])
def test_undocumented_status_raises_default_error(
    sdk: ModuleType, server: LoopbackServer, status: int
) -> None:
    body: dict[str, Any] | bytes = b"" if status == 204 else CREATE_OK
    headers = {"location": "/elsewhere"} if status == 302 else {}
    server.replies = [Reply(status, body, headers)]
    with (
        client(sdk, server, retry_config=no_retries(sdk)) as autumn,
        pytest.raises(sdk.errors.AutumnDefaultError) as caught,
    ):
        create(autumn)
    assert caught.value.status_code == status
    assert str(status) in caught.value.message
    assert len(server.seen) == 1


def test_long_error_body_is_kept_whole_but_message_stays_short(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    body = "x" * 10_000
    server.replies = [Reply(400, body, {"content-type": "text/plain"})]
    with client(sdk, server) as autumn, pytest.raises(sdk.errors.AutumnDefaultError) as caught:
        create(autumn)
    assert caught.value.body == body
    assert "400" in caught.value.message
    assert len(caught.value.message) < 3_000


# -- 4. response validation -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"code": "REF123", "customer_id": "cus_123"},  # created_at missing
        {**CREATE_OK, "created_at": "yesterday"},  # wrong type
        "this is { not json",  # garbage labelled as JSON
        "",  # empty body labelled as JSON
    ],
)
def test_bad_success_body_raises_validation_error(
    sdk: ModuleType, server: LoopbackServer, body: str | dict[str, Any]
) -> None:
    server.replies = [Reply(200, body, {"content-type": "application/json"})]
    with client(sdk, server) as autumn, pytest.raises(sdk.errors.ResponseValidationError) as caught:
        create(autumn)

    err = caught.value
    assert isinstance(err, sdk.errors.AutumnError)
    assert isinstance(err.cause, pydantic.ValidationError)
    assert err.__cause__ is err.cause
    assert err.status_code == 200
    assert err.body == (body if isinstance(body, str) else json.dumps(body))
    assert isinstance(err.raw_response, httpx.Response)
    assert len(server.seen) == 1


def test_missing_field_is_named_in_the_cause(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, {"id": "red_1", "customer_id": "cus_456"})]
    with client(sdk, server) as autumn, pytest.raises(sdk.errors.ResponseValidationError) as caught:
        autumn.referrals.redeem_code(code="REF123", customer_id="cus_456")
    errors = caught.value.cause.errors()
    assert [(e["type"], e["loc"]) for e in errors] == [("missing", ("reward_id",))]


async def test_bad_success_body_raises_validation_error_async(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(200, "<<garbage>>", {"content-type": "application/json"})]
    async with client(sdk, server) as autumn:
        with pytest.raises(sdk.errors.ResponseValidationError) as caught:
            await create_async(autumn)
    assert isinstance(caught.value.cause, pydantic.ValidationError)
    assert caught.value.body == "<<garbage>>"


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", None])
def test_success_with_wrong_content_type_raises_default_error(
    sdk: ModuleType, server: LoopbackServer, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    server.replies = [Reply(200, "<html>hello</html>", headers)]
    with client(sdk, server) as autumn, pytest.raises(sdk.errors.AutumnDefaultError) as caught:
        create(autumn)
    err = caught.value
    assert not isinstance(err, sdk.errors.ResponseValidationError)
    assert err.status_code == 200
    assert err.body == "<html>hello</html>"
    if content_type:
        assert "text/html" in err.message


# -- 5. timeouts ------------------------------------------------------------------------------


def test_client_timeout_raises_httpx_timeout(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK, delay=1.0)]
    with client(sdk, server, timeout_ms=100, retry_config=no_retries(sdk)) as autumn:
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException) as caught:
            create(autumn)
        elapsed = time.monotonic() - started
    assert isinstance(caught.value, httpx.ReadTimeout)
    assert not isinstance(caught.value, sdk.errors.AutumnError)
    assert elapsed < 0.8
    assert len(server.seen) == 1


def test_call_timeout_overrides_client_timeout(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK, delay=1.0)]
    with client(sdk, server, timeout_ms=30_000, retry_config=no_retries(sdk)) as autumn:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            create(autumn, timeout_ms=100)
        assert time.monotonic() - started < 0.8


def test_call_timeout_can_be_longer_than_client_timeout(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(200, CREATE_OK, delay=0.3)]
    with client(sdk, server, timeout_ms=100, retry_config=no_retries(sdk)) as autumn:
        res = create(autumn, timeout_ms=5_000)
    assert res.code == "REF123"


def test_client_timeout_applies_to_a_user_owned_client(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(200, CREATE_OK, delay=1.0)]
    with httpx.Client(timeout=30) as own:
        autumn = client(sdk, server, client=own, timeout_ms=100, retry_config=no_retries(sdk))
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            create(autumn)
        assert time.monotonic() - started < 0.8


async def test_timeout_async(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK, delay=1.0)]
    async with client(sdk, server, timeout_ms=30_000, retry_config=no_retries(sdk)) as autumn:
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException) as caught:
            await create_async(autumn, timeout_ms=100)
        assert time.monotonic() - started < 0.8
    assert isinstance(caught.value, httpx.ReadTimeout)


# -- 6. refused connections -------------------------------------------------------------------


def test_refused_connection_raises_connect_error(sdk: ModuleType) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with (
        sdk.Autumn(secret_key=SECRET, server_url=url, retry_config=no_retries(sdk)) as autumn,
        pytest.raises(httpx.ConnectError) as caught,
    ):
        create(autumn)
    assert not isinstance(caught.value, sdk.errors.AutumnError)


async def test_refused_connection_raises_connect_error_async(sdk: ModuleType) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    async with sdk.Autumn(secret_key=SECRET, server_url=url) as autumn:
        with pytest.raises(httpx.ConnectError):
            await create_async(autumn, retries=no_retries(sdk))


# -- 7. retries -------------------------------------------------------------------------------


def test_503_twice_then_success(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(503, "busy"), Reply(503, "busy"), Reply(200, CREATE_OK)]
    with client(sdk, server, retry_config=backoff(sdk)) as autumn:
        res = create(autumn)
    assert res.code == "REF123"
    assert len(server.seen) == 3
    # Every attempt is the same request, body and credentials included.
    assert all(s.json() == server.seen[0].json() for s in server.seen)
    assert all(s.headers["authorization"] == "Bearer sk_test" for s in server.seen)


def test_500_then_success(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(500, "oops"), Reply(200, CREATE_OK)]
    with client(sdk, server, retry_config=backoff(sdk)) as autumn:
        assert create(autumn).code == "REF123"
    assert len(server.seen) == 2


@pytest.mark.parametrize("status", [429, 502, 504])
def test_other_retryable_statuses(sdk: ModuleType, server: LoopbackServer, status: int) -> None:
    server.replies = [Reply(status, "later"), Reply(200, CREATE_OK)]
    with client(sdk, server, retry_config=backoff(sdk)) as autumn:
        assert create(autumn).code == "REF123"
    assert len(server.seen) == 2


@pytest.mark.parametrize("status", [400, 401, 404, 409, 422])
def test_client_errors_are_not_retried(
    sdk: ModuleType, server: LoopbackServer, status: int
) -> None:
    server.replies = [Reply(status, {"message": "no"}), Reply(200, CREATE_OK)]
    with (
        client(sdk, server, retry_config=backoff(sdk)) as autumn,
        pytest.raises(sdk.errors.AutumnDefaultError) as caught,
    ):
        create(autumn)
    assert caught.value.status_code == status
    assert len(server.seen) == 1


async def test_retries_async(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(503), Reply(502), Reply(200, CREATE_OK)]
    async with client(sdk, server, retry_config=backoff(sdk)) as autumn:
        res = await create_async(autumn)
    assert res.code == "REF123"
    assert len(server.seen) == 3


def test_elapsed_budget_stops_retrying(sdk: ModuleType, server: LoopbackServer) -> None:
    server.default = Reply(503, "still busy")
    config = backoff(sdk, initial_ms=10, max_ms=20, elapsed_ms=100)
    with client(sdk, server, retry_config=config) as autumn:
        started = time.monotonic()
        with pytest.raises(sdk.errors.AutumnDefaultError) as caught:
            create(autumn)
        elapsed = time.monotonic() - started
    assert caught.value.status_code == 503
    assert caught.value.body == "still busy"
    assert 1 < len(server.seen) < 200
    assert elapsed < 0.6


async def test_elapsed_budget_stops_retrying_async(sdk: ModuleType, server: LoopbackServer) -> None:
    server.default = Reply(503)
    config = backoff(sdk, initial_ms=10, max_ms=20, elapsed_ms=100)
    async with client(sdk, server, retry_config=config) as autumn:
        started = time.monotonic()
        with pytest.raises(sdk.errors.AutumnDefaultError):
            await create_async(autumn)
        assert time.monotonic() - started < 0.6
    assert 1 < len(server.seen) < 200


def test_retry_after_seconds_is_honoured(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(503, "wait", {"retry-after": "1"}), Reply(200, CREATE_OK)]
    config = backoff(sdk, initial_ms=1, max_ms=5000, elapsed_ms=10_000)
    with client(sdk, server, retry_config=config) as autumn:
        started = time.monotonic()
        assert create(autumn).code == "REF123"
        elapsed = time.monotonic() - started
    assert len(server.seen) == 2
    assert 0.9 <= elapsed < 3


def test_retry_after_ms_is_honoured(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(429, "slow down", {"retry-after-ms": "300"}), Reply(200, CREATE_OK)]
    config = backoff(sdk, initial_ms=1, max_ms=5000, elapsed_ms=10_000)
    with client(sdk, server, retry_config=config) as autumn:
        started = time.monotonic()
        assert create(autumn).code == "REF123"
        elapsed = time.monotonic() - started
    assert len(server.seen) == 2
    assert 0.25 <= elapsed < 2


def test_retry_after_beyond_the_budget_gives_up_at_once(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(503, "wait", {"retry-after": "30"}), Reply(200, CREATE_OK)]
    config = backoff(sdk, initial_ms=1, max_ms=60_000, elapsed_ms=1_000)
    with client(sdk, server, retry_config=config) as autumn:
        started = time.monotonic()
        with pytest.raises(sdk.errors.AutumnDefaultError) as caught:
            create(autumn)
        assert time.monotonic() - started < 0.5
    assert caught.value.status_code == 503
    assert len(server.seen) == 1


def test_retry_after_is_not_shortened_by_max_interval(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(503, "wait", {"retry-after-ms": "400"}), Reply(200, CREATE_OK)]
    config = backoff(sdk, initial_ms=1, max_ms=20, elapsed_ms=10_000)
    with client(sdk, server, retry_config=config) as autumn:
        started = time.monotonic()
        assert create(autumn).code == "REF123"
        elapsed = time.monotonic() - started
    assert len(server.seen) == 2
    assert elapsed >= 0.35


def test_connection_errors_are_retried_when_asked(
    sdk: ModuleType, debug_log: tuple[logging.Logger, Records]
) -> None:
    logger, records = debug_log
    url = f"http://127.0.0.1:{closed_port()}"
    config = backoff(sdk, initial_ms=5, max_ms=20, elapsed_ms=300, connection_errors=True)
    with sdk.Autumn(
        secret_key=SECRET, server_url=url, retry_config=config, debug_logger=logger
    ) as autumn:
        started = time.monotonic()
        with pytest.raises(httpx.ConnectError):
            create(autumn)
        elapsed = time.monotonic() - started
    failures = [line for line in records.lines if line.startswith("Request failed")]
    assert len(failures) > 1
    assert 0.1 < elapsed < 2


def test_connection_errors_are_not_retried_by_default_backoff(
    sdk: ModuleType, debug_log: tuple[logging.Logger, Records]
) -> None:
    logger, records = debug_log
    url = f"http://127.0.0.1:{closed_port()}"
    with (
        sdk.Autumn(
            secret_key=SECRET, server_url=url, retry_config=backoff(sdk), debug_logger=logger
        ) as autumn,
        pytest.raises(httpx.ConnectError),
    ):
        create(autumn)
    assert len([line for line in records.lines if line.startswith("Request failed")]) == 1


def test_timeouts_are_retried_when_connection_errors_are(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(200, CREATE_OK, delay=1.0)]
    server.default = Reply(200, {**CREATE_OK, "code": "SECOND"})
    config = backoff(sdk, elapsed_ms=2_000, connection_errors=True)
    with client(sdk, server, retry_config=config, timeout_ms=100) as autumn:
        assert create(autumn).code == "SECOND"
    assert len(server.seen) == 2


def test_default_policy_does_not_retry_post_503_without_retry_after(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(503, "busy"), Reply(200, CREATE_OK)]
    with client(sdk, server) as autumn, pytest.raises(sdk.errors.AutumnDefaultError) as caught:
        create(autumn)
    assert caught.value.status_code == 503
    assert len(server.seen) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "0"},
        {"retry-after-ms": "0"},
        {"retry-after": formatdate(time.time() - 3600, usegmt=True)},  # a date in the past
    ],
)
def test_default_policy_retries_post_503_with_retry_after(
    sdk: ModuleType, server: LoopbackServer, headers: dict[str, str]
) -> None:
    server.replies = [Reply(503, "busy", headers), Reply(200, CREATE_OK)]
    with client(sdk, server) as autumn:
        started = time.monotonic()
        assert create(autumn).code == "REF123"
        assert time.monotonic() - started < 1
    assert len(server.seen) == 2


def test_default_policy_honours_retry_after_ms_on_429(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(429, "slow down", {"retry-after-ms": "300"}), Reply(200, CREATE_OK)]
    with client(sdk, server) as autumn:
        started = time.monotonic()
        assert create(autumn).code == "REF123"
        elapsed = time.monotonic() - started
    assert len(server.seen) == 2
    assert 0.25 <= elapsed < 2


@pytest.mark.parametrize("status", [500, 502, 504])
def test_default_policy_does_not_retry_post_5xx_even_with_retry_after(
    sdk: ModuleType, server: LoopbackServer, status: int
) -> None:
    server.replies = [Reply(status, "down", {"retry-after": "0"}), Reply(200, CREATE_OK)]
    with client(sdk, server) as autumn, pytest.raises(sdk.errors.AutumnDefaultError) as caught:
        create(autumn)
    assert caught.value.status_code == status
    assert len(server.seen) == 1


def test_call_retries_override_client_retry_config(sdk: ModuleType, server: LoopbackServer) -> None:
    with client(sdk, server, retry_config=no_retries(sdk)) as autumn:
        server.replies = [Reply(503), Reply(200, CREATE_OK)]
        assert create(autumn, retries=backoff(sdk)).code == "REF123"
        assert len(server.seen) == 2

        server.replies = [Reply(503), Reply(200, CREATE_OK)]
        with pytest.raises(sdk.errors.AutumnDefaultError):
            create(autumn)
        assert len(server.seen) == 3


def test_call_retries_none_overrides_client_backoff(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(503), Reply(200, CREATE_OK)]
    with (
        client(sdk, server, retry_config=backoff(sdk)) as autumn,
        pytest.raises(sdk.errors.AutumnDefaultError) as caught,
    ):
        create(autumn, retries=no_retries(sdk))
    assert caught.value.status_code == 503
    assert len(server.seen) == 1


# -- 8. client options ------------------------------------------------------------------------


def test_call_server_url_goes_to_another_server(sdk: ModuleType, server: LoopbackServer) -> None:
    server.default = Reply(500, "wrong server")
    with loopback_server() as other:
        other.replies = [Reply(200, CREATE_OK)]
        with client(sdk, server) as autumn:
            assert create(autumn, server_url=other.url).code == "REF123"
        assert [s.path for s in other.seen] == [CREATE_PATH]
    assert server.seen == []


@pytest.mark.parametrize(("suffix", "path"), [("/", CREATE_PATH), ("/api/", "/api" + CREATE_PATH)])
def test_server_url_with_slash_or_base_path(
    sdk: ModuleType, server: LoopbackServer, suffix: str, path: str
) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server, server_url=server.url + suffix) as autumn:
        create(autumn)
    assert only(server).path == path


def test_http_headers_arrive_and_win(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server) as autumn:
        create(autumn, http_headers={"X-Trace-Id": "trace-1", "X-API-Version": "2.9"})
    seen = only(server)
    assert seen.headers["x-trace-id"] == "trace-1"
    assert seen.headers["x-api-version"] == "2.9"
    assert seen.headers["authorization"] == "Bearer sk_test"


def test_http_headers_are_per_call(sdk: ModuleType, server: LoopbackServer) -> None:
    server.default = Reply(200, CREATE_OK)
    with client(sdk, server) as autumn:
        create(autumn, http_headers={"x-trace-id": "trace-1"})
        create(autumn)
    assert server.seen[0].headers["x-trace-id"] == "trace-1"
    assert "x-trace-id" not in server.seen[1].headers


def test_server_url_from_environment(
    sdk: ModuleType, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTUMN_SERVER_URL", server.url)
    server.replies = [Reply(200, CREATE_OK)]
    with sdk.Autumn(secret_key=SECRET) as autumn:
        assert create(autumn).code == "REF123"
    assert only(server).path == CREATE_PATH


def test_explicit_server_url_beats_environment(
    sdk: ModuleType, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTUMN_SERVER_URL", f"http://127.0.0.1:{closed_port()}")
    server.replies = [Reply(200, CREATE_OK)]
    with sdk.Autumn(secret_key=SECRET, server_url=server.url) as autumn:
        assert create(autumn, retries=no_retries(sdk)).code == "REF123"
    assert len(server.seen) == 1


def test_secret_key_from_environment(
    sdk: ModuleType, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTUMN_SECRET_KEY", "sk_from_env")
    server.replies = [Reply(200, CREATE_OK)]
    with sdk.Autumn(server_url=server.url) as autumn:
        create(autumn)
    assert only(server).headers["authorization"] == "Bearer sk_from_env"


def test_explicit_secret_key_beats_environment(
    sdk: ModuleType, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTUMN_SECRET_KEY", "sk_from_env")
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server, secret_key="sk_explicit") as autumn:
        create(autumn)
    assert only(server).headers["authorization"] == "Bearer sk_explicit"


def test_no_secret_sends_no_authorization(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    with sdk.Autumn(server_url=server.url) as autumn:
        create(autumn)
    assert "authorization" not in only(server).headers


def test_secret_with_bearer_prefix_is_not_doubled(sdk: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server, secret_key="Bearer sk_prefixed") as autumn:
        create(autumn)
    assert only(server).headers["authorization"] == "Bearer sk_prefixed"


def test_secret_key_callable_is_called_per_request(sdk: ModuleType, server: LoopbackServer) -> None:
    tokens = iter(["tok_1", "tok_2", "tok_3"])
    calls: list[str] = []

    def secret() -> str:
        calls.append(token := next(tokens))
        return token

    server.default = Reply(200, CREATE_OK)
    with client(sdk, server, secret_key=secret) as autumn:
        create(autumn)
        create(autumn)
    assert calls == ["tok_1", "tok_2"]
    assert [s.headers["authorization"] for s in server.seen] == ["Bearer tok_1", "Bearer tok_2"]


async def test_secret_key_callable_async(sdk: ModuleType, server: LoopbackServer) -> None:
    counter = iter(range(1, 100))
    server.default = Reply(200, CREATE_OK)
    async with client(sdk, server, secret_key=lambda: f"tok_{next(counter)}") as autumn:
        await create_async(autumn)
        await create_async(autumn)
    assert [s.headers["authorization"] for s in server.seen] == ["Bearer tok_1", "Bearer tok_2"]


def test_secret_key_callable_is_called_again_for_a_retry(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    counter = iter(range(1, 100))
    server.replies = [Reply(503), Reply(200, CREATE_OK)]
    with client(sdk, server, secret_key=lambda: f"tok_{next(counter)}") as autumn:
        create(autumn, retries=backoff(sdk))
    assert [s.headers["authorization"] for s in server.seen] == ["Bearer tok_1", "Bearer tok_2"]


# -- 9. user-owned and SDK-owned HTTP clients -------------------------------------------------


def test_user_client_headers_kept_and_client_left_open(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, CREATE_OK)
    own = httpx.Client(headers={"x-custom": "1"})
    try:
        with client(sdk, server, client=own) as autumn:
            create(autumn)
        seen = server.seen[0]
        assert seen.headers["x-custom"] == "1"
        assert seen.headers["authorization"] == "Bearer sk_test"
        assert seen.headers["x-api-version"] == "2.1"
        assert own.is_closed is False
        assert own.get(server.url + "/still-usable").status_code == 200
        assert server.seen[-1].path == "/still-usable"
    finally:
        own.close()


async def test_user_async_client_headers_kept_and_client_left_open(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, CREATE_OK)
    own = httpx.AsyncClient(headers={"x-custom": "1"})
    try:
        async with client(sdk, server, async_client=own) as autumn:
            await create_async(autumn)
        seen = server.seen[0]
        assert seen.headers["x-custom"] == "1"
        assert seen.headers["authorization"] == "Bearer sk_test"
        assert own.is_closed is False
        assert (await own.get(server.url + "/still-usable")).status_code == 200
        assert server.seen[-1].path == "/still-usable"
    finally:
        await own.aclose()


async def test_async_exit_leaves_a_user_sync_client_open(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, CREATE_OK)
    own = httpx.Client()
    try:
        async with client(sdk, server, client=own) as autumn:
            create(autumn)
            await create_async(autumn)
            inner = autumn._core.async_client
        assert own.is_closed is False
        assert inner is not None and inner.is_closed
    finally:
        own.close()


def test_sdk_owned_client_is_closed_on_exit(sdk: ModuleType, server: LoopbackServer) -> None:
    server.default = Reply(200, CREATE_OK)
    with client(sdk, server) as autumn:
        create(autumn)
        inner = autumn._core.client
        assert isinstance(inner, httpx.Client)
        assert not inner.is_closed
    assert inner.is_closed
    assert autumn._core.client is None or autumn._core.client.is_closed


async def test_sdk_owned_async_client_is_closed_on_exit(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, CREATE_OK)
    async with client(sdk, server) as autumn:
        await create_async(autumn)
        inner = autumn._core.async_client
        assert isinstance(inner, httpx.AsyncClient)
        assert not inner.is_closed
    assert inner.is_closed
    assert autumn._core.async_client is None or autumn._core.async_client.is_closed


def test_client_reused_across_calls_and_usable_after_close(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, CREATE_OK)
    autumn = client(sdk, server)
    create(autumn)
    first = autumn._core.client
    create(autumn)
    assert autumn._core.client is first
    autumn.close()
    assert first.is_closed
    assert create(autumn).code == "REF123"
    autumn.close()
    assert len(server.seen) == 3


# -- 10. debug logging ------------------------------------------------------------------------


def test_debug_logger_logs_requests_without_secrets(
    sdk: ModuleType, server: LoopbackServer, debug_log: tuple[logging.Logger, Records]
) -> None:
    logger, records = debug_log
    server.replies = [
        Reply(200, CREATE_OK, {"set-cookie": "session=sk_test_secret"}),
        Reply(404, {"message": "no such code"}),
    ]
    with client(sdk, server, secret_key="sk_test_secret", debug_logger=logger) as autumn:
        create(autumn)
        with pytest.raises(sdk.errors.AutumnDefaultError):
            autumn.referrals.redeem_code(code="REF123", customer_id="cus_456")

    text = records.text
    assert "POST" in text
    assert CREATE_PATH in text
    assert REDEEM_PATH in text
    assert "200" in text
    assert "404" in text
    assert "cus_123" in text and "prog_123" in text  # the request body
    assert "no such code" in text  # the error response body
    assert "sk_test_secret" not in text
    assert "[REDACTED]" in text


async def test_debug_logger_async_and_callable_secret(
    sdk: ModuleType, server: LoopbackServer, debug_log: tuple[logging.Logger, Records]
) -> None:
    logger, records = debug_log
    server.replies = [Reply(503, "busy", {"retry-after": "0"}), Reply(200, CREATE_OK)]
    async with client(
        sdk, server, secret_key=lambda: "sk_test_secret", debug_logger=logger
    ) as autumn:
        await create_async(autumn)
    text = records.text
    assert "POST" in text and CREATE_PATH in text
    assert "503" in text and "200" in text
    assert "sk_test_secret" not in text
    assert "[REDACTED]" in text
    assert all(s.headers["authorization"] == "Bearer sk_test_secret" for s in server.seen)


def test_debug_logger_silent_above_debug(
    sdk: ModuleType, server: LoopbackServer, debug_log: tuple[logging.Logger, Records]
) -> None:
    logger, records = debug_log
    logger.setLevel(logging.INFO)
    server.replies = [Reply(200, CREATE_OK)]
    with client(sdk, server, debug_logger=logger) as autumn:
        create(autumn)
    assert records.lines == []


# -- 11. concurrency --------------------------------------------------------------------------


def echo_code(seen: Seen) -> Reply:
    """Answers with a code derived from the request, so crossed responses would show."""
    customer = seen.json()["customer_id"]
    return Reply(200, {"code": f"code-{customer}", "customer_id": customer, "created_at": 1})


async def test_a_thousand_concurrent_async_calls(sdk: ModuleType, server: LoopbackServer) -> None:
    server.default = echo_code
    async with client(sdk, server) as autumn:
        results = await asyncio.gather(
            *(
                autumn.referrals.create_code_async(customer_id=f"cus_{i}", program_id="p")
                for i in range(1000)
            )
        )
        pool = autumn._core.async_client._transport._pool
    assert [r.code for r in results] == [f"code-cus_{i}" for i in range(1000)]
    assert len(server.seen) == 1000
    assert pool.connections == []  # every connection closed with the client


def test_threads_share_one_sync_client(sdk: ModuleType, server: LoopbackServer) -> None:
    server.default = echo_code
    failures: list[BaseException] = []
    codes: list[str] = []
    lock = threading.Lock()

    with client(sdk, server) as autumn:

        def work(thread: int) -> None:
            for call in range(10):
                customer = f"cus_{thread}_{call}"
                try:
                    res = autumn.referrals.create_code(customer_id=customer, program_id="p")
                    assert res.code == f"code-{customer}"
                    with lock:
                        codes.append(res.code)
                except BaseException as error:
                    with lock:
                        failures.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
        clients = {id(autumn._core.client)}

    assert failures == []
    assert len(codes) == 80
    assert len(set(codes)) == 80
    assert len(server.seen) == 80
    assert len(clients) == 1


def test_with_raw_response_gives_status_and_headers(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(200, CREATE_OK, {"x-request-id": "req_1"})]
    with client(sdk, server) as autumn:
        raw = sdk.utils.with_raw_response(autumn.referrals.create_code)(
            customer_id="cus_123", program_id="prog_123"
        )
    assert raw.data.code == "REF123"
    assert (raw.status_code, raw.headers["x-request-id"]) == (200, "req_1")
    assert raw.http_response.request.url.path == CREATE_PATH


async def test_with_raw_response_async_keeps_concurrent_calls_apart(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    def reply(seen: Seen) -> Reply:
        customer = seen.json()["customer_id"]
        return Reply(200, {**CREATE_OK, "customer_id": customer}, {"x-customer": customer})

    server.default = reply
    async with client(sdk, server) as autumn:
        wrapped = sdk.utils.with_raw_response_async(autumn.referrals.create_code_async)
        results = await asyncio.gather(
            *(wrapped(customer_id=f"cus_{i}", program_id="p") for i in range(20))
        )
    assert [r.headers["x-customer"] for r in results] == [f"cus_{i}" for i in range(20)]
    assert [r.data.customer_id for r in results] == [f"cus_{i}" for i in range(20)]


def test_hooks_see_and_change_requests_and_see_every_outcome(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    seen: list[str] = []
    hooks = sdk.utils.Hooks()

    def stamp(request: httpx.Request) -> httpx.Request:
        request.headers["x-trace"] = "t-1"
        return request

    hooks.before_request.append(stamp)
    hooks.after_success.append(lambda response: seen.append(f"ok {response.status_code}"))
    hooks.after_error.append(
        lambda response, error: seen.append(
            f"error {response.status_code if response is not None else type(error).__name__}"
        )
    )
    server.replies = [Reply(200, CREATE_OK), Reply(500, "boom")]
    with client(sdk, server, hooks=hooks, retry_config=no_retries(sdk)) as autumn:
        create(autumn)
        with pytest.raises(sdk.errors.AutumnDefaultError):
            create(autumn)
    refused = f"http://127.0.0.1:{closed_port()}"
    with (
        client(sdk, server, hooks=hooks, server_url=refused) as autumn,
        pytest.raises(httpx.ConnectError),
    ):
        create(autumn, retries=no_retries(sdk))
    assert [s.headers["x-trace"] for s in server.seen] == ["t-1", "t-1"]
    assert seen == ["ok 200", "error 500", "error ConnectError"]


async def test_async_hooks_are_awaited(sdk: ModuleType, server: LoopbackServer) -> None:
    seen: list[str] = []
    hooks = sdk.utils.Hooks()

    async def stamp(request: httpx.Request) -> httpx.Request:
        await asyncio.sleep(0)
        request.headers["x-trace"] = "async"
        return request

    async def done(response: httpx.Response) -> None:
        seen.append(f"ok {response.status_code}")

    hooks.before_request_async.append(stamp)
    hooks.after_success_async.append(done)
    server.replies = [Reply(200, CREATE_OK)]
    async with client(sdk, server, hooks=hooks) as autumn:
        await create_async(autumn)
    assert server.seen[0].headers["x-trace"] == "async"
    assert seen == ["ok 200"]


def test_safe_default_timeout(sdk: ModuleType, server: LoopbackServer) -> None:
    """Without configuration a request still times out (60 s); a client passed in keeps its own."""
    with sdk.Autumn(server_url=server.url) as autumn:
        own = autumn._core.sync_client()
        assert own.timeout == httpx.Timeout(60.0)
    given = httpx.Client(timeout=7.0)
    with sdk.Autumn(server_url=server.url, client=given) as autumn:
        assert autumn._core.sync_client().timeout == httpx.Timeout(7.0)
    given.close()


def test_a_malformed_response_is_httpx_own_error(sdk: ModuleType) -> None:
    """Garbage on the wire is httpx.RemoteProtocolError, never an invented status."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def garbage() -> None:
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        connection.close()

    thread = threading.Thread(target=garbage, daemon=True)
    thread.start()
    try:
        with (
            sdk.Autumn(server_url=f"http://127.0.0.1:{port}", secret_key="k") as autumn,
            pytest.raises(httpx.RemoteProtocolError),
        ):
            create(autumn, retries=no_retries(sdk))
    finally:
        thread.join(timeout=5)
        listener.close()


def test_idempotency_keys_on_request_make_a_post_retryable(
    sdk: ModuleType, server: LoopbackServer
) -> None:
    """The spec declares no Idempotency-Key here; the client is asked to send one."""
    server.replies = [Reply(502, "bad gateway"), Reply(200, CREATE_OK)]
    with client(sdk, server, idempotency_header="Idempotency-Key") as autumn:
        assert create(autumn).code == "REF123"
    first, retry = server.seen
    assert len(first.headers["idempotency-key"]) == 32
    assert retry.headers["idempotency-key"] == first.headers["idempotency-key"]
    server.seen.clear()
    server.replies = [Reply(502, "bad gateway")]
    with client(sdk, server) as autumn, pytest.raises(sdk.errors.AutumnDefaultError):
        create(autumn)  # without a key, a POST is not retried on a 502
    assert len(server.seen) == 1 and "idempotency-key" not in server.seen[0].headers
