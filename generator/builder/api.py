"""The model builder: a loaded document and settings in, the frozen Api out (plus warnings).

Each concern lives in a module of its own; this one composes them, in the order that decides
which part of the spec claims a contested name first."""

from __future__ import annotations

from generator.builder.context import BuildContext
from generator.builder.names import ApiNames
from generator.builder.operations import build_operations
from generator.builder.parameters import build_globals
from generator.builder.resources import build_resources
from generator.builder.security import build_security
from generator.builder.servers import build_servers
from generator.builder.settings import build_settings
from generator.builder.types import TypeBuilder
from generator.builder.webhooks import build_callbacks, build_webhooks
from generator.config import Config
from generator.ir import Api
from generator.load.document import Document
from generator.problems import Problem


def build_api(document: Document, config: Config) -> tuple[Api, list[Problem]]:
    context = _context(document, config)
    global_params = build_globals(context)
    security = build_security(context)
    servers = build_servers(context, context.root, document.root_location)
    grouped = build_operations(context, global_params, {scheme.name for scheme in security})
    operations = [op for group in grouped.values() for op in group]
    root_ops = tuple(grouped.pop(None, []))
    resources = build_resources(context, grouped, root_ops)
    # After everything else: the names webhooks bring never displace an existing one.
    webhooks = build_webhooks(context)
    callbacks = build_callbacks(context)
    events = (webhooks.events if webhooks else ()) + callbacks
    info = context.root.get("info") or {}
    api = Api(
        title=str(info.get("title") or ""),
        api_version=str(info.get("version") or ""),
        description=str(info.get("description") or ""),
        settings=context.settings,
        servers=servers,
        security=security,
        globals=global_params,
        resources=resources,
        root_operations=root_ops,
        models=context.types.models(
            inputs=[a.type for op in operations for a in op.arguments]
            + [g.type for g in global_params],
            outputs=[r.type for op in operations for r in op.success if r.type is not None]
            + [error.data for error in context.error_classes.values()]
            + [event.payload for event in events],
        ),
        error_classes=tuple(context.error_classes.values()),
        server_variables=tuple(context.server_variables.values()),
        webhooks=webhooks,
        callbacks=callbacks,
    )
    # A shared parameter used by many operations is reported once, where it is defined.
    return api, list(dict.fromkeys(context.problems))


def _context(document: Document, config: Config) -> BuildContext:
    """The shared state, with the SDK's own names claimed before any the spec brings."""
    settings = build_settings(document, config)
    names = ApiNames()
    problems: list[Problem] = []
    types = TypeBuilder(document, names.classes, problems)
    names.claim_sdk(
        settings.client_class,
        (settings.error_base, settings.default_error, settings.validation_error),
    )
    types.reserve_component_names()
    return BuildContext(
        document=document,
        settings=settings,
        names=names,
        types=types,
        problems=problems,
    )
