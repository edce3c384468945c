"""Debug logging of each request, response and network failure, with credentials redacted:
the usual secret headers, and every header or query parameter a security scheme sends.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Optional

import httpx

if TYPE_CHECKING:
    from .endpoint import AuthScheme

_SECRET_HEADERS = frozenset(
    {"authorization", "cookie", "set-cookie", "proxy-authorization"}
)
_REDACTED = "[REDACTED]"


def log_request(
    logger: Optional[logging.Logger],
    schemes: Mapping[str, AuthScheme],
    request: httpx.Request,
) -> None:
    if logger is None or not logger.isEnabledFor(logging.DEBUG):
        return
    logger.debug(
        "Request: %s %s headers=%s body=%s",
        request.method,
        _redact_url(request.url, schemes),
        _redact_headers(request.headers, schemes),
        request.content.decode("utf-8", "replace"),
    )


def log_response(
    logger: Optional[logging.Logger],
    schemes: Mapping[str, AuthScheme],
    response: httpx.Response,
    seconds: float,
) -> None:
    if logger is None or not logger.isEnabledFor(logging.DEBUG):
        return
    logger.debug(
        "Response: %s %s -> %s in %.1f ms headers=%s body=%s",
        response.request.method,
        _redact_url(response.request.url, schemes),
        response.status_code,
        seconds * 1000,
        _redact_headers(response.headers, schemes),
        response.text if response.is_stream_consumed else "<stream>",
    )


def log_failure(
    logger: Optional[logging.Logger],
    schemes: Mapping[str, AuthScheme],
    request: httpx.Request,
    error: BaseException,
) -> None:
    if logger is not None:
        logger.debug(
            "Request failed: %s %s: %r",
            request.method,
            _redact_url(request.url, schemes),
            error,
        )


def _redact_headers(
    headers: httpx.Headers, schemes: Mapping[str, AuthScheme]
) -> dict[str, str]:
    hidden = _SECRET_HEADERS | {
        s.name.lower() for s in schemes.values() if s.location == "header"
    }
    return {k: (_REDACTED if k.lower() in hidden else v) for k, v in headers.items()}


def _redact_url(url: httpx.URL, schemes: Mapping[str, AuthScheme]) -> str:
    hidden = {s.name for s in schemes.values() if s.location == "query"}
    if not hidden or not url.params:
        return str(url)
    params = [(k, _REDACTED if k in hidden else v) for k, v in url.params.multi_items()]
    return str(url.copy_with(params=params))
