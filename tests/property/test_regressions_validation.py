"""Regressions the property test found in validation: specs that crashed the validator or
gave an unlocated error now give located problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config
from generator.pipeline import generate
from generator.problems import Level, Problem, SpecError
from tests.property.checks import HEAD, REG
from tests.support import SdkMaker


def problems_of(make_sdk: SdkMaker, spec_text: str, suffix: str = ".yaml") -> list[str]:
    with pytest.raises(SpecError) as caught:
        make_sdk(spec_text, suffix, **REG)
    assert not make_sdk.output.exists()
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("'#x'", "'#x' is not a JSON pointer reference"),
        ("'#/components/schemas/Nope'", "$ref '#/components/schemas/Nope' points nowhere"),
    ],
)
def test_a_ref_that_leads_to_a_broken_ref_is_a_located_error(
    make_sdk: SdkMaker, ref: str, message: str
) -> None:
    """Was an internal KeyError: the check that every chain of refs reaches a value followed
    the alias into the broken ref."""
    spec = (
        HEAD
        + f"""\
paths: {{}}
components:
  schemas:
    Broken: {{$ref: {ref}}}
    Alias: {{$ref: '#/components/schemas/Broken'}}
"""
    )
    assert problems_of(make_sdk, spec) == [
        f"spec.yaml: #/components/schemas/Broken/$ref (line 6): {message}"
    ]


def test_a_lone_surrogate_escape_in_json_is_a_located_error(make_sdk: SdkMaker) -> None:
    """Was an internal UnicodeEncodeError when the text was written out."""
    spec = '{"openapi": "3.1.0", "info": {"title": "a\\ud800", "version": "1"}, "paths": {}}'
    assert problems_of(make_sdk, spec, ".json") == [
        "spec.json: #/info/title (line 1): \\ud800 is half of a surrogate pair, alone: "
        "not a character"
    ]


def test_problems_print_on_one_line_with_no_terminal_control() -> None:
    problem = Problem(Level.ERROR, "a.yaml", "#/paths/~1a\nb\x1b[31m", "bad \u2028 ü", 3)
    assert str(problem) == "a.yaml: #/paths/~1a\\nb\\x1b[31m (line 3): bad \\u2028 ü"


def test_a_schema_whose_oneof_leads_back_to_itself_is_a_problem_not_a_crash(
    make_sdk: SdkMaker,
) -> None:
    """The validator recursed through its own default until the C stack overflowed: the
    process died of a segmentation fault (`sdkgen validate` exited with -11, no message)."""
    spec = HEAD + "paths: {}\ncomponents:\n  schemas:\n    A:\n"
    spec += "      oneOf: [{$ref: '#/components/schemas/A'}]\n      default: 1\n"
    [problem] = problems_of(make_sdk, spec)
    assert problem.startswith("spec.yaml: #: the document's structure could not be validated")


def test_a_schema_no_value_can_satisfy_is_named(tmp_path: Path) -> None:
    """Where every way on is required (a Node needs a Node), no value exists, nor a snippet
    that type-checks: the generator says so, at the schema."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD
        + """\
paths:
  /loop:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}
      responses:
        "200":
          description: A tree, which ends where a list of children is empty
          content: {application/json: {schema: {$ref: '#/components/schemas/Tree'}}}
components:
  schemas:
    Node:
      type: object
      required: [child]
      properties: {child: {$ref: '#/components/schemas/Node'}}
    Tree:
      type: object
      required: [children]
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
""",
        encoding="utf-8",
    )
    outcome = generate(Config(spec=spec, output=tmp_path / "sdk"), "spec.yaml")
    assert [str(w) for w in outcome.warnings] == [
        "spec.yaml: #/components/schemas/Node (line 15): warning: no value can have all its"
        " required properties: they lead back to this schema, with no null, list or"
        " alternative on the way"
    ]


@pytest.mark.parametrize("name", ["a!b", "a!", "a:b"])
def test_path_parameters_are_read_as_openapi_templates(make_sdk: SdkMaker, name: str) -> None:
    """The validator read the path as a Python format string: `{a!b}` named `a` (so `a!b`
    was "not resolved"), and `{a!}` stopped the whole validation with a ValueError."""
    make_sdk(
        HEAD
        + f"""\
paths:
  /x/{{{name}}}:
    get:
      parameters: [{{name: '{name}', in: path, required: true, schema: {{type: string}}}}]
      responses: {{"204": {{description: Done}}}}
""",
        **REG,
    )
    out = make_sdk.output
    assert f'path="/x/{{{name}}}"' in (out / "src" / "reg_sdk" / "sdk.py").read_text()
