"""Structural validation with openapi-spec-validator, its findings turned into located problems."""

from __future__ import annotations

import multiprocessing as mp
import re
import sys
import threading
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
    """Every structural problem the validator finds, located; empty for a valid document.

    The validator runs in a thread with a large stack: it recurses through generators, which
    take C stack at every level, and at the depth `_validate` allows (a schema whose oneOf
    leads back to itself recurses until the limit) the main thread's 8 MB overflowed, and
    the process died of a segmentation fault instead of reporting a problem."""
    outcome: list[list[Problem] | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_validate(document))
        except SpecError as error:
            outcome.append(error.problems)
        except BaseException as error:  # handed to the caller's thread below
            outcome.append(error)

    previous = threading.stack_size(_VALIDATION_STACK_BYTES)
    try:
        thread = threading.Thread(target=run, name="sdkgen-validate")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    [result] = outcome
    if isinstance(result, BaseException):
        raise result
    return result


# Room for the recursion limit `_validate` sets; reserved, not used, until the stack grows.
_VALIDATION_STACK_BYTES = 512 * 1024 * 1024


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
        return _located(OpenAPIV30SpecValidator)
    if version.startswith("3.1."):
        return _located(OpenAPIV31SpecValidator)
    raise _root_error(document, f"OpenAPI version '{version}' is not supported; use 3.0.x or 3.1.x")


def _located(spec_validator: Any) -> Any:
    """The validator, with the schema and default checks it runs on one schema at a time
    made to say where that schema is: their errors' paths start at the schema, not the
    document, and come out as `#/properties/x` otherwise."""
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    schema_checks = spec_validator.keyword_validators["schema"]
    value_checks = spec_validator.keyword_validators["default"]
    operation_checks = spec_validator.keyword_validators["operation"]

    class LocatedSchemaChecks(schema_checks):  # type: ignore[misc, valid-type]
        def _collect_properties(self, schema: Any) -> set[str]:
            """openapi-spec-validator 0.9 gathers the properties an allOf reaches without
            noticing cycles (python-openapi/openapi-spec-validator#400): a base schema whose
            oneOf children extend it with allOf, a common pattern, recursed until memory ran
            out. The same walk, cut where it comes back to a schema it is still collecting."""
            active: set[int] = self.__dict__.setdefault("_collecting", set())
            key = id(schema.read_value())
            if key in active:
                return set()
            active.add(key)
            try:
                return set(super()._collect_properties(schema))
            finally:
                active.discard(key)

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            error = super()._validate_schema_meta(schema, schema_value)
            if error is not None:
                error._sdkgen_base = tuple(schema.parts)
            return error

    class LocatedValueChecks(value_checks):  # type: ignore[misc, valid-type]
        def __call__(self, schema: Any, value: Any) -> Any:
            for error in super().__call__(schema, value):
                # Made now, as the library would make it later, so the location stays on it.
                located = OpenAPIValidationError.create_from(error)
                located._sdkgen_base = (*schema.parts, "default")
                yield located

    class TemplateOperationChecks(operation_checks):  # type: ignore[misc, valid-type]
        def _get_path_params_from_url(self, url: str) -> Any:
            """The `{name}`s of an OpenAPI path template. The library parses the path as a
            Python format string: `{a!b}` named `a`, and `{a!}` raised a ValueError that
            ended the whole validation."""
            return iter(re.findall(r"\{([^{}]*)\}", url))

    assert issubclass(schema_checks, keywords.SchemaValidator)
    return type(
        spec_validator.__name__,
        (spec_validator,),
        {
            "keyword_validators": {
                **spec_validator.keyword_validators,
                "schema": LocatedSchemaChecks,
                "default": LocatedValueChecks,
                "operation": TemplateOperationChecks,
            }
        },
    )


def _root_error(document: Document, message: str) -> SpecError:
    return SpecError([Problem(Level.ERROR, document.display_name, "#", message)])


def _to_problem(document: Document, error: Exception) -> Problem:
    from jsonschema.exceptions import ValidationError, best_match

    from generator.load.document import Location

    base: tuple[Any, ...] = getattr(error, "_sdkgen_base", ())
    # "Not valid under any of the given schemas" hides the reason; the likeliest branch's own
    # error, however deep, says it.
    while isinstance(error, ValidationError) and error.context:
        deeper = best_match(_without_reference_branch(error.context))
        if deeper is None:
            break
        error = deeper
    parts: tuple[str | int, ...] = ()
    message = _first_line(error)
    if isinstance(error, ValidationError):
        parts = tuple(
            part if isinstance(part, (str, int)) else str(part)
            for part in (*base, *error.absolute_path)
        )
        message = _shorten(error)
    return document.problem(Level.ERROR, Location(document.root_file, parts), message)


def _without_reference_branch(errors: Any) -> list[Any]:
    """Where the spec allows "a Reference or a Schema", a broken schema also fails the
    Reference branch with "'$ref' is a required property", which says nothing useful."""
    found = list(errors)
    useful = [e for e in found if not (e.validator == "required" and "'$ref'" in str(e.message))]
    return useful or found


_UNKNOWN_FIELD = re.compile(r"^'(?P<name>[^']*)' does not match any of the regexes: '\^x-'$")


def _shorten(error: Any) -> str:
    message = _first_line(error.message)
    unknown = _UNKNOWN_FIELD.match(message)
    if unknown:
        return (
            f"'{unknown['name']}' is not a field of this object in this OpenAPI version"
            " (only x- extensions may be added)"
        )
    shown = repr(error.instance)
    if len(shown) > _LONG_VALUE and message.startswith(shown):
        kind = type(error.instance).__name__.replace("dict", "object").replace("list", "array")
        message = f"this {kind}{message[len(shown) :]}"
    return message


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0] if text else type(value).__name__
