"""What every part of the builder shares: the document, the settings, the type builder, the
API-wide names and registries, and the problems found so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.builder.examples import example_problem, is_missing, missing
from generator.builder.names import ApiNames
from generator.builder.types import TypeBuilder
from generator.ir import ErrorClass, ModelType, ServerVariable, Settings
from generator.load.document import Document, Location
from generator.problems import Level, Problem


@dataclass(kw_only=True)
class BuildContext:
    document: Document
    # The configuration reaches the pieces only as settings, the names it leaves open made.
    settings: Settings
    names: ApiNames
    types: TypeBuilder
    problems: list[Problem]
    # One class per error body model, in the order operations first raise them.
    error_classes: dict[ModelType, ErrorClass] = field(default_factory=dict)
    # Server variables by wire name, shared by every server that has them.
    server_variables: dict[str, ServerVariable] = field(default_factory=dict)
    # The operations `x-speakeasy-ignore` hides, as "METHOD /path": a change report tells a
    # hidden method from a removed one.
    hidden_operations: list[str] = field(default_factory=list)

    @property
    def root(self) -> dict[str, Any]:
        root: dict[str, Any] = self.document.root
        return root

    def warn(self, location: Location, message: str) -> None:
        self.problems.append(self.document.problem(Level.WARNING, location, message))

    def checked_example(self, example: Any, schema: Any, location: Location) -> Any:
        """The spec's example if it fits the schema; otherwise a warning, and snippets use
        values made from the schema, so that they work against the real API."""
        if is_missing(example):
            return example
        problem = example_problem(example, schema, self.root)
        if problem is None:
            return example
        self.warn(
            location,
            f"example does not match the schema: {problem};"
            " snippets use values made from the schema",
        )
        return missing()


class SkipOperation(Exception):
    """An operation this generator cannot express yet: dropped with a warning, never half-made."""

    def __init__(self, location: Location, reason: str) -> None:
        super().__init__(reason)
        self.location = location
        self.reason = reason
