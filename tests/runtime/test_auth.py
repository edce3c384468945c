"""The secret key: given, from the environment, absent, already prefixed, or a callable asked
again for every request and every retry."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.runtime.autumn import CREATE_OK, backoff, client, create, create_async, only
from tests.support import LoopbackServer, Reply


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
