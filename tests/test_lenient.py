"""Lenient loading: each validator finding an SDK survives is a located warning and the piece is
handled in its one documented way; what no SDK can be made from stays an error; --strict turns
every warning into an error."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator import cli
from generator.builder import build_api
from generator.ir import Field, Operation
from generator.load import load_document, validate
from generator.load.document import Document
from generator.problems import Level, Problem, SpecError
from tests.support import autumn_config, generate_into, imported

HEAD = """\
openapi: {version}
info: {{title: Lenient, version: "1"}}
paths:
  /things:
    post:
      operationId: makeThing
{body}      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Thing'}}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {{type: string}}
"""


@pytest.fixture(autouse=True)
def verdicts_equal_the_librarys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each document of these tests is validated both ways too, and the fast validation's
    findings must equal those of the library's own walk (see tests/test_validation_speed.py)."""
    validate_one_way = validate._validate

    def both_ways(document: Document, fast: bool) -> list[Problem]:
        found = validate_one_way(document, fast)
        if fast:
            assert found == validate_one_way(document, False)
        return found

    monkeypatch.setattr(validate, "_validate", both_ways)


_NOT_A_TYPE_NAME = (
    "is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']"
)


def spec(
    tmp_path: Path, extra: str = "", version: str = "3.1.0", body: str = "", name: str = "spec"
) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEAD.format(version=version, body=body) + extra, encoding="utf-8")
    return path


def warnings(path: Path) -> list[str]:
    return [str(problem) for problem in load_document(path, "spec.yaml").warnings]


def errors(path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_document(path, "spec.yaml")
    return [str(p) for p in caught.value.problems if p.level is Level.ERROR]


def thing_fields(path: Path) -> dict[str, Field]:
    api, _ = build_api(load_document(path), autumn_config(path, Path("unused")))
    [thing] = [model for model in api.models if model.name == "Thing"]
    return {field.wire_name: field for field in thing.fields}


def make_thing(path: Path) -> Operation:
    api, _ = build_api(load_document(path), autumn_config(path, Path("unused")))
    [operation] = api.root_operations
    return operation


def test_a_default_that_does_not_fit_its_schema_is_dropped(tmp_path: Path) -> None:
    path = spec(
        tmp_path,
        "        size: {type: integer, minimum: 5, default: 1}\n"
        "        kind: {type: integer, enum: [1, 2], default: '1'}\n"
        "        meta: {type: object, default: null}\n"
        "        fine: {type: integer, default: 7}\n",
    )
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing/properties/size/default (line 19): warning:"
        " 1 is less than the minimum of 5; the default is dropped",
        "spec.yaml: #/components/schemas/Thing/properties/kind/default (line 20): warning:"
        " '1' is not of type 'integer'; the default is dropped",
        "spec.yaml: #/components/schemas/Thing/properties/kind/default (line 20): warning:"
        " '1' is not one of [1, 2]; the default is dropped",
        "spec.yaml: #/components/schemas/Thing/properties/meta/default (line 21): warning:"
        " None is not of type 'object'; the default is dropped",
    ]
    fields = thing_fields(path)
    assert [name for name, field in fields.items() if field.has_default] == ["fine"]


def test_boolean_exclusive_minimum_in_a_3_1_document_is_read_as_the_3_0_form(
    tmp_path: Path,
) -> None:
    path = spec(tmp_path, "        size: {type: integer, minimum: 0, exclusiveMinimum: true}\n")
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing/properties/size/exclusiveMinimum (line 19):"
        " warning: True is not of type 'number'; read as the OpenAPI 3.0 form (a boolean that"
        " makes minimum or maximum exclusive)",
    ]
    assert str(thing_fields(path)["size"].type) == str(thing_fields(path)["id"].type).replace(
        "str", "int"
    )


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_name_twice_in_required_is_read_once(tmp_path: Path, version: str) -> None:
    path = spec(tmp_path, "      required: [id, id]\n", version=version)
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing/required (line 19): warning:"
        " ['id', 'id'] has non-unique elements; each name is read once",
    ]
    assert thing_fields(path)["id"].required


def test_a_value_twice_in_an_enum_is_read_once(tmp_path: Path) -> None:
    path = spec(tmp_path, "        kind: {type: string, enum: [a, b, a]}\n", version="3.0.3")
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing/properties/kind/enum (line 19): warning:"
        " ['a', 'b', 'a'] has non-unique elements; each value is read once",
    ]
    assert str(thing_fields(path)["kind"].type) == "LiteralType(values=('a', 'b'))"


