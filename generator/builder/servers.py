"""Servers and their variables: each `{name}` in a server URL becomes a client argument."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from generator.builder.context import BuildContext
from generator.ir import Server, ServerVariable
from generator.load.document import Location


def build_servers(
    context: BuildContext, owner: dict[str, Any], location: Location
) -> tuple[Server, ...]:
    """The servers of the document, a path or an operation; their variables become client
    arguments, shared by name."""
    found = []
    for index, server in enumerate(owner.get("servers") or []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        found.append(_server(context, server, location.child("servers", index)))
    return tuple(found)


def _server(context: BuildContext, server: dict[str, Any], where: Location) -> Server:
    template = str(server["url"])
    defaults: list[tuple[str, str]] = []
    variables = server.get("variables") or {}
    for name, variable in variables.items() if isinstance(variables, dict) else ():
        if ("{" + str(name) + "}") not in template or not isinstance(variable, dict):
            continue
        defaults.append((str(name), str(variable.get("default", ""))))
        _add_variable(context, str(name), variable)
    for name in re.findall(r"\{([^{}]*)\}", template):
        if name not in dict(defaults):
            context.warn(where.child("url"), f"server variable '{name}' is not declared")
            defaults.append((name, ""))
    url = template
    for name, default in defaults:
        url = url.replace("{" + name + "}", default)
    return Server(
        url=url.rstrip("/"),
        description=str(server.get("description") or ""),
        template=template,
        defaults=tuple(defaults),
    )


def _add_variable(context: BuildContext, name: str, variable: dict[str, Any]) -> None:
    known = context.server_variables.get(name)
    enum = variable.get("enum")
    values = tuple(str(v) for v in enum) if isinstance(enum, list) and enum else ()
    if known is None:
        context.server_variables[name] = ServerVariable(
            wire_name=name,
            py_name=context.names.constructor_argument(f"server:{name}", name, "variable"),
            default=str(variable.get("default", "")),
            enum=values,
            description=str(variable.get("description") or ""),
        )
    elif known.enum:
        # Shared by several servers: a closed set only when every server closes it.
        merged = tuple(dict.fromkeys(known.enum + values)) if values else ()
        context.server_variables[name] = replace(known, enum=merged)
