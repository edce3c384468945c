"""An httpx.Request from one call: the server and filled path, parameters placed by location
and style, credentials applied, the body encoded, the call's headers and timeout."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import quote

import httpx

from ..utils import params
from ..utils.values import Unset, compact, is_mapping, to_jsonable
from . import bodies
from .endpoint import Arguments, AuthScheme, CallOptions, Endpoint
from .logs import log_request

if TYPE_CHECKING:
    from ..basesdk import ClientCore

# RFC 6265 cookie-octets that need no escaping; anything else is percent-encoded.
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


class Placement:
    """The query pairs, headers and cookies of one request, filled parameter by parameter."""

    def __init__(self, user_agent: str) -> None:
        self.query: list[tuple[str, str]] = []
        self.headers: dict[str, str] = {
            "user-agent": user_agent,
            "accept": "application/json",
        }
        self.cookies: dict[str, str] = {}

    def add(
        self,
        location: str,
        name: str,
        value: Any,
        style: Optional[tuple[str, bool]] = None,
    ) -> None:
        """Place a value (unset and None values are not sent) by its location's rules."""
        if value is None or isinstance(value, Unset):
            return
        if type(value) is str and location != "cookie":
            # A string is itself in every style: one pair, or the header's text.
            if location == "query":
                self.query.append((name, value))
            else:
                self.headers[name.lower()] = value
            return
        value = to_jsonable(value)
        style_name, explode = style or params.default_style(location)
        if location == "query":
            self.query.extend(params.query_pairs(name, value, style_name, explode))
        elif location == "header":
            self.headers[name.lower()] = params.header_value(value, explode)
        elif location == "cookie":
            self.cookies[name] = quote(
                params.header_value(value, False), safe=_COOKIE_SAFE
            )

    def add_all(
        self,
        location: str,
        values: Optional[Mapping[str, Any]],
        styles: Mapping[tuple[str, str], tuple[str, bool]],
    ) -> None:
        for name, value in (values or {}).items():
            self.add(location, name, value, styles.get((location, name)))


def build_request(
    core: ClientCore,
    client: Union[httpx.Client, httpx.AsyncClient],
    endpoint: Endpoint[Any],
    options: CallOptions,
    arguments: Arguments,
    credentials: Mapping[str, Any],
) -> httpx.Request:
    url = _base_url(core, endpoint, options) + _fill_path(
        endpoint.path, arguments.path_params or {}, endpoint.styles
    )
    placed = Placement(core.user_agent)
    for item in core.global_values:
        placed.add(item.location, item.name, item.value)
    _apply_credentials(core.auth_schemes, credentials, placed)
    placed.add_all("query", arguments.query, endpoint.styles)
    placed.add_all("header", arguments.headers, endpoint.styles)
    placed.add_all("cookie", arguments.cookies, endpoint.styles)
    content: Optional[bytes] = None
    files: Optional[bodies.Files] = None
    form: Optional[dict[str, Any]] = None
    body = arguments.body
    if body is not None and not isinstance(body, Unset):
        if endpoint.flattened_body and is_mapping(body):
            body = compact(body, endpoint.nullable_body_fields)
        if endpoint.body_encoding == "multipart":
            # httpx writes the multipart body and its boundary into the content type.
            form, files = bodies.multipart(body)
        else:
            content = bodies.encode(endpoint.body_encoding, body)
            placed.headers["content-type"] = bodies.content_type(
                body, endpoint.body_content_type
            )
    headers = placed.headers
    if placed.cookies:
        headers["cookie"] = "; ".join(
            f"{name}={value}" for name, value in placed.cookies.items()
        )
    for name, value in (options.http_headers or {}).items():
        headers[name.lower()] = value
    request = client.build_request(
        endpoint.method,
        url,
        params=tuple(placed.query) if placed.query else None,
        content=content,
        data=form,
        files=files,
        timeout=_timeout(options.timeout_ms, core.timeout_ms),
    )
    # Set on the built request rather than passed to build_request, with the same result:
    # httpx would merge them into the client's defaults by removing and re-adding each one
    # the client already has (user-agent, accept), which costs more than all of the above.
    request_headers = request.headers
    for name, value in headers.items():
        request_headers[name] = value
    log_request(core.debug_logger, core.auth_schemes, request)
    return request


def _base_url(core: ClientCore, endpoint: Endpoint[Any], options: CallOptions) -> str:
    """The call's server, else the operation's own, else the client's."""
    base = options.server_url or (
        endpoint.servers[0].resolve(core.server_variables)
        if endpoint.servers
        else core.server_url
    )
    if not base:
        raise ValueError("No server URL: pass server_url= to the client or to the call")
    return base.rstrip("/")


def _fill_path(
    template: str,
    values: Mapping[str, Any],
    styles: Mapping[tuple[str, str], tuple[str, bool]],
) -> str:
    path = template
    for name, value in values.items():
        style, explode = styles.get(("path", name)) or params.default_style("path")
        filled = params.path_value(name, to_jsonable(value), style, explode)
        path = path.replace("{" + name + "}", filled)
    return path


def _apply_credentials(
    schemes: Mapping[str, AuthScheme],
    credentials: Mapping[str, Any],
    placed: Placement,
) -> None:
    """Each credential where its scheme sends it, bearer tokens and basic pairs as their
    Authorization header spells them."""
    for scheme_name, value in credentials.items():
        scheme = schemes[scheme_name]
        if scheme.kind in ("bearer", "oauth2"):
            value = value if value.lower().startswith("bearer ") else f"Bearer {value}"
        elif scheme.kind == "basic":
            value = _basic_authorization(value)
        placed.add(scheme.location, scheme.name, value)


def _basic_authorization(credential: Union[str, tuple[str, str]]) -> str:
    """A (username, password) pair, or a username alone, as HTTP Basic spells it."""
    username, password = (
        credential if isinstance(credential, tuple) else (credential, "")
    )
    pair = f"{username}:{password}".encode()
    return "Basic " + base64.b64encode(pair).decode()


def _timeout(call_ms: Optional[int], client_ms: Optional[int]) -> Any:
    """The call's timeout, else the client's, else the httpx client's own."""
    timeout_ms = call_ms if call_ms is not None else client_ms
    if timeout_ms is None:
        return httpx.USE_CLIENT_DEFAULT
    return httpx.Timeout(timeout_ms / 1000)
