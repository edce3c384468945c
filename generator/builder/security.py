"""Security schemes (the client's credentials) and each operation's requirements."""

from __future__ import annotations

from typing import Any

from generator.builder.context import BuildContext
from generator.builder.parameters import PARAM_LOCATIONS
from generator.ir import ParamLocation, SecurityKind, SecurityScheme


def build_security(context: BuildContext) -> tuple[SecurityScheme, ...]:
    schemes = (context.root.get("components") or {}).get("securitySchemes") or {}
    found: list[SecurityScheme] = []
    for name, raw in schemes.items():
        location = context.document.root_location.child("components", "securitySchemes", str(name))
        scheme, _ = context.document.deref(raw, location)
        built = _scheme(context, str(name), scheme)
        if built is None:
            kind = scheme.get("type")
            context.warn(location, f"security scheme type '{kind}' is not supported; skipped")
            continue
        found.append(built)
    return tuple(found)


def _scheme(context: BuildContext, name: str, scheme: dict[str, Any]) -> SecurityScheme | None:
    """How the credential is sent, or None for a scheme this SDK cannot send."""
    kind = scheme.get("type")
    http_scheme = str(scheme.get("scheme", "")).lower()
    description = str(scheme.get("description") or "")
    sent: tuple[SecurityKind, ParamLocation, str]
    token_url = ""
    if kind == "http" and http_scheme in ("bearer", "basic"):
        sent = ("bearer" if http_scheme == "bearer" else "basic", "header", "Authorization")
    elif kind in ("oauth2", "openIdConnect"):
        token_url = _client_credentials_token_url(scheme) or ""
        sent = ("oauth2" if token_url else "bearer", "header", "Authorization")
        description = description or "An OAuth 2 access token, sent as a bearer token."
    elif kind == "apiKey" and scheme.get("in") in PARAM_LOCATIONS:
        sent = ("apiKey", scheme["in"], str(scheme.get("name")))
    else:
        return None
    return SecurityScheme(
        name=name,
        py_name=context.names.constructor_argument(f"security:{name}", name),
        kind=sent[0],
        location=sent[1],
        parameter_name=sent[2],
        description=description,
        token_url=token_url,
    )


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
