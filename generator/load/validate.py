"""Structural validation with openapi-spec-validator, its findings turned into located problems."""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import sys
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from generator.load.findings import DEFAULT, SCHEMA, STRUCTURE, verdict
from generator.load.screen import fits, meta_schema_validator, schema_passes
from generator.problems import Level, Problem, SpecError
from generator.workers import die_with_parent

if TYPE_CHECKING:
    from generator.load.document import Document

_LONG_VALUE = 60


def validate_openapi(document: Document) -> list[Problem]:
    """The document's warnings; raises SpecError with every problem when one is an error."""
    problems = validation_problems(document)
    raise_if_errors(problems)
    return problems


def raise_if_errors(problems: list[Problem]) -> None:
    """Stop when any problem is an error, listing every problem (the warnings too: a user
    fixing the errors sees the rest at once)."""
    if any(problem.level is Level.ERROR for problem in problems):
        raise SpecError(problems)


class BackgroundValidation:
    """Validation in a forked process while the caller builds, renders and formats: it is the
    slowest stage on large specs (15 s on GitHub's), and its verdict is needed only at the end.
    Without fork (not on Linux or macOS), it simply runs in the caller's process at `result`.

    A plain daemonic process, not a pool: the parent's exit (Ctrl-C included) terminates it
    instead of waiting for it, `cancel` can end it mid-run, and `die_with_parent` ends it when
    the parent is killed."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._process: BaseProcess | None = None
        if "fork" in mp.get_all_start_methods():
            context = mp.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_validate_in_worker,
                args=(document, sender, os.getpid()),
                name="sdkgen-validation",
                daemon=True,
            )
            self._process.start()
            sender.close()

    def result(self) -> list[Problem]:
        if self._process is None:
            return validation_problems(self._document)
        try:
            outcome = self._receiver.recv()
        except EOFError:
            code = self._process.exitcode
            raise RuntimeError(f"the validation worker ended without a verdict ({code})") from None
        finally:
            self.cancel()
        if isinstance(outcome, BaseException):
            raise outcome
        problems: list[Problem] = outcome
        return problems

    def cancel(self) -> None:
        """End the worker, done or not; its verdict is no longer wanted."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._receiver.close()


