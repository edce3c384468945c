"""Webhooks end to end: the spec's webhooks become typed events, `unwrap` verifies and parses
them, the docs' handler runs, and Autumn's own spec's nine webhooks unwrap."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import Config
from generator.pipeline import generate
from tests.support import (
    PYTHON_BLOCK,
    SHARED,
    SdkMaker,
    generate_into,
    imported,
    mypy_strict,
)
from tests.webhook_support import (
    SECRET,
    USAGE_ALERT,
    WEBHOOKS_RECORD,
    WEBHOOKS_SPEC,
    delivery,
    webhooks_sdk,
)

AUTUMN_2_3 = SHARED / "specs" / "autumn-history" / "autumn-2026-08-13-2.3.0-4d6c95378.yml"
needs_autumn_2_3 = pytest.mark.skipif(
    not AUTUMN_2_3.is_file(),
    reason="../shared (Autumn's 2.3.0 spec, with its 9 webhooks) is not beside this checkout",
)
JSON_BLOCK = re.compile(r"```json\n(.*?)```", re.DOTALL)

# The issue's example, as a user writes it; only the secret is a real one.
ISSUE_EXAMPLE = """\
from collections.abc import Mapping

from autumn_sdk import Autumn, errors, models

autumn = Autumn(secret_key="...", webhook_secret="whsec_...")

def handle(body: bytes, headers: Mapping[str, str]) -> None:
    try:
        event = autumn.webhooks.unwrap(body, headers)
    except errors.WebhookVerificationError:
        ...  # answer 400
    if isinstance(event, models.BalancesUsageAlertTriggeredEvent):
        print(event.data.customer_id)
"""


@pytest.fixture
def sdk() -> Any:
    with webhooks_sdk() as module:
        yield module


def _spec_examples() -> dict[str, Any]:
    """Each webhook's example payload in the test spec, by its key."""
    spec = yaml.safe_load(WEBHOOKS_SPEC.read_text())
    return {
        key: item["post"]["requestBody"]["content"]["application/json"]["example"]
        for key, item in spec["webhooks"].items()
    }


def test_the_issue_example_runs_as_written(sdk: Any, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(ISSUE_EXAMPLE.replace('"whsec_..."', repr(SECRET)), "example", "exec"), namespace)
    body, headers = delivery(USAGE_ALERT)
    namespace["handle"](body.encode(), headers)
    assert capsys.readouterr().out == "org_123\n"


@pytest.mark.parametrize(
    ("key", "model"),
    [
        ("balances.usage_alert_triggered", "BalancesUsageAlertTriggeredEvent"),
        ("billing.auto_topup_failed", "TopupFailed"),
        ("billing.updated", "BillingUpdatedEvent2"),
        ("vercel.resources.deleted", "VercelResourcesDeletedEvent"),
    ],
)
def test_every_example_payload_parses_into_its_model(sdk: Any, key: str, model: str) -> None:
    example = _spec_examples()[key]
    event = sdk.Autumn(webhook_secret=SECRET).webhooks.unwrap(*delivery(example))
    assert type(event) is getattr(sdk.models, model)
    assert event.model_dump(mode="json", exclude_unset=True) == example


def test_a_union_payload_picks_its_option_by_the_field_its_options_differ_in(sdk: Any) -> None:
    upgrade = {"type": "billing.updated", "change": "upgrade", "customer": {"id": "c"}}
    event = sdk.Autumn(webhook_secret=SECRET).webhooks.unwrap(*delivery(upgrade))
    assert isinstance(event, sdk.models.BillingUpdatedEvent1)
    assert event.customer.id == "c"


def test_nested_and_shared_models_are_typed(sdk: Any) -> None:
    example = _spec_examples()["billing.auto_topup_failed"]
    event = sdk.Autumn(webhook_secret=SECRET).webhooks.unwrap(*delivery(example))
    assert isinstance(event.data.customer, sdk.models.CustomerRef)
    assert event.data.amount == 20.5


