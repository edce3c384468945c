"""The fast validation keeps openapi-spec-validator's verdicts: on every spec of the tests, on
Autumn's real ones and on broken documents, its findings (level, place, message) equal those of
the library's own walk (`fast=False`: its Python meta-schema check, its list registries). The
lenient tests compare the two on each of their documents too (tests/test_lenient.py)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_document
from generator.load.screen import (
    ScreenedValidator,
    fast_validator,
    fits,
    meta_schema_validator,
)
from generator.load.source import read_spec_file
from generator.load.structure import structure_sha256
from generator.load.validate import validation_problems
from generator.problems import Level, Problem
from tests.support import ROOT, SHARED, SPECS

SPEC_FILES = sorted(
    [
        *(ROOT / "tests" / "specs").glob("*.yaml"),
        *SPECS.glob("*.yaml"),
        *(SHARED / "specs").glob("*.yml"),
        *(SHARED / "specs" / "autumn-history").glob("*.yml"),
    ]
)


def both_ways(path: Path) -> tuple[list[Problem], list[Problem]]:
    document = load_document(path, "spec.yaml", validate=False)
    return validation_problems(document), validation_problems(document, fast=False)


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda path: path.name)
def test_the_specs_get_the_librarys_verdict(path: Path) -> None:
    fast, reference = both_ways(path)
    assert fast == reference


HEAD = """\
openapi: {version}
info: {{title: Broken, version: "1"}}
paths:
  /things/{{id}}:
    get:
      operationId: getThing
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
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
"""

# Each breaks one thing the fast look and Python's jsonschema could read differently, or that
# the library reports; every one is tried in a 3.0 and a 3.1 document.
ID = "        id: "  # the property `id` of the schema Thing
STRING_ID = ID + "{type: string}\n"
BROKEN = {
    "integral float as a length": ID + "{type: string, minLength: 10.0}\n",
    "a pattern Python cannot compile": ID + "{type: string, pattern: '(?<name>a)'}\n",
    "a pattern only ECMA reads": ID + "{type: string, pattern: '\\\\p{L}+'}\n",
    "a type that is a schema": ID + "{type: {type: string}}\n",
    "a type that does not exist": ID + "{type: strng}\n",
    "a list of types": ID + "{type: [string, 'null']}\n",
    "a date read from YAML": ID + "{type: string, example: 2020-01-01}\n",
    "not a number": ID + "{type: number, default: .nan}\n",
    "a boolean exclusiveMinimum": ID + "{type: number, minimum: 1, exclusiveMinimum: true}\n",
    "a name twice in required": STRING_ID + "      required: [id, id]\n",
    "an unknown field": ID + "{type: string, nullabel: true}\n",
    "properties as a list": ID + "{type: object, properties: []}\n",
    "a default that does not fit": ID + "{type: integer, default: x}\n",
    "a schema name with a newline": STRING_ID + '    "Bad\\n": {type: string}\n',
    "a schema name with a space": STRING_ID + "    Bad name: {type: string}\n",
    "a non-ASCII digit in a status": STRING_ID
    + '  responses:\n    "2\\u0663\\u0663": {description: x}\n',
    "a status that is an integer": STRING_ID + "  responses:\n    200: {description: x}\n",
    "another dialect": ID + "{$schema: 'http://json-schema.org/draft-07/schema#', type: 1}\n",
    "a dialect that does not exist": ID + "{$schema: 'http://example.com/x', type: string}\n",
    "a recursive anchor": ID + "{$recursiveAnchor: true, type: string}\n",
    "a wrong type deep down": ID + "{type: array, items: {type: array, items: {maxItems: -1}}}\n",
}


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_documents_get_the_librarys_verdict(tmp_path: Path, name: str, version: str) -> None:
    path = tmp_path / "spec.yaml"
    text = HEAD.format(version=version) + BROKEN[name]
    path.write_text(text, encoding="utf-8")
    fast, reference = both_ways(path)
    assert fast == reference


def test_a_broken_document_has_findings_to_compare(tmp_path: Path) -> None:
    """The comparisons above are not of empty lists only."""
    path = tmp_path / "spec.yaml"
    path.write_text(HEAD.format(version="3.0.3") + BROKEN["properties as a list"])
    fast, _ = both_ways(path)
    assert [problem.level for problem in fast] == [Level.ERROR]


def test_a_deep_document_gets_the_librarys_verdict(tmp_path: Path) -> None:
    """Deeper than the fast look is given: the library alone judges, and says the same."""
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(250):
        schema = {"type": "array", "items": schema}
    document = yaml_document(schema)
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert not fits(read_spec_file(path, "spec.json"))
    fast, reference = both_ways(path)
    assert fast == reference


def yaml_document(thing: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Deep", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Thing": thing}},
    }


MUTATED_SPECS = sorted([*(ROOT / "tests" / "specs").glob("*.yaml"), SPECS / "autumn.yaml"])
MUTANTS: tuple[Any, ...] = (None, 12, 1.5, -1, "x", True, [], {}, ["x"], {"type": "x"})


@pytest.mark.slow
@pytest.mark.parametrize("path", MUTATED_SPECS, ids=lambda path: path.name)
def test_seeded_mutants_of_the_specs_get_the_librarys_verdict(tmp_path: Path, path: Path) -> None:
    """Copies of the spec, each with one value somewhere replaced by another kind of value:
    a wrong type, a missing piece, a schema where none fits."""
    original = read_spec_file(path, path.name)
    places = list(_places(original, ()))
    chooser = random.Random(f"validation-{path.name}")
    found = 0
    for index in range(30):
        where = chooser.choice(places)
        mutant = _replaced(original, where, chooser.choice(MUTANTS))
        target = tmp_path / f"mutant-{index}.json"
        target.write_text(json.dumps(mutant), encoding="utf-8")
        try:
            fast, reference = both_ways(target)
        except Exception:  # the loader refused it (a $ref made to land nowhere): no verdict
            continue
        assert fast == reference, where
        found += len(fast)
    assert found, "no mutant had a finding to compare"


def _places(value: Any, at: tuple[Any, ...]) -> Any:
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*at, key)
            yield from _places(child, (*at, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*at, index)
            yield from _places(child, (*at, index))


def _replaced(value: Any, where: tuple[Any, ...], new: Any) -> Any:
    if not where:
        return new
    copy: Any = dict(value) if isinstance(value, dict) else list(value)
    copy[where[0]] = _replaced(value[where[0]], where[1:], new)
    return copy


def test_a_cycle_is_not_given_to_the_fast_look() -> None:
    looped: dict[str, Any] = {"type": "object"}
    looped["properties"] = {"self": looped}
    assert not fits({"components": {"schemas": {"Loop": looped}}})
    assert fits({"components": {"schemas": {"A": {"type": "string"}}}})


def test_a_shared_piece_is_no_cycle() -> None:
    shared = {"type": "string"}
    assert fits({"a": shared, "b": [shared, {"c": shared}]})


class _Judge:
    """Stands in for the library's Python meta-schema validator, and counts its calls."""

    def __init__(self) -> None:
        self.schema: dict[str, Any] = {}
        self.calls = 0

    def iter_errors(self, instance: Any) -> Any:
        self.calls += 1
        return iter(["judged"])


