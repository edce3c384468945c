"""Pieces of generated Python carried with the imports they need, so that no stage has to read
rendered text to find out what it uses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True, order=True)
class Import:
    """`from module import name as alias`, or `import module as alias` when there is no name.

    A module starting with "." is a module of the generated SDK, named from the package root
    (".utils.values", ".models.shared"); each file imports it relative to where it lives.
    """

    module: str
    name: str = ""
    alias: str = ""


@dataclass(frozen=True, kw_only=True)
class Code:
    """Python text and the imports that make it valid where it is placed."""

    text: str
    imports: frozenset[Import] = frozenset()

    def wrapped(self, before: str, after: str, *imports: Import) -> Code:
        """This code inside other text, with the imports that text needs."""
        return Code(text=before + self.text + after, imports=self.imports.union(imports))


def plain(text: str, *imports: Import) -> Code:
    return Code(text=text, imports=frozenset(imports))


def generic(name: str, *arguments: Code, module: str = "typing") -> Code:
    """`Name[a, b]`, importing `name` from `module` and whatever the arguments need."""
    imports = frozenset({Import(module=module, name=name)}).union(
        *(argument.imports for argument in arguments)
    )
    return Code(text=f"{name}[{', '.join(a.text for a in arguments)}]", imports=imports)


def typing_name(name: str) -> Import:
    return Import(module="typing", name=name)


def joined(codes: list[Code], separator: str) -> Code:
    return Code(
        text=separator.join(code.text for code in codes),
        imports=frozenset().union(*(code.imports for code in codes)),
    )
