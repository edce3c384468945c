"""A generated method's keyword arguments: its parameters and its request body (flattened
into one argument per field, or passed whole), required ones first."""

from __future__ import annotations

from dataclasses import replace

from generator.builder.context import BuildContext
from generator.builder.names import KeyedScope
from generator.ir import Argument, Parameter, RequestBody
from generator.ir.types import synthesize


def build_arguments(
    context: BuildContext,
    parameters: tuple[Parameter, ...],
    body: RequestBody | None,
    names: KeyedScope,
) -> tuple[Argument, ...]:
    """The method's arguments; `names` already holds the parameters' names."""
    params = [
        Argument(
            py_name=p.py_name,
            wire_name=p.wire_name,
            source=p.location,
            type=p.type,
            required=p.required,
            description=p.description,
            example=p.example,
            has_example=p.has_example,
            default=p.default,
            has_default=p.has_default,
        )
        for p in parameters
    ]
    body_args = _body_arguments(body, names)
    ordered = [a for a in params if a.required] + [a for a in body_args if a.required]
    ordered += [a for a in params if not a.required] + [a for a in body_args if not a.required]
    return tuple(_with_example(context, argument) for argument in ordered)


def _body_arguments(body: RequestBody | None, names: KeyedScope) -> list[Argument]:
    if body is None:
        return []
    if not body.flattened:
        return [
            Argument(
                py_name=names.claim("request", "request"),
                wire_name="",
                source="request",
                type=body.type,
                required=body.required,
                description="The request body.",
                example=body.example,
                has_example=body.has_example,
            )
        ]
    example = body.example if isinstance(body.example, dict) else {}
    return [
        Argument(
            py_name=names.claim(f"body:{field.wire_name}", field.py_name),
            wire_name=field.wire_name,
            source="body",
            type=field.type,
            required=field.required or field.required_when_sent,
            description=field.description,
            example=example.get(field.wire_name),
            has_example=field.wire_name in example,
        )
        for field in body.fields
        if not field.read_only  # the server sets these; a caller never sends them
    ]


def _with_example(context: BuildContext, argument: Argument) -> Argument:
    """A required argument without an example gets one made from its type, for the snippets."""
    if argument.has_example or not argument.required:
        return argument
    value = synthesize(argument.type, context.types.model_fields)
    return replace(argument, example=value, has_example=True)