def test_an_unknown_event_comes_back_as_unknown_webhook_event(sdk: Any) -> None:
    payload = {"type": "invoices.paid", "data": {"invoice_id": "in_1"}}
    event = sdk.Autumn(webhook_secret=SECRET).webhooks.unwrap(*delivery(payload))
    assert isinstance(event, sdk.models.UnknownWebhookEvent)
    assert (event.type, event.data) == ("invoices.paid", payload)
    untyped = sdk.Autumn(webhook_secret=SECRET).webhooks.unwrap(*delivery({"no": "type"}))
    assert (untyped.type, untyped.data) == (None, {"no": "type"})


def test_a_signed_payload_that_does_not_fit_raises_a_validation_error(sdk: Any) -> None:
    payload = {"type": "balances.usage_alert_triggered", "data": {"customer_id": "c"}}
    with pytest.raises(sdk.errors.ResponseValidationError) as raised:
        sdk.Autumn(webhook_secret=SECRET).webhooks.unwrap(*delivery(payload))
    assert isinstance(raised.value, sdk.errors.WebhookPayloadError)
    assert str(raised.value) == (
        "Webhook payload validation failed: 2 problem(s) with the"
        " 'balances.usage_alert_triggered' event"
    )
    assert raised.value.cause.error_count() == 2
    with pytest.raises(sdk.errors.WebhookPayloadError) as not_json:
        sdk.Autumn(webhook_secret=SECRET).webhooks.unwrap(*delivery("not json"))
    assert str(not_json.value) == "Webhook payload is not JSON"


def test_unwrap_verifies_before_it_parses(sdk: Any) -> None:
    body, headers = delivery({"type": "anything"})
    with pytest.raises(sdk.errors.WebhookVerificationError) as raised:
        sdk.Autumn(webhook_secret=SECRET).webhooks.unwrap(body + " ", headers)
    assert isinstance(raised.value, sdk.errors.AutumnError)
    assert raised.value.message.startswith("Webhook verification failed: no matching signature")


def test_the_secret_shows_in_no_repr_log_or_error(
    sdk: Any, caplog: pytest.LogCaptureFixture
) -> None:
    bare = SECRET.removeprefix("whsec_")
    caplog.set_level(logging.DEBUG)
    client = sdk.Autumn(webhook_secret=SECRET, debug_logger=logging.getLogger("webhooks-test"))
    seen = [repr(client), repr(client.webhooks), repr(vars(client)), repr(vars(client.webhooks))]
    body, headers = delivery(USAGE_ALERT)
    attempts: list[tuple[str, dict[str, str]]] = [
        (body + " ", headers),
        (body, {}),
        (body, {**headers, "webhook-timestamp": "0"}),
    ]
    for attempt in attempts:
        with pytest.raises(sdk.errors.WebhookVerificationError) as raised:
            client.webhooks.unwrap(*attempt)
        seen.extend([str(raised.value), repr(raised.value), repr(vars(raised.value))])
    client.webhooks.unwrap(body, headers)
    seen.append(caplog.text)
    assert "Secret('**********')" in seen[2]
    assert all(bare not in text for text in seen)


def test_callbacks_get_typed_models(sdk: Any) -> None:
    callback = sdk.models.CreateSubscriptionOnCustomerChangedCallback
    parsed = callback.model_validate_json(
        '{"customer": {"id": "c"}, "changed_at": "2026-01-01T00:00:00Z"}'
    )
    assert parsed.customer.id == "c"
    assert parsed.changed_at.year == 2026
    page = (WEBHOOKS_RECORD / "docs" / "webhooks.md").read_text()
    assert "| onCustomerChanged (POST) | `createSubscription` |" in page


ONLY_WEBHOOKS = """\
openapi: 3.1.0
info: {title: Relay API, version: "1"}
webhooks:
  ping:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [kind]
              properties:
                kind: {const: ping}
                sent_at: {type: string, format: date-time}
      responses: {"200": {description: ok}}
  pong:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [kind, round]
              properties:
                kind: {const: pong}
                round: {type: integer}
      responses: {"200": {description: ok}}
"""


