"""Watching calls: the debug logger (secrets redacted) and the request and response hooks."""

from __future__ import annotations

import asyncio
import logging
from types import ModuleType

import httpx
import pytest

from tests.runtime.autumn import (
    CREATE_OK,
    CREATE_PATH,
    REDEEM_PATH,
    Records,
    client,
    closed_port,
    create,
    create_async,
    no_retries,
)
from tests.support import LoopbackServer, Reply

# -- debug logging --------------------------------------------------------------------------------


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


# -- hooks ----------------------------------------------------------------------------------------


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
