"""Spec problems as values: where they are, how bad they are, and how they print."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(Enum):
    ERROR = "error"
    WARNING = "warning"


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer_from_parts(parts: tuple[str | int, ...] | list[str | int]) -> str:
    return "#" + "".join("/" + escape_pointer_token(str(part)) for part in parts)


# How a warning ends when the piece it names is a whole operation the SDK goes without: the
# run's summary counts them, so that nothing vanishes without a number.
OPERATION_SKIPPED = "operation skipped"


def skipped_operations(problems: list[Problem] | tuple[Problem, ...]) -> int:
    return sum(problem.message.endswith(f"; {OPERATION_SKIPPED}") for problem in problems)


@dataclass(frozen=True)
class Problem:
    level: Level
    file: str
    pointer: str
    message: str
    line: int | None = None

    def as_error(self) -> Problem:
        return Problem(Level.ERROR, self.file, self.pointer, self.message, self.line)

    def labelled(self) -> str:
        """The problem with its level always named, as `sdkgen validate` lists them."""
        return self._text(f"{self.level.value}: ")

    def __str__(self) -> str:
        return self._text("warning: " if self.level is Level.WARNING else "")

    def _text(self, prefix: str) -> str:
        where = f"{self.file}: {self.pointer}"
        if self.line is not None:
            where += f" (line {self.line})"
        return _printable(f"{where}: {prefix}{self.message}")


def _printable(text: str) -> str:
    """One line, with no terminal control in it: a key or value from the spec may hold line
    breaks or escape sequences, which are shown escaped, as Python writes them."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


class SpecError(Exception):
    """Generation stops: one or more error-level problems were found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems

    def __reduce__(self) -> tuple[type[SpecError], tuple[list[Problem]]]:
        # Raised in a formatting worker, it must cross back to the parent process whole.
        return (SpecError, (self.problems,))