def test_a_spec_of_webhooks_alone_yields_an_sdk_that_unwraps_them(make_sdk: SdkMaker) -> None:
    sdk = make_sdk(ONLY_WEBHOOKS, client_class="Relay")
    client = sdk.Relay(webhook_secret=SECRET)
    event = client.webhooks.unwrap(*delivery({"kind": "pong", "round": 3}))
    assert isinstance(event, sdk.models.PongEvent)
    assert event.round == 3
    ping = client.webhooks.unwrap(*delivery({"kind": "ping"}))
    assert isinstance(ping, sdk.models.PingEvent)
    assert os.environ.get("RELAY_WEBHOOK_SECRET") is None
    readme = (make_sdk.output / "README.md").read_text()
    assert "* [Webhooks](#webhooks)" in readme


def test_events_no_field_tells_apart_are_tried_in_order(make_sdk: SdkMaker) -> None:
    spec = ONLY_WEBHOOKS.replace("{const: ping}", "{type: string}").replace(
        "{const: pong}", "{type: string}"
    )
    sdk = make_sdk(spec, client_class="Relay")
    client = sdk.Relay(webhook_secret=SECRET)
    assert isinstance(client.webhooks.unwrap(*delivery({"kind": "x"})), sdk.models.PingEvent)
    unknown = client.webhooks.unwrap(*delivery({"other": 1}))
    # Every field of `ping` is optional but `kind`: without it no model fits.
    assert isinstance(unknown, sdk.models.UnknownWebhookEvent)
    assert unknown.data == {"other": 1}


def test_verification_can_be_turned_off(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(ONLY_WEBHOOKS)
    out = tmp_path / "sdk"
    config = Config(
        spec=spec, output=out, module="relay_sdk", client_class="Relay", webhook_verification=False
    )
    generate(config, "spec.yaml")
    package = out / "src" / "relay_sdk"
    assert not (package / "_runtime" / "signatures.py").exists()
    assert "webhook_secret" not in (package / "sdk.py").read_text()
    page = (out / "docs" / "webhooks.md").read_text()
    assert "This SDK does not check the deliveries' signatures" in page
    with imported(out / "src", "relay_sdk") as sdk:
        client = sdk.Relay()
        event = client.webhooks.unwrap(json.dumps({"kind": "pong", "round": 1}))
        assert isinstance(event, sdk.models.PongEvent)
        assert not hasattr(client.webhooks, "verify_signature")
        assert not hasattr(sdk.errors, "WebhookVerificationError")


def test_the_verification_key_must_be_a_boolean(tmp_path: Path) -> None:
    from generator.config import load_config
    from generator.problems import SpecError

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.sdkgen]\nspec = "s.yaml"\nwebhook-verification = "no"\n')
    with pytest.raises(SpecError) as raised:
        load_config(pyproject, {})
    assert "webhook-verification must be true or false, not 'no'" in str(raised.value)


def test_webhook_names_never_take_an_existing_name(make_sdk: SdkMaker) -> None:
    """A tag and a schema already called `webhooks` and `WebhookEvent` keep their names."""
    spec = ONLY_WEBHOOKS.replace(
        "webhooks:",
        """paths:
  /hooks:
    get:
      tags: [webhooks]
      operationId: listHooks
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/WebhookEvent"}
components:
  schemas:
    WebhookEvent:
      type: object
      properties:
        url: {type: string}
webhooks:""",
        1,
    )
    sdk = make_sdk(spec, client_class="Relay")
    client = sdk.Relay(webhook_secret=SECRET)
    assert type(client.webhooks).__name__ == "Webhooks"  # the resource, as before
    assert hasattr(client.webhooks, "list_hooks")
    event = client.webhooks_2.unwrap(*delivery({"kind": "ping"}))
    assert isinstance(event, sdk.models.PingEvent)
    assert type(client.webhooks_2).__name__ == "Webhooks2"
    assert isinstance(client.webhooks_2.unwrap(*delivery({})), sdk.models.WebhookEvent2)
    assert sdk.models.WebhookEvent.model_fields.keys() == {"url"}


