"""Regressions the property test found in generated code: package metadata, defaults,
globals, uploads, streams and docs snippets that did not type-check or import."""

from __future__ import annotations

import re
from pathlib import Path

from tests.property.checks import HEAD, REG, Tally, check_generated_sdk
from tests.support import SdkMaker


def test_a_title_beyond_the_bmp_makes_valid_toml(make_sdk: SdkMaker) -> None:
    """JSON's surrogate-pair escapes are not TOML: pyproject.toml did not parse."""
    import tomllib

    make_sdk(HEAD.replace("Reg", 'Snakes 🐍 𐀀 \\" ü') + "paths: {}\n", **REG)
    out = make_sdk.output
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert 'Snakes 🐍 𐀀 \\" ü' in project["description"]


DEFAULTS_SPEC = (
    HEAD
    + """\
x-speakeasy-globals:
  parameters:
    - {name: count, in: query, required: true, schema: {type: integer}}
    - {name: day, in: query, schema: {type: string, format: date, default: "2025-01-01"}}
    - {name: blob, in: header, schema: {type: string, format: binary, default: abc}}
    - {name: os, in: header, schema: {type: string}}
paths:
  /things:
    post:
      operationId: addThing
      parameters:
        - {name: since, in: query, required: true, schema: {type: string, format: date-time}}
        - name: blobs
          in: query
          required: true
          schema: {type: [array, boolean], items: {type: string, format: binary}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [files, meta]
              properties:
                files: {type: array, items: {type: string, format: binary}}
                meta: {$ref: '#/components/schemas/Meta'}
      responses:
        "200":
          description: A stream of things
          content:
            application/x-ndjson: {schema: {type: object, properties: {a: {type: string}}}}
components:
  securitySchemes:
    str: {type: http, scheme: bearer}
  schemas:
    Meta:
      type: object
      required: [photo]
      properties:
        photo: {type: string, format: binary}
        f: {type: string, format: binary, default: abc}
        d: {type: string, format: date, default: "2025-01-01"}
        t: {type: string, format: date-time, default: "2025-01-01T00:00:00Z"}
        o: {type: object, properties: {x: {type: string}}, default: {}}
        lo:
          type: array
          items: {type: object, properties: {x: {type: string}}}
          default: [{x: a}]
        li: {type: array, items: {type: integer}, default: [1, 2]}
        e: {enum: [a, b], default: b}
"""
)


def test_defaults_globals_uploads_and_streams_type_check(
    make_sdk: SdkMaker, mypy_cache: Path
) -> None:
    """What the property test found in generated code, in one SDK, snippets included:
    - defaults no Python literal of the field's type can state (bytes, dates, models) were
      written anyway (`f: Optional[bytes] = "abc"`); they stay with the server now;
    - snippets passed `"<count>"` to an int global, and text to date and nested bytes
      arguments; dates now take ISO 8601 text too, and bytes are written as bytes;
    - a JSON-like content type that is not JSON (x-ndjson) got a JSON decoder typed as a
      stream, and the module did not import;
    - a global called `os` hid the module the constructor reads the environment with, and a
      security scheme called `str` the type its body annotates with."""
    make_sdk(DEFAULTS_SPEC, **REG)
    out = make_sdk.output
    check_generated_sdk(out, mypy_cache, Tally())
    models = (out / "src" / "reg_sdk" / "models" / "shared.py").read_text()
    for kept in ("li: Optional[List[int]] = [1, 2]", 'e: Optional[Literal["a", "b"]] = "b"'):
        assert kept in models
    for dropped in ("f", "d", "t", "o", "lo"):
        assert re.search(rf"\n    {dropped}: Optional\[.*\] = None\n", models), dropped
    assert '"200": StreamBody()' in (out / "src" / "reg_sdk" / "sdk.py").read_text()
    readme = (out / "README.md").read_text()
    assert "count=0," in readme and 'files=[b"<binary>"]' in readme
    assert 'blobs=[b"<binary>"]' in readme  # bytes inside a union too
    client = (out / "src" / "reg_sdk" / "sdk.py").read_text()
    assert "os_: Optional[str] = None," in client and "str_: Optional[" in client


NESTED_SPEC = (
    HEAD
    + """\
paths:
  /deep:
    post:
      operationId: deep
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/L1'}}}
      responses: {"204": {description: Done}}
components:
  schemas:
"""
    + "".join(
        f"    L{i}: {{type: object, required: [next], properties: {{next: "
        f"{{$ref: '#/components/schemas/L{i + 1}'}}}}}}\n"
        for i in range(1, 7)
    )
    + "    L7: {type: object, required: [end], properties: {end: {type: string}}}\n"
)


def test_snippet_values_nest_required_models_to_the_end(
    make_sdk: SdkMaker, mypy_cache: Path
) -> None:
    """Snippet values stopped at depth 4 with `{}`, which lacks the required keys; now they
    stop only where a model would contain itself."""
    make_sdk(NESTED_SPEC, **REG)
    out = make_sdk.output
    readme = (out / "README.md").read_text()
    assert '{"next": {"next": {"next": {"next": {"next": {"end": "<value>"}}}}}}' in readme
    check_generated_sdk(out, mypy_cache, Tally())
