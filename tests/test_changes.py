"""`sdkgen diff`: every rule of generator/changes/rules.py fires, with its severity, on a small
spec pair that makes exactly that kind of change; and the command's formats and exit codes."""

# The table of cases reads best one rule a line, however long the line.
# ruff: noqa: E501

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.changes.compare import Change, compare
from generator.changes.report import markdown
from generator.changes.rules import RULES
from generator.changes.specs import build_spec
from generator.cli import main
from generator.config import Config

Spec = dict[str, Any]
STR: dict[str, Any] = {"type": "string"}


def base() -> Spec:
    """A small API with one of everything a change can touch."""
    status = {"type": "string", "enum": ["active", "gone"]}
    item = {
        "type": "object",
        "required": ["id", "status"],
        "properties": {
            "id": STR,
            "status": status,
            "note": {"type": "string", "description": "A note."},
            "count": {"type": "integer"},
            "kind": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "labels": {"type": "array", "items": STR},
        },
    }
    params = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": STR,
            "plan": {"type": "string", "enum": ["free", "pro"]},
            "size": {"type": "integer", "default": 1},
            "tags": {"type": "array", "items": STR},
            "label": STR,
            "address": {
                "type": "object",
                "required": ["city"],
                "properties": {"city": STR, "zip": STR},
            },
        },
    }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1.0", "description": "The shop."},
        "servers": [{"url": "https://a.example"}, {"url": "https://b.example"}],
        "x-speakeasy-globals": {
            "parameters": [
                {
                    "name": "x-api-version",
                    "in": "header",
                    "schema": {"type": "string", "default": "2024-01"},
                    "x-speakeasy-globals-hidden": True,
                },
                {"name": "tenant", "in": "header", "schema": STR},
            ]
        },
        "tags": [{"name": "items", "description": "Items."}],
        "security": [{"api_key": []}],
        "paths": {
            "/items": {
                "post": {
                    "operationId": "createItem",
                    "tags": ["items"],
                    "summary": "Create an item.",
                    "parameters": [
                        {"name": "mode", "in": "query", "schema": STR},
                        {"name": "dry", "in": "query", "schema": {"type": "boolean"}},
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Params"}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Item"}
                                }
                            },
                        },
                        "404": {
                            "description": "missing",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/NotFound"}
                                }
                            },
                        },
                    },
                }
            },
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "tags": ["items"],
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": STR}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": status}},
                        }
                    },
                }
            },
            "/ping": {
                "get": {
                    "operationId": "ping",
                    "responses": {"204": {"description": "pong"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Item": item,
                "Params": params,
                "NotFound": {"type": "object", "properties": {"message": STR}},
                "Pet": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Cat"},
                        {"$ref": "#/components/schemas/Dog"},
                    ]
                },
                "Cat": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"type": "string", "enum": ["cat"]}},
                },
                "Dog": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"type": "string", "enum": ["dog"]}},
                },
            },
            "securitySchemes": {
                "api_key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            },
        },
    }
    # The pieces above are shared (STR, the status enum); each case mutates its own copy of
    # each, as separate as in a spec read from a file.
    fresh: Spec = json.loads(json.dumps(spec))
    return fresh


def create(spec: Spec) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/items"]["post"]
    return operation


def schema(spec: Spec, name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def item_field(spec: Spec, name: str) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, "Item")["properties"][name]
    return found


def param_field(spec: Spec, name: str) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, "Params")["properties"][name]
    return found


def address(spec: Spec) -> dict[str, Any]:
    """Params' nested object: a model of its own, sent (its fields are input fields)."""
    return param_field(spec, "address")


def add_callback(spec: Spec) -> None:
    """createItem calls back when the item is ready: an event the SDK parses."""
    ready = {"type": "object", "required": ["id"], "properties": {"id": STR}}
    create(spec)["callbacks"] = {
        "onReady": {
            "{$request.body#/label}": {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ready}},
                    },
                    "responses": {"200": {"description": "received"}},
                }
            }
        }
    }