def _validate_in_worker(document: Document, sender: Connection, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    outcome: list[Problem] | BaseException
    try:
        outcome = validation_problems(document)
    except BaseException as error:  # handed to the parent, which raises it
        outcome = error
    try:
        sender.send(outcome)
    except Exception as error:  # an exception that cannot cross: its text can
        sender.send(RuntimeError(f"validation failed: {type(error).__name__}: {error}"))
    sender.close()


def validation_problems(document: Document, fast: bool = True) -> list[Problem]:
    """Every problem the validator finds, located, each an error or a warning by what it
    costs (see findings.py); empty for a valid document. `fast=False` finds them the
    library's own, slower way (see `_located`): the same problems.

    The validator runs in a thread with a large stack: it recurses through generators, which
    take C stack at every level, and at the depth `_validate` allows (a schema whose oneOf
    leads back to itself recurses until the limit) the main thread's 8 MB overflowed, and
    the process died of a segmentation fault instead of reporting a problem."""
    outcome: list[list[Problem] | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_validate(document, fast))
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


def _validate(document: Document, fast: bool) -> list[Problem]:
    root = document.root
    # Documents too deep or cyclic for the fast look are checked by the library alone.
    validator_class = _validator_for(document, root, fast, screen=fast and fits(root))
    validator = validator_class(root, base_uri=document.root_file.as_uri())
    problems: list[Problem] = []
    limit = sys.getrecursionlimit()
    # The validator recurses once per nesting level; real specs nest deeper than the default.
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        for error in validator.iter_errors():
            problems.append(_to_problem(document, error))
    except Exception as exc:  # the validator's own failures must not become tracebacks
        # It can trip over the very shapes it just reported; those reports are the useful part
        # when they include an error. Without one, the document cannot be judged valid.
        if not any(problem.level is Level.ERROR for problem in problems):
            message = f"the document's structure could not be validated: {_first_line(exc)!r}"
            problems.append(Problem(Level.ERROR, document.display_name, "#", message))
    finally:
        sys.setrecursionlimit(limit)
    unique = {(p.pointer, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.pointer))


def _validator_for(document: Document, root: dict[str, Any], fast: bool, screen: bool) -> Any:
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
        return _located(OpenAPIV30SpecValidator, "3.0", fast, screen)
    if version.startswith("3.1."):
        return _located(OpenAPIV31SpecValidator, "3.1", fast, screen)
    raise _root_error(document, f"OpenAPI version '{version}' is not supported; use 3.0.x or 3.1.x")


def _located(spec_validator: Any, version: str, fast: bool, screen: bool) -> Any:
    """The validator, with the schema and default checks it runs on one schema at a time
    made to say where that schema is: their errors' paths start at the schema, not the
    document, and come out as `#/properties/x` otherwise.

    `fast` keeps the library's verdicts and finds them sooner: its registries of visited
    schemas searched in sets, and with `screen`, the fast look of screen.py before its checks
    of the whole document and of each Schema object. Without `fast`, the library's own walk:
    the reference the tests compare the fast one with."""
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    schema_checks = spec_validator.keyword_validators["schema"]
    value_checks = spec_validator.keyword_validators["default"]
    operation_checks = spec_validator.keyword_validators["operation"]
    paths_checks = spec_validator.keyword_validators["paths"]

    class LocatedSchemaChecks(schema_checks):  # type: ignore[misc, valid-type]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            # The library keeps the schemas it has visited and meta-checked in lists, and
            # searches them at every visit: quadratic, half of the validation of GitHub's spec
            # (47,000 visits). The same registries, searched in a set.
            if fast:
                self.visited_schema_ids = _IdRegistry()
                self.meta_checked_schema_ids = _IdRegistry()

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

        def __call__(self, schema: Any, *args: Any, **kwargs: Any) -> Any:
            # The walk's own findings (a schema that is not an object, required names no
            # property has) come without a path: placed at the schema they are about.
            for error in super().__call__(schema, *args, **kwargs):
                if not hasattr(error, "_sdkgen_origin"):
                    error._sdkgen_base = tuple(schema.parts)
                    error._sdkgen_origin = SCHEMA
                yield error

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            if screen and _passes_screen(self, schema, schema_value):
                return None
            error = super()._validate_schema_meta(schema, schema_value)
            if error is not None:
                error._sdkgen_base = tuple(schema.parts)
                error._sdkgen_origin = SCHEMA
            return error

    class LocatedValueChecks(value_checks):  # type: ignore[misc, valid-type]
        def __call__(self, schema: Any, value: Any) -> Any:
            for error in super().__call__(schema, value):
                # Made now, as the library would make it later, so the location stays on it.
                located = OpenAPIValidationError.create_from(error)
                located._sdkgen_base = (*schema.parts, "default")
                located._sdkgen_origin = DEFAULT
                yield located

    class ExtensiblePathsChecks(paths_checks):  # type: ignore[misc, valid-type]
        def __call__(self, paths: Any) -> Any:
            """Paths may carry `x-` extensions beside the paths themselves; the library walked
            them as path items and failed on the first that was not one, which ended the whole
            validation."""
            for url, path_item in paths.items():
                if isinstance(url, str) and not url.startswith("x-"):
                    yield from self.path_validator(url, path_item)

    class TemplateOperationChecks(operation_checks):  # type: ignore[misc, valid-type]
        def __call__(
            self, url: str, name: str, operation: Any, path_parameters: Any
        ) -> Iterator[Any]:
            """The library's checks, and its content checks (schemas, defaults) on the request
            body too: it runs them on responses only, so in a 3.1 document, whose meta-schema
            leaves Schema objects to these checks, a request body's broken schema went
            unreported and reached the builder. Parameters' content and responses' headers,
            skipped the same way, are checked by the two classes below."""
            yield from super().__call__(url, name, operation, path_parameters)
            if "requestBody" in operation:
                body = operation / "requestBody"
                if "content" in body:
                    yield from self.registry["content"](body / "content")

        def _get_path_params_from_url(self, url: str) -> Any:
            """The `{name}`s of an OpenAPI path template. The library parses the path as a
            Python format string: `{a!b}` named `a`, and `{a!}` raised a ValueError that
            ended the whole validation."""
            return iter(re.findall(r"\{([^{}]*)\}", url))

    class ContentParameterChecks(spec_validator.keyword_validators["parameter"]):  # type: ignore[misc, name-defined]
        def __call__(self, parameter: Any) -> Iterator[Any]:
            """The library's checks, and a parameter's (or header's) `content` checked as a
            body's: it looks at `schema` only."""
            yield from super().__call__(parameter)
            if "content" in parameter:
                yield from self.registry["content"](parameter / "content")

    class HeaderResponseChecks(spec_validator.keyword_validators["response"]):  # type: ignore[misc, name-defined]
        def __call__(self, response_code: str, response: Any) -> Iterator[Any]:
            """The library's checks, and each of the response's headers checked as a
            parameter: it skipped them."""
            yield from super().__call__(response_code, response)
            if "headers" in response:
                for _, header in (response / "headers").items():
                    yield from self.registry["parameter"](header)

    assert issubclass(schema_checks, keywords.SchemaValidator)
    return type(
        spec_validator.__name__,
        (spec_validator,),
        {
            "schema_validator": meta_schema_validator(version, screen),
            "keyword_validators": {
                **spec_validator.keyword_validators,
                "schema": LocatedSchemaChecks,
                "default": LocatedValueChecks,
                "operation": TemplateOperationChecks,
                "paths": ExtensiblePathsChecks,
                "parameter": ContentParameterChecks,
                "response": HeaderResponseChecks,
            },
        },
    )


def _passes_screen(checks: Any, schema: Any, schema_value: Any) -> bool:
    """Whether the fast look (screen.py) passes one Schema object against its dialect; the
    library's own check runs only when it does not."""
    try:
        checker = checks._get_schema_checker(schema, schema_value)
    except ValueError:  # an unknown dialect: the library's check reports it
        return False
    return schema_passes(checker, schema_value)


class _IdRegistry(list[int]):
    """A list of ids, as the library's schema checks keep, with membership found in a set."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[int] = set()

    def append(self, member: int) -> None:
        super().append(member)
        self._members.add(member)

    def __contains__(self, member: object) -> bool:
        return member in self._members


def _root_error(document: Document, message: str) -> SpecError:
    return SpecError([Problem(Level.ERROR, document.display_name, "#", message)])


def _to_problem(document: Document, error: Exception) -> Problem:
    from jsonschema.exceptions import ValidationError, best_match

    base: tuple[Any, ...] = getattr(error, "_sdkgen_base", ())
    origin = getattr(error, "_sdkgen_origin", STRUCTURE)
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
    judged = verdict(origin, message, parts)
    if judged.handling:
        message = f"{message}; {judged.handling}"
    return document.problem(judged.level, document.through_refs(parts), message)


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
