"""Spec names that collide with what the generated code already uses still give a working SDK."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_document
from tests.support import SdkMaker, mypy_strict
from tests.test_safety import prose


def ok_response(ref: str) -> dict[str, Any]:
    return {
        "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": ref}}}}
    }


CLASHES: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Optional", "version": "1"},
    "servers": [{"url": "https://x.test/`<img src=x onerror=alert(1)>`|"}],
    "x-speakeasy-globals": {
        "parameters": [
            {"name": "client", "in": "header", "schema": {"type": "string"}},
            {"name": "page_size", "in": "query", "schema": {"type": "integer", "default": 5}},
            {"name": "verbose", "in": "header", "schema": {"type": "boolean", "default": False}},
        ]
    },
    "components": {
        "securitySchemes": {"retry-config": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Optional": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Pet": {
                "type": "object",
                "properties": {
                    "o": {"$ref": "#/components/schemas/Optional"},
                    "émoji😀": {"type": "string"},
                    "kind": {"enum": ["😀", "a", 1, True, None]},
                    "ratio": {"enum": [1.5, 2.5]},
                    "model_dump_x": {"type": "string"},
                },
            },
        },
    },
    "paths": {
        "/pets": {
            "get": {
                "operationId": "petList",
                "tags": ["Pet"],
                "responses": ok_response("#/components/schemas/Pet"),
            }
        },
        "/pets2": {
            "get": {
                "operationId": "other",
                "tags": ["pet"],
                "responses": ok_response("#/components/schemas/Pet"),
            }
        },
        "/b": {"get": {"operationId": "listThings", "responses": {"200": {"description": "OK"}}}},
        "/c": {
            "get": {
                "operationId": "getC",
                "tags": ["list_things_async"],
                "responses": {"200": {"description": "OK"}},
            }
        },
    },
}


@pytest.mark.slow
def test_clashing_names_generate_an_sdk_that_imports_and_type_checks(
    make_sdk: SdkMaker, tmp_path: Path
) -> None:
    module = make_sdk(
        json.dumps(CLASHES), ".json", package_name="clash-sdk", module="clash_sdk", client_class=""
    )
    out = make_sdk.output
    client_class = module.OptionalClient
    client = client_class(client_="h", retry_config_=None)
    assert callable(client.list_things) and callable(client.list_things_async)
    assert callable(client.list_things_async_.get_c)  # the tag is not hidden by the method
    assert callable(client.pet.pet_list) and callable(client.pet_2.other)
    pet = module.models.Pet.model_validate({"émoji😀": "x", "kind": True, "ratio": 1.5})
    assert pet.model_dump(by_alias=True)["émoji😀"] == "x"
    assert pet.kind is True
    report, status = mypy_strict("-p", "clash_sdk", cwd_path=out / "src", cache=tmp_path / "cache")
    assert status == 0, report
    readme = prose((out / "README.md").read_text())
    assert "``https://x.test/`<img src=x onerror=alert(1)>`|``" in readme
    assert "<img" not in readme.replace("``https://x.test/`<img src=x onerror=alert(1)>`|``", "")


def test_yaml_is_read_as_yaml_1_2(tmp_path: Path) -> None:
    spec = tmp_path / "a.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1.0'}\npaths: {}\n"
        "components:\n  schemas:\n    Country: {type: string, enum: [NO, SE, on, 2025-01-01]}\n"
    )
    schema = load_document(spec).root["components"]["schemas"]["Country"]
    assert schema["enum"] == ["NO", "SE", "on", "2025-01-01"]


def test_a_ref_to_itself_is_a_located_error(tmp_path: Path) -> None:
    from generator.problems import SpecError

    spec = tmp_path / "a.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n"
    )
    try:
        load_document(spec, "a.yaml")
    except SpecError as error:
        assert [str(p) for p in error.problems] == [
            "a.yaml: #/components/schemas/A (line 6): "
            "$ref cycle: the references lead back here without reaching a value"
        ]
    else:
        raise AssertionError("a self-referencing $ref was accepted")
