"""Retries: backoff, the elapsed budget, Retry-After, connection errors, the default policy
for a POST, per-call overrides and idempotency keys."""

from __future__ import annotations

import logging
import time
from email.utils import formatdate
from types import ModuleType

import httpx
import pytest

from tests.runtime.autumn import (
    CREATE_OK,
    SECRET,
    Records,
    backoff,
    client,
    closed_port,
    create,
    create_async,
    no_retries,
)
from tests.support import LoopbackServer, Reply


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
