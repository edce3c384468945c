"""JSON Schemas to TypeRefs, collecting the object schemas as named Models."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.builder.examples import example_problem
from generator.builder.names import MODEL_RESERVED, ApiNames, pascal_case, snake_case
from generator.ir import (
    AnyType,
    Field,
    ListType,
    LiteralType,
    MapType,
    Model,
    ModelType,
    NullableType,
    Primitive,
    TypeRef,
    UnionType,
)
from generator.ir.types import has_finite_value, no_models
from generator.load.document import Document, Location
from generator.problems import Level, Problem

_STRING_FORMATS: dict[str, Primitive] = {
    "date-time": Primitive(name="datetime", format="date-time"),
    "date": Primitive(name="date", format="date"),
    "binary": Primitive(name="bytes", format="binary"),
}

# Deep enough for any real API; deeper nesting is hostile or broken and is cut off with a warning.
_MAX_DEPTH = 64


@dataclass
class _Pending:
    name: str
    typed_dict: str
    module: str
    description: str
    fields: list[Field] = field(default_factory=list)
    closed: bool = False
    location: Location | None = None


class TypeBuilder:
    """Turns schemas into types; object schemas become Models, each built once per module."""

    def __init__(self, document: Document, names: ApiNames, problems: list[Problem]) -> None:
        self._document = document
        self._names = names
        self._problems = problems
        self._models: dict[str, _Pending] = {}
        self._model_for: dict[tuple[int, str], str] = {}
        self._merged: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._component_classes: dict[Location, str] = {}

    def reserve_component_names(self) -> None:
        """Shared schemas claim their own names first, so inline schemas never displace them."""
        schemas = self._document.root.get("components", {}).get("schemas", {})
        if not isinstance(schemas, dict):
            return
        for name in schemas:
            location = self._document.root_location.child("components", "schemas", str(name))
            self._component_classes[location] = self._names.class_name(
                self._key("model", "shared", location), pascal_case(str(name))
            )

    def _key(self, kind: str, module: str, location: Location) -> str:
        """Where a class comes from, as its name lock says it: the module and the schema's
        JSON pointer (the root file's name left out, so a renamed spec file keeps its names)."""
        file = _relative(location.file, self._document.root_file)
        pointer = "/".join(
            str(part).replace("~", "~0").replace("/", "~1") for part in location.parts
        )
        return f"{kind}:{module}:{file}#/{pointer}"

    def models(self, inputs: Iterable[TypeRef], outputs: Iterable[TypeRef]) -> tuple[Model, ...]:
        """The models requests send or responses carry, marked by which; the rest (a flattened
        body's own schema, unused components) would be dead code and are left out."""
        sent, received = self._reachable(inputs), self._reachable(outputs)
        for pending in self._models.values():
            used = pending.name in sent or pending.name in received
            if (
                used
                and pending.location
                and not has_finite_value(
                    ModelType(
                        name=pending.name, typed_dict=pending.typed_dict, module=pending.module
                    ),
                    self.model_fields,
                )
            ):
                self._warn(
                    pending.location,
                    "no value can have all its required properties: they lead back to this"
                    " schema, with no null, list or alternative on the way",
                )
        return tuple(
            Model(
                name=pending.name,
                module=pending.module,
                description=pending.description,
                fields=tuple(pending.fields),
                typed_dict=pending.typed_dict,
                is_input=pending.name in sent,
                is_output=pending.name in received,
                closed=pending.closed,
            )
            for pending in self._models.values()
            if pending.name in sent or pending.name in received
        )

    def model_keys(self) -> dict[str, str]:
        """Each model's name lock key, by class name: where its schema is."""
        return {
            name: self._key("model", pending.module, pending.location)
            for name, pending in self._models.items()
            if pending.location is not None
        }

    def _reachable(self, roots: Iterable[TypeRef]) -> set[str]:
        found: set[str] = set()
        pending = [name for root in roots for name in root.models()]
        while pending:
            name = pending.pop()
            if name in found:
                continue
            found.add(name)
            for model_field in self._models[name].fields:
                pending.extend(model_field.type.models())
        return found

    def model_fields(self, name: str) -> tuple[Field, ...]:
        return tuple(self._models[name].fields)

    def type_of(
        self, schema: Any, location: Location, name_hint: str, module: str, depth: int = 0
    ) -> TypeRef:
        if depth > _MAX_DEPTH:
            self._warn(location, f"schema nests deeper than {_MAX_DEPTH} levels; typed as Any")
            return AnyType()
        if isinstance(schema, dict) and "$ref" in schema:
            schema, location = self._document.deref(schema, location)
            # Where the references land decides, not how they are spelled: a chain of refs can
            # reach a component, and a ref into a component's inside does not name a model.
            if len(location.parts) == 3 and location.parts[:2] == ("components", "schemas"):
                name_hint, module = pascal_case(str(location.parts[2])), "shared"
        if schema is True or not isinstance(schema, dict) or not schema:
            return AnyType()
        return self._resolve(schema, location, name_hint, module, depth)

    def _resolve(
        self, schema: dict[str, Any], location: Location, hint: str, module: str, depth: int
    ) -> TypeRef:
        nullable = schema.get("nullable") is True
        if "const" in schema:
            if schema["const"] is None:
                return NullableType(inner=AnyType())
            return _maybe_null(literal_of([schema["const"]]), nullable)
        if isinstance(schema.get("enum"), list):
            return self._enum(schema["enum"], nullable)
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list):
                return _maybe_null(
                    self._union(schema, keyword, location, hint, module, depth),
                    nullable,
                )
        if isinstance(schema.get("allOf"), list):
            merged = self._merge_all_of(schema, location)
            return _maybe_null(self._object(merged, location, hint, module, depth), nullable)
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            nullable = nullable or "null" in kind
            if len(kinds) != 1:
                options = [
                    self._resolve({**schema, "type": k}, location, hint, module, depth)
                    for k in kinds
                ]
                return _maybe_null(_union_of(options) if options else AnyType(), nullable)
            kind = kinds[0]
        return _maybe_null(self._typed(kind, schema, location, hint, module, depth), nullable)

    def _typed(
        self,
        kind: Any,
        schema: dict[str, Any],
        location: Location,
        hint: str,
        module: str,
        depth: int,
    ) -> TypeRef:
        if kind == "null":
            return NullableType(inner=AnyType())
        if kind == "string":
            return _STRING_FORMATS.get(
                str(schema.get("format")), Primitive(name="str", format=schema.get("format"))
            )
        if kind == "integer":
            return Primitive(name="int", format=schema.get("format"))
        if kind == "number":
            return Primitive(name="float", format=schema.get("format"))
        if kind == "boolean":
            return Primitive(name="bool")
        if kind == "array":
            items = schema.get("items", {})
            item_hint = hint if hint.endswith("Item") else hint + "Item"
            return ListType(
                item=self.type_of(items, location.child("items"), item_hint, module, depth + 1)
            )
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            return self._object(schema, location, hint, module, depth)
        return AnyType()

    def _object(
        self, schema: dict[str, Any], location: Location, hint: str, module: str, depth: int
    ) -> TypeRef:
        properties = schema.get("properties")
        if not isinstance(properties, dict) or not properties:
            extra = schema.get("additionalProperties", True)
            patterns = schema.get("patternProperties")
            if isinstance(patterns, dict) and len(patterns) == 1 and extra in (True, False):
                # One key pattern: a map of its values (keys are not checked on the client).
                pattern, extra = next(iter(patterns.items()))
                location = location.child("patternProperties", str(pattern))
                return MapType(
                    value=self.type_of(extra, location, hint + "Value", module, depth + 1)
                )
            if extra is False:
                return MapType(value=AnyType())
            value = (
                AnyType()
                if extra is True
                else self.type_of(
                    extra, location.child("additionalProperties"), hint + "Value", module, depth + 1
                )
            )
            return MapType(value=value)
        key = (id(schema), module)
        if key in self._model_for:
            known = self._models[self._model_for[key]]
            return ModelType(name=known.name, typed_dict=known.typed_dict, module=known.module)
        name = self._component_classes.get(location) or self._names.class_name(
            self._key("model", module, location), pascal_case(hint)
        )
        self._model_for[key] = name
        title = str(schema.get("title") or "")
        description = str(schema.get("description") or (title if title != name else ""))
        typed_dict = self._names.class_name(
            self._key("typeddict", module, location), name + "TypedDict"
        )
        pending = _Pending(name, typed_dict, module, description)
        pending.closed = schema.get("additionalProperties") is False
        pending.location = location
        self._models[name] = pending
        required = set(self._required(schema, location))
        field_names = self._names.scope(
            f"field:{self._key('model', module, location)}|", MODEL_RESERVED
        )
        for wire_name, property_schema in properties.items():
            wire = str(wire_name)
            if (
                isinstance(property_schema, dict)
                and property_schema.get("x-speakeasy-ignore") is True
            ):
                continue
            property_location = location.child("properties", wire)
            field_type = self.type_of(
                property_schema, property_location, name + pascal_case(wire), module, depth + 1
            )
            read_only, write_only = _access(property_schema, self._document, property_location)
            description = _description(property_schema, self._document, property_location)
            if read_only:
                description = f"{description}\n\nRead-only: the server sets it; it is never sent."
            elif write_only:
                description = f"{description}\n\nWrite-only: sent, never returned."
            pending.fields.append(
                Field(
                    wire_name=wire,
                    py_name=field_names.claim(wire, snake_case(wire, "field")),
                    type=field_type,
                    required=wire in required and not (read_only or write_only),
                    description=description.strip(),
                    read_only=read_only,
                    write_only=write_only,
                    required_when_sent=write_only and wire in required,
                    default=_plain(property_schema, "default"),
                    has_default=self._default_fits(property_schema, field_type),
                    deprecated=isinstance(property_schema, dict)
                    and property_schema.get("deprecated") is True,
                )
            )
        return ModelType(name=name, typed_dict=typed_dict, module=module)

    def _default_fits(self, schema: Any, field_type: TypeRef) -> bool:
        """Whether the field keeps the schema's default: one that its own schema rejects is
        dropped (the validator's warning says so), and so is one its Python type cannot hold."""
        if not isinstance(schema, dict) or "default" not in schema:
            return False
        default = schema["default"]
        if not field_type.fits(default, "model", no_models):
            return False
        return example_problem(default, schema, self._document.root) is None

    def _enum(self, values: list[Any], nullable: bool) -> TypeRef:
        present = [v for v in values if v is not None]
        if not present:
            return NullableType(inner=AnyType())
        return _maybe_null(literal_of(present), nullable or None in values)

    def _union(
        self,
        schema: dict[str, Any],
        keyword: str,
        schema_location: Location,
        hint: str,
        module: str,
        depth: int,
    ) -> TypeRef:
        options: list[Any] = schema[keyword]
        location = schema_location.child(keyword)
        types: list[TypeRef] = []
        nullable = False
        for index, option in enumerate(options):
            option_type = self.type_of(
                option,
                location.child(index),
                f"{hint}{index + 1}" if len(options) > 1 else hint,
                module,
                depth + 1,
            )
            if isinstance(option_type, NullableType):
                nullable = True
                if isinstance(option_type.inner, AnyType) and _is_null_schema(
                    option, self._document, location.child(index)
                ):
                    continue
                option_type = option_type.inner
            types.append(option_type)
        combined = _union_of(types) if types else AnyType()
        if isinstance(combined, UnionType):
            combined = self._discriminated(combined, schema)
        return _maybe_null(combined, nullable)

    def _discriminated(self, union: UnionType, schema: Any) -> UnionType:
        """The union with its discriminator: the one the spec names, or else a property that
        every option model has as a distinct single literal."""
        if not all(isinstance(option, ModelType) for option in union.options):
            return union
        models = [
            self._models[option.name] for option in union.options if isinstance(option, ModelType)
        ]
        stated = schema.get("discriminator") if isinstance(schema, dict) else None
        candidates = (
            [str(stated["propertyName"])]
            if isinstance(stated, dict) and "propertyName" in stated
            else [f.wire_name for f in models[0].fields]
        )
        for wire_name in candidates:
            tags: list[object] = []
            for model in models:
                field = next((f for f in model.fields if f.wire_name == wire_name), None)
                if (
                    field is None
                    or not isinstance(field.type, LiteralType)
                    or len(field.type.values) != 1
                ):
                    break
                tags.append(field.type.values[0])
            else:
                if len(set(map(repr, tags))) == len(tags):
                    for model in models:
                        model.fields[:] = [
                            replace(f, discriminates=True, required=True)
                            if f.wire_name == wire_name
                            else f
                            for f in model.fields
                        ]
                    py_name = next(f.py_name for f in models[0].fields if f.wire_name == wire_name)
                    return replace(union, discriminator=py_name)
        if isinstance(stated, dict) and isinstance(stated.get("propertyName"), str):
            return self._tagged(union, stated, [model.name for model in models])
        return union

    def _tagged(self, union: UnionType, stated: dict[str, Any], names: list[str]) -> UnionType:
        """A discriminator by mapping (or by schema name, where the mapping is silent): each
        wire value names the option model it selects."""
        by_component = {
            str(location.parts[2]): name
            for location, name in self._component_classes.items()
            if len(location.parts) == 3
        }
        tags: dict[str, str] = {}
        mapping = stated.get("mapping")
        for value, target in mapping.items() if isinstance(mapping, dict) else ():
            component = str(target).rsplit("/", 1)[-1]
            model = by_component.get(component)
            if model in names:
                tags[str(value)] = model
        for component, model in by_component.items():
            if model in names and model not in tags.values():
                tags[str(component)] = model
        if set(tags.values()) != set(names):
            return union
        return replace(union, tag_field=str(stated["propertyName"]), tags=tuple(tags.items()))

    def _merge_all_of(
        self, schema: dict[str, Any], location: Location, visiting: frozenset[int] = frozenset()
    ) -> dict[str, Any]:
        """The parts' properties and `required` in one object schema. The same schema always
        merges to the same dict, so a model that refers to itself is found again by identity
        instead of being built anew at every level."""
        known = self._merged.get(id(schema))
        if known is not None:
            return known[1]
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        parts = [schema, *schema["allOf"]]
        for index, part in enumerate(parts):
            part_location = location if index == 0 else location.child("allOf", index - 1)
            resolved, _ = self._document.deref(part, part_location)
            if not isinstance(resolved, dict):
                continue
            inner = visiting | {id(schema)}
            if "allOf" in resolved and resolved is not schema and id(resolved) not in inner:
                resolved = self._merge_all_of(resolved, part_location, inner)
            properties = resolved.get("properties")
            merged["properties"].update(properties if isinstance(properties, dict) else {})
            merged["required"].extend(self._required(resolved, part_location))
            if resolved.get("description") and "description" not in merged:
                merged["description"] = resolved["description"]
        # The source is kept beside its merge so that its id cannot be reused.
        self._merged[id(schema)] = (schema, merged)
        return merged

    def _required(self, schema: dict[str, Any], location: Location) -> list[str]:
        """The names `required` lists. openapi-spec-validator does not check a request body's
        schema, so in a 3.1 document anything may stand there: what is not a list is ignored."""
        listed = schema.get("required", [])
        if isinstance(listed, list):
            return [item for item in listed if isinstance(item, str)]
        self._warn(location.child("required"), "required is not a list of names; ignored")
        return []

    def _warn(self, location: Location, message: str) -> None:
        self._problems.append(self._document.problem(Level.WARNING, location, message))