def add_webhook(spec: Spec) -> None:
    """An OpenAPI 3.1 webhook: the client gets a `webhooks` attribute that parses it."""
    spec["openapi"] = "3.1.0"
    ready = {"type": "object", "required": ["id"], "properties": {"id": STR}}
    spec["webhooks"] = {
        "item.ready": {
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ready}},
                },
                "responses": {"200": {"description": "received"}},
            }
        }
    }


def add_webhooks_tag_first(spec: Spec) -> None:
    """A tag named `webhooks` takes the attribute the webhooks had (in a build without the
    name lock)."""
    add_webhook(spec)
    spec["paths"]["/ping"]["get"]["tags"] = ["webhooks"]


def add_pets_operation(spec: Spec) -> None:
    spec["paths"]["/pets"] = {
        "get": {
            "operationId": "listPets",
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                    },
                }
            },
        }
    }


def rename_parameter(spec: Spec) -> None:
    create(spec)["parameters"][0]["name"] = "style"


def add_cursor_pagination(spec: Spec) -> None:
    create(spec)["x-speakeasy-pagination"] = {
        "type": "offsetLimit",
        "inputs": [{"name": "mode", "in": "parameters", "type": "offset"}],
        "outputs": {"results": "$.labels"},
    }


# Each rule: how the old spec differs from the base (None: it is the base), and how the new one
# does. The pairs are as small as the change allows.
Mutation = Callable[[Spec], object]
CASES: dict[str, tuple[Mutation | None, Mutation]] = {
    "operation-added": (None, lambda s: s["paths"].update({"/x": {"get": {"operationId": "x", "responses": {"204": {"description": "ok"}}}}})),
    "operation-removed": (None, lambda s: s["paths"].pop("/ping")),
    "operation-hidden": (None, lambda s: s["paths"]["/ping"]["get"].update({"x-speakeasy-ignore": True})),
    "method-renamed": (None, lambda s: s["paths"]["/ping"]["get"].update({"operationId": "healthCheck"})),
    "method-moved": (None, lambda s: s["paths"]["/ping"]["get"].update({"tags": ["items"]})),
    "operation-deprecated": (None, lambda s: create(s).update({"deprecated": True})),
    "operation-undeprecated": (lambda s: create(s).update({"deprecated": True}), lambda s: None),
    "pagination-added": (None, add_cursor_pagination),
    "pagination-removed": (add_cursor_pagination, lambda s: None),
    "operation-servers-changed": (None, lambda s: create(s).update({"servers": [{"url": "https://c.example"}]})),
    "operation-security-changed": (None, lambda s: create(s).update({"security": []})),
    "argument-added-optional": (None, lambda s: create(s)["parameters"].append({"name": "extra", "in": "query", "schema": STR})),
    "argument-added-required": (None, lambda s: create(s)["parameters"].append({"name": "extra", "in": "query", "required": True, "schema": STR})),
    "argument-removed": (None, lambda s: create(s)["parameters"].pop(1)),
    "argument-renamed": (None, lambda s: create(s)["parameters"].append({"name": "label", "in": "query", "schema": STR})),
    "argument-renamed-heuristic": (None, rename_parameter),
    "argument-made-optional": (None, lambda s: schema(s, "Params").pop("required")),
    "argument-made-required": (None, lambda s: create(s)["parameters"][0].update({"required": True})),
    "argument-default-changed": (lambda s: create(s)["parameters"][0].update({"schema": {"type": "string", "default": "a"}}), lambda s: create(s)["parameters"][0].update({"schema": {"type": "string", "default": "b"}})),
    "field-added-optional": (None, lambda s: schema(s, "Item")["properties"].update({"extra": STR})),
    "field-added-required-input": (None, lambda s: (address(s)["properties"].update({"street": STR}), address(s)["required"].append("street"))),
    "field-removed": (None, lambda s: schema(s, "Item")["properties"].pop("note")),
    "field-renamed": (None, lambda s: schema(s, "Item").update({"properties": {"Note": STR, **schema(s, "Item")["properties"]}})),
    "field-made-optional-input": (None, lambda s: address(s).pop("required")),
    "field-made-optional-output": (None, lambda s: schema(s, "Item").update({"required": ["id"]})),
    "field-made-required-input": (None, lambda s: address(s)["required"].append("zip")),
    "field-made-required-output": (None, lambda s: schema(s, "Item")["required"].append("note")),
    "field-default-changed": (None, lambda s: item_field(s, "count").update({"default": 3})),
    "input-enum-value-added": (None, lambda s: param_field(s, "plan")["enum"].append("team")),
    "input-enum-value-removed": (None, lambda s: param_field(s, "plan")["enum"].remove("pro")),
    "output-enum-value-added-open": (None, lambda s: item_field(s, "status")["enum"].append("paused")),
    "output-enum-value-added-closed": (None, lambda s: s["paths"]["/items/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["enum"].append("paused")),
    "output-enum-value-removed": (None, lambda s: item_field(s, "status")["enum"].remove("gone")),
    "input-nullable-added": (None, lambda s: param_field(s, "label").update({"nullable": True})),
    "input-nullable-removed": (lambda s: param_field(s, "label").update({"nullable": True}), lambda s: None),
    "output-nullable-added": (None, lambda s: item_field(s, "note").update({"nullable": True})),
    "output-nullable-removed": (lambda s: item_field(s, "note").update({"nullable": True}), lambda s: None),
    "input-type-widened": (None, lambda s: param_field(s, "label").update({"anyOf": [STR, {"type": "integer"}]}) or param_field(s, "label").pop("type")),
    "input-type-narrowed": (lambda s: param_field(s, "label").update({"anyOf": [STR, {"type": "integer"}]}) or param_field(s, "label").pop("type"), lambda s: None),
    "output-type-widened": (None, lambda s: item_field(s, "kind")["anyOf"].append({"type": "boolean"})),
    "output-type-narrowed": (None, lambda s: item_field(s, "kind")["anyOf"].pop()),
    "type-changed": (None, lambda s: item_field(s, "count").update({"type": "string"})),
    "union-reordered": (None, lambda s: item_field(s, "kind")["anyOf"].reverse()),
    "response-content-type-changed": (None, lambda s: create(s)["responses"]["200"].update({"content": {"text/plain": {"schema": STR}}})),
    "response-status-added": (None, lambda s: create(s)["responses"].update({"201": copy.deepcopy(create(s)["responses"]["200"])})),
    "response-status-removed": (lambda s: create(s)["responses"].update({"201": copy.deepcopy(create(s)["responses"]["200"])}), lambda s: None),
    "error-response-added": (None, lambda s: create(s)["responses"].update({"409": copy.deepcopy(create(s)["responses"]["404"])})),
    "error-response-removed": (None, lambda s: create(s)["responses"].pop("404")),
    "error-response-changed": (None, lambda s: (schema(s, "Params").update({}), s["components"]["schemas"].update({"Gone": {"type": "object", "properties": {"reason": STR}}}), create(s)["responses"]["404"]["content"]["application/json"].update({"schema": {"$ref": "#/components/schemas/Gone"}}))),
    "error-class-added": (None, lambda s: (s["components"]["schemas"].update({"Gone": {"type": "object", "properties": {"reason": STR}}}), create(s)["responses"].update({"410": {"description": "gone", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}}}}))),
    "error-class-removed": (None, lambda s: create(s)["responses"].pop("404")),
    "class-added": (None, add_pets_operation),
    "class-removed": (add_pets_operation, lambda s: None),
    "class-aliased": (lambda s: _inline_note_schema(s), lambda s: _note_schema_as_component(s)),
    "resource-added": (None, lambda s: s["paths"]["/ping"]["get"].update({"tags": ["health"]})),
    "resource-removed": (lambda s: s["paths"]["/ping"]["get"].update({"tags": ["health"]}), lambda s: None),
    "resource-renamed": (None, lambda s: (s["tags"].insert(0, {"name": "Items"}), s["paths"]["/ping"]["get"].update({"tags": ["Items"]}))),
    "server-added": (None, lambda s: s["servers"].append({"url": "https://c.example"})),
    "server-removed": (None, lambda s: s["servers"].pop()),
    "default-server-changed": (None, lambda s: s["servers"].reverse()),
    "security-added": (None, lambda s: s["components"]["securitySchemes"].update({"bearer": {"type": "http", "scheme": "bearer"}})),
    "security-removed": (lambda s: s["components"]["securitySchemes"].update({"bearer": {"type": "http", "scheme": "bearer"}}), lambda s: None),
    "security-changed": (None, lambda s: s["components"]["securitySchemes"]["api_key"].update({"name": "X-Token"})),
    "global-added-optional": (None, lambda s: s["x-speakeasy-globals"]["parameters"].append({"name": "region", "in": "header", "schema": STR})),
    "global-added-required": (None, lambda s: s["x-speakeasy-globals"]["parameters"].append({"name": "region", "in": "header", "required": True, "schema": STR})),
    "global-removed": (None, lambda s: s["x-speakeasy-globals"]["parameters"].pop()),
    "global-renamed": (None, lambda s: s["x-speakeasy-globals"]["parameters"].insert(0, {"name": "api_key", "in": "query", "schema": STR})),
    "global-default-changed": (None, lambda s: s["x-speakeasy-globals"]["parameters"][0]["schema"].update({"default": "2025-01"})),
    "global-hidden": (None, lambda s: s["x-speakeasy-globals"]["parameters"][1].update({"x-speakeasy-globals-hidden": True})),
    "global-shown": (lambda s: s["x-speakeasy-globals"]["parameters"][1].update({"x-speakeasy-globals-hidden": True}), lambda s: None),
    "sdk-renamed": (None, lambda s: s["info"].update({"title": "Store"})),
    "webhook-added": (None, add_callback),
    "webhook-removed": (add_callback, lambda s: None),
    "webhooks-renamed": (add_webhook, add_webhooks_tag_first),
    "description-changed": (None, lambda s: item_field(s, "note").update({"description": "A longer note."})),
    "api-version-changed": (None, lambda s: s["info"].update({"version": "1.1"})),
}  # fmt: skip


