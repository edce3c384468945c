"""The spec loader: formats, $refs, validation, and located error messages."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from generator.load import load_document
from generator.problems import SpecError

MINIMAL = """\
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: OK
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path, label: str = "specs/x.yaml") -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_document(path, label)
    return [str(problem) for problem in caught.value.problems]


def warnings(path: Path, label: str = "specs/x.yaml") -> list[str]:
    return [str(problem) for problem in load_document(path, label).warnings]


def test_yaml_anchors_and_merge_keys_are_resolved(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "a.yaml",
        MINIMAL
        + """\
components:
  schemas:
    Base: &base
      type: object
      properties: {id: {type: string}}
    Derived:
      <<: *base
      description: merged
""",
    )
    schemas = load_document(spec).root["components"]["schemas"]
    assert schemas["Derived"]["properties"] == {"id": {"type": "string"}}
    assert schemas["Derived"]["description"] == "merged"


def test_json_spec_loads(tmp_path: Path) -> None:
    import yaml

    spec = write(tmp_path, "a.json", json.dumps(yaml.safe_load(MINIMAL)))
    assert load_document(spec).root["paths"]["/things"]["get"]["operationId"] == "listThings"


def test_relative_file_refs_load_the_other_file(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    write(
        tmp_path,
        "schemas/thing.yaml",
        "Thing:\n  type: object\n  properties: {id: {type: string}}\n",
    )
    spec = write(
        tmp_path,
        "api.yaml",
        MINIMAL.replace(
            "          description: OK\n",
            "          description: OK\n"
            "          content:\n"
            "            application/json:\n"
            "              schema: {$ref: 'schemas/thing.yaml#/Thing'}\n",
        ),
    )
    document = load_document(spec)
    assert (tmp_path / "schemas" / "thing.yaml").resolve() in document.files


def test_missing_ref_is_reported_with_pointer_and_line(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "a.yaml",
        MINIMAL.replace(
            "          description: OK\n",
            "          description: OK\n"
            "          content:\n"
            "            application/json:\n"
            "              schema:\n"
            "                $ref: '#/components/schemas/Nope'\n",
        ),
    )
    assert messages(spec) == [
        "specs/x.yaml: #/paths/~1things/get/responses/200/content/application~1json/schema/$ref"
        " (line 13): $ref '#/components/schemas/Nope' points nowhere"
    ]


def test_ref_to_a_missing_file_is_reported(tmp_path: Path) -> None:
    spec = write(
        tmp_path, "a.yaml", MINIMAL + "components:\n  schemas:\n    X: {$ref: 'other.yaml#/X'}\n"
    )
    assert messages(spec) == [
        "specs/x.yaml: #/components/schemas/X/$ref (line 12): "
        "$ref 'other.yaml#/X' points to a file that does not exist"
    ]


def test_invalid_yaml_names_line_and_column(tmp_path: Path) -> None:
    spec = write(tmp_path, "a.yaml", "openapi: 3.1.0\ninfo: {title: T\npaths: {}\n")
    [message] = messages(spec)
    assert message.startswith("specs/x.yaml: # (line 3): invalid YAML, column 6:")


def test_schema_the_validator_rejects_is_located(tmp_path: Path) -> None:
    spec = write(
        tmp_path, "a.yaml", MINIMAL.replace("          description: OK\n", "          content: 5\n")
    )
    assert messages(spec) == [
        "specs/x.yaml: #/paths/~1things/get/responses/200 (line 8): warning:"
        " 'description' is a required property; the response is documented without one",
        "specs/x.yaml: #/paths/~1things/get/responses/200/content (line 9):"
        " 5 is not of type 'object'",
    ]


SCHEMA_MISTAKES = """\
components:
  schemas:
    Order:
      type: object
      properties:
        size: {type: integer, default: big}
        labels:
          type: objectx
"""


def test_mistakes_inside_a_schema_are_located_in_the_document(tmp_path: Path) -> None:
    spec = write(tmp_path, "a.yaml", MINIMAL + SCHEMA_MISTAKES)
    assert messages(spec) == [
        "specs/x.yaml: #/components/schemas/Order/properties/labels/type (line 17):"
        " 'objectx' is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object',"
        " 'string']",
    ]
    fixed = write(tmp_path, "b.yaml", MINIMAL + SCHEMA_MISTAKES.replace("objectx", "object"))
    assert warnings(fixed) == [
        "specs/x.yaml: #/components/schemas/Order/properties/size/default (line 15): warning:"
        " 'big' is not of type 'integer'; the default is dropped",
    ]


def test_a_3_1_keyword_in_a_3_0_schema_is_named(tmp_path: Path) -> None:
    text = MINIMAL.replace("openapi: 3.1.0", "openapi: 3.0.3") + SCHEMA_MISTAKES.replace(
        "type: objectx", "patternProperties: {'^x': {type: string}}"
    ).replace("default: big", "default: 1")
    [message] = warnings(write(tmp_path, "a.yaml", text))
    assert message == (
        "specs/x.yaml: #/components/schemas/Order/properties/labels (line 16): warning:"
        " 'patternProperties' is not a field of this object in this OpenAPI version (only x-"
        " extensions may be added); ignored"
    )


POLYMORPHIC_BASE = """\
components:
  schemas:
    Pet:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
      oneOf:
        - $ref: '#/components/schemas/Dog'
        - $ref: '#/components/schemas/Cat'
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, properties: {bark: {type: string}}}
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, properties: {purr: {type: boolean}}}
"""


def test_children_that_extend_their_polymorphic_base_validate(tmp_path: Path) -> None:
    """The validator's own walk of allOf properties used to recurse here until memory ran out."""
    spec = write(tmp_path, "a.yaml", MINIMAL + POLYMORPHIC_BASE)
    started = time.perf_counter()
    assert load_document(spec).root["components"]["schemas"]["Dog"]["allOf"]
    assert time.perf_counter() - started < 10


def test_every_problem_of_a_run_is_listed(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "a.yaml",
        MINIMAL + "components:\n  schemas:\n    A: {$ref: '#/nope/a'}\n    B: {$ref: '#/nope/b'}\n",
    )
    found = messages(spec)
    assert len(found) == 2
    assert "#/components/schemas/A/$ref" in found[0]
    assert "#/components/schemas/B/$ref" in found[1]


def test_swagger_2_is_rejected_clearly(tmp_path: Path) -> None:
    spec = write(tmp_path, "a.yaml", 'swagger: "2.0"\ninfo: {title: T, version: "1"}\npaths: {}\n')
    [message] = messages(spec)
    assert message.startswith("specs/x.yaml: #: Swagger 2.0 is not supported; convert the document")


def test_openapi_3_0_is_accepted(tmp_path: Path) -> None:
    spec = write(tmp_path, "a.yaml", MINIMAL.replace("openapi: 3.1.0", "openapi: 3.0.3"))
    assert load_document(spec).root["openapi"] == "3.0.3"


def test_missing_file_and_non_mapping(tmp_path: Path) -> None:
    assert messages(tmp_path / "absent.yaml") == ["specs/x.yaml: #: file not found"]
    spec = write(tmp_path, "list.yaml", "- 1\n- 2\n")
    assert messages(spec) == ["specs/x.yaml: #: a spec must be a mapping"]


def test_billion_laughs_yaml_is_refused_fast(tmp_path: Path) -> None:
    lines = ["openapi: 3.1.0", "info: {title: T, version: '1'}", "paths: {}", "components:"]
    lines += ["  schemas:", "    L0: &a0 {type: object, properties: {a: {type: string}}}"]
    for level in range(1, 10):
        lines.append(f"    L{level}: &a{level} {{allOf: [{', '.join([f'*a{level - 1}'] * 9)}]}}")
    spec = write(tmp_path, "laughs.yaml", "\n".join(lines) + "\n")
    started = time.monotonic()
    [message] = messages(spec)
    assert time.monotonic() - started < 5
    assert message == (
        "specs/x.yaml: #: YAML aliases expand this document to more than 20,000,000 values"
        " (a billion-laughs pattern); refusing to read it"
    )


def test_shared_anchors_within_reason_are_fine(tmp_path: Path) -> None:
    spec = write(tmp_path, "a.yaml", MINIMAL + "x-shared: &s [1, 2, 3]\nx-again: *s\n")
    assert load_document(spec).root["x-again"] == [1, 2, 3]


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    from generator.load import source

    spec = write(tmp_path, "big.yaml", MINIMAL + "x-pad: '" + "x" * 2_000 + "'\n")
    original = source.MAX_SPEC_BYTES
    source.MAX_SPEC_BYTES = 1_000
    try:
        [message] = messages(spec)
    finally:
        source.MAX_SPEC_BYTES = original
    assert message.endswith("bytes; the limit is 1000 bytes")
