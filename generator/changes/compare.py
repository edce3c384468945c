"""Two IRs in, every change a Python user of the SDK would see out, each with its rule.

Things are matched by what they are on the wire (an operation by method and path, an argument by
where it is sent and its wire name, a field by its wire name), so a Python name that changed is
reported as a rename of the same thing, never as one removal and one addition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.changes.rules import RULES, Severity, severity_rank
from generator.changes.types import Side, type_changes
from generator.ir import (
    Api,
    Argument,
    Field,
    GlobalParameter,
    JsonValue,
    Model,
    Operation,
    TypeRef,
    Webhook,
)
from generator.text import py_literal

# Old class names kept as aliases, by the name of the class each now stands for.
Aliases = Mapping[str, str]


@dataclass(frozen=True, kw_only=True)
class Change:
    """One change: where a user meets it, which rule decided it, and the values before and
    after (as the SDK spells them; empty where there is none)."""

    path: str
    rule: str
    old: str = ""
    new: str = ""

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    @property
    def why(self) -> str:
        return RULES[self.rule].why


def compare(old: Api, new: Api) -> tuple[Change, ...]:
    """Every user-visible change from `old` to `new`, worst first, then by path."""
    found: list[Change] = []
    found += _sdk(old, new)
    # A type naming an old class kept as an alias of a new one names that one.
    aliases = {alias.name: alias.target for alias in new.aliases}
    found += _client(old, new, aliases)
    found += _operations(old, new, aliases)
    found += _models(old, new, aliases)
    found += _webhooks(old, new, aliases)
    found += _errors(old, new)
    unique = dict.fromkeys(found)
    return tuple(
        sorted(unique, key=lambda c: (severity_rank(c.severity), c.path, c.rule, c.old, c.new))
    )


# -- the SDK and its client -------------------------------------------------------------------


def _sdk(old: Api, new: Api) -> list[Change]:
    found: list[Change] = []
    for label in ("package_name", "module", "client_class"):
        before, after = getattr(old.settings, label), getattr(new.settings, label)
        if before != after:
            found.append(Change(path=f"sdk.{label}", rule="sdk-renamed", old=before, new=after))
    if old.api_version != new.api_version:
        found.append(
            Change(
                path="api.version",
                rule="api-version-changed",
                old=old.api_version,
                new=new.api_version,
            )
        )
    if old.description != new.description:
        found.append(Change(path="api.description", rule="description-changed"))
    return found


def _client(old: Api, new: Api, aliases: Aliases) -> list[Change]:
    client = new.settings.client_class
    found: list[Change] = []
    old_urls, new_urls = [s.url for s in old.servers], [s.url for s in new.servers]
    if old_urls[:1] != new_urls[:1] and old_urls and new_urls:
        found.append(
            Change(
                path=f"{client}(server_url)",
                rule="default-server-changed",
                old=old_urls[0],
                new=new_urls[0],
            )
        )
    found += [
        Change(path=f"{client}(server_idx)", rule="server-added", new=url)
        for url in new_urls
        if url not in old_urls
    ]
    found += [
        Change(path=f"{client}(server_idx)", rule="server-removed", old=url)
        for url in old_urls
        if url not in new_urls
    ]
    old_security = {scheme.name: scheme for scheme in old.security}
    new_security = {scheme.name: scheme for scheme in new.security}
    for name in sorted(old_security.keys() | new_security.keys()):
        before, after = old_security.get(name), new_security.get(name)
        if before is None and after is not None:
            found.append(Change(path=f"{client}({after.py_name})", rule="security-added"))
        elif after is None and before is not None:
            found.append(Change(path=f"{client}({before.py_name})", rule="security-removed"))
        elif before is not None and after is not None:
            if before.py_name != after.py_name:
                found.append(
                    Change(
                        path=f"{client}({before.py_name})",
                        rule="global-renamed",
                        old=before.py_name,
                        new=after.py_name,
                    )
                )
            sent = (before.kind, before.location, before.parameter_name)
            now = (after.kind, after.location, after.parameter_name)
            if sent != now:
                found.append(
                    Change(
                        path=f"{client}({after.py_name})",
                        rule="security-changed",
                        old=" ".join(sent),
                        new=" ".join(now),
                    )
                )
    found += _globals(client, old.globals, new.globals, aliases)
    return found


def _globals(
    client: str,
    old: tuple[GlobalParameter, ...],
    new: tuple[GlobalParameter, ...],
    aliases: Aliases,
) -> list[Change]:
    found: list[Change] = []
    before = {(g.location, g.wire_name): g for g in old}
    after = {(g.location, g.wire_name): g for g in new}
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if was is None and now is not None:
            rule = (
                "global-added-required"
                if now.required and not now.hidden
                else "global-added-optional"
            )
            found.append(Change(path=f"{client}({now.py_name})", rule=rule))
            continue
        if now is None and was is not None:
            found.append(Change(path=f"{client}({was.py_name})", rule="global-removed"))
            continue
        assert was is not None and now is not None
        path = f"{client}({now.py_name})"
        if was.py_name != now.py_name:
            found.append(Change(path=path, rule="global-renamed", old=was.py_name, new=now.py_name))
        if was.hidden != now.hidden:
            found.append(Change(path=path, rule="global-hidden" if now.hidden else "global-shown"))
        if was.default != now.default:
            found.append(
                Change(
                    path=path,
                    rule="global-default-changed",
                    old=_value(was.default),
                    new=_value(now.default),
                )
            )
        if not was.hidden and not now.hidden:
            found += _typed(path, was.type, now.type, ("input",), False, aliases)
        if was.description != now.description:
            found.append(Change(path=path, rule="description-changed"))
    return found


# -- operations -------------------------------------------------------------------------------


def _method_path(api: Api, operation: Operation) -> str:
    resource = next((r.attribute for r in api.resources if r.wire_name == operation.resource), None)
    owner = api.settings.client_class + (f".{resource}" if resource else "")
    return f"{owner}.{operation.py_name}"


def _operations(old: Api, new: Api, aliases: Aliases) -> list[Change]:
    before = {f"{op.method} {op.path}": op for op in old.operations}
    after = {f"{op.method} {op.path}": op for op in new.operations}
    found: list[Change] = []
    found += _resources(old, new)
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if was is None and now is not None:
            found.append(Change(path=_method_path(new, now), rule="operation-added", new=key))
        elif now is None and was is not None:
            rule = "operation-hidden" if key in new.hidden_operations else "operation-removed"
            found.append(Change(path=_method_path(old, was), rule=rule, old=key))
        elif was is not None and now is not None:
            found += _operation(old, new, was, now, aliases)
    return found


def _resources(old: Api, new: Api) -> list[Change]:
    before = {r.wire_name: r for r in old.resources}
    after = {r.wire_name: r for r in new.resources}
    client = new.settings.client_class
    found: list[Change] = []
    for tag in sorted(before.keys() | after.keys()):
        was, now = before.get(tag), after.get(tag)
        if was is None and now is not None:
            found.append(Change(path=f"{client}.{now.attribute}", rule="resource-added"))
        elif now is None and was is not None:
            found.append(Change(path=f"{client}.{was.attribute}", rule="resource-removed"))
        elif was is not None and now is not None:
            for label in ("attribute", "class_name", "module"):
                if getattr(was, label) != getattr(now, label):
                    found.append(
                        Change(
                            path=f"{client}.{was.attribute}",
                            rule="resource-renamed",
                            old=getattr(was, label),
                            new=getattr(now, label),
                        )
                    )
            if was.description != now.description:
                found.append(Change(path=f"{client}.{now.attribute}", rule="description-changed"))
    return found


def _operation(
    old_api: Api, new_api: Api, was: Operation, now: Operation, aliases: Aliases
) -> list[Change]:
    old_path, path = _method_path(old_api, was), _method_path(new_api, now)
    found: list[Change] = []
    if was.resource != now.resource:
        found.append(Change(path=old_path, rule="method-moved", old=old_path, new=path))
    elif was.py_name != now.py_name:
        found.append(Change(path=old_path, rule="method-renamed", old=was.py_name, new=now.py_name))
    if was.deprecated != now.deprecated:
        rule = "operation-deprecated" if now.deprecated else "operation-undeprecated"
        found.append(Change(path=path, rule=rule))
    if (was.pagination is None) != (now.pagination is None):
        rule = "pagination-added" if now.pagination else "pagination-removed"
        found.append(Change(path=path, rule=rule))
    if [s.url for s in was.servers] != [s.url for s in now.servers]:
        found.append(Change(path=path, rule="operation-servers-changed"))
    if was.security != now.security:
        found.append(Change(path=path, rule="operation-security-changed"))
    if (was.summary, was.description) != (now.summary, now.description):
        found.append(Change(path=path, rule="description-changed"))
    found += _arguments(path, was.arguments, now.arguments, aliases)
    found += _responses(path, was, now, aliases)
    return found


def _arguments(
    method: str, old: tuple[Argument, ...], new: tuple[Argument, ...], aliases: Aliases
) -> list[Change]:
    before = {(a.source, a.wire_name): a for a in old}
    after = {(a.source, a.wire_name): a for a in new}
    gone = [before[key] for key in before if key not in after]
    came = [after[key] for key in after if key not in before]
    found: list[Change] = []
    for argument in list(gone):
        # A removal and an addition of the same type and requiredness: most likely a rename.
        twin = next(
            (a for a in came if a.type == argument.type and a.required == argument.required), None
        )
        if twin is not None:
            gone.remove(argument)
            came.remove(twin)
            found.append(
                Change(
                    path=f"{method}({argument.py_name})",
                    rule="argument-renamed-heuristic",
                    old=argument.py_name,
                    new=twin.py_name,
                )
            )
    found += [Change(path=f"{method}({a.py_name})", rule="argument-removed") for a in gone]
    found += [
        Change(
            path=f"{method}({a.py_name})",
            rule="argument-added-required" if a.required else "argument-added-optional",
        )
        for a in came
    ]
    for key in before.keys() & after.keys():
        was, now = before[key], after[key]
        path = f"{method}({was.py_name})"
        if was.py_name != now.py_name:
            found.append(
                Change(path=path, rule="argument-renamed", old=was.py_name, new=now.py_name)
            )
        if was.required != now.required:
            rule = "argument-made-required" if now.required else "argument-made-optional"
            found.append(Change(path=path, rule=rule))
        if (was.has_default, was.default) != (now.has_default, now.default):
            found.append(
                Change(
                    path=path,
                    rule="argument-default-changed",
                    old=_value(was.default) if was.has_default else "",
                    new=_value(now.default) if now.has_default else "",
                )
            )
        found += _typed(path, was.type, now.type, ("input",), False, aliases)
        if was.description != now.description:
            found.append(Change(path=path, rule="description-changed"))
    return found


def _responses(method: str, was: Operation, now: Operation, aliases: Aliases) -> list[Change]:
    found: list[Change] = []
    old_return, new_return = was.return_type, now.return_type
    path = f"{method}() -> return"
    if old_return is not None and new_return is not None:
        found += _typed(path, old_return, new_return, ("output",), True, aliases)
    elif old_return != new_return:
        found.append(
            Change(
                path=path,
                rule="type-changed",
                old=_hint(old_return),
                new=_hint(new_return),
            )
        )
    old_status = {r.status: r for r in was.success}
    new_status = {r.status: r for r in now.success}
    for status in sorted(old_status.keys() | new_status.keys()):
        before, after = old_status.get(status), new_status.get(status)
        if before is None:
            found.append(Change(path=f"{method}() -> {status}", rule="response-status-added"))
        elif after is None:
            found.append(Change(path=f"{method}() -> {status}", rule="response-status-removed"))
        elif (before.content_type, before.decode) != (after.content_type, after.decode):
            found.append(
                Change(
                    path=f"{method}() -> {status}",
                    rule="response-content-type-changed",
                    old=before.content_type or "",
                    new=after.content_type or "",
                )
            )
    old_errors = {code: e.error_class for e in was.errors for code in e.status_codes}
    new_errors = {code: e.error_class for e in now.errors for code in e.status_codes}
    for code in sorted(old_errors.keys() | new_errors.keys()):
        before_class, after_class = old_errors.get(code), new_errors.get(code)
        where = f"{method}() raises on {code}"
        if before_class is None:
            found.append(Change(path=where, rule="error-response-added", new=after_class or ""))
        elif after_class is None:
            found.append(Change(path=where, rule="error-response-removed", old=before_class))
        elif before_class != after_class:
            found.append(
                Change(path=where, rule="error-response-changed", old=before_class, new=after_class)
            )
    return found


# -- models -----------------------------------------------------------------------------------


def _models(old: Api, new: Api, aliases: Aliases) -> list[Change]:
    before = {m.name: m for m in old.models}
    after = {m.name: m for m in new.models}
    old_aliases = {a.name for a in old.aliases}
    new_aliases = {a.name: a.target for a in new.aliases}
    found: list[Change] = []
    for name in sorted(before.keys() | after.keys()):
        was, now = before.get(name), after.get(name)
        path = f"models.{name}"
        if was is None and name not in old_aliases:
            found.append(Change(path=path, rule="class-added"))
        elif now is None and name in new_aliases:
            found.append(Change(path=path, rule="class-aliased", old=name, new=new_aliases[name]))
        elif now is None:
            found.append(Change(path=path, rule="class-removed"))
        elif was is not None:
            found += _model(was, now, aliases)
    # An alias goes with the class it stood for: its name is gone too.
    found += [
        Change(path=f"models.{alias.name}", rule="class-removed")
        for alias in old.aliases
        if alias.name not in after and alias.name not in new_aliases
    ]
    return found


def _model(was: Model, now: Model, aliases: Aliases) -> list[Change]:
    # A model both sent and read is judged from both sides; the worse severity shows first.
    sides: tuple[Side, ...] = ()
    if was.is_input or now.is_input:
        sides += ("input",)
    if was.is_output or now.is_output:
        sides += ("output",)
    before = {f.wire_name: f for f in was.fields}
    after = {f.wire_name: f for f in now.fields}
    found: list[Change] = []
    if was.description != now.description:
        found.append(Change(path=f"models.{was.name}", rule="description-changed"))
    for wire in sorted(before.keys() | after.keys()):
        old_field, new_field = before.get(wire), after.get(wire)
        if old_field is None and new_field is not None:
            path = f"models.{now.name}.{new_field.py_name}"
            required_input = new_field.required and "input" in sides
            rule = "field-added-required-input" if required_input else "field-added-optional"
            found.append(Change(path=path, rule=rule))
        elif new_field is None and old_field is not None:
            found.append(
                Change(path=f"models.{was.name}.{old_field.py_name}", rule="field-removed")
            )
        elif old_field is not None and new_field is not None:
            path = f"models.{was.name}.{old_field.py_name}"
            found += _field(path, old_field, new_field, sides, aliases)
    return found


def _field(
    path: str, was: Field, now: Field, sides: tuple[Side, ...], aliases: Aliases
) -> list[Change]:
    found: list[Change] = []
    if was.py_name != now.py_name:
        found.append(Change(path=path, rule="field-renamed", old=was.py_name, new=now.py_name))
    if was.required != now.required:
        for side in sides:
            state = "required" if now.required else "optional"
            found.append(Change(path=path, rule=f"field-made-{state}-{side}"))
    if (was.has_default, was.default) != (now.has_default, now.default):
        found.append(
            Change(
                path=path,
                rule="field-default-changed",
                old=_value(was.default) if was.has_default else "",
                new=_value(now.default) if now.has_default else "",
            )
        )
    found += _typed(path, was.type, now.type, sides, now.discriminates, aliases)
    if was.description != now.description:
        found.append(Change(path=path, rule="description-changed"))
    return found


# -- webhooks and callbacks -------------------------------------------------------------------


def _events(api: Api) -> dict[str, Webhook]:
    """The events the SDK parses: webhooks by method and key, callbacks by their operation."""
    found = {
        f"{e.method.upper()} {e.key}": e for e in (api.webhooks.events if api.webhooks else ())
    }
    for event in api.callbacks:
        found[f"{event.operation_id} callback {event.key} {event.method.upper()}"] = event
    return found


def _webhooks(old: Api, new: Api, aliases: Aliases) -> list[Change]:
    before, after = _events(old), _events(new)
    found: list[Change] = []
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        path = f"webhooks[{key}]"
        if was is None:
            found.append(Change(path=path, rule="webhook-added"))
        elif now is None:
            found.append(Change(path=path, rule="webhook-removed"))
        else:
            found += _typed(
                f"{path}.payload", was.payload, now.payload, ("output",), False, aliases
            )
            if (was.summary, was.description) != (now.summary, now.description):
                found.append(Change(path=path, rule="description-changed"))
    if old.webhooks is not None and new.webhooks is not None:
        for label in ("attribute", "class_name", "union_name", "unknown_name", "module"):
            if getattr(old.webhooks, label) != getattr(new.webhooks, label):
                found.append(
                    Change(
                        path=f"webhooks.{label}",
                        rule="webhooks-renamed",
                        old=getattr(old.webhooks, label),
                        new=getattr(new.webhooks, label),
                    )
                )
    return found


# -- errors -----------------------------------------------------------------------------------


def _errors(old: Api, new: Api) -> list[Change]:
    before = {e.name for e in old.error_classes}
    after = {e.name for e in new.error_classes}
    return [
        Change(path=f"errors.{n}", rule="error-class-added") for n in sorted(after - before)
    ] + [Change(path=f"errors.{n}", rule="error-class-removed") for n in sorted(before - after)]


# -- helpers ----------------------------------------------------------------------------------


def _typed(
    path: str, old: TypeRef, new: TypeRef, sides: Iterable[Side], closed: bool, aliases: Aliases
) -> list[Change]:
    found: list[Change] = []
    for side in sides:
        found += [
            Change(path=path, rule=rule, old=before, new=after)
            for rule, before, after in type_changes(old, new, side, closed, aliases)
        ]
    return found


def _hint(type_ref: TypeRef | None) -> str:
    return "None" if type_ref is None else type_ref.hint("model").text


def _value(value: JsonValue) -> str:
    return py_literal(value)