def _inline_note_schema(spec: Spec) -> None:
    schema(spec, "Item")["properties"]["meta"] = {
        "type": "object",
        "properties": {"author": STR, "edited": {"type": "boolean"}},
    }


def _note_schema_as_component(spec: Spec) -> None:
    spec["components"]["schemas"]["Meta"] = {
        "type": "object",
        "properties": {"author": STR, "edited": {"type": "boolean"}},
    }
    schema(spec, "Item")["properties"]["meta"] = {"$ref": "#/components/schemas/Meta"}


def changes_between(
    tmp_path: Path, old_spec: Spec, new_spec: Spec, hold_names: bool = True
) -> tuple[Change, ...]:
    paths = []
    for index, spec in enumerate((old_spec, new_spec)):
        path = tmp_path / f"v{index}" / "spec.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(spec), encoding="utf-8")
        paths.append(path)
    config = Config(spec=paths[0], output=tmp_path / "out")
    old = build_spec(paths[0], "old.json", config, None)
    new = build_spec(paths[1], "new.json", config, dict(old.name_lock) if hold_names else None)
    return compare(old, new)


# A Python name of the same wire thing changes without its source changing only through a
# clash; with the old names held (as generation does) there is none, so these pairs are built
# afresh, as by a generator without the name lock.
FRESH = {
    "argument-renamed",
    "field-renamed",
    "global-renamed",
    "resource-renamed",
    "webhooks-renamed",
}


