"""Structural validation with openapi-spec-validator, its findings turned into located problems."""

from __future__ import annotations

import multiprocessing as mp
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from generator.problems import Level, Problem, SpecError

if TYPE_CHECKING:
    from generator.load.document import Document

_LONG_VALUE = 60


def validate_openapi(document: Document) -> None:
    problems = validation_problems(document)
    if problems:
        raise SpecError(problems)


class BackgroundValidation:
    """Validation in a forked process while the caller builds, renders and formats: it is the
    slowest stage on large specs (15 s on GitHub's), and its verdict is needed only at the end.
    Without fork (not on Linux or macOS), it simply runs in the caller's process at `result`."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._future: Future[list[Problem]] | None = None
        if "fork" in mp.get_all_start_methods():
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"))
            self._future = self._pool.submit(validation_problems, document)

    def result(self) -> list[Problem]:
        if self._future is None:
            return validation_problems(self._document)
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()


def validation_problems(document: Document) -> list[Problem]:
    """Every structural problem the validator finds, located; empty for a valid document."""
    try:
        return _validate(document)
    except SpecError as error:
        return error.problems


def _validate(document: Document) -> list[Problem]:
    root = document.root
    validator_class = _validator_for(document, root)
    validator = validator_class(root, base_uri=document.root_file.as_uri())
    problems: list[Problem] = []
    limit = sys.getrecursionlimit()
    # The validator recurses once per nesting level; real specs nest deeper than the default.
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        for error in validator.iter_errors():
            problems.append(_to_problem(document, error))
    except Exception as exc:  # the validator's own failures must not become tracebacks
        # It can trip over the very shapes it just reported; those reports are the useful part.
        if not problems:
            message = f"the document's structure could not be validated: {_first_line(exc)!r}"
            problems.append(Problem(Level.ERROR, document.display_name, "#", message))
    finally:
        sys.setrecursionlimit(limit)
    unique = {(p.pointer, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.pointer))


def _validator_for(document: Document, root: dict[str, Any]) -> Any:
    # Imported here, in the validating process: a third of a second that the main process,
    # busy building and rendering meanwhile, does not wait for.
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    if "swagger" in root:
        raise _root_error(
            document,
            f"Swagger {root['swagger']} is not supported; convert the document to OpenAPI 3.0 or "
            "3.1 first (for example with swagger2openapi)",
        )
    version = root.get("openapi")
    if not isinstance(version, str):
        raise _root_error(document, "missing the 'openapi' field with the version (3.0.x or 3.1.x)")
    if version.startswith("3.0."):
        return OpenAPIV30SpecValidator
    if version.startswith("3.1."):
        return OpenAPIV31SpecValidator
    raise _root_error(document, f"OpenAPI version '{version}' is not supported; use 3.0.x or 3.1.x")


def _root_error(document: Document, message: str) -> SpecError:
    return SpecError([Problem(Level.ERROR, document.display_name, "#", message)])


def _to_problem(document: Document, error: Exception) -> Problem:
    from jsonschema.exceptions import ValidationError, best_match

    from generator.load.document import Location

    if isinstance(error, ValidationError) and error.context:
        error = best_match(error.context) or error
    parts: tuple[str | int, ...] = ()
    message = _first_line(error)
    if isinstance(error, ValidationError):
        parts = tuple(
            part if isinstance(part, (str, int)) else str(part) for part in error.absolute_path
        )
        message = _shorten(error)
    return document.problem(Level.ERROR, Location(document.root_file, parts), message)


def _shorten(error: Any) -> str:
    message = _first_line(error.message)
    shown = repr(error.instance)
    if len(shown) > _LONG_VALUE and message.startswith(shown):
        kind = type(error.instance).__name__.replace("dict", "object").replace("list", "array")
        message = f"this {kind}{message[len(shown) :]}"
    return message


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0] if text else type(value).__name__
