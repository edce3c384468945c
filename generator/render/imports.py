"""Imports as data: collected from the names a module's code uses, rendered sorted and grouped."""

from __future__ import annotations

import re
from collections.abc import Iterable

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TYPING = frozenset({"Annotated", "Any", "Dict", "IO", "List", "Literal", "Optional", "Union"})
_VALUES = frozenset({"Nullable", "OptionalNullable", "UNSET"})
# typing_extensions, not typing: NotRequired is new in Python 3.11 and the SDK supports 3.9.
_TYPING_EXTENSIONS = frozenset({"NotRequired", "TypedDict"})
_STDLIB = frozenset(
    {"collections", "datetime", "functools", "importlib", "logging", "os", "typing"}
)


class Imports:
    def __init__(self) -> None:
        self._from: dict[str, set[str]] = {}
        self._plain: set[str] = set()

    def add(self, module: str, *names: str) -> Imports:
        self._from.setdefault(module, set()).update(names)
        return self

    def add_module(self, statement: str) -> Imports:
        self._plain.add(statement)
        return self

    def add_used(
        self,
        code: Iterable[str],
        package: str,
        model_modules: dict[str, str],
        own_module: str | None,
    ) -> Imports:
        """Imports for the typing names, value helpers and models that `code` mentions.

        `package` is the relative prefix to the SDK root ("." or ".."); models live in
        `<package>models.<module>`, or beside the code when it is itself in the models package.
        """
        used = {name for text in code for name in _IDENTIFIER.findall(text)}
        if used & _TYPING:
            self.add("typing", *sorted(used & _TYPING))
        if "Field" in used:
            self.add("pydantic", "Field")
        if "_Tag" in used:
            self.add("pydantic", "Discriminator as _Discriminator", "Tag as _Tag")
            self.add(f"{package}utils.basemodel", "field_tag")
        if used & _TYPING_EXTENSIONS:
            self.add("typing_extensions", *sorted(used & _TYPING_EXTENSIONS))
        if used & _VALUES:
            self.add(f"{package}utils.values", *sorted(used & _VALUES))
        if "FileUpload" in used:
            self.add(f"{package}utils.files", "FileUpload")
        if "_dt" in used:
            self.add_module("import datetime as _dt")
        for name in sorted(used & model_modules.keys()):
            module = model_modules[name]
            if module == own_module:
                continue
            where = f".{module}" if package == ".." else f"{package}models.{module}"
            self.add(where, name)
        return self

    def render(self) -> str:
        groups: dict[int, list[str]] = {0: [], 1: [], 2: []}
        for statement in sorted(self._plain):
            groups[_group(statement.split()[1])].append(statement)
        for module in sorted(self._from, key=lambda m: (m.startswith("."), m.lstrip("."), m)):
            names = sorted(self._from[module], key=lambda n: (not n.isupper(), n))
            groups[_group(module)].append(from_import(module, names))
        for key in groups:
            groups[key].sort(
                key=lambda line: (line.startswith("from "), line.split()[1].lstrip("."), line)
            )
        return "\n\n".join("\n".join(lines) for lines in groups.values() if lines)


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
