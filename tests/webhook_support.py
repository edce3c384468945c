"""Webhook deliveries signed by the reference implementation (the `standardwebhooks` package),
and the SDK of tests/specs/webhooks.yaml (its golden record) that receives them."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

from standardwebhooks import Webhook

from tests.support import ROOT, imported

WEBHOOKS_SPEC = ROOT / "tests" / "specs" / "webhooks.yaml"
WEBHOOKS_RECORD = ROOT / "tests" / "golden" / "webhooks"
# A signing secret as Svix hands them out: `whsec_` and the base64 of random bytes.
SECRET = "whsec_" + base64.b64encode(b"sdkgen-webhooks-test-key-32bytes").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"another-key-of-another-endpoint!").decode()
MESSAGE_ID = "msg_2mZ8example"
USAGE_ALERT: dict[str, Any] = {
    "type": "balances.usage_alert_triggered",
    "data": {
        "customer_id": "org_123",
        "feature_id": "api_calls",
        "usage_alert": {"threshold": 80, "threshold_type": "usage_percentage"},
    },
}


def signature(body: str, secret: str = SECRET, message_id: str = MESSAGE_ID, at: int = 0) -> str:
    """The `webhook-signature` value the reference implementation makes."""
    when = datetime.fromtimestamp(at or int(time.time()), tz=timezone.utc)
    return Webhook(secret).sign(msg_id=message_id, timestamp=when, data=body)


def delivery(
    payload: dict[str, Any] | str = USAGE_ALERT, secret: str = SECRET, at: int = 0
) -> tuple[str, dict[str, str]]:
    """A body and the headers the API sends with it, signed now (or at `at`)."""
    body = payload if isinstance(payload, str) else json.dumps(payload)
    at = at or int(time.time())
    headers = {
        "webhook-id": MESSAGE_ID,
        "webhook-timestamp": str(at),
        "webhook-signature": signature(body, secret, MESSAGE_ID, at),
    }
    return body, headers


@contextmanager
def webhooks_sdk() -> Iterator[ModuleType]:
    """The committed SDK of tests/specs/webhooks.yaml, imported fresh."""
    with imported(WEBHOOKS_RECORD / "src", "autumn_sdk") as module:
        yield module
