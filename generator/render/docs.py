"""IR to the SDK's Markdown: resource pages, model pages, the retry page, README and USAGE."""

from __future__ import annotations

import json

import jinja2
import yaml

from generator.ir import Api, Webhook
from generator.ir.types import model_page, synthesize
from generator.render.snippets import (
    async_stream_snippet,
    async_usage_snippet,
    call_statement,
    example_operation,
    opening,
    prepare_usage_snippets,
    required_arguments,
    stream_example,
    stream_snippet,
    streaming_operations,
    usage_snippet,
    webhook_handler_snippet,
    with_statement,
)
from generator.text import md_table

_RETRY_FIELDS = [
    ["`strategy`", "*str*", '`"backoff"` to retry, `"none"` to never retry.', '`"backoff"`'],
    [
        "`backoff`",
        "[Optional[BackoffStrategy]](#backoffstrategy)",
        "The schedule of waits between attempts.",
        "`BackoffStrategy(500, 60000, 1.5, 3600000)`",
    ],
    [
        "`retry_connection_errors`",
        "*bool*",
        "Also retry when the connection fails or times out.",
        "`True`",
    ],
]
_BACKOFF_FIELDS = [
    ["`initial_interval_ms`", "*int*", "The longest first wait, in milliseconds.", "`500`"],
    [
        "`max_interval_ms`",
        "*int*",
        "The longest wait between two attempts, in milliseconds.",
        "`60000`",
    ],
    ["`exponent`", "*float*", "How much the longest wait grows after each attempt.", "`1.5`"],
    [
        "`max_elapsed_time_ms`",
        "*int*",
        "No new attempt starts after this long, in milliseconds.",
        "`3600000`",
    ],
]


def render_docs(api: Api, environment: jinja2.Environment) -> dict[str, str]:
    _register_snippet_filters(api, environment)
    prepare_usage_snippets(api)
    context = {"api": api, "settings": api.settings}
    resource_page = environment.get_template("docs/resource.md.j2")
    files: dict[str, str] = {}
    for resource in api.resources:
        files[f"docs/sdks/{resource.docs_dir}/README.md"] = resource_page.render(
            {
                **context,
                "title": resource.title,
                "description": resource.description,
                "operations": resource.operations,
            }
        ).rstrip("\n")
    if api.root_operations:
        files[f"docs/sdks/{api.settings.root_docs_dir}/README.md"] = resource_page.render(
            {
                **context,
                "title": api.settings.client_class,
                "description": api.description,
                "operations": api.root_operations,
            }
        ).rstrip("\n")
    model_template = environment.get_template("docs/model.md.j2")
    for model in api.models:
        files[f"docs/models/{model_page(model.name)}"] = model_template.render(
            {**context, "model": model}
        )
    files["docs/models/utils/retryconfig.md"] = environment.get_template(
        "docs/retryconfig.md.j2"
    ).render(
        {
            **context,
            "retry_fields_table": md_table(
                ["Name", "Type", "Description", "Example"], _RETRY_FIELDS
            ),
            "backoff_fields_table": md_table(
                ["Name", "Type", "Description", "Example"], _BACKOFF_FIELDS
            ),
            "example": example_operation(api),
        }
    )
    files["docs/errors.md"] = environment.get_template("docs/errors.md.j2").render(context)
    if api.webhooks is not None or api.callbacks:
        files[WEBHOOKS_PAGE] = environment.get_template("docs/webhooks.md.j2").render(context)
    files["codeSamples.yaml"] = code_samples_overlay(api)
    guide_context = {
        **context,
        "example": example_operation(api),
        "root_docs_dir": api.settings.root_docs_dir,
    }
    files["README.md"] = environment.get_template("docs/README.md.j2").render(guide_context)
    files["USAGE.md"] = environment.get_template("docs/USAGE.md.j2").render(guide_context)
    files["CHANGELOG.md"] = environment.get_template("docs/CHANGELOG.md.j2").render(context)
    return files


WEBHOOKS_PAGE = "docs/webhooks.md"


def webhook_example(event: Webhook, api: Api) -> str:
    """The event's example payload as JSON: the spec's, else one made from its type."""
    fields = {model.name: model.fields for model in api.models}
    value = (
        event.example
        if event.has_example
        else synthesize(event.payload, lambda name: fields.get(name, ()))
    )
    return json.dumps(value, indent=2, ensure_ascii=False)


def _register_snippet_filters(api: Api, environment: jinja2.Environment) -> None:
    environment.filters["usage_snippet"] = lambda operation: usage_snippet(api, operation)
    environment.filters["async_usage_snippet"] = lambda operation: async_usage_snippet(
        api, operation
    )
    environment.filters["stream_snippet"] = lambda operation: stream_snippet(api, operation)
    environment.filters["async_stream_snippet"] = lambda operation: async_stream_snippet(
        api, operation
    )
    environment.globals["streaming_operations"] = streaming_operations(api)
    environment.globals["stream_example"] = stream_example(api)
    environment.globals["snippet_with"] = lambda operation, wrapper, name: with_statement(
        api, operation, wrapper, name
    )
    environment.globals["client_var"] = api.settings.client_variable
    environment.filters["webhook_example"] = webhook_example
    environment.globals["webhook_handler"] = (
        webhook_handler_snippet(api) if api.webhooks is not None else ""
    )
    environment.globals["required_arguments"] = required_arguments(api)
    environment.globals["snippet_open"] = lambda indent="", is_async=False, extra=(): opening(
        api, indent, is_async, tuple(extra)
    )
    environment.globals["snippet_call"] = (
        lambda operation, indent="    ", is_async=False, extra=(), wrapper="": call_statement(
            api, operation, indent, is_async, tuple(extra), wrapper
        )
    )


def code_samples_overlay(api: Api) -> str:
    """An OpenAPI Overlay 1.0 document adding each operation's Python snippet as x-codeSamples,
    for docs platforms that show samples beside the API reference."""
    actions = [
        {
            "target": "$"
            + "".join(f"[{json.dumps(key)}]" for key in ("paths", op.path, op.method.lower())),
            "update": {
                "x-codeSamples": [
                    {"lang": "python", "label": op.operation_id, "source": usage_snippet(api, op)}
                ]
            },
        }
        for op in api.operations
    ]
    document = {
        "overlay": "1.0.0",
        "info": {
            "title": f"CodeSamples overlay for the {api.settings.package_name} Python SDK",
            "version": api.settings.version,
        },
        "actions": actions,
    }
    return yaml.dump(document, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)


class _BlockDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Multi-line strings as `|` blocks, so the samples read as code in the overlay too.
    libyaml's emitter where present: the pure-Python one took seconds on a large API."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_BlockDumper.add_representer(str, _represent_text)
