"""The class names naming keeps free are exactly those the generated modules import or define
beside the API's own classes: none missing (a schema would shadow an import), none stale."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.builder.names import TEMPLATE_NAMES
from generator.render.code import RUNTIME
from tests.support import ROOT

RECORDS = sorted((ROOT / "tests" / "golden").glob("*/src/*"))
RUNTIME_FILES = {path.relative_to(RUNTIME) for path in RUNTIME.rglob("*.py")}


def _generated_modules(package: Path) -> list[ast.Module]:
    """The modules made from the spec; the runtime is copied as it is and names nothing, and
    the mock (`_mock.py`) holds the spec only as data: no API class is named in it."""
    return [
        ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package) not in RUNTIME_FILES and path.name != "_mock.py"
    ]


def _imported(module: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name.split(".")[0]
        for node in ast.walk(module)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }


def _defined(module: ast.Module) -> tuple[set[str], set[str]]:
    """Classes (the API's own, the functional TypedDicts and the type aliases), and other
    module-level names."""
    classes = {node.name for node in module.body if isinstance(node, ast.ClassDef)}
    others: set[str] = set()
    for node in module.body:
        value: ast.expr | None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        else:
            continue
        typed_dict = isinstance(value, ast.Call) and getattr(value.func, "id", "") == "TypedDict"
        # A type alias (the union of webhook events) is named by the builder like a class.
        alias = isinstance(node, ast.AnnAssign) and ast.unparse(node.annotation) == "_TypeAlias"
        for target in targets:
            if isinstance(target, ast.Name):
                (classes if typed_dict or alias else others).add(target.id)
    return classes, others


def _template_names(packages: list[Path]) -> set[str]:
    """Class-like names the generated modules bind that are not the API's own classes."""
    imported: set[str] = set()
    classes: set[str] = set()
    module_level: set[str] = set()
    for package in packages:
        for module in _generated_modules(package):
            imported |= _imported(module)
            defined, others = _defined(module)
            classes |= defined
            module_level |= others
    bound = (imported - classes) | module_level
    return {name for name in bound if name[:1].isupper()}


@pytest.mark.skipif(not RECORDS, reason="no golden records")
def test_reserved_class_names_are_the_names_the_generated_modules_bind() -> None:
    bound = _template_names(RECORDS)
    assert sorted(bound - TEMPLATE_NAMES) == [], "bound by generated code, not reserved"
    assert sorted(TEMPLATE_NAMES - bound) == [], "reserved, bound by no generated module"
