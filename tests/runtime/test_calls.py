"""What a call sends and what it gives back, parsed or raw: create_code and redeem_code,
sync and async."""

from __future__ import annotations

import asyncio
from types import ModuleType

from tests.runtime.autumn import (
    CREATE_OK,
    CREATE_PATH,
    REDEEM_OK,
    REDEEM_PATH,
    client,
    create,
    create_async,
    only,
)
from tests.support import LoopbackServer, Reply, Seen

# -- create_code ----------------------------------------------------------------------------------


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


# -- redeem_code, sync and async ------------------------------------------------------------------


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


# -- raw responses --------------------------------------------------------------------------------


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