def pair(rule: str) -> tuple[Spec, Spec]:
    before, after = CASES[rule]
    old_spec = base()
    if before is not None:
        before(old_spec)
    new_spec = base()
    after(new_spec)
    return old_spec, new_spec


def test_every_rule_has_a_case() -> None:
    assert sorted(RULES) == sorted(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_rule_fires_on_its_pair(tmp_path: Path, rule: str) -> None:
    old_spec, new_spec = pair(rule)
    changes = changes_between(tmp_path, old_spec, new_spec, hold_names=rule not in FRESH)
    fired = {change.rule: change for change in changes}
    assert rule in fired, f"{rule} did not fire; got {sorted(fired)}"
    assert fired[rule].severity == RULES[rule].severity


def test_an_unchanged_spec_has_no_changes(tmp_path: Path) -> None:
    assert changes_between(tmp_path, base(), base()) == ()


def test_markdown_groups_by_severity_worst_first(tmp_path: Path) -> None:
    new_spec = base()
    new_spec["paths"].pop("/ping")
    item_field(new_spec, "note")["description"] = "Changed."
    text = markdown(changes_between(tmp_path, base(), new_spec), "Shop")
    assert text == (
        "# Shop\n\n1 breaking, 1 fix.\n\n## Breaking changes\n\n"
        "- `Shop.ping`: operation-removed (`GET /ping`) — calls to the method fail with"
        " AttributeError\n\n## Fixed and documented\n\n"
        "- `models.Item.note`: description-changed — documentation only\n"
    )


def write_pair(tmp_path: Path, new_spec: Spec) -> tuple[Path, Path]:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(base()), encoding="utf-8")
    new.write_text(json.dumps(new_spec), encoding="utf-8")
    return old, new