def _relative(file: Path, root_file: Path) -> str:
    if file == root_file:
        return ""
    try:
        return file.relative_to(root_file.parent).as_posix()
    except ValueError:
        return file.as_posix()


def _is_null_schema(option: Any, document: Document, location: Location) -> bool:
    resolved, _ = document.deref(option, location)
    return isinstance(resolved, dict) and (
        resolved.get("type") == "null" or resolved.get("enum") == [None]
    )


def _union_of(types: list[TypeRef]) -> TypeRef:
    literals: list[str | int | float | bool] = []
    others: list[TypeRef] = []
    for option in types:
        if isinstance(option, LiteralType):
            literals.extend(option.values)
        elif option not in others:
            others.append(option)
    if any(isinstance(option, AnyType) for option in others):
        return AnyType()
    merged: list[TypeRef] = others
    if literals:
        merged = [literal_of(literals), *others]
    return merged[0] if len(merged) == 1 else UnionType(options=tuple(merged))


def _maybe_null(type_ref: TypeRef, nullable: bool) -> TypeRef:
    if not nullable or isinstance(type_ref, NullableType):
        return type_ref
    if isinstance(type_ref, AnyType):
        return type_ref
    return NullableType(inner=type_ref)


def _plain(schema: Any, key: str) -> Any:
    return schema.get(key) if isinstance(schema, dict) else None


