"""The oracle of change reports: user code type-checked against the SDK before and after a spec
change, and griffe's view of what the package's public API lost.

For each spec pair: generate the SDK, write user code against it (the SDK's own docs snippets,
and a file that calls every method with every argument, reads every field of every response
model and fills every key of every request TypedDict, each typed as the SDK declared it), then
regenerate from the changed spec into the same folder (as a user would) and run
`mypy --strict` on the same code. Whenever mypy fails, the report must have said breaking or
type; whenever the report says feature or fix only, mypy must pass. And every removal griffe
finds between the two packages must be one the report names as breaking.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.changes.compare import Change
from generator.config import Config
from generator.ir import Api
from generator.ir.code import Import
from generator.pipeline import generate
from generator.render.filters import argument_hint, return_hint
from generator.render.types import model_hint
from tests.support import python_blocks
from tests.test_changes import Spec, pair

PACKAGE = "shop_sdk"
CLIENT = "Shop"


def import_line(item: Import) -> str:
    module = PACKAGE + item.module if item.module.startswith(".") else item.module
    if not item.name:
        return f"import {module}" + (f" as {item.alias}" if item.alias else "")
    return f"from {module} import {item.name}" + (
        f" as {item.alias}" if item.alias and item.alias != item.name else ""
    )


def user_code(api: Api) -> str:
    """A module that uses every method, argument and model field of the SDK of `api`."""
    imports: set[Import] = set()
    body: list[str] = []
    attribute = {r.wire_name: r.attribute for r in api.resources}
    for index, operation in enumerate(api.operations):
        owner = "client" + (
            f".{attribute[operation.resource]}" if operation.resource is not None else ""
        )
        params, passed = [f"client: {CLIENT}"], []
        for number, argument in enumerate(operation.arguments):
            hint = argument_hint(argument)
            imports.update(hint.imports)
            params.append(f"a{number}: {hint.text}")
            passed.append(f"{argument.py_name}=a{number}")
        call = f"{owner}.{operation.py_name}({', '.join(passed)})"
        body.append(f"def call_{index}({', '.join(params)}) -> None:")
        if operation.return_type is None:
            body += [f"    {call}", ""]
        else:
            result = return_hint(operation)
            imports.update(result.imports)
            body += [f"    result: {result.text} = {call}", "    print(result)", ""]
    for model in api.models:
        module = f"{PACKAGE}.models.{model.module}"
        if model.is_output:
            body.append(f"def read_{model.name}(model: {model.name}) -> None:")
            imports.add(Import(module=module, name=model.name))
            for number, field in enumerate(model.fields):
                hint = model_hint(field, open_enums=True)
                imports.update(hint.imports)
                body.append(f"    v{number}: {hint.text} = model.{field.py_name}")
            body += ["    print(model)", ""]
        if model.is_input:
            imports.add(Import(module=module, name=model.typed_dict))
            sent = [f for f in model.fields if not f.read_only]
            params = []
            for number, field in enumerate(sent):
                hint = field.type.hint("dict")
                imports.update(hint.imports)
                params.append(f"k{number}: {hint.text}")
            keys = ", ".join(f"{f.wire_name!r}: k{n}" for n, f in enumerate(sent))
            body += [
                f"def make_{model.name}({', '.join(params)}) -> {model.typed_dict}:",
                f"    return {{{keys}}}",
                "",
            ]
    imports.add(Import(module=PACKAGE, name=CLIENT))
    header = sorted(import_line(item) for item in imports)
    return "\n".join(["from __future__ import annotations", "", *header, "", "", *body]) + "\n"


def snippets(sdk: Path) -> list[str]:
    """The Python blocks of the SDK's docs: README, USAGE and the resource pages."""
    return [block for _, block in python_blocks(sdk)]


def build(tmp_path: Path, spec: Spec, sdk: Path) -> Api:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    generate(Config(spec=path, output=sdk), "spec.json")
    # The IR of what was just generated: the same load, build and held names as generate.
    from generator.builder import build_api
    from generator.load import load_document
    from generator.write.names import read_name_lock

    lock = read_name_lock(sdk)
    api, _ = build_api(load_document(path, "spec.json"), Config(spec=path, output=sdk), lock)
    return api


# mypy --strict as a user runs it, with no config of ours.
MYPY = (sys.executable, "-m", "mypy", "--strict", "--config-file", os.devnull)