def test_the_command_prints_json_and_fails_on_breaking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    new_spec = base()
    new_spec["paths"].pop("/ping")
    old, new = write_pair(tmp_path, new_spec)
    assert main(["diff", str(old), str(new), "--format", "json", "--fail-on", "breaking"]) == 3
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "path": "Shop.ping",
            "kind": "operation-removed",
            "severity": "breaking",
            "old": "GET /ping",
            "new": "",
            "why": "calls to the method fail with AttributeError",
        }
    ]


def test_fail_on_type_passes_a_feature_only_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    new_spec = base()
    item_field(new_spec, "status")["enum"].append("paused")
    old, new = write_pair(tmp_path, new_spec)
    assert main(["diff", str(old), str(new), "--fail-on", "type"]) == 0
    assert "output-enum-value-added-open" in capsys.readouterr().out
    item_field(new_spec, "note")["nullable"] = True
    new.write_text(json.dumps(new_spec), encoding="utf-8")
    assert main(["diff", str(old), str(new), "--fail-on", "type"]) == 3
    assert main(["diff", str(old), str(new), "--fail-on", "breaking"]) == 0


def test_a_spec_from_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    spec = repo / "specs" / "shop.json"
    spec.write_text(json.dumps(base()), encoding="utf-8")

    def git(*arguments: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "spec")
    new_spec = base()
    new_spec["paths"].pop("/ping")
    spec.write_text(json.dumps(new_spec), encoding="utf-8")
    monkeypatch.chdir(repo / "specs")
    assert main(["diff", "git:HEAD:specs/shop.json", "shop.json", "--fail-on", "breaking"]) == 3
    assert "operation-removed" in capsys.readouterr().out
    assert main(["diff", "git:HEAD:./shop.json", "shop.json", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["kind"] == "operation-removed"


def test_a_bad_git_source_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _, new = write_pair(tmp_path, base())
    assert main(["diff", "git:HEAD", str(new)]) == 1
    assert capsys.readouterr().err == (
        "git:HEAD: #: expected git:REV:path, e.g. git:HEAD~1:specs/autumn.yaml\n"
    )


def test_a_type_naming_a_moved_class_is_unchanged(tmp_path: Path) -> None:
    """Item.meta moved into components: its type names the alias's target, not a new type."""
    old_spec, new_spec = pair("class-aliased")
    rules = {(c.path, c.rule) for c in changes_between(tmp_path, old_spec, new_spec)}
    assert rules == {("models.ItemMeta", "class-aliased"), ("models.Meta", "class-added")}
