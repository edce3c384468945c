"""The rules that decide how much a spec change matters to a Python user of the SDK.

Each change the comparison finds names one rule; the rule fixes its severity and says why.

- **breaking**: code that ran fails at run time or no longer imports (a name is gone, a call
  needs an argument it did not, the server rejects a value it took).
- **type**: code that ran still runs, but no longer type-checks under `mypy --strict`, or behaves
  differently (a response field may now be None, a default the server applies changed, a
  different error class is raised).
- **feature**: something was added; existing code is unaffected.
- **fix**: docs, descriptions, examples, or a more precise description of responses that existing
  code already handles.

The SDK's version follows the worst severity (see `generator/changes/versions.py`): breaking is a
major bump (minor below 1.0), feature and type a minor one (a type change keeps every call
working, so it is not breaking at run time; it is listed first in the changelog so a reviewer
sees it), fix a patch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["breaking", "type", "feature", "fix"]

# Worst first: the order of the report and of the bump.
SEVERITIES: tuple[Severity, ...] = ("breaking", "type", "feature", "fix")


@dataclass(frozen=True, kw_only=True)
class Rule:
    id: str
    severity: Severity
    why: str


def _rules(*rows: tuple[str, Severity, str]) -> dict[str, Rule]:
    return {
        rule_id: Rule(id=rule_id, severity=severity, why=why) for rule_id, severity, why in rows
    }


RULES: dict[str, Rule] = _rules(
    # -- operations (methods) ------------------------------------------------------------------
    ("operation-added", "feature", "a new method; existing calls are unaffected"),
    ("operation-removed", "breaking", "calls to the method fail with AttributeError"),
    (
        "operation-hidden",
        "breaking",
        "the operation is marked x-speakeasy-ignore: its method is gone",
    ),
    ("method-renamed", "breaking", "calls under the old method name fail with AttributeError"),
    ("method-moved", "breaking", "the method now lives on another resource: the old path fails"),
    ("operation-deprecated", "fix", "the method is marked deprecated; it still works"),
    ("operation-undeprecated", "fix", "the method is no longer marked deprecated"),
    ("pagination-added", "feature", "new page iterator methods beside the method"),
    ("pagination-removed", "breaking", "the page iterator methods are gone"),
    ("operation-servers-changed", "type", "the method calls another server: behaviour changes"),
    ("operation-security-changed", "type", "the method sends other credentials"),
    # -- arguments -----------------------------------------------------------------------------
    ("argument-added-optional", "feature", "a new keyword argument with a default"),
    ("argument-added-required", "breaking", "calls without the new argument raise TypeError"),
    ("argument-removed", "breaking", "calls passing the argument raise TypeError"),
    ("argument-renamed", "breaking", "calls passing the old keyword raise TypeError"),
    (
        "argument-renamed-heuristic",
        "breaking",
        "an argument went and one of the same type and requiredness came: taken as a rename"
        " (a heuristic); calls passing the old keyword raise TypeError",
    ),
    ("argument-made-optional", "feature", "the argument may now be left out"),
    ("argument-made-required", "breaking", "calls without the argument raise TypeError"),
    ("argument-default-changed", "type", "calls leaving the argument out now send another value"),
    # -- request and response model fields -----------------------------------------------------
    ("field-added-optional", "feature", "a new optional field"),
    ("field-added-required-input", "breaking", "requests built without the new field fail"),
    ("field-removed", "breaking", "reading or passing the field fails (AttributeError, TypeError)"),
    ("field-renamed", "breaking", "code using the old attribute name fails"),
    ("field-made-optional-input", "feature", "the field may now be left out of requests"),
    (
        "field-made-optional-output",
        "type",
        "the response field may now be missing (None): code using it unchecked no longer"
        " type-checks",
    ),
    ("field-made-required-input", "breaking", "requests built without the field now fail"),
    ("field-made-required-output", "fix", "the response field is always present now"),
    ("field-default-changed", "type", "a field left out now takes another default value"),
    # -- types (of arguments, fields and return values) ----------------------------------------
    ("input-enum-value-added", "feature", "a new accepted value"),
    ("input-enum-value-removed", "breaking", "the server rejects the value code may still send"),
    (
        "output-enum-value-added-open",
        "feature",
        "a new response value; the SDK's response enums are open (Literal[...] | str), so code"
        " still type-checks",
    ),
    (
        "output-enum-value-added-closed",
        "type",
        "a new value of a closed enum (a discriminator or a whole response): exhaustive code no"
        " longer type-checks, and the value may be met at run time",
    ),
    ("output-enum-value-removed", "fix", "a response value no longer occurs"),
    ("input-nullable-added", "feature", "None is now accepted"),
    ("input-nullable-removed", "breaking", "passing None is now rejected"),
    (
        "output-nullable-added",
        "type",
        "the response value may now be None: code using it unchecked no longer type-checks",
    ),
    ("output-nullable-removed", "fix", "the response value is never None now"),
    ("input-type-widened", "feature", "more values are accepted (a union gained a member)"),
    ("input-type-narrowed", "breaking", "values that were accepted are now rejected"),
    (
        "output-type-widened",
        "type",
        "the response value may now hold values of another type (a union gained a member, an"
        " item or value became nullable)",
    ),
    ("output-type-narrowed", "fix", "the response value is of fewer types than before"),
    ("type-changed", "breaking", "the type changed to one that does not hold the old values"),
    (
        "union-reordered",
        "type",
        "a union's members changed order: pydantic may now pick another member for a value",
    ),
    # -- responses and errors ------------------------------------------------------------------
    ("response-content-type-changed", "type", "the response body is decoded differently"),
    ("response-status-added", "fix", "a new success status, with the same return type"),
    ("response-status-removed", "fix", "a success status is no longer documented"),
    (
        "error-response-added",
        "type",
        "an error status now raises its own error class instead of the default one",
    ),
    (
        "error-response-removed",
        "type",
        "an error status now raises the default error class instead of its own",
    ),
    ("error-response-changed", "type", "an error status raises another error class"),
    ("error-class-added", "feature", "a new error class"),
    ("error-class-removed", "breaking", "imports and except clauses naming the class fail"),
    # -- exported classes ----------------------------------------------------------------------
    ("class-added", "feature", "a new model class"),
    ("class-removed", "breaking", "imports of the class fail"),
    ("class-aliased", "feature", "the class has a new name; the old one stays as an alias"),
    ("resource-added", "feature", "a new resource on the client"),
    ("resource-removed", "breaking", "code using the resource attribute fails"),
    ("resource-renamed", "breaking", "code using the old attribute or class name fails"),
    # -- the client: servers, security, global parameters --------------------------------------
    ("server-added", "feature", "a new server to choose"),
    ("server-removed", "breaking", "code choosing the server (server_idx) gets another or fails"),
    ("default-server-changed", "type", "calls go to another URL by default"),
    ("security-added", "feature", "a new credential the client accepts"),
    ("security-removed", "breaking", "passing the credential raises TypeError"),
    ("security-changed", "type", "the credential is sent another way"),
    ("global-added-optional", "feature", "a new client argument with a default"),
    ("global-added-required", "breaking", "constructing the client without it fails"),
    ("global-removed", "breaking", "passing the client argument raises TypeError"),
    ("global-renamed", "breaking", "passing the old client argument raises TypeError"),
    ("global-default-changed", "type", "every call now sends another default value"),
    ("global-hidden", "breaking", "the client argument is gone (x-speakeasy-globals-hidden)"),
    ("global-shown", "feature", "the value is now a client argument"),
    ("sdk-renamed", "breaking", "the package, module or client class has another name"),
    # -- webhooks and callbacks ----------------------------------------------------------------
    ("webhook-added", "feature", "a new event the client parses into its own model"),
    (
        "webhook-removed",
        "type",
        "deliveries of the event no longer parse into its model: they arrive as the unknown event",
    ),
    ("webhooks-renamed", "breaking", "the webhooks attribute, class or union has another name"),
    # -- docs ----------------------------------------------------------------------------------
    ("description-changed", "fix", "documentation only"),
    ("api-version-changed", "fix", "the API's own version (info.version); informational"),
)


def severity_rank(severity: Severity) -> int:
    return SEVERITIES.index(severity)
