"""Where a call goes and what it carries: the server URL (per client, per call, from the
environment) and extra HTTP headers."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.runtime.autumn import (
    CREATE_OK,
    CREATE_PATH,
    SECRET,
    client,
    closed_port,
    create,
    no_retries,
    only,
)
from tests.support import LoopbackServer, Reply, loopback_server


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
