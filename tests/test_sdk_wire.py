"""What an SDK puts on the wire, generated from tests/specs/wire.yaml and sent to a loopback
server: every parameter style, parameter defaults, servers and their variables, security."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import pytest

from tests.support import LoopbackServer, Reply, generated_sdk

SPEC = Path(__file__).resolve().parent / "specs" / "wire.yaml"


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("wire") / "sdk"
    with generated_sdk(
        SPEC, out, package_name="wire-sdk", module="wire_sdk", client_class="Wire"
    ) as module:
        yield module


def client(wire: ModuleType, server: LoopbackServer, **options: Any) -> Any:
    return wire.Wire(server_url=server.url, retry_config=wire.utils.RetryConfig("none"), **options)


def test_every_parameter_style_is_serialized_as_openapi_defines_it(
    wire: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, {"ok": True})
    with client(wire, server) as api:
        res = api.items.get_item(
            plain="a/b c?",
            labelled=["x", "y z"],
            matrixed={"k": "v", "q": "w"},
            exploded=[1, 2],
            ids=[1, 2, 3],
            words=["big", "red"],
            filter={"color": "red", "size": {"min": 1, "max": 5}},
            csv=["a", "b"],
            spread={"p": "1", "r": "2"},
            x_shape={"a": "1", "b": "2"},
            x_list=["m", "n"],
            session="s 1;x",
            prefs=["dark", "wide"],
        )
    assert res.ok is True
    (seen,) = server.seen
    path, _, query = seen.path.partition("?")
    assert path == "/items/a%2Fb%20c%3F/.x,y%20z/;k=v;q=w/.1.2"
    assert unquote(query.replace("+", " ")).split("&") == [
        "ids=1|2|3",
        "words=big red",
        "filter[color]=red",
        "filter[size][min]=1",
        "filter[size][max]=5",
        "csv=a,b",
        "p=1",
        "r=2",
        "limit=10",
        "order=asc",
    ]
    assert seen.headers["x-shape"] == "a=1,b=2"
    assert seen.headers["x-list"] == "m,n"
    assert seen.headers["cookie"] == "session=s%201%3Bx; prefs=dark%2Cwide"


def test_parameter_defaults_are_the_arguments_defaults_and_can_be_dropped(
    wire: ModuleType, server: LoopbackServer
) -> None:
    import inspect

    signature = inspect.signature(wire.Wire(server_url="http://x").items.get_item)
    assert signature.parameters["limit"].default == 10
    assert signature.parameters["order"].default == "asc"
    server.default = Reply(200, {"ok": True})
    with client(wire, server) as api:
        api.items.get_item(
            plain="p", labelled=["l"], matrixed={"m": "1"}, exploded=[2], limit=None, order="desc"
        )
    (seen,) = server.seen
    assert seen.path == "/items/p/.l/;m=1/.2?order=desc"


def test_server_variables_and_server_index_choose_the_url(
    wire: ModuleType, server: LoopbackServer
) -> None:
    port = server.url.rsplit(":", 1)[1]
    server.default = Reply(200, {"ok": True})
    none = wire.utils.RetryConfig("none")
    with wire.Wire(port=port, base="v2", retry_config=none) as api:
        api.items.get_item(plain="p", labelled=["l"], matrixed={"m": "1"}, exploded=[2])
    assert server.seen[0].path.startswith("/v2/items/p/")
    assert wire.Wire()._core.server_url == "http://127.0.0.1:9/v1"
    assert wire.Wire(server_idx=1)._core.server_url == "http://localhost:9/legacy"
    with pytest.raises(ValueError, match="server_idx 2 is out of range"):
        wire.Wire(server_idx=2)


def test_an_operation_with_its_own_server_keeps_it(
    wire: ModuleType, server: LoopbackServer
) -> None:
    port = server.url.rsplit(":", 1)[1]
    server.default = Reply(204)
    none = wire.utils.RetryConfig("none")
    with wire.Wire(server_url="http://127.0.0.1:9", port=port, retry_config=none) as api:
        assert api.items.upload(request=b"\x00\x01") is None
        api.items.upload(request=b"!", server_url=server.url + "/elsewhere")
    first, second = server.seen
    assert (first.method, first.path, first.body) == ("PUT", "/files/upload", b"\x00\x01")
    assert second.path == "/elsewhere/upload"


def no_retries(wire: ModuleType) -> Any:
    return wire.utils.RetryConfig("none")


def test_the_first_complete_security_alternative_is_sent(
    wire: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(204)
    with wire.Wire(server_url=server.url, bearer="tok", retry_config=no_retries(wire)) as api:
        api.secure.uses_the_default()
        api.secure.is_public()
        api.secure.uses_basic()  # no basic credentials given: nothing is sent
    default, public, basic = server.seen
    assert default.headers["authorization"] == "Bearer tok"
    assert "authorization" not in public.headers
    assert "authorization" not in basic.headers


def test_basic_auth_and_keys_in_query_and_cookie(wire: ModuleType, server: LoopbackServer) -> None:
    server.default = Reply(204)
    options: dict[str, Any] = {"server_url": server.url, "retry_config": no_retries(wire)}
    with wire.Wire(basic_auth=("ada", "p:w"), query_key="k 1", cookie_key="c=1", **options) as api:
        api.secure.uses_basic()
        api.secure.uses_both_keys()
    with wire.Wire(query_key="k 1", **options) as api:
        api.secure.uses_both_keys()  # half of a requirement is not sent
    basic, both, half = server.seen
    assert basic.headers["authorization"] == "Basic YWRhOnA6dw=="
    assert both.path == "/secure/both?api_key=k+1"
    assert both.headers["cookie"] == "sid=c=1"
    assert half.path == "/secure/both"
    assert "cookie" not in half.headers


def token_or_ok(tokens: list[str]) -> Any:
    def answer(seen: Any) -> Reply:
        if seen.path == "/oauth/token":
            return Reply(200, {"access_token": tokens.pop(0), "expires_in": 3600})
        return Reply(204)

    return answer


def test_oauth2_client_credentials_fetch_cache_and_renew_the_token(
    wire: ModuleType, server: LoopbackServer
) -> None:
    server.default = token_or_ok(["T1", "T2"])
    credentials = wire.utils.ClientCredentials("app", "s3cret", scopes=["read"])
    assert "s3cret" not in repr(credentials)
    with wire.Wire(server_url=server.url, oauth=credentials, retry_config=no_retries(wire)) as api:
        api.secure.uses_the_default()
        api.secure.uses_the_default()
        server.replies = [Reply(401, {"message": "expired"})]
        with pytest.raises(wire.errors.WireError):
            api.secure.uses_the_default()
        api.secure.uses_the_default()
    token, first, second, refused, renewed_token, renewed = server.seen
    assert (token.method, token.path) == ("POST", "/oauth/token")
    assert token.body == b"grant_type=client_credentials&scope=read"
    assert token.headers["authorization"] == "Basic YXBwOnMzY3JldA=="
    assert token.headers["content-type"] == "application/x-www-form-urlencoded"
    assert first.headers["authorization"] == second.headers["authorization"] == "Bearer T1"
    assert refused.headers["authorization"] == "Bearer T1"
    assert renewed_token.path == "/oauth/token"
    assert renewed.headers["authorization"] == "Bearer T2"


async def test_concurrent_async_calls_share_one_token_request(
    wire: ModuleType, server: LoopbackServer
) -> None:
    import asyncio

    server.default = token_or_ok(["A1"])
    credentials = wire.utils.ClientCredentials("app", "s", token_url=server.url + "/oauth/token")
    async with wire.Wire(server_url=server.url, oauth=credentials) as api:
        await asyncio.gather(*(api.secure.uses_the_default_async() for _ in range(20)))
    assert [seen.path for seen in server.seen].count("/oauth/token") == 1
    assert {seen.headers.get("authorization") for seen in server.seen[1:]} == {"Bearer A1"}


def test_a_refused_token_request_raises_a_clear_error(
    wire: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(400, {"error": "invalid_client"})
    credentials = wire.utils.ClientCredentials("app", "wrong")
    with (
        wire.Wire(server_url=server.url, oauth=credentials) as api,
        pytest.raises(wire.utils.TokenRequestError, match="answered 400"),
    ):
        api.secure.uses_the_default()


def test_a_3_1_examples_array_feeds_the_docs_snippet(wire: ModuleType) -> None:
    page = (
        Path(str(wire.__file__)).parents[2] / "docs" / "sdks" / "items" / "README.md"
    ).read_text()
    assert "limit=25," in page
