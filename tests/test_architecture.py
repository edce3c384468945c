"""Data flows one way: each stage imports only from the stages before it and the shared pieces.

A renderer that imports the builder starts making decisions the IR should carry; a loader that
imports the IR starts building. This test keeps the arrows of ARCHITECTURE.md true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

GENERATOR = ROOT / "generator"
# Shared by every stage: the package itself (its version), paths, problems, settings, the text
# helpers (literals, escaping) that IR kinds and renderers both write with, and the runtime's
# facts (defaults, per-call options) that the builder reserves and the renderers state, and
# the forked workers' tie to their parent (load and write both fork), and the Python formatter
# (the write stage formats files, the snippets renderer the calls it cannot lay out itself).
SHARED = {
    "generator",
    "generator.workers",
    "generator.paths",
    "generator.problems",
    "generator.config",
    "generator.text",
    "generator.runtime_facts",
    "generator.pyformat",
}
ALLOWED = {
    "ir": {"generator.ir"},
    "load": {"generator.load"},
    "builder": {"generator.builder", "generator.ir", "generator.load"},
    "render": {"generator.render", "generator.ir"},
    "write": {"generator.write"},
    # Change reports build two IRs and compare them: they never read the raw document.
    "changes": {"generator.changes", "generator.ir", "generator.load", "generator.builder"},
}


def generator_imports(path: Path) -> set[str]:
    """The generator modules a file imports, at its top and inside functions alike."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] == "generator")
    return found


def stage_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_a_stage_imports_only_what_comes_before_it(stage: str) -> None:
    allowed = ALLOWED[stage] | SHARED
    wrong = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted((GENERATOR / stage).rglob("*.py"))
        for module in generator_imports(path)
        if stage_of(module) not in allowed
    }
    assert not wrong, sorted(wrong)


def test_the_shared_text_helpers_import_no_stage() -> None:
    assert generator_imports(GENERATOR / "text.py") == set()


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "filters.py"
    module.write_text("def f():\n    from generator.builder.names import snake_case\n")
    assert generator_imports(module) == {"generator.builder.names"}
    assert stage_of("generator.builder.names") not in ALLOWED["render"] | SHARED
