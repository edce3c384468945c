"""Many calls at once: a thousand async calls on one client, threads sharing one sync client;
no response reaches the wrong call."""

from __future__ import annotations

import asyncio
import threading
from types import ModuleType

import pytest

from tests.runtime.autumn import client
from tests.support import LoopbackServer, Reply, Seen


def echo_code(seen: Seen) -> Reply:
    """Answers with a code derived from the request, so crossed responses would show."""
    customer = seen.json()["customer_id"]
    return Reply(200, {"code": f"code-{customer}", "customer_id": customer, "created_at": 1})


@pytest.mark.slow
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
