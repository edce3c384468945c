"""Adding to a spec never renames what the SDK already exported: each pair below adds something
in one of the places a Python name comes from, at the spot where it would have taken an existing
name, and the second build (holding the first one's names) must keep every old name."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.builder import build_api
from generator.config import Config
from generator.ir import Api
from generator.load import load_document
from generator.pipeline import generate
from generator.write.names import NAMES_FILE
from tests.support import imported


def build(tmp_path: Path, spec: dict[str, Any], lock: dict[str, str] | None = None) -> Api:
    folder = tmp_path / f"v{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    path = folder / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    document = load_document(path, path.name, validate=False)
    api, _ = build_api(document, Config(spec=path, output=tmp_path / "out"), lock)
    return api


def exported(api: Api) -> dict[str, str]:
    """Every name a user's code can spell (classes, methods, arguments, fields, modules), and
    what it stands for on the wire: a name kept for something else is a rename too."""
    names = {f"client.{g.py_name}": f"global {g.wire_name}" for g in api.globals}
    names |= {f"client.{s.py_name}": f"security {s.name}" for s in api.security}
    for model in api.models:
        shape = ",".join(sorted(field.wire_name for field in model.fields))
        names[f"models.{model.module}.{model.name}"] = shape
        names[f"models.{model.typed_dict}"] = shape
        names |= {f"{model.name}.{field.py_name}": field.wire_name for field in model.fields}
    for resource in api.resources:
        names[f"class {resource.class_name}"] = resource.wire_name
        names[f"client.{resource.attribute}"] = resource.wire_name
        names[f"module {resource.module}"] = resource.wire_name
    for operation in api.operations:
        method = f"{operation.resource}.{operation.py_name}"
        wire = f"{operation.method} {operation.path}"
        names |= {method: wire, f"{operation.resource}.{operation.async_name}": wire}
        names |= {
            f"{method}({argument.py_name})": f"{argument.source} {argument.wire_name}"
            for argument in operation.arguments
        }
    names |= {f"errors.{error.name}": error.data.name for error in api.error_classes}
    return names


def renamed(old: Api, new: Api) -> dict[str, tuple[str, str | None]]:
    """The old names that are gone or now stand for something else."""
    before, after = exported(old), exported(new)
    return {
        name: (meaning, after.get(name))
        for name, meaning in before.items()
        if after.get(name) != meaning
    }


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


STR = {"type": "string"}


def op(operation_id: str, body: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": obj(id=STR, meta=obj(a=STR))}},
            }
        },
        **extra,
    }
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return operation


def base() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "servers": [{"url": "https://shop.example"}],
        "tags": [{"name": "things"}],
        "paths": {
            "/things/create": {
                "post": op(
                    "createThing",
                    obj(name=STR, fooBar=STR, customize=obj(price=STR)),
                    tags=["things"],
                    parameters=[{"name": "mode", "in": "query", "schema": STR}],
                )
            },
        },
        "components": {
            "schemas": {},
            "securitySchemes": {"api_key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        },
        "security": [{"api_key": []}],
    }


def first(spec: dict[str, Any], key: str, value: Any) -> None:
    """Puts `key` first in the mapping `spec`, where the builder meets it before the others."""
    rest = dict(spec)
    spec.clear()
    spec[key] = value
    spec.update(rest)


def add_component_named_like_an_inline_schema(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["CreateThingRequestCustomize"] = obj(other=STR)
    spec["components"]["schemas"]["CreateThingResponse"] = obj(x=STR)
    spec["paths"]["/other"] = {"get": op("getOther")}
    spec["paths"]["/other"]["get"]["responses"]["200"]["content"]["application/json"] = {
        "schema": {
            "type": "object",
            "properties": {
                "a": {"$ref": "#/components/schemas/CreateThingRequestCustomize"},
                "b": {"$ref": "#/components/schemas/CreateThingResponse"},
            },
        }
    }


def add_operation_first_with_the_same_names(spec: dict[str, Any]) -> None:
    # Same inline shapes, met first, under an operation whose name would be taken too.
    twin = op(
        "createThing2",
        obj(name=STR, fooBar=STR, customize=obj(price=STR)),
        tags=["things"],
        **{"x-speakeasy-name-override": "createThing"},
    )
    first(spec["paths"], "/a/first", {"post": twin})


def add_same_shaped_inline_schema_under_another_operation(spec: dict[str, Any]) -> None:
    # createThingRequest's inline `customize` parameter is named after the operation and the
    # parameter: CreateThingRequestCustomize, the class createThing's body already has.
    newcomer = op(
        "createThingRequest",
        parameters=[{"name": "customize", "in": "query", "schema": obj(price=STR)}],
    )
    first(spec["paths"], "/a/params", {"get": newcomer})


def add_field_first_with_the_same_python_name(spec: dict[str, Any]) -> None:
    schema = spec["paths"]["/things/create"]["post"]["requestBody"]["content"]
    first(schema["application/json"]["schema"]["properties"], "foo_bar", STR)


def add_parameter_named_like_a_body_field(spec: dict[str, Any]) -> None:
    spec["paths"]["/things/create"]["post"]["parameters"].insert(
        0, {"name": "name", "in": "query", "schema": STR}
    )


def add_tag_first_with_the_same_attribute(spec: dict[str, Any]) -> None:
    spec["tags"].insert(0, {"name": "Things"})
    spec["paths"]["/b"] = {"get": op("listThings", tags=["Things"])}


def add_title_taking_a_class_name(spec: dict[str, Any]) -> None:
    body = obj(z=STR)
    body["title"] = "CreateThingResponse"
    first(spec["paths"], "/a/titled", {"post": op("makeIt", body)})


def add_security_scheme_named_like_a_global(spec: dict[str, Any]) -> None:
    spec["components"]["securitySchemes"] = {
        "api-key": {"type": "http", "scheme": "bearer"},
        **spec["components"]["securitySchemes"],
    }
    spec["security"].insert(0, {"api-key": []})


def add_error_response_first(spec: dict[str, Any]) -> None:
    def error_body(op_id: str) -> dict[str, Any]:
        return {
            "description": "no",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Oops"}}},
        }

    spec["components"]["schemas"]["Oops"] = obj(message=STR)
    spec["paths"]["/things/create"]["post"]["responses"]["404"] = error_body("createThing")


ADDITIONS = {
    "a component schema named like an inline one": add_component_named_like_an_inline_schema,
    "an operation met first, same names": add_operation_first_with_the_same_names,
    "a same-shaped inline schema under another operation": (
        add_same_shaped_inline_schema_under_another_operation
    ),
    "a field met first, same Python name": add_field_first_with_the_same_python_name,
    "a parameter named like a body field": add_parameter_named_like_a_body_field,
    "a tag met first, same attribute": add_tag_first_with_the_same_attribute,
    "a title taking an existing class name": add_title_taking_a_class_name,
    "a security scheme, same Python name": add_security_scheme_named_like_a_global,
    "an error response": add_error_response_first,
}


@pytest.mark.parametrize("addition", sorted(ADDITIONS))
def test_an_addition_renames_nothing_already_exported(tmp_path: Path, addition: str) -> None:
    old_spec = base()
    new_spec = copy.deepcopy(old_spec)
    ADDITIONS[addition](new_spec)
    old = build(tmp_path, old_spec)
    new = build(tmp_path, new_spec, dict(old.name_lock))
    assert renamed(old, new) == {}
    assert exported(new).keys() - exported(old).keys(), "the pair adds nothing: it tests nothing"


@pytest.mark.parametrize("addition", sorted(ADDITIONS))
def test_without_the_lock_the_pair_would_rename(tmp_path: Path, addition: str) -> None:
    """Each pair is one where the order of the walk alone would rename something (else the
    test above would prove nothing), except the additions that never contend."""
    old_spec = base()
    new_spec = copy.deepcopy(old_spec)
    ADDITIONS[addition](new_spec)
    assert renamed(build(tmp_path, old_spec), build(tmp_path, new_spec)) or (
        addition == "an error response"
    )


def test_a_spec_built_with_its_own_lock_is_the_same_build(tmp_path: Path) -> None:
    spec = base()
    add_operation_first_with_the_same_names(spec)
    once = build(tmp_path, spec)
    assert build(tmp_path, spec, dict(once.name_lock)) == once


def test_generate_keeps_the_names_the_output_recorded(tmp_path: Path) -> None:
    old_spec = base()
    new_spec = copy.deepcopy(old_spec)
    add_same_shaped_inline_schema_under_another_operation(new_spec)
    spec_path, output = tmp_path / "spec.json", tmp_path / "sdk"
    spec_path.write_text(json.dumps(old_spec), encoding="utf-8")
    generate(Config(spec=spec_path, output=output), "spec.json")
    models = (output / "src" / "shop_sdk" / "models" / "things.py").read_text(encoding="utf-8")
    assert "class CreateThingRequestCustomize(" in models
    spec_path.write_text(json.dumps(new_spec), encoding="utf-8")
    generate(Config(spec=spec_path, output=output), "spec.json")
    models = (output / "src" / "shop_sdk" / "models" / "things.py").read_text(encoding="utf-8")
    assert "class CreateThingRequestCustomize(" in models
    newcomer = output / "src" / "shop_sdk" / "models" / "operations.py"
    assert "class CreateThingRequestCustomize2(" in newcomer.read_text(encoding="utf-8")
    lock = json.loads((output / NAMES_FILE).read_text(encoding="utf-8"))
    assert (
        lock[
            "model:things:#/paths/~1things~1create/post/requestBody/content/application~1json/schema/properties/customize"
        ]
        == "CreateThingRequestCustomize"
    )


def test_an_inline_schema_moved_into_components_keeps_its_old_name_as_an_alias(
    tmp_path: Path,
) -> None:
    old_spec = base()
    new_spec = copy.deepcopy(old_spec)
    body = new_spec["paths"]["/things/create"]["post"]["requestBody"]["content"]
    customize = body["application/json"]["schema"]["properties"]["customize"]
    new_spec["components"]["schemas"]["Customize"] = customize
    body["application/json"]["schema"]["properties"]["customize"] = {
        "$ref": "#/components/schemas/Customize"
    }
    spec_path, output = tmp_path / "spec.json", tmp_path / "sdk"
    for spec in (old_spec, new_spec, new_spec):
        # The third run shows the alias stays (the lock records it), not only on the move.
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        generate(Config(spec=spec_path, output=output), "spec.json")
        shared = output / "src" / "shop_sdk" / "models" / "shared.py"
        if spec is new_spec:
            text = shared.read_text(encoding="utf-8")
            assert "CreateThingRequestCustomize = Customize\n" in text
            assert "CreateThingRequestCustomizeTypedDict = CustomizeTypedDict\n" in text
    init = (output / "src" / "shop_sdk" / "models" / "__init__.py").read_text(encoding="utf-8")
    assert '"CreateThingRequestCustomize": "shared",' in init
    with imported(output / "src", "shop_sdk") as sdk:
        assert sdk.models.CreateThingRequestCustomize is sdk.models.Customize


def test_an_alias_lasts_until_the_next_breaking_release(tmp_path: Path) -> None:
    """The issue's promise: an old class name stays importable until the next release that may
    break (a minor one below 1.0), and goes then, said in the SDK's changelog."""
    old_spec = base()
    moved = copy.deepcopy(old_spec)
    body = moved["paths"]["/things/create"]["post"]["requestBody"]["content"]
    moved["components"]["schemas"]["Customize"] = body["application/json"]["schema"]["properties"][
        "customize"
    ]
    body["application/json"]["schema"]["properties"]["customize"] = {
        "$ref": "#/components/schemas/Customize"
    }
    breaking = copy.deepcopy(moved)
    del breaking["paths"]["/things/create"]["post"]["parameters"]
    spec_path, output = tmp_path / "spec.json", tmp_path / "sdk"
    shared = output / "src" / "shop_sdk" / "models" / "shared.py"
    for spec in (old_spec, moved, moved):
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        generate(Config(spec=spec_path, output=output), "spec.json")
    assert "CreateThingRequestCustomize = Customize\n" in shared.read_text(encoding="utf-8")
    version_before = (output / "pyproject.toml").read_text(encoding="utf-8")
    spec_path.write_text(json.dumps(breaking), encoding="utf-8")
    generate(Config(spec=spec_path, output=output), "spec.json")
    assert "CreateThingRequestCustomize" not in shared.read_text(encoding="utf-8")
    init = (output / "src" / "shop_sdk" / "models" / "__init__.py").read_text(encoding="utf-8")
    assert "CreateThingRequestCustomize" not in init
    assert (output / "pyproject.toml").read_text(encoding="utf-8") != version_before
    changelog = (output / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = changelog.split("\n## ", 2)[1]
    assert "CreateThingRequestCustomize" in newest and "mode" in newest
    lock = json.loads((output / NAMES_FILE).read_text(encoding="utf-8"))
    assert not [key for key in lock if key.startswith("alias-of:")]


def test_a_title_never_names_the_client_like_the_validation_error(tmp_path: Path) -> None:
    """Found by the property tests: "Response Validation Error" would name the client class
    after the error class the client module imports."""
    spec = base()
    spec["info"]["title"] = "Response Validation Error"
    settings = build(tmp_path, spec).settings
    assert (settings.client_class, settings.validation_error) == (
        "ResponseValidationErrorClient",
        "ResponseValidationError",
    )