def test_an_enum_of_lists_and_objects_builds(tmp_path: Path) -> None:
    """mailchimp.com (the corpus) has one: the builder failed on values that do not hash."""
    path = spec(tmp_path, "        pair: {enum: [[1, 2], [1, 2], {a: 1}]}\n")
    assert warnings(path) == []
    assert str(thing_fields(path)["pair"].type) == "AnyType()"


def test_a_draft_2019_keyword_is_read_as_meant(tmp_path: Path) -> None:
    """`$recursiveAnchor: true` is 2019-09's; 2020-12 wants a name there."""
    path = spec(tmp_path, "      $recursiveAnchor: true\n")
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing/$recursiveAnchor (line 19): warning:"
        " True is not of type 'string'; read as JSON Schema 2019-09's keyword, which marks"
        " where recursion returns: the SDK's types follow $ref and need no anchor",
    ]
    assert set(thing_fields(path)) == {"id"}


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (
            "3.0.3",
            "'sumary' is not a field of this object in this OpenAPI version"
            " (only x- extensions may be added); ignored",
        ),
        ("3.1.0", "Unevaluated properties are not allowed ('sumary' was unexpected); ignored"),
    ],
)
def test_an_unknown_field_is_ignored(tmp_path: Path, version: str, message: str) -> None:
    path = spec(tmp_path, version=version, body="      sumary: a typo\n")
    assert warnings(path) == [f"spec.yaml: #/paths/~1things/post (line 5): warning: {message}"]
    assert make_thing(path).py_name == "make_thing"


def test_a_list_of_types_in_a_3_0_document_is_read_as_the_3_1_form(tmp_path: Path) -> None:
    path = spec(tmp_path, "        size: {type: [integer, 'null']}\n", version="3.0.3")
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing/properties/size/type (line 19): warning:"
        " ['integer', 'null'] is not of type 'string'; read as the OpenAPI 3.1 form (a value of"
        " any of these types)",
    ]
    assert str(thing_fields(path)["size"].type) == (
        "NullableType(inner=Primitive(name='int', format=None))"
    )


@pytest.mark.parametrize(
    ("version", "found"),
    [
        ("3.0.3", ["is not of type 'string'", _NOT_A_TYPE_NAME]),
        ("3.1.0", [_NOT_A_TYPE_NAME]),
    ],
)
def test_a_schema_where_a_type_name_belongs_is_read_as_no_type(
    tmp_path: Path, version: str, found: list[str]
) -> None:
    """codat.io's accounting spec: a property written without its `properties`."""
    path = spec(
        tmp_path, "        kind:\n          type: {type: string, enum: [a, b]}\n", version=version
    )
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing/properties/kind/type (line 20): warning:"
        f" {{'type': 'string', 'enum': ['a', 'b']}} {message}; the schema is read as if it had no"
        " type (any value, unless its other keywords say more)"
        for message in found
    ]
    assert str(thing_fields(path)["kind"].type) == "AnyType()"
    generate_into(path, tmp_path / "out", module="lenient_sdk")
    with imported(tmp_path / "out" / "src", "lenient_sdk") as sdk:
        thing = sdk.models.Thing.model_validate({"kind": {"any": "value"}})
        assert thing.kind == {"any": "value"}


def test_a_property_named_type_is_no_type_keyword(tmp_path: Path) -> None:
    """A schema-valued `type` under `properties` is a property, not the keyword: a flaw in it
    is that property's own."""
    path = spec(tmp_path, "        type: {type: strng}\n")
    assert errors(path) == [
        "spec.yaml: #/components/schemas/Thing/properties/type/type (line 19): 'strng' is not"
        " one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']"
    ]


@pytest.mark.parametrize(
    ("schema", "where"),
    [
        ("{type: object, required: true, properties: {a: {type: string}}}", "required"),
        ("{allOf: [{$ref: '#/components/schemas/Thing'}, {required: 1}]}", "allOf/1/required"),
    ],
)
def test_a_request_bodys_schema_is_checked_as_a_components_schema(
    tmp_path: Path, schema: str, where: str
) -> None:
    """openapi-spec-validator checks response schemas but not a request body's: in a 3.1
    document a broken one reached the builder unreported (and a `required` that is no list
    crashed it). Checked now, it is the same located error as in a component."""
    body = (
        "      requestBody:\n        content:\n          application/json:\n"
        f"            schema: {schema}\n"
    )
    path = spec(tmp_path, body=body)
    [error] = errors(path)
    assert error.startswith(
        "spec.yaml: #/paths/~1things/post/requestBody/content/application~1json/schema/"
        f"{where} (line 10): "
    )
    assert "is not of type 'array'" in error
    in_components = spec(tmp_path, "      required: true\n", name="components")
    assert [e.split(": ", 2)[2] for e in errors(in_components)] == ["True is not of type 'array'"]


