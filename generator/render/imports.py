"""Imports as data: collected from the pieces a module is made of, rendered in the sections and
order isort (and ruff's I rules, with their defaults) write them."""

from __future__ import annotations

import re
import sys

from generator.ir.code import Code, Import

_DIGITS = re.compile(r"(\d+)")


class Imports:
    def __init__(self) -> None:
        self._imports: set[Import] = set()

    def __bool__(self) -> bool:
        return bool(self._imports)

    def items(self) -> frozenset[Import]:
        return frozenset(self._imports)

    def add(self, module: str, *names: str) -> Imports:
        self._imports.update(Import(module=module, name=name) for name in names)
        return self

    def add_module(self, module: str) -> Imports:
        self._imports.add(Import(module=module))
        return self

    def add_import(self, *imports: Import) -> Imports:
        self._imports.update(imports)
        return self

    def add_code(self, *pieces: Code) -> Imports:
        for piece in pieces:
            self._imports.update(piece.imports)
        return self

    def render(self, here: str, indent: str = "") -> str:
        """The import block of the SDK module `here` (dotted, from the package root: "sdk",
        "models.shared"), its own names left out: standard library, third party and the SDK's
        own modules; in each, `import x` before `from x import y`; a name imported under an
        alias on a line of its own."""
        plain: list[tuple[int, tuple[object, ...], str]] = []
        named: dict[str, list[Import]] = {}
        for item in self._imports:
            module = _relative(item.module, here)
            if module is None:
                continue
            if item.name:
                named.setdefault(module, []).append(item)
            else:
                statement = f"{indent}import {_spelled(module, item.alias)}"
                plain.append((_section(module), _module_key(module, item.alias), statement))
        spelled: list[tuple[int, tuple[object, ...], str]] = []
        for module, items in named.items():
            members = sorted(items, key=lambda item: _member_key(item.name, item.alias))
            together = [item for item in members if not item.alias]
            statements = [[item] for item in members if item.alias]
            if together:
                statements.append(together)
            for group in statements:
                names = [_spelled(item.name, item.alias) for item in group]
                key = _from_key(module, group[0])
                spelled.append((_section(module), key, from_import(module, names, indent)))
        lines_by_section: dict[int, list[str]] = {}
        for section, _, statement in sorted(plain) + sorted(spelled):
            lines_by_section.setdefault(section, []).append(statement)
        return "\n\n".join("\n".join(lines_by_section[key]) for key in sorted(lines_by_section))


def _spelled(name: str, alias: str) -> str:
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


def _section(module: str) -> int:
    if module.startswith("."):
        return 2
    return 0 if module.split(".")[0] in sys.stdlib_module_names else 1


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """Digits compared as numbers (`Plan2` before `Plan10`), as isort's natural order does."""
    return tuple(
        (0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk)
        for chunk in _DIGITS.split(text)
        if chunk
    )


def _module_key(module: str, alias: str) -> tuple[object, ...]:
    name = module.lstrip(".")
    # Relative imports go furthest first: `..utils` before `.shared`; `from . import` first.
    return (-(len(module) - len(name)), bool(name), _natural(name.lower()), _natural(name), alias)


def _member_key(name: str, alias: str) -> tuple[object, ...]:
    """CONSTANTS, then Classes, then variables; each case-insensitively."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[0].isupper() else 2
    return (kind, _natural(name.lower()), _natural(name), bool(alias), _natural(alias))


def _from_key(module: str, first: Import) -> tuple[object, ...]:
    return (*_module_key(module, ""), _member_key(first.name, first.alias))


def from_import(module: str, names: list[str], indent: str = "", line_length: int = 88) -> str:
    """`from module import names`, wrapped as black wraps it when it is too long for a line."""
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= line_length:
        return line
    inner = "".join(f"{indent}    {name},\n" for name in names)
    return f"{indent}from {module} import (\n{inner}{indent})"
