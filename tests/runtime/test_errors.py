"""What a call raises: error statuses, success bodies that do not validate, and failures
below HTTP (a refused connection, garbage on the wire)."""

from __future__ import annotations

import json
import threading
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

from tests.runtime.autumn import (
    CREATE_OK,
    CREATE_PATH,
    SECRET,
    client,
    closed_port,
    create,
    create_async,
    no_retries,
)
from tests.support import LoopbackServer, Reply

# -- error responses ------------------------------------------------------------------------------

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


# -- response validation --------------------------------------------------------------------------


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


# -- failures below HTTP --------------------------------------------------------------------------


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
