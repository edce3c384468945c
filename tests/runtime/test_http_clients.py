"""httpx clients: a user's own is used as given and left open; the SDK's own is reused and
closed on exit."""

from __future__ import annotations

from types import ModuleType

import httpx

from tests.runtime.autumn import CREATE_OK, client, create, create_async
from tests.support import LoopbackServer, Reply


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