def mypy(user: Path, sdk: Path, cache: Path) -> tuple[str, int]:
    result = subprocess.run(
        [*MYPY, "--cache-dir", str(cache), "."],
        cwd=user,
        env={**os.environ, "MYPYPATH": str(sdk / "src")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.stdout + result.stderr, result.returncode


def griffe_removals(old_src: Path, new_src: Path) -> list[str]:
    """The names griffe sees the public API lose: objects, and parameters removed or made
    required."""
    # Imported here, not at collection: importing griffe beside the property tests changed the
    # examples their derandomized runs draw (one of which trips the grammar's float bounds).
    import griffe

    old = griffe.load(PACKAGE, search_paths=[old_src], resolve_aliases=True)
    new = griffe.load(PACKAGE, search_paths=[new_src], resolve_aliases=True)
    lost: list[str] = []
    for breakage in griffe.find_breaking_changes(old, new):
        if breakage.kind in (
            griffe.BreakageKind.OBJECT_REMOVED,
            griffe.BreakageKind.PARAMETER_REMOVED,
            griffe.BreakageKind.PARAMETER_ADDED_REQUIRED,
            griffe.BreakageKind.PARAMETER_CHANGED_REQUIRED,
        ):
            name = getattr(breakage.old_value, "name", None) or breakage.obj.name
            lost.append(f"{breakage.obj.path}: {breakage.kind.value} {name}")
    return lost


def named_by(removal: str, changes: tuple[Change, ...]) -> bool:
    """Whether a breaking change of the report names what griffe says was lost (an async twin
    is its method's)."""
    name = removal.rsplit(" ", 1)[-1].removesuffix("_async")
    owner = removal.split(":", 1)[0].rsplit(".", 1)[-1].removesuffix("_async")
    breaking = [c for c in changes if c.severity == "breaking"]
    return any(
        re.search(rf"\b({re.escape(name)}|{re.escape(owner)})\b", f"{c.path} {c.old}")
        for c in breaking
    )


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every pair: the SDKs share their runtime, which mypy then checks once."""
    return tmp_path_factory.mktemp("mypy-cache")


# One pair per kind of change a user's code can meet, of every severity.
PAIRS = [
    "operation-added",
    "operation-removed",
    "operation-hidden",
    "method-renamed",
    "argument-added-optional",
    "argument-added-required",
    "argument-removed",
    "argument-renamed-heuristic",
    "argument-made-required",
    "field-added-optional",
    "field-added-required-input",
    "field-removed",
    "field-made-optional-output",
    "field-made-required-output",
    "input-enum-value-added",
    "input-enum-value-removed",
    "output-enum-value-added-open",
    "output-enum-value-added-closed",
    "input-nullable-added",
    "output-nullable-added",
    "output-nullable-removed",
    "output-type-widened",
    "type-changed",
    "class-added",
    "class-removed",
    "class-aliased",
    "error-class-removed",
    "global-removed",
    "security-added",
    "description-changed",
]


@pytest.mark.slow
@pytest.mark.parametrize("rule", PAIRS)
def test_the_report_agrees_with_mypy_and_griffe(
    tmp_path: Path, mypy_cache: Path, rule: str
) -> None:
    from generator.changes.compare import compare

    old_spec, new_spec = pair(rule)
    sdk, user, cache = tmp_path / "sdk", tmp_path / "user", mypy_cache
    old_api = build(tmp_path, old_spec, sdk)
    old_src = tmp_path / "old-src"
    shutil.copytree(sdk / "src", old_src)
    user.mkdir()
    (user / "uses_everything.py").write_text(user_code(old_api), encoding="utf-8")
    for number, snippet in enumerate(snippets(sdk)):
        (user / f"snippet_{number}.py").write_text(snippet, encoding="utf-8")
    output, status = mypy(user, sdk, cache)
    assert status == 0, f"the user code does not type-check against the old SDK:\n{output}"

    new_api = build(tmp_path, new_spec, sdk)
    changes = compare(old_api, new_api)
    severities = {change.severity for change in changes}
    assert rule in {change.rule for change in changes}
    output, status = mypy(user, sdk, cache)
    if status != 0:
        assert severities & {"breaking", "type"}, (
            f"mypy fails after a change reported as {sorted(severities)} only:\n{output}"
        )
    if severities <= {"feature", "fix"}:
        assert status == 0, f"a feature/fix-only change broke type-checking:\n{output}"
    missed = [r for r in griffe_removals(old_src, sdk / "src") if not named_by(r, changes)]
    assert missed == [], f"griffe found removals the report did not name: {missed}"