def _run_handler(code: str, src: Path, body: str, headers: dict[str, str]) -> str:
    """The docs' handler snippet, run as it is, then called with one delivery."""
    driver = f"\nprint('answer', handle({body.encode()!r}, {headers!r}))\n"
    result = subprocess.run(
        [sys.executable, "-c", code + driver],
        env={**os.environ, "PYTHONPATH": str(src), "AUTUMN_WEBHOOK_SECRET": SECRET},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("page", ["README.md", "docs/webhooks.md"])
def test_the_docs_handler_runs(page: str) -> None:
    [code] = [
        block
        for block in PYTHON_BLOCK.findall((WEBHOOKS_RECORD / page).read_text())
        if "def handle" in block
    ]
    body, headers = delivery(USAGE_ALERT)
    src = WEBHOOKS_RECORD / "src"
    assert _run_handler(code, src, body, headers) == "balances.usage_alert_triggered\nanswer 200\n"
    assert _run_handler(code, src, body + " ", headers) == "answer 400\n"
    unknown, signed = delivery({"type": "invoices.paid"})
    assert _run_handler(code, src, unknown, signed) == (
        "an event this SDK does not know: invoices.paid\nanswer 200\n"
    )


def test_the_docs_example_payloads_are_the_specs() -> None:
    page = (WEBHOOKS_RECORD / "docs" / "webhooks.md").read_text()
    shown = [json.loads(block) for block in JSON_BLOCK.findall(page)]
    assert shown == list(_spec_examples().values())


@pytest.mark.slow
def test_the_webhooks_sdk_its_snippets_and_the_issue_example_pass_mypy_strict(
    tmp_path: Path,
) -> None:
    # A copy: inside tests/ the record's modules would be found under two package names.
    src = tmp_path / "src"
    shutil.copytree(WEBHOOKS_RECORD / "src", src)
    files = []
    page = (WEBHOOKS_RECORD / "docs" / "webhooks.md").read_text()
    for index, code in enumerate([ISSUE_EXAMPLE, *PYTHON_BLOCK.findall(page)]):
        path = tmp_path / f"snippet_{index}.py"
        path.write_text(code)
        files.append(str(path))
    package = [str(path) for path in sorted((src / "autumn_sdk").rglob("*.py"))]
    report, status = mypy_strict(*package, *files, cwd_path=src, cache=tmp_path / "cache")
    assert status == 0, report


@pytest.mark.slow
@needs_autumn_2_3
def test_autumns_nine_webhooks_unwrap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Autumn's 2.3.0 spec generates, and each of its webhooks' example payloads (the one its
    docs page shows) unwraps into its own event model."""
    out = tmp_path / "autumn"
    generate_into(AUTUMN_2_3, out)
    page = (out / "docs" / "webhooks.md").read_text()
    keys = re.findall(r"^### (\S+)$", page, re.MULTILINE)
    payloads = [json.loads(block) for block in JSON_BLOCK.findall(page)]
    assert len(keys) == len(payloads) == 9
    with imported(out / "src", "autumn_sdk") as sdk:
        client = sdk.Autumn(webhook_secret=SECRET)
        for key, payload in zip(keys, payloads, strict=True):
            event = client.webhooks.unwrap(*delivery(payload))
            assert not isinstance(event, sdk.models.UnknownWebhookEvent), key
            assert event.type == key
            assert type(event).__name__.endswith("Event"), key
        example = ISSUE_EXAMPLE.replace('"whsec_..."', repr(SECRET))
        namespace: dict[str, Any] = {}
        exec(compile(example, "example", "exec"), namespace)
        alert = {
            "type": "balances.usage_alert_triggered",
            "data": {
                "customer_id": "org_9",
                "feature_id": "api_calls",
                "usage_alert": {"threshold": 80, "threshold_type": "usage_percentage"},
            },
        }
        capsys.readouterr()
        body, headers = delivery(alert)
        namespace["handle"](body.encode(), headers)
        assert capsys.readouterr().out == "org_9\n"
    [handler] = [block for block in PYTHON_BLOCK.findall(page) if "def handle" in block]
    body, headers = delivery(alert)
    assert _run_handler(handler, out / "src", body, headers) == (
        "balances.usage_alert_triggered\nanswer 200\n"
    )
