"""Deliberately broken documents: a document of the grammar with one mutation, and where
the problem it makes is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from generator.problems import escape_pointer_token
from tests.property.grammar import METHODS, Draw, Json, documents


@dataclass(frozen=True)
class Breakage:
    """A mutation of a valid document, and where its problem is (a pointer, or None when the
    problem belongs to the whole file)."""

    name: str
    pointer: str | None


def walk(value: Json, parts: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Json]]:
    yield parts, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, (*parts, index))


def pointer(parts: tuple[Any, ...]) -> str:
    return "#" + "".join("/" + escape_pointer_token(str(part)) for part in parts)


def schema_positions(doc: Json) -> list[tuple[Any, ...]]:
    """Where a schema sits: what `schema`, `items`, `additionalProperties` and each property
    hold."""
    found = []
    for parts, value in walk(doc):
        if not isinstance(value, dict) or not parts:
            continue
        parent = parts[-2] if len(parts) >= 2 else None
        if parts[-1] in ("schema", "items") or (
            parent in ("properties", "schemas") and parts[-3:-2] != ("discriminator",)
        ):
            found.append(parts)
    return found


def operation_positions(doc: Json) -> list[tuple[Any, ...]]:
    return [
        ("paths", path, method)
        for path, item in doc["paths"].items()
        for method in item
        if method in METHODS
    ]


def put(doc: Json, parts: tuple[Any, ...], value: Json) -> None:
    target = doc
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value


@st.composite
def broken_documents(draw: Draw) -> tuple[Json | str, Breakage, Json]:
    """A mutated document, what was broken, and the document before (which may have had
    problems of its own)."""
    base = draw(documents())
    doc, breakage = mutated(draw, json.loads(json.dumps(base)))
    return doc, breakage, base


def mutated(draw: Draw, doc: Json) -> tuple[Json | str, Breakage]:
    kind = draw(
        st.sampled_from(
            [
                "wrong type",
                "missing ref",
                "malformed ref",
                "ref to a missing file",
                "ref cycle",
                "no openapi field",
                "unsupported version",
                "swagger 2",
                "not a mapping",
                "syntax error",
                "undeclared path parameter",
                "duplicate operationId",
                "missing responses",
                "no info",
                "parameter without in",
                "path not starting with a slash",
                "lone surrogate",
            ]
        )
    )
    schemas_at = schema_positions(doc)
    operations_at = operation_positions(doc)
    if kind == "missing ref" and schemas_at:
        where = draw(st.sampled_from(schemas_at))
        put(doc, where, {"$ref": "#/components/schemas/NoSuchSchema"})
        return doc, Breakage(kind, pointer((*where, "$ref")))
    if kind == "malformed ref" and schemas_at:
        where = draw(st.sampled_from(schemas_at))
        put(doc, where, {"$ref": draw(st.sampled_from(["#components/schemas/X", "#x", "#/"]))})
        return doc, Breakage(kind, pointer(where))
    if kind == "ref to a missing file" and schemas_at:
        where = draw(st.sampled_from(schemas_at))
        put(doc, where, {"$ref": draw(st.sampled_from(["other.yaml#/Pet", "Pet", "./x.json"]))})
        return doc, Breakage(kind, pointer((*where, "$ref")))
    if kind == "ref cycle":
        cycle = draw(st.integers(1, 3))
        names = [f"Loop{i}" for i in range(cycle)]
        block = doc.setdefault("components", {}).setdefault("schemas", {})
        for index, loop_name in enumerate(names):
            block[loop_name] = {"$ref": f"#/components/schemas/{names[(index + 1) % cycle]}"}
        if draw(st.booleans()) and schemas_at:
            put(doc, draw(st.sampled_from(schemas_at)), {"$ref": "#/components/schemas/Loop0"})
        return doc, Breakage(kind, "#/components/schemas")
    if kind == "wrong type":
        choices: list[tuple[tuple[Any, ...], Json]] = [
            (("info",), draw(st.sampled_from(["x", [], 5]))),
            (("info", "title"), draw(st.sampled_from([5, [], {}, None]))),
            (("paths",), draw(st.sampled_from([[], "x", 5]))),
            (("openapi",), 3.1),
            (("servers",), {"url": "x"}),
            (("tags",), "x"),
            (("security",), {"a": []}),
            (("components",), []),
            (("components", "schemas"), []),
        ]
        for op in operations_at:
            choices += [
                ((*op, "responses"), draw(st.sampled_from(["ok", [], 200]))),
                ((*op, "parameters"), draw(st.sampled_from([{"a": 1}, "x", [5]]))),
                ((*op, "operationId"), draw(st.sampled_from([5, [], {}]))),
                ((*op, "tags"), "x"),
                ((*op, "requestBody"), draw(st.sampled_from(["x", [], {"content": []}]))),
            ]
        for at in schemas_at:
            choices += [
                ((*at, "type"), draw(st.sampled_from([5, "strng", {}, "Object"]))),
                ((*at, "required"), draw(st.sampled_from(["yes", 5, {}]))),
                ((*at, "properties"), draw(st.sampled_from([[], "x", 5]))),
                ((*at, "enum"), draw(st.sampled_from(["a", 5, {}]))),
            ]
        where, value = draw(st.sampled_from(choices))
        if where[0] == "components" and len(where) > 1:
            doc.setdefault("components", {})
        put(doc, where, value)
        return doc, Breakage(kind, pointer(where))
    if kind == "no openapi field":
        del doc["openapi"]
        return doc, Breakage(kind, None)
    if kind == "unsupported version":
        doc["openapi"] = draw(st.sampled_from(["2.0", "4.0.0", "3", "", "3.2.0x"]))
        return doc, Breakage(kind, None)
    if kind == "swagger 2":
        del doc["openapi"]
        doc["swagger"] = "2.0"
        return doc, Breakage(kind, None)
    if kind == "not a mapping":
        return draw(st.sampled_from([[doc], "just text", 5, None])), Breakage(kind, None)
    if kind == "lone surrogate":
        # JSON can escape half of a surrogate pair alone; no file can hold such text.
        spot: tuple[Any, ...] = ("info", "title")
        if draw(st.booleans()) and operations_at:
            spot = (*draw(st.sampled_from(operations_at)), "description")
        put(doc, spot, draw(st.sampled_from(["lone \ud800 half", "\udc00"])))
        return json.dumps(doc), Breakage(kind, pointer(spot))
    if kind == "syntax error":
        return (
            draw(st.sampled_from(["{", '{"openapi": ', "a: [1,\n", "a: b: c", "\t- x\n  y: ]"])),
            Breakage(kind, None),
        )
    if kind == "undeclared path parameter" and operations_at:
        path = draw(st.sampled_from(list(doc["paths"])))
        doc["paths"][path.rstrip("/") + "/{undeclared}"] = doc["paths"].pop(path)
        return doc, Breakage(kind, pointer(("paths",)))
    if kind == "duplicate operationId" and len(operations_at) >= 2:
        first, second = draw(
            st.lists(st.sampled_from(operations_at), min_size=2, max_size=2, unique=True)
        )
        for op in (first, second):
            put(doc, (*op, "operationId"), "sameId")
        return doc, Breakage(kind, pointer(("paths",)))
    if kind == "missing responses" and operations_at:
        doc["openapi"] = "3.0.3"
        op = draw(st.sampled_from(operations_at))
        item = doc["paths"][op[1]][op[2]]
        item.pop("responses", None)
        return doc, Breakage(kind, pointer(op))
    if kind == "no info":
        del doc["info"]
        return doc, Breakage(kind, None)
    if kind == "parameter without in" and operations_at:
        op = draw(st.sampled_from(operations_at))
        item = doc["paths"][op[1]][op[2]]
        bad = {"name": "p", "schema": {"type": "string"}}
        if draw(st.booleans()):
            bad["in"] = "body"
        item["parameters"] = [*item.get("parameters", []), bad]
        return doc, Breakage(kind, pointer(op))
    # Otherwise (and for mutations that found nothing to mutate): a path without its slash.
    path = next(iter(doc["paths"]))
    doc["paths"]["no-slash" + path] = doc["paths"].pop(path)
    return doc, Breakage("path not starting with a slash", pointer(("paths",)))
