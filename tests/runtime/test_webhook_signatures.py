"""The generated Standard Webhooks verifier agrees with the reference implementation (the
`standardwebhooks` package): what one accepts the other accepts, what one rejects the other
rejects, and ours says which check failed."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from standardwebhooks import Webhook

from tests.webhook_support import (
    MESSAGE_ID,
    OTHER_SECRET,
    SECRET,
    USAGE_ALERT,
    delivery,
    signature,
    webhooks_sdk,
)

BARE_SECRET = SECRET.removeprefix("whsec_")
NO_MATCH = (
    "Webhook verification failed: no matching signature: the payload, id or timestamp was"
    " changed, or it was signed with another secret"
)


@dataclass
class Case:
    """A delivery (body and headers), the secret it is checked with, and our verdict: None
    when it verifies, else the exact message."""

    body: str | bytes
    headers: dict[str, str]
    secret: str = SECRET
    error: str | None = None


def _signed(now: int, at: int = 0, secret: str = SECRET) -> tuple[str, dict[str, str]]:
    return delivery(USAGE_ALERT, secret, at or now)


def _valid(now: int) -> Case:
    return Case(*_signed(now))


def _valid_bytes(now: int) -> Case:
    body, headers = _signed(now)
    return Case(body.encode(), headers)


def _headers_in_any_case(now: int) -> Case:
    body, headers = _signed(now)
    return Case(body, {name.title(): value for name, value in headers.items()})


def _tampered_body(now: int) -> Case:
    body, headers = _signed(now)
    return Case(body.replace("org_123", "org_666"), headers, error=NO_MATCH)


def _tampered_id(now: int) -> Case:
    body, headers = _signed(now)
    return Case(body, {**headers, "webhook-id": "msg_other"}, error=NO_MATCH)


def _tampered_timestamp(now: int) -> Case:
    body, headers = _signed(now)
    return Case(body, {**headers, "webhook-timestamp": str(now - 1)}, error=NO_MATCH)


def _wrong_secret(now: int) -> Case:
    body, headers = _signed(now, secret=OTHER_SECRET)
    return Case(body, headers, error=NO_MATCH)


def _rotated_keys(verify_with: str) -> Callable[[int], Case]:
    """While a sender rotates keys it signs with both; either secret verifies."""

    def case(now: int) -> Case:
        body, headers = _signed(now)
        old = signature(body, OTHER_SECRET, MESSAGE_ID, now)
        both = f"{old} {headers['webhook-signature']}"
        return Case(body, {**headers, "webhook-signature": both}, secret=verify_with)

    return case


def _rotated_keys_third_secret(now: int) -> Case:
    case = _rotated_keys(SECRET)(now)
    third = "whsec_" + base64.b64encode(b"a third key, of neither rotation").decode()
    return Case(case.body, case.headers, secret=third, error=NO_MATCH)


def _stale(now: int) -> Case:
    return Case(
        *_signed(now, at=now - 600),
        error="Webhook verification failed: timestamp too old: sent 600 seconds ago, more"
        " than the 300 allowed",
    )


def _future(now: int) -> Case:
    return Case(
        *_signed(now, at=now + 600),
        error="Webhook verification failed: timestamp in the future: 600 seconds ahead, more"
        " than the 300 allowed",
    )


def _within_tolerance(offset: int) -> Callable[[int], Case]:
    return lambda now: Case(*_signed(now, at=now + offset))


def _missing(header: str, alias: str) -> Callable[[int], Case]:
    def case(now: int) -> Case:
        body, headers = _signed(now)
        del headers[header]
        return Case(
            body,
            headers,
            error=f"Webhook verification failed: missing header '{header}' (or '{alias}')",
        )

    return case


def _malformed_timestamp(now: int) -> Case:
    body, headers = _signed(now)
    return Case(
        body,
        {**headers, "webhook-timestamp": "yesterday"},
        error="Webhook verification failed: malformed header 'webhook-timestamp': expected"
        " Unix time in whole seconds",
    )


def _malformed_signature(now: int) -> Case:
    body, headers = _signed(now)
    return Case(
        body,
        {**headers, "webhook-signature": "not-a-signature"},
        error="Webhook verification failed: malformed header 'webhook-signature': expected"
        " space-separated '<version>,<base64 signature>' entries",
    )


def _unknown_version_only(now: int) -> Case:
    body, headers = _signed(now)
    encoded = headers["webhook-signature"].split(",", 1)[1]
    return Case(body, {**headers, "webhook-signature": f"v2,{encoded}"}, error=NO_MATCH)


def _secret_without_prefix(now: int) -> Case:
    return Case(*_signed(now), secret=BARE_SECRET)


def _malformed_secret(now: int) -> Case:
    return Case(
        *_signed(now),
        secret="whsec_not base64!",
        error="Webhook verification failed: malformed secret: expected 'whsec_' followed by"
        " base64 (the secret itself is not shown)",
    )


CASES: dict[str, Callable[[int], Case]] = {
    "valid": _valid,
    "valid, body as bytes": _valid_bytes,
    "valid, headers in title case": _headers_in_any_case,
    "tampered body": _tampered_body,
    "tampered id": _tampered_id,
    "tampered timestamp": _tampered_timestamp,
    "wrong secret": _wrong_secret,
    "rotated keys, new secret": _rotated_keys(SECRET),
    "rotated keys, old secret": _rotated_keys(OTHER_SECRET),
    "rotated keys, a third secret": _rotated_keys_third_secret,
    "stale timestamp": _stale,
    "future timestamp": _future,
    "four minutes old": _within_tolerance(-240),
    "four minutes ahead": _within_tolerance(240),
    "missing id": _missing("webhook-id", "svix-id"),
    "missing timestamp": _missing("webhook-timestamp", "svix-timestamp"),
    "missing signature": _missing("webhook-signature", "svix-signature"),
    "malformed timestamp": _malformed_timestamp,
    "malformed signature": _malformed_signature,
    "only an unknown signature version": _unknown_version_only,
    "secret without the whsec_ prefix": _secret_without_prefix,
    "malformed secret": _malformed_secret,
}


@pytest.fixture
def now() -> int:
    """The moment a case is signed and checked at: ours reads it from the patched clock, the
    reference from the real one a few milliseconds later, which changes no verdict here."""
    return int(time.time())


@pytest.fixture
def sdk(monkeypatch: pytest.MonkeyPatch, now: int) -> Iterator[ModuleType]:
    with webhooks_sdk() as module:
        signatures = __import__(f"{module.__name__}._runtime.signatures", fromlist=["time"])
        monkeypatch.setattr(signatures, "time", SimpleNamespace(time=lambda: float(now)))
        yield module


def _reference_accepts(case: Case) -> bool:
    try:
        Webhook(case.secret).verify(case.body, case.headers)
    except Exception:  # its verification error, or binascii.Error / ValueError on bad input
        return False
    return True


def _ours(sdk: ModuleType, case: Case) -> str | None:
    """None when our verifier accepts the delivery, else its message."""
    client = sdk.Autumn(webhook_secret=SECRET)
    try:
        client.webhooks.verify_signature(case.body, case.headers, secret=case.secret)
    except sdk.errors.WebhookVerificationError as error:
        return str(error)
    return None


@pytest.mark.parametrize("name", list(CASES))
def test_ours_agrees_with_the_reference_implementation(
    sdk: ModuleType, now: int, name: str
) -> None:
    case = CASES[name](now)
    ours = _ours(sdk, case)
    assert ours == case.error
    assert _reference_accepts(case) == (case.error is None)


def test_no_message_shows_the_secret(sdk: ModuleType, now: int) -> None:
    messages = [_ours(sdk, CASES[name](now)) for name in CASES]
    failures = [message for message in messages if message is not None]
    assert len(failures) == 14
    for message in failures:
        assert BARE_SECRET not in message
        assert "not base64!" not in message


def test_svix_headers_verify_as_the_standard_ones(sdk: ModuleType, now: int) -> None:
    """Svix sends `svix-id`, `svix-timestamp` and `svix-signature` (the reference package
    reads only the `webhook-` names)."""
    body, headers = _signed(now)
    svix = {name.replace("webhook-", "svix-"): value for name, value in headers.items()}
    assert _ours(sdk, Case(body, svix)) is None
    tampered = {**svix, "svix-id": "msg_other"}
    assert _ours(sdk, Case(body, tampered)) == NO_MATCH


def test_a_signature_the_reference_makes_for_a_text_body_verifies_its_bytes(
    sdk: ModuleType, now: int
) -> None:
    body, headers = delivery('{"type":"x","note":"caf\\u00e9 \u2603"}', SECRET, now)
    assert _ours(sdk, Case(body.encode("utf-8"), headers)) is None


def test_the_secret_comes_from_the_call_the_client_or_the_environment(
    sdk: ModuleType, now: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, headers = _signed(now)
    monkeypatch.delenv("AUTUMN_WEBHOOK_SECRET", raising=False)
    with pytest.raises(sdk.errors.WebhookVerificationError) as raised:
        sdk.Autumn().webhooks.verify_signature(body, headers)
    assert str(raised.value) == (
        "Webhook verification failed: no webhook secret: pass one to the client or the call,"
        " or set AUTUMN_WEBHOOK_SECRET"
    )
    monkeypatch.setenv("AUTUMN_WEBHOOK_SECRET", SECRET)
    sdk.Autumn().webhooks.verify_signature(body, headers)
    # The client's secret comes before the environment's, the call's before both.
    with pytest.raises(sdk.errors.WebhookVerificationError):
        sdk.Autumn(webhook_secret=OTHER_SECRET).webhooks.verify_signature(body, headers)
    client: Any = sdk.Autumn(webhook_secret=OTHER_SECRET)
    client.webhooks.verify_signature(body, headers, secret=SECRET)