def test_a_required_name_without_its_property_is_ignored(tmp_path: Path) -> None:
    path = spec(
        tmp_path,
        "      required: [id, ghost]\n      allOf: [{type: object}]\n",
    )
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing (line 15): warning: Required list has not"
        " defined properties: ['ghost']; required names that no property has are ignored",
    ]
    assert thing_fields(path)["id"].required


def test_an_ambiguous_schema_keyword_stays_an_error(tmp_path: Path) -> None:
    path = spec(tmp_path, "        size: {type: strng}\n")
    assert errors(path) == [
        "spec.yaml: #/components/schemas/Thing/properties/size/type (line 19): 'strng' is not"
        " one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']"
    ]


def test_empty_responses_make_an_operation_that_returns_none(tmp_path: Path) -> None:
    path = spec(tmp_path, version="3.0.3")
    text = path.read_text().replace(
        '      responses:\n        "200":\n          description: OK\n'
        "          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Thing'}\n",
        "      responses: {}\n",
    )
    path.write_text(text, "utf-8")
    assert warnings(path) == [
        "spec.yaml: #/paths/~1things/post/responses (line 7): warning: {} should be non-empty;"
        " the operation is generated with no documented response (it returns None)",
    ]
    assert make_thing(path).return_type is None


def test_a_dialect_that_does_not_exist_is_read_as_the_documents_own(tmp_path: Path) -> None:
    path = spec(tmp_path, "      $schema: 'https://json-schema.org/draft-05/schema#'\n")
    assert warnings(path) == [
        "spec.yaml: #/components/schemas/Thing (line 15): warning: Unknown JSON Schema dialect:"
        " 'https://json-schema.org/draft-05/schema#'; the schema is read in the document's own"
        " dialect",
    ]
    assert str(thing_fields(path)["id"].type) == "Primitive(name='str', format=None)"


def test_an_extension_beside_the_paths_is_no_path(tmp_path: Path) -> None:
    """The validator used to walk it as a path item and stop with "could not be validated"."""
    path = spec(tmp_path)
    path.write_text(
        path.read_text().replace("paths:\n", "paths:\n  x-owner: {team: core}\n"), "utf-8"
    )
    assert warnings(path) == []
    assert make_thing(path).path == "/things"


def test_a_response_without_description_is_documented_without_one(tmp_path: Path) -> None:
    path = spec(tmp_path)
    path.write_text(path.read_text().replace("          description: OK\n", ""), "utf-8")
    assert warnings(path) == [
        "spec.yaml: #/paths/~1things/post/responses/200 (line 8): warning:"
        " 'description' is a required property; the response is documented without one",
    ]
    assert make_thing(path).success[0].type is not None


def test_a_request_body_without_content_makes_an_operation_without_a_body(
    tmp_path: Path,
) -> None:
    path = spec(tmp_path, body="      requestBody:\n        content: {}\n")
    outcome = generate_into(path, tmp_path / "out", module="lenient_sdk")
    assert [str(w) for w in outcome.warnings] == [
        "spec.yaml: #/paths/~1things/post/requestBody/content (line 8): warning:"
        " request body without content; the operation is generated without a body",
    ]
    with imported(tmp_path / "out" / "src", "lenient_sdk") as sdk:
        client = sdk.Autumn(server_url="http://127.0.0.1:9")
        assert hasattr(client, "make_thing")
    assert make_thing(path).body is None


def test_an_anchor_defined_twice_refers_to_the_latest(tmp_path: Path) -> None:
    """YAML allows it; PyYAML's composer refused the second definition."""
    path = spec(
        tmp_path,
        "        a: &shape {type: string}\n"
        "        b: *shape\n"
        "        c: &shape {type: integer}\n"
        "        d: *shape\n",
    )
    schema = load_document(path).root["components"]["schemas"]["Thing"]["properties"]
    assert [schema[key]["type"] for key in "abcd"] == ["string", "string", "integer", "integer"]


