"""A fast first look at the whole document (jsonschema-rs, in Rust) before openapi-spec-validator
checks it against the OpenAPI meta-schema with the Python `jsonschema`, which then runs only
when the fast look does not pass the document.

Why: that Python check of the whole document took 4.4 s of the validation of GitHub's spec
and 19 s of Microsoft Graph's; the fast look takes 15 ms and 60 ms.

Why the verdicts stay openapi-spec-validator's: the fast look only ever answers "valid, no
finding". Any other answer (a finding, a document it cannot read, such as a key that is not a
string or a date read from YAML) hands the document to the library's own Python check, whose
findings are reported exactly as before. It is set up as the library sets up its default
backend: the same meta-schema, `format` not asserted. Where the two could disagree, it is the
fast look that is stricter, and a stricter look only costs time: Python's `$` also matches
before a final newline and its `\\d` any Unicode digit, and Python's `nan` is a number, none of
which the Rust side accepts. Nesting deeper than Python's recursion allows, which the library
reports as a failure, and an alias cycle are never given to the fast look (`fits`).
`tests/test_validation_speed.py` compares the verdicts on broken documents and real specs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

# Deeper documents are judged by the library alone: it recurses a few frames per level and
# fails past its recursion limit, where the fast look would pass them. Real specs nest under 60.
_MAX_SCREENED_DEPTH = 200


class ScreenedValidator:
    """The library's Python meta-schema validator (`iter_errors`), after the fast look."""

    def __init__(self, judge: Any, screen: Any) -> None:
        self._judge = judge
        self._screen = screen

    @property
    def schema(self) -> Any:
        return self._judge.schema

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        if self._screen is not None and _passes(self._screen, instance):
            return iter(())
        return iter(self._judge.iter_errors(instance))


def meta_schema_validator(version: str, screen: bool) -> ScreenedValidator:
    """The validator of the whole document against OpenAPI `version`'s ("3.0", "3.1")
    meta-schema; screened when `screen` (the document `fits`)."""
    judge, fast = _meta_schema_validators(version)
    return ScreenedValidator(judge, fast if screen else None)


@functools.cache
def _meta_schema_validators(version: str) -> tuple[Any, Any]:
    from jsonschema.validators import validator_for
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    schema = dict(schema_v31 if version == "3.1" else schema_v30)
    # As openapi-spec-validator's jsonschema backend builds it (schemas/backend/jsonschema.py),
    # whatever backend the environment asks the library for: its messages are the reference.
    judge = validator_for(schema)(schema)
    return judge, fast_validator(schema, {"validate_formats": False})


def schema_passes(checker: Any, schema_value: Any) -> bool:
    """Whether the fast look passes one Schema object against its dialect's meta-schema, as
    `checker` (what the library's `_get_schema_checker` returned) would check it: the library's
    `check_openapi_schema`, `format` asserted by Python's own format checker, called from Rust.
    False for any other checker (a schema naming another dialect), which the library judges."""
    from openapi_schema_validator.validators import check_openapi_schema

    keywords: dict[str, Any] = {}
    if isinstance(checker, functools.partial):
        keywords = dict(checker.keywords)
        checker = checker.func
    cls: Any = getattr(checker, "__self__", None)
    if getattr(checker, "__func__", None) is not check_openapi_schema or set(keywords) - {
        "format_checker"
    }:
        return False
    format_checker = keywords.get("format_checker", cls.FORMAT_CHECKER)
    fast = _dialect_validator(cls, format_checker)
    return fast is not None and _passes(fast, schema_value)


@functools.cache
def _dialect_validator(cls: Any, format_checker: Any) -> Any:
    from openapi_schema_validator._specifications import REGISTRY

    try:
        import jsonschema_rs
    except ImportError:
        return None
    checks = {
        name: functools.partial(_conforms, format_checker, name)
        for name in {*_RUST_FORMATS, *format_checker.checkers}
    }
    try:
        registry = jsonschema_rs.Registry([(uri, REGISTRY.contents(uri)) for uri in REGISTRY])
    except Exception:
        return None
    options = {"validate_formats": True, "formats": checks, "registry": registry}
    return fast_validator(dict(cls.META_SCHEMA), options)


def _conforms(format_checker: Any, name: str, instance: str) -> bool:
    return bool(format_checker.conforms(instance, name))


# The formats jsonschema-rs checks itself: each is given Python's verdict instead (true for a
# format Python does not check), so that `format` means the same on both sides.
_RUST_FORMATS = frozenset(
    {
        "date", "date-time", "duration", "email", "hostname", "idn-email", "idn-hostname",
        "ipv4", "ipv6", "iri", "iri-reference", "json-pointer", "regex",
        "relative-json-pointer", "time", "uri", "uri-reference", "uri-template", "uuid",
    }
)  # fmt: skip


def _passes(fast: Any, instance: Any) -> bool:
    try:
        return bool(fast.is_valid(instance))
    except Exception:  # it cannot read the value (a non-string key, a date): no verdict
        return False


def fast_validator(schema: dict[str, Any], options: dict[str, Any]) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # a platform without its wheel: the library judges alone, slower
        return None
    try:
        return jsonschema_rs.validator_for(schema, **options)
    except Exception:  # a meta-schema it cannot compile: the library judges alone
        return None


def fits(value: Any) -> bool:
    """Whether the document nests no deeper than `_MAX_SCREENED_DEPTH` and has no cycle
    (YAML aliases may make one); one walk over its distinct containers."""
    depth_of: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        children = current.values() if isinstance(current, dict) else current
        if children_done:
            on_path.discard(key)
            depth = 1 + max(
                (depth_of.get(id(child), 0) for child in children if _container(child)),
                default=0,
            )
            if depth > _MAX_SCREENED_DEPTH:
                return False
            depth_of[key] = depth
            continue
        if key in on_path:
            return False
        if key in depth_of:
            continue
        on_path.add(key)
        stack.append((current, True))
        stack.extend((child, False) for child in children if _container(child))
    return True


def _container(value: Any) -> bool:
    return isinstance(value, (dict, list))