@pytest.mark.parametrize(
    ("version", "path"),
    [("3.0", ROOT / "tests" / "specs" / "schemas.yaml"), ("3.1", SPECS / "autumn.yaml")],
)
def test_a_valid_document_is_passed_by_the_fast_look_alone(version: str, path: Path) -> None:
    fast = meta_schema_validator(version, screen=True)._screen
    judge = _Judge()
    screened = ScreenedValidator(judge, fast)
    assert list(screened.iter_errors(read_spec_file(path, path.name))) == []
    assert judge.calls == 0
    assert list(screened.iter_errors({"openapi": f"{version}.0"})) == ["judged"]
    assert judge.calls == 1


def test_a_document_as_deep_as_the_loader_reads_has_a_structure_hash(tmp_path: Path) -> None:
    """The loader reads documents nested about 1,000 levels deep; the hash that lets a
    prose-only change skip validation recursed past Python's limit on them and crashed."""
    depth = 950
    path = tmp_path / "deep.json"
    path.write_text('{"a": ' * depth + "1" + "}" * depth, encoding="utf-8")
    deep = read_spec_file(path, "deep.json")
    assert structure_sha256([deep]) != structure_sha256([{"a": 1}])


def test_without_jsonschema_rs_the_library_judges_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a platform without its wheel, validation is slower, not different."""
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # `import jsonschema_rs` fails
    assert fast_validator({"type": "object"}, {}) is None
    judge = _Judge()
    assert list(ScreenedValidator(judge, None).iter_errors({})) == ["judged"]
