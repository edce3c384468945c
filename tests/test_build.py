"""The model builder: the IR made from specs/autumn.yaml and from small specs."""

from __future__ import annotations

from pathlib import Path

from generator.builder import build_api
from generator.ir import (
    Api,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    Primitive,
    UnionType,
)
from generator.load import load_document
from generator.problems import Problem
from tests.support import SPECS, autumn_config


def build(spec: Path) -> tuple[Api, list[Problem]]:
    return build_api(load_document(spec), autumn_config(spec, Path("unused")))


def test_autumn_referrals_ir() -> None:
    api, warnings = build(SPECS / "autumn.yaml")
    assert warnings == []
    assert (api.title, api.api_version) == ("Autumn API", "2.1.0")
    assert [s.url for s in api.servers] == ["https://api.useautumn.com"]
    [scheme] = api.security
    assert (scheme.name, scheme.py_name, scheme.kind) == ("secretKey", "secret_key", "bearer")
    [version] = api.globals
    assert (version.wire_name, version.py_name, version.default, version.hidden) == (
        "x-api-version",
        "x_api_version",
        "2.1",
        True,
    )
    [referrals] = api.resources
    assert (referrals.attribute, referrals.class_name) == ("referrals", "Referrals")
    create, redeem = referrals.operations
    assert (create.py_name, create.method, create.path) == (
        "create_code",
        "POST",
        "/v1/referrals.create_code",
    )
    assert [(a.py_name, a.source, a.required, a.example) for a in create.arguments] == [
        ("customer_id", "body", True, "cus_123"),
        ("program_id", "body", True, "prog_123"),
    ]
    assert create.return_type == ModelType(
        name="CreateReferralCodeResponse",
        typed_dict="CreateReferralCodeResponseTypedDict",
        module="shared",
    )
    assert redeem.py_name == "redeem_code"
    assert [a.py_name for a in redeem.arguments] == ["code", "customer_id"]
    models = {m.name: m for m in api.models}
    response = models["CreateReferralCodeResponse"]
    assert [(f.wire_name, f.type, f.required) for f in response.fields] == [
        ("code", Primitive(name="str"), True),
        ("customer_id", Primitive(name="str"), True),
        ("created_at", Primitive(name="float"), True),
    ]


SCHEMAS = """\
openapi: 3.1.0
info: {title: Shapes API, version: "1"}
paths:
  /shapes:
    post:
      operationId: makeShape
      tags: [shapes]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Shape'}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shape'}
components:
  schemas:
    Shape:
      type: object
      required: [kind, maybe]
      properties:
        kind: {enum: [circle, square]}
        maybe: {anyOf: [{type: string}, {type: "null"}]}
        sometimes: {type: [integer, "null"]}
        tags: {type: array, items: {type: string}}
        extra: {type: object, additionalProperties: {type: number}}
        patterned: {type: object, patternProperties: {"^x-": {type: boolean}}}
        either: {oneOf: [{type: string}, {type: integer}]}
        class: {type: string}
        json: {type: string}
        parent: {$ref: '#/components/schemas/Shape'}
"""


def test_schema_kinds_map_to_type_refs(tmp_path: Path) -> None:
    spec = tmp_path / "shapes.yaml"
    spec.write_text(SCHEMAS)
    api, _ = build(spec)
    shape = {m.name: m for m in api.models}["Shape"]
    fields = {f.wire_name: f for f in shape.fields}
    assert fields["kind"].type == LiteralType(values=("circle", "square"))
    assert (
        fields["maybe"].type == NullableType(inner=Primitive(name="str"))
        and fields["maybe"].required
    )
    assert fields["sometimes"].type == NullableType(inner=Primitive(name="int"))
    assert fields["tags"].type == ListType(item=Primitive(name="str"))
    assert fields["extra"].type == MapType(value=Primitive(name="float"))
    assert fields["patterned"].type == MapType(value=Primitive(name="bool"))
    assert fields["either"].type == UnionType(
        options=(Primitive(name="str"), Primitive(name="int"))
    )
    assert fields["parent"].type == ModelType(
        name="Shape", typed_dict="ShapeTypedDict", module="shared"
    )
    assert (fields["class"].py_name, fields["json"].py_name) == ("class_", "json_")


