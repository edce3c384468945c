"""Imports as data: collected from the pieces a module is made of, rendered sorted and grouped."""

from __future__ import annotations

from generator.ir.code import Code, Import

_STDLIB = frozenset(
    {"collections", "datetime", "functools", "importlib", "logging", "os", "typing"}
)


class Imports:
    def __init__(self) -> None:
        self._imports: set[Import] = set()

    def add(self, module: str, *names: str) -> Imports:
        self._imports.update(Import(module=module, name=name) for name in names)
        return self

    def add_module(self, module: str) -> Imports:
        self._imports.add(Import(module=module))
        return self

    def add_code(self, *pieces: Code) -> Imports:
        for piece in pieces:
            self._imports.update(piece.imports)
        return self

    def render(self, here: str) -> str:
        """The import block of the SDK module `here` (dotted, from the package root: "sdk",
        "models.shared"), its own names left out."""
        plain: set[str] = set()
        names_from: dict[str, set[str]] = {}
        for item in self._imports:
            module = _relative(item.module, here)
            if module is None:
                continue
            if item.name:
                names_from.setdefault(module, set()).add(_named(item.name, item.alias))
            else:
                plain.add(f"import {_named(module, item.alias)}")
        groups: dict[int, list[str]] = {0: [], 1: [], 2: []}
        for statement in sorted(plain):
            groups[_group(statement.split()[1])].append(statement)
        for module in sorted(names_from, key=lambda m: (m.startswith("."), m.lstrip("."), m)):
            names = sorted(names_from[module], key=lambda n: (not n.isupper(), n))
            groups[_group(module)].append(from_import(module, names))
        for key in groups:
            groups[key].sort(
                key=lambda line: (line.startswith("from "), line.split()[1].lstrip("."), line)
            )
        return "\n\n".join("\n".join(lines) for lines in groups.values() if lines)


def _named(name: str, alias: str) -> str:
    return f"{name} as {alias}" if alias else name


def _relative(module: str, here: str) -> str | None:
    """How the module `here` spells `module`: as it is outside the SDK, relative inside it;
    None for `here` itself."""
    if not module.startswith("."):
        return module
    target = module[1:]
    if target == here:
        return None
    package = here.rpartition(".")[0]
    if package and target.startswith(package + "."):
        return "." + target[len(package) + 1 :]
    depth = package.count(".") + 1 if package else 0
    return "." * (depth + 1) + target


def _group(module: str) -> int:
    if module.startswith("."):
        return 2
    return 0 if module.split(".")[0] in _STDLIB else 1


def from_import(module: str, names: list[str], indent: str = "", line_length: int = 88) -> str:
    """`from module import names`, wrapped as black wraps it when it is too long for a line."""
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= line_length:
        return line
    inner = "".join(f"{indent}    {name},\n" for name in names)
    return f"{indent}from {module} import (\n{inner}{indent})"
