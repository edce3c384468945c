"""The webhooks module's pieces: the union of events, the table that parses each, and the
imports they need. The verifier and the parser are runtime modules; this only names the events."""

from __future__ import annotations

from generator.ir import Api, UnionType, Webhooks
from generator.ir.code import Code, Import, generic, joined, plain
from generator.render.imports import Imports
from generator.text import py_literal

# Runtime names under underscored aliases: a schema may be called `Event` or `EventTable`.
_EVENT = Import(module="._runtime.webhooks", name="Event", alias="_Event")
_TABLE = Import(module="._runtime.webhooks", name="EventTable", alias="_EventTable")
_UNKNOWN_BASE = Import(module="._runtime.webhooks", name="UnknownWebhookEvent", alias="_Unknown")
_TYPE_ALIAS = Import(module="typing_extensions", name="TypeAlias", alias="_TypeAlias")


def event_union(webhooks: Webhooks) -> Code:
    """`Union[...]` of every event's payload type, a union payload's options listed one by one,
    and the class of events the SDK does not know."""
    options: list[Code] = []
    for event in webhooks.events:
        payload = event.payload
        parts = payload.options if isinstance(payload, UnionType) else (payload,)
        for part in parts:
            hint = part.hint("model")
            if hint.text not in (option.text for option in options):
                options.append(hint)
    options.append(plain(webhooks.unknown_name))
    return generic("Union", *options)


def event_table(webhooks: Webhooks) -> Code:
    """The runtime's table of known events: by the event field's value, or in spec order where
    no field tells them apart."""
    unknown = f"unknown={webhooks.unknown_name}"
    if webhooks.tag_field:
        entries = [
            _entry(event.key, event.payload.hint("model"), f"{py_literal(tag)}: ")
            for event in webhooks.events
            for tag in event.tags
        ]
        table = joined(entries, ",\n        ").wrapped("{\n        ", ",\n    }")
        return table.wrapped(
            f"_EventTable(\n    {py_literal(webhooks.tag_field)},\n    ", f",\n    {unknown},\n)"
        )
    entries = [_entry(event.key, event.payload.hint("model")) for event in webhooks.events]
    ordered = joined(entries, ",\n        ").wrapped("(\n        ", ",\n    )")
    return ordered.wrapped('_EventTable(\n    "",\n    {},\n    ', f",\n    {unknown},\n)")


def _entry(key: str, target: Code, prefix: str = "") -> Code:
    return target.wrapped(f"{prefix}_Event({py_literal(key)}, ", ")", _EVENT, _TABLE)


def webhooks_imports(api: Api, webhooks: Webhooks) -> str:
    imports = Imports().add_import(_UNKNOWN_BASE, _TYPE_ALIAS)
    imports.add("typing", "Union")
    imports.add_code(event_union(webhooks), event_table(webhooks))
    if webhooks.verify:
        imports.add("collections.abc", "Mapping").add("typing", "Optional")
        imports.add_import(
            Import(module="._runtime.signatures", name="Secret", alias="_Secret"),
            Import(module="._runtime.signatures", name="verify", alias="_verify"),
            Import(module="._runtime.signatures", name="secret_for", alias="_secret_for"),
        )
        imports.add(".errors", webhooks.verification_error)
    imports.add(".errors", webhooks.payload_error)
    return imports.render(webhooks.module)