def test_names_default_from_the_title_when_not_configured(tmp_path: Path) -> None:
    from generator.config import Config

    spec = tmp_path / "shapes.yaml"
    spec.write_text(SCHEMAS)
    api, _ = build_api(load_document(spec), Config(spec=spec, output=tmp_path))
    settings = api.settings
    assert (settings.client_class, settings.module, settings.package_name) == (
        "Shapes",
        "shapes_sdk",
        "shapes-sdk",
    )
    assert (settings.error_base, settings.default_error) == ("ShapesError", "ShapesDefaultError")


def test_a_body_in_another_format_is_sent_as_raw_bytes(tmp_path: Path) -> None:
    spec = tmp_path / "xml.yaml"
    spec.write_text(
        SCHEMAS.replace(
            "application/json:\n            schema: {$ref: '#/components/schemas/Shape'}",
            "application/xml:\n            schema: {type: string}",
            1,
        )
    )
    api, warnings = build(spec)
    assert warnings == []
    [operation] = api.operations
    assert operation.body is not None
    assert (operation.body.encoding, operation.body.content_type) == ("binary", "application/xml")
    assert [(a.py_name, a.type) for a in operation.arguments] == [
        ("request", Primitive(name="bytes"))
    ]


def test_an_unsupported_security_scheme_is_a_located_warning(tmp_path: Path) -> None:
    spec = tmp_path / "mtls.yaml"
    spec.write_text(SCHEMAS + "  securitySchemes:\n    tls: {type: mutualTLS}\n")
    api, warnings = build(spec)
    assert api.security == ()
    assert [str(w) for w in warnings] == [
        f"{spec}: #/components/securitySchemes/tls (line 36): warning: "
        "security scheme type 'mutualTLS' is not supported; skipped"
    ]


def test_an_example_that_does_not_fit_is_replaced_with_a_warning(tmp_path: Path) -> None:
    spec = tmp_path / "bad-example.yaml"
    spec.write_text(
        (SPECS / "autumn.yaml").read_text().replace("program_id: prog_123", "programId: prog_123")
    )
    api, warnings = build(spec)
    assert [w.message for w in warnings] == [
        "example does not match the schema: 'program_id' is a required property;"
        " snippets use values made from the schema"
    ]
    assert (
        warnings[0].pointer
        == "#/paths/~1v1~1referrals.create_code/post/requestBody/content/application~1json"
    )
    create = api.resources[0].operations[0]
    assert [(a.py_name, a.example) for a in create.arguments] == [
        ("customer_id", "<value>"),
        ("program_id", "<value>"),
    ]


REF_CHAIN = """\
openapi: 3.0.3
info: {title: Chain, version: "1"}
paths:
  /a:
    post:
      operationId: post_a
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                direct: {$ref: "#/components/schemas/Node"}
                x: {allOf: [{type: object, properties: {a: {type: string}}}]}
                y: {allOf: [{type: object, properties: {b: {type: integer}}}]}
                z: {allOf: [{type: object, properties: {c: {type: boolean}}}]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  chained: {$ref: "DIRECT"}
components:
  schemas:
    Node:
      type: object
      properties:
        leaf: {$ref: "#/components/schemas/Leaf"}
    Leaf:
      type: object
      properties:
        node: {$ref: "#/components/schemas/Node"}
""".replace(
    "DIRECT", "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/direct"
)


def test_a_ref_chain_reaches_the_one_component_model(tmp_path: Path) -> None:
    spec = tmp_path / "chain.yaml"
    spec.write_text(REF_CHAIN)
    api, _ = build(spec)
    names = [model.name for model in api.models]
    assert names.count("Node") == 1 and "NodeTypedDict2" not in {m.typed_dict for m in api.models}
    node = {m.name: m for m in api.models}["Node"]
    assert node.module == "shared"


def test_each_allof_gets_its_own_model_even_when_merged_dicts_are_freed(tmp_path: Path) -> None:
    spec = tmp_path / "chain.yaml"
    spec.write_text(REF_CHAIN)
    api, _ = build(spec)
    body = {m.name: m for m in api.models}["PostARequest"]
    types = {f.wire_name: f.type for f in body.fields}
    models = {m.name: m for m in api.models}
    fields_of = {
        wire: [f.wire_name for f in models[t.name].fields]
        for wire, t in types.items()
        if isinstance(t, ModelType) and wire in "xyz"
    }
    assert fields_of == {"x": ["a"], "y": ["b"], "z": ["c"]}
