"""Which credentials a call sends: the first of its operation's security alternatives whose
credentials were all given, each asked for afresh (a function, an OAuth 2 token) per attempt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from ..utils.oauth2 import ClientCredentials
from .endpoint import CallOptions, Endpoint

if TYPE_CHECKING:
    from ..basesdk import ClientCore


def credentials(
    core: ClientCore, endpoint: Endpoint[Any], options: CallOptions
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in _chosen(core, endpoint):
        secret = core.credentials[name]
        if isinstance(secret, ClientCredentials):
            token_url, server = _token_source(core, name, options)
            found[name] = secret.token(core.sync_client(), token_url, server)
        else:
            found[name] = _plain(secret)
    return found


async def credentials_async(
    core: ClientCore, endpoint: Endpoint[Any], options: CallOptions
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in _chosen(core, endpoint):
        secret = core.credentials[name]
        if isinstance(secret, ClientCredentials):
            token_url, server = _token_source(core, name, options)
            client = core.async_http_client()
            found[name] = await secret.token_async(client, token_url, server)
        else:
            found[name] = _plain(secret)
    return found


def forget_refused_tokens(
    core: ClientCore, endpoint: Endpoint[Any], response: httpx.Response
) -> None:
    """After a 401, the next attempt fetches new OAuth 2 tokens instead of the cached ones."""
    if response.status_code != 401:
        return
    for name in _chosen(core, endpoint):
        secret = core.credentials[name]
        if isinstance(secret, ClientCredentials):
            secret.invalidate()


def _chosen(core: ClientCore, endpoint: Endpoint[Any]) -> tuple[str, ...]:
    """The first alternative whose credentials were all given; none when no alternative is
    complete (the server then answers for itself, usually 401)."""
    given = core.credentials
    for alternative in endpoint.security:
        for name in alternative:
            if given.get(name) is None:
                break
        else:
            return alternative
    return ()


def _token_source(
    core: ClientCore, scheme_name: str, options: CallOptions
) -> tuple[str, str]:
    """The token URL, and the server a relative one is resolved against."""
    return (
        core.auth_schemes[scheme_name].token_url,
        options.server_url or core.server_url,
    )


def _plain(secret: Any) -> Any:
    return secret() if callable(secret) else secret
