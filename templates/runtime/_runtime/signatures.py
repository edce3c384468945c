"""Standard Webhooks signature verification (https://www.standardwebhooks.com), the scheme
Svix implements: standard library only, no network.

A sender signs `{id}.{timestamp}.{payload}` with HMAC-SHA256, keyed by the base64 part of a
`whsec_` secret, and sends `v1,<base64 signature>` (several, space-separated, while it rotates
keys) with the id and the Unix timestamp in headers. Every failure names the check that failed
and never the secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import time
from collections.abc import Mapping
from typing import Callable, Optional, Union

SECRET_PREFIX = "whsec_"
# How far the timestamp may be from now, either way: a replayed delivery goes stale.
TOLERANCE_SECONDS = 5 * 60
# Each header under its Standard Webhooks name and the alias Svix sends.
_ID = ("webhook-id", "svix-id")
_TIMESTAMP = ("webhook-timestamp", "svix-timestamp")
_SIGNATURE = ("webhook-signature", "svix-signature")
_DIGITS = re.compile(r"[0-9]{1,15}")
_SIGNATURE_ENTRY = re.compile(r"([A-Za-z0-9]+),(\S+)")


class Secret:
    """A webhook secret held by the client: its repr and str never show the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


def secret_for(
    given: Optional[str],
    client: Optional[Secret],
    variable: str,
    fail: Callable[[str], Exception],
) -> str:
    """The secret a call verifies with: its own, else the client's, else the environment's."""
    fail = _prefixed(fail)
    found = given or (client.reveal() if client is not None else "")
    found = found or os.environ.get(variable, "")
    if not found:
        raise fail(
            f"no webhook secret: pass one to the client or the call, or set {variable}"
        )
    return found


def verify(
    payload: Union[bytes, str],
    headers: Mapping[str, str],
    secret: str,
    fail: Callable[[str], Exception],
    now: Optional[float] = None,
) -> None:
    """Return when one of the delivery's signatures is the payload's; otherwise raise what
    `fail` makes of the reason."""
    fail = _prefixed(fail)
    key = _key(secret, fail)
    lowered = {str(name).lower(): str(value) for name, value in headers.items()}
    message_id = _header(lowered, _ID, fail)
    timestamp = _header(lowered, _TIMESTAMP, fail)
    signatures = _header(lowered, _SIGNATURE, fail)
    _check_timestamp(timestamp, time.time() if now is None else now, fail)
    body = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
    signed = f"{message_id}.{timestamp}.".encode() + body
    expected = hmac.new(key, signed, hashlib.sha256).digest()
    matched = False
    for version, encoded in _entries(signatures, fail):
        if version != "v1":
            # Other versions (v1a: asymmetric keys) are not HMAC signatures: not ours to check.
            continue
        candidate = _decoded(encoded)
        # Every entry is compared, in constant time, so the time taken tells nothing.
        matched = hmac.compare_digest(expected, candidate or b"") or matched
    if not matched:
        raise fail(
            "no matching signature: the payload, id or timestamp was changed, or it "
            "was signed with another secret"
        )


def _prefixed(fail: Callable[[str], Exception]) -> Callable[[str], Exception]:
    return lambda reason: fail(f"Webhook verification failed: {reason}")


def _entries(
    signatures: str, fail: Callable[[str], Exception]
) -> list[tuple[str, str]]:
    """The `(version, signature)` pairs of the header, which must all be well formed."""
    entries = [_SIGNATURE_ENTRY.fullmatch(entry) for entry in signatures.split()]
    pairs = [(entry[1], entry[2]) for entry in entries if entry is not None]
    if not pairs or len(pairs) != len(entries):
        raise fail(
            "malformed header 'webhook-signature': expected space-separated"
            " '<version>,<base64 signature>' entries"
        )
    return pairs


def _key(secret: str, fail: Callable[[str], Exception]) -> bytes:
    """The HMAC key: the base64 after the `whsec_` prefix (or the whole secret, as the
    reference implementation accepts it without one)."""
    encoded = (
        secret[len(SECRET_PREFIX) :] if secret.startswith(SECRET_PREFIX) else secret
    )
    # Senders may drop the padding; extra padding is ignored.
    key = _decoded(encoded + "==")
    if not key:
        raise fail(
            "malformed secret: expected 'whsec_' followed by base64 (the secret itself is not shown)"
        )
    return key


def _decoded(text: str) -> Optional[bytes]:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        # Padding beyond what is needed fails `validate`; the strict check is on the rest.
        stripped = text.rstrip("=")
        try:
            return base64.b64decode(
                stripped + "=" * (-len(stripped) % 4), validate=True
            )
        except (binascii.Error, ValueError):
            return None


def _header(
    headers: Mapping[str, str], names: tuple[str, str], fail: Callable[[str], Exception]
) -> str:
    for name in names:
        value = headers.get(name, "").strip()
        if value:
            return value
    raise fail(f"missing header '{names[0]}' (or '{names[1]}')")


def _check_timestamp(
    timestamp: str, now: float, fail: Callable[[str], Exception]
) -> None:
    if not _DIGITS.fullmatch(timestamp):
        raise fail(
            "malformed header 'webhook-timestamp': expected Unix time in whole seconds"
        )
    age = now - int(timestamp)
    if age > TOLERANCE_SECONDS:
        raise fail(
            f"timestamp too old: sent {int(age)} seconds ago, more than the"
            f" {TOLERANCE_SECONDS} allowed"
        )
    if -age > TOLERANCE_SECONDS:
        raise fail(
            f"timestamp in the future: {int(-age)} seconds ahead, more than the"
            f" {TOLERANCE_SECONDS} allowed"
        )
