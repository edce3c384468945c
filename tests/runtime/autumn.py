"""The committed Autumn SDK as the runtime tests call it: canned bodies, a client aimed at the
loopback server, retry configurations, and a log handler to read what the SDK logged."""

from __future__ import annotations

import logging
import socket
from types import ModuleType
from typing import Any

from tests.support import LoopbackServer, Seen

SECRET = "sk_test"
CREATE_OK: dict[str, Any] = {"code": "REF123", "customer_id": "cus_123", "created_at": 1700000000}
REDEEM_OK: dict[str, Any] = {"id": "red_1", "customer_id": "cus_456", "reward_id": "rew_1"}
CREATE_PATH = "/v1/referrals.create_code"
REDEEM_PATH = "/v1/referrals.redeem_code"


def client(sdk: ModuleType, server: LoopbackServer, **options: Any) -> Any:
    """An `Autumn` client aimed at the loopback server, with the test secret."""
    options.setdefault("secret_key", SECRET)
    options.setdefault("server_url", server.url)
    return sdk.Autumn(**options)


def no_retries(sdk: ModuleType) -> Any:
    return sdk.utils.RetryConfig("none")


def backoff(
    sdk: ModuleType,
    initial_ms: int = 1,
    max_ms: int = 20,
    exponent: float = 1.5,
    elapsed_ms: int = 2000,
    connection_errors: bool = False,
) -> Any:
    strategy = sdk.utils.BackoffStrategy(initial_ms, max_ms, exponent, elapsed_ms)
    return sdk.utils.RetryConfig("backoff", strategy, connection_errors)


def create(autumn: Any, **options: Any) -> Any:
    return autumn.referrals.create_code(customer_id="cus_123", program_id="prog_123", **options)


async def create_async(autumn: Any, **options: Any) -> Any:
    return await autumn.referrals.create_code_async(
        customer_id="cus_123", program_id="prog_123", **options
    )


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, read, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def only(server: LoopbackServer) -> Seen:
    assert len(server.seen) == 1, [s.path for s in server.seen]
    return server.seen[0]


class Records(logging.Handler):
    """Keeps every formatted record, so a test can read the whole log as text."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
