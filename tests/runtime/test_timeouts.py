"""Timeouts: the client's, a call's own, the safe default, and a user-owned httpx client's."""

from __future__ import annotations

import time
from types import ModuleType

import httpx
import pytest

from tests.runtime.autumn import CREATE_OK, client, create, create_async, no_retries
from tests.support import LoopbackServer, Reply


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


def test_safe_default_timeout(sdk: ModuleType, server: LoopbackServer) -> None:
    """Without configuration a request still times out (60 s); a client passed in keeps its own."""
    with sdk.Autumn(server_url=server.url) as autumn:
        own = autumn._core.sync_client()
        assert own.timeout == httpx.Timeout(60.0)
    given = httpx.Client(timeout=7.0)
    with sdk.Autumn(server_url=server.url, client=given) as autumn:
        assert autumn._core.sync_client().timeout == httpx.Timeout(7.0)
    given.close()
