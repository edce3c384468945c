"""Security schemes (the client's credentials) and each operation's requirements."""

from __future__ import annotations

from typing import Any

from generator.builder.context import BuildContext
from generator.builder.parameters import PARAM_LOCATIONS
from generator.ir import SecurityScheme


def build_security(context: BuildContext) -> tuple[SecurityScheme, ...]:
    schemes = (context.root.get("components") or {}).get("securitySchemes") or {}
    found: list[SecurityScheme] = []
    for name, raw in schemes.items():
        location = context.document.root_location.child("components", "securitySchemes", str(name))
        scheme, _ = context.document.deref(raw, location)
        kind = scheme.get("type")
        http_scheme = str(scheme.get("scheme", "")).lower()
        description = str(scheme.get("description") or "")
        if kind == "http" and http_scheme in ("bearer", "basic"):
            found.append(
                SecurityScheme(
                    str(name),
                    context.names.constructor_argument(str(name)),
                    "bearer" if http_scheme == "bearer" else "basic",
                    "header",
                    "Authorization",
                    description,
                )
            )
        elif kind in ("oauth2", "openIdConnect"):
            token_url = _client_credentials_token_url(scheme)
            found.append(
                SecurityScheme(
                    str(name),
                    context.names.constructor_argument(str(name)),
                    "oauth2" if token_url else "bearer",
                    "header",
                    "Authorization",
                    description or "An OAuth 2 access token, sent as a bearer token.",
                    token_url or "",
                )
            )
        elif kind == "apiKey" and scheme.get("in") in PARAM_LOCATIONS:
            found.append(
                SecurityScheme(
                    str(name),
                    context.names.constructor_argument(str(name)),
                    "apiKey",
                    scheme["in"],
                    str(scheme.get("name")),
                    description,
                )
            )
        else:
            context.warn(location, f"security scheme type '{kind}' is not supported; skipped")
    return tuple(found)


def operation_security(
    context: BuildContext, raw_op: dict[str, Any], schemes: set[str]
) -> tuple[tuple[str, ...], ...]:
    """The operation's security alternatives (each a set of schemes sent together), from
    the operation or the document; with no requirement anywhere, any one scheme will do."""
    requirements = raw_op.get("security", context.root.get("security"))
    if requirements is None:
        return tuple((name,) for name in sorted(schemes))
    alternatives: list[tuple[str, ...]] = []
    for requirement in requirements if isinstance(requirements, list) else []:
        names = tuple(str(name) for name in requirement or {})
        # A requirement naming a scheme that was skipped cannot be met by this SDK.
        if all(name in schemes for name in names) and names not in alternatives:
            alternatives.append(names)
    return tuple(alternatives)


def _client_credentials_token_url(scheme: dict[str, Any]) -> str | None:
    flows = scheme.get("flows")
    flow = flows.get("clientCredentials") if isinstance(flows, dict) else None
    token_url = flow.get("tokenUrl") if isinstance(flow, dict) else None
    return token_url if isinstance(token_url, str) and token_url else None