def _description(schema: Any, document: Document, location: Location) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return str(schema["description"])
    resolved, _ = document.deref(schema, location)
    if isinstance(resolved, dict):
        return str(resolved.get("description") or "")
    return ""


_INT64 = range(-(2**63), 2**63)
_BASE_TYPES: dict[type, TypeRef] = {
    str: Primitive(name="str"),
    bool: Primitive(name="bool"),
    int: Primitive(name="int"),
    float: Primitive(name="float"),
}


def literal_of(values: list[Any]) -> TypeRef:
    """A Literal of the values where the type system allows one (strings, booleans, 64-bit
    integers); otherwise their base type. `1` and `true` stay distinct values."""
    # Keyed by type and JSON text: an enum may hold lists and objects, which do not hash.
    unique = list(
        {(type(v), json.dumps(v, sort_keys=True, default=str)): v for v in values}.values()
    )
    if all(isinstance(v, (str, bool)) or (type(v) is int and v in _INT64) for v in unique):
        return LiteralType(values=tuple(unique))
    bases = list(dict.fromkeys(_BASE_TYPES.get(type(v), AnyType()) for v in unique))
    if len(bases) == 1:
        return bases[0]
    return AnyType() if AnyType() in bases else UnionType(options=tuple(bases))


def _access(schema: Any, document: Document, location: Location) -> tuple[bool, bool]:
    """readOnly and writeOnly, looking through a $ref (3.1 lets them sit beside it)."""
    if not isinstance(schema, dict):
        return False, False
    resolved, _ = document.deref(schema, location) if "$ref" in schema else (schema, location)
    merged = {**(resolved if isinstance(resolved, dict) else {}), **schema}
    return merged.get("readOnly") is True, merged.get("writeOnly") is True
