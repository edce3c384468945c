"""What each validator finding costs the user: an error where no SDK can be made from the
document, a warning where one can, with the one way the generator handles that piece.

openapi-spec-validator stays the judge of what is invalid; this module only decides the level.
The warning kinds, and what the generator does with each piece:

- a `default` that does not fit its schema: dropped (the SDK sends nothing in its place);
- a schema keyword in the form of another JSON Schema dialect or draft, where its meaning is
  unambiguous: `exclusiveMinimum: true` (draft-04, OpenAPI 3.0) in a 3.1 document is read as
  3.0 reads it, `$recursiveAnchor: true` as draft 2019-09 reads it, a list of types in a 3.0
  document as 3.1 reads it (schemas only shape types; the server enforces constraints);
- a `required` list that names a property twice: read once; one that names a property the
  schema does not have: that name is ignored; an `enum` with a value twice: read once;
- a field that OpenAPI does not define where it stands (an unknown or misplaced key, an
  extension without the `x-` prefix): ignored;
- a response without its required `description`: documented without one;
- an operation whose `responses` is empty: generated with no documented response;
- a schema whose `$schema` names a dialect that does not exist (`draft-05`): read in the
  document's own dialect;
- a schema whose `type` is a mapping (a schema where a type name belongs, as a property written
  without its `properties`): read as if it had no `type`, so typed by its other keywords, and as
  any value (`Any`) when they say nothing.

Everything else (a wrong type where the document's structure is, a missing field the SDK needs)
stays an error; so does anything the loader itself refuses (unreadable text, not OpenAPI 3.x,
a `$ref` that lands nowhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.problems import Level


@dataclass(frozen=True)
class Verdict:
    level: Level
    # What the generator does with the piece, appended to the validator's message.
    handling: str = ""


ERROR = Verdict(Level.ERROR)

# Where a finding comes from: the document's own structure (the OpenAPI meta-schema and the
# keyword walk), the check of one Schema object against its dialect, or a `default` value.
Origin = str
STRUCTURE: Origin = "structure"
SCHEMA: Origin = "schema"
DEFAULT: Origin = "default"

_UNKNOWN_FIELD = re.compile(r"^'[^']*' is not a field of this object in this OpenAPI version")
_UNEVALUATED = re.compile(
    r"^Unevaluated properties are not allowed \((?P<names>.+) (was|were) unexpected\)$"
)
_DUPLICATES = re.compile(r" has non-unique elements$")
_BOOLEAN_EXCLUSIVE = re.compile(r"^(True|False) is not of type 'number'$")
_OPTIONAL_DESCRIPTION = "'description' is a required property"
_TYPE_LIST = re.compile(r"^\[[^\[\]]*\] is not of type 'string'$")
_UNDEFINED_REQUIRED = re.compile(r"^Required list has not defined properties: ")
# A mapping where a type name belongs, as validate.py words it: the value itself when short.
_MAPPING_TYPE = re.compile(r"^(this object|\{.*\}) is (not one of \[|not of type 'string')")


def verdict(origin: Origin, message: str, parts: tuple[str | int, ...]) -> Verdict:
    """The level of one finding, from where it comes from, its message and where it is."""
    if origin == DEFAULT:
        return Verdict(Level.WARNING, "the default is dropped")
    if origin == SCHEMA:
        return _schema_verdict(message, parts)
    if (_UNKNOWN_FIELD.match(message) or _UNEVALUATED.match(message)) and parts != ("paths",):
        # Directly under `paths`, such a key is a path without its leading slash: the builder
        # would call it, so it is no field to ignore.
        return Verdict(Level.WARNING, "ignored")
    if message == _OPTIONAL_DESCRIPTION and _in_response(parts):
        return Verdict(Level.WARNING, "the response is documented without one")
    if parts and parts[-1] == "responses" and message.endswith(" should be non-empty"):
        return Verdict(
            Level.WARNING,
            "the operation is generated with no documented response (it returns None)",
        )
    if _in_schema(parts):
        # OpenAPI 3.0's own meta-schema describes Schema objects too: the same flaws as the
        # dialect check finds, seen from the document's side.
        return _schema_verdict(message, parts)
    return ERROR


def _schema_verdict(message: str, parts: tuple[str | int, ...]) -> Verdict:
    last = parts[-1] if parts else None
    if last == "required" and _DUPLICATES.search(message):
        return Verdict(Level.WARNING, "each name is read once")
    if last == "enum" and _DUPLICATES.search(message):
        return Verdict(Level.WARNING, "each value is read once")
    if last in ("exclusiveMinimum", "exclusiveMaximum") and _BOOLEAN_EXCLUSIVE.match(message):
        return Verdict(
            Level.WARNING,
            "read as the OpenAPI 3.0 form (a boolean that makes minimum or maximum exclusive)",
        )
    if message.startswith("Unknown JSON Schema dialect: "):
        return Verdict(Level.WARNING, "the schema is read in the document's own dialect")
    if last in ("$recursiveAnchor", "$recursiveRef"):
        return Verdict(
            Level.WARNING,
            "read as JSON Schema 2019-09's keyword, which marks where recursion returns:"
            " the SDK's types follow $ref and need no anchor",
        )
    if last == "type" and _TYPE_LIST.match(message):
        return Verdict(
            Level.WARNING, "read as the OpenAPI 3.1 form (a value of any of these types)"
        )
    if _UNDEFINED_REQUIRED.match(message):
        return Verdict(Level.WARNING, "required names that no property has are ignored")
    if last == "type" and _MAPPING_TYPE.match(message) and parts[-2:-1] != ("properties",):
        # A type name misspelled (`type: strng`) stays an error below: which type was meant is
        # a guess. A whole schema in its place means no type name was written at all.
        return Verdict(
            Level.WARNING,
            "the schema is read as if it had no type (any value, unless its other keywords"
            " say more)",
        )
    # Anything else is ambiguous (`type: strng`) or a shape the builder cannot read
    # (`properties: []`): the author must say what they meant.
    return ERROR


# Keys whose value is a Schema object, wherever they stand in the document.
_SCHEMA_KEYS = frozenset({"schema", "items", "not", "additionalProperties"})
# Keys whose value holds Schema objects, by name or in a list.
_SCHEMAS_KEYS = frozenset({"schemas", "properties", "allOf", "anyOf", "oneOf"})


def _in_schema(parts: tuple[str | int, ...]) -> bool:
    """Whether the finding is inside (or is) a Schema object."""
    return any(
        part in _SCHEMA_KEYS or (part in _SCHEMAS_KEYS and index + 1 < len(parts))
        for index, part in enumerate(parts)
    )


def _in_response(parts: tuple[str | int, ...]) -> bool:
    """A Response object: under an operation's `responses` or `components/responses`."""
    return len(parts) >= 2 and parts[-2] == "responses"