def test_what_no_sdk_can_be_made_from_stays_an_error(tmp_path: Path) -> None:
    no_in = spec(tmp_path, body="      parameters:\n        - {name: q, schema: {type: string}}\n")
    assert errors(no_in) == [
        "spec.yaml: #/paths/~1things/post/parameters/0 (line 8): 'in' is a required property"
    ]
    not_a_mapping = tmp_path / "list.yaml"
    not_a_mapping.write_text(
        'openapi: 3.1.0\ninfo: {title: T, version: "1"}\npaths: [/a, /b]\n', "utf-8"
    )
    assert errors(not_a_mapping) == [
        "spec.yaml: #/paths (line 3): ['/a', '/b'] is not of type 'object'"
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_path_without_its_slash_stays_an_error(tmp_path: Path, version: str) -> None:
    path = spec(tmp_path, version=version)
    path.write_text(path.read_text().replace("  /things:", "  things:"), "utf-8")
    assert len(errors(path)) == 1
    assert errors(path)[0].startswith("spec.yaml: #/paths (line 3): ")


def test_strict_turns_every_warning_into_an_error(tmp_path: Path) -> None:
    path = spec(tmp_path, "      required: [id, id]\n")
    config = dataclasses.replace(autumn_config(path, tmp_path / "out"), strict=True)
    from generator.pipeline import generate

    with pytest.raises(SpecError) as caught:
        generate(config, "spec.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "spec.yaml: #/components/schemas/Thing/required (line 19):"
        " ['id', 'id'] has non-unique elements; each name is read once",
    ]
    assert not (tmp_path / "out").exists()


def test_validate_lists_every_problem_with_its_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(
        tmp_path,
        "      required: [id, id]\n",
        body="      requestBody:\n        content: {}\n",
    )
    assert cli.main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{path}: #/components/schemas/Thing/required (line 21): warning:"
        " ['id', 'id'] has non-unique elements; each name is read once",
        f"{path}: #/paths/~1things/post/requestBody/content (line 8): warning:"
        " request body without content; the operation is generated without a body",
    ]
    assert captured.out == f"{path}: valid, 2 warnings, 0 operations skipped\n"
    assert cli.main(["validate", "--strict", str(path)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{path}: invalid under --strict (2 errors)"
    )
    broken = spec(tmp_path, body="      parameters:\n        - {name: q}\n", name="broken")
    assert cli.main(["validate", str(broken)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{broken}: #/paths/~1things/post/parameters/0 (line 8): error:"
        " 'in' is a required property",
        f"{broken}: #/paths/~1things/post/parameters/0 (line 8): error:"
        " 'schema' is a required property",
    ]


def test_the_summary_line_counts_warnings_and_skipped_operations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, "      required: [id, id]\n")
    assert cli.main(["generate", "--spec", str(path), "--out", str(tmp_path / "out")]) == 0
    summary = capsys.readouterr().out.strip()
    assert summary.endswith("; 1 operations, 1 warnings, 0 operations skipped"), summary


@pytest.mark.parametrize(
    "declaration", ["{type: cursor, inputs: 12}", "{type: offsetLimit, outputs: [results]}"]
)
def test_an_unreadable_pagination_declaration_makes_a_plain_method(
    tmp_path: Path, declaration: str
) -> None:
    """A vendor extension the validator does not look into: it crashed the builder."""
    path = spec(tmp_path, body=f"      x-speakeasy-pagination: {declaration}\n")
    outcome = generate_into(path, tmp_path / "out", module="lenient_sdk")
    assert [str(warning) for warning in outcome.warnings] == [
        "spec.yaml: #/paths/~1things/post/x-speakeasy-pagination (line 7): warning: pagination"
        " needs 'inputs' as a list and 'outputs' as a mapping; the operation is generated"
        " without page iteration"
    ]
    with imported(tmp_path / "out" / "src", "lenient_sdk") as sdk:
        client = sdk.Autumn(server_url="http://127.0.0.1:9")
        assert hasattr(client, "make_thing")
        assert not hasattr(client, "make_thing_pages")


_PARAMETER_CONTENT = (
    "      parameters:\n        - name: q\n          in: query\n          content:\n"
    "            application/json:\n              schema: {properties: []}\n"
)
_RESPONSE_HEADER = (
    "          description: OK\n          headers:\n"
    "            X-Rate:\n              schema: {properties: []}\n"
)


def test_a_parameters_content_is_checked(tmp_path: Path) -> None:
    """openapi-spec-validator reads a parameter's `schema` but not its `content`."""
    [error] = errors(spec(tmp_path, body=_PARAMETER_CONTENT))
    assert error.startswith(
        "spec.yaml: #/paths/~1things/post/parameters/0/content/application~1json/schema/"
        "properties (line 12): [] is not of type 'object'"
    )


def test_a_response_header_is_checked(tmp_path: Path) -> None:
    """openapi-spec-validator skips response headers altogether."""
    path = spec(tmp_path)
    path.write_text(
        path.read_text().replace("          description: OK\n", _RESPONSE_HEADER, 1), "utf-8"
    )
    [error] = errors(path)
    assert error.startswith(
        "spec.yaml: #/paths/~1things/post/responses/200/headers/X-Rate/schema/properties"
        " (line 12): [] is not of type 'object'"
    )
