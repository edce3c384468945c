"""OAuth 2 client credentials (RFC 6749 section 4.4): a token fetched once, cached until shortly
before it expires, shared by every call, thread and task of the client."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import urljoin

import httpx

from .values import is_dict

if TYPE_CHECKING:
    import asyncio

# A token is renewed this long before the server says it expires, so that it never expires
# in flight.
EXPIRY_LEEWAY_SECONDS = 30.0


class TokenRequestError(Exception):
    """The token endpoint refused the client credentials or answered something unreadable."""

    def __init__(self, message: str, response: Optional[httpx.Response] = None) -> None:
        super().__init__(message)
        self.response = response


class ClientCredentials:
    """Pass this instead of an access token: the SDK fetches the token from the spec's token
    URL (or `token_url`), authenticating with HTTP Basic as RFC 6749 requires servers to accept,
    and caches it until `EXPIRY_LEEWAY_SECONDS` before `expires_in` runs out."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        scopes: Sequence[str] = (),
        token_url: Optional[str] = None,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = tuple(scopes)
        self.token_url = token_url
        self._token: Optional[str] = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self._async_lock: Optional["asyncio.Lock"] = None

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, client_secret='[redacted]')"

    def invalidate(self) -> None:
        """Forget the cached token: the server refused it, so the next call fetches another."""
        self._token = None

    def _cached(self) -> Optional[str]:
        if self._token is not None and time.monotonic() < self._expires_at:
            return self._token
        return None

    def token(self, client: httpx.Client, token_url: str, server_url: str) -> str:
        cached = self._cached()
        if cached is not None:
            return cached
        with self._lock:
            cached = self._cached()
            if cached is not None:
                return cached
            request = self._request(client, token_url, server_url)
            return self._keep(client.send(request))

    async def token_async(
        self, client: httpx.AsyncClient, token_url: str, server_url: str
    ) -> str:
        cached = self._cached()
        if cached is not None:
            return cached
        if self._async_lock is None:
            # Imported here: asyncio costs sync-only users a tenth of the import time.
            import asyncio

            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            cached = self._cached()
            if cached is not None:
                return cached
            request = self._request(client, token_url, server_url)
            response = await client.send(request)
            await response.aread()
            return self._keep(response)

    def _request(self, client: Any, token_url: str, server_url: str) -> httpx.Request:
        url = urljoin(server_url.rstrip("/") + "/", self.token_url or token_url)
        form = {"grant_type": "client_credentials"}
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        pair = f"{self.client_id}:{self.client_secret}".encode()
        request: httpx.Request = client.build_request(
            "POST",
            url,
            data=form,
            headers={
                "accept": "application/json",
                "authorization": "Basic " + base64.b64encode(pair).decode(),
            },
        )
        return request

    def _keep(self, response: httpx.Response) -> str:
        try:
            payload = response.json() if response.is_success else None
        except ValueError:
            payload = None
        token = payload.get("access_token") if is_dict(payload) else None
        if not isinstance(token, str) or not token:
            raise TokenRequestError(
                f"The token endpoint answered {response.status_code} without an access token",
                response,
            )
        lifetime = _seconds(payload.get("expires_in") if is_dict(payload) else None)
        self._token = token
        self._expires_at = time.monotonic() + max(lifetime - EXPIRY_LEEWAY_SECONDS, 0.0)
        return token


def _seconds(value: object) -> float:
    """`expires_in` as a number of seconds; a token without one lasts until it is refused."""
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            return float(value)
        except ValueError:
            pass
    return float("inf")
