"""The model builder: a loaded document and settings in, the frozen Api out (plus warnings).

Each concern lives in a module of its own; this one composes them, in the order that decides
which part of the spec claims a contested name first."""

from __future__ import annotations

from collections.abc import Mapping

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
from generator.ir import Api, Model, ModelAlias
from generator.load.document import Document
from generator.problems import Problem


def build_api(
    document: Document, config: Config, lock: Mapping[str, str] | None = None
) -> tuple[Api, list[Problem]]:
    """The IR of `document`; `lock` holds the names an earlier build gave (its `name_lock`),
    which this one keeps wherever the same part of the spec is still there."""
    context = _context(document, config, lock)
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
    models = context.types.models(
        inputs=[a.type for op in operations for a in op.arguments]
        + [g.type for g in global_params],
        outputs=[r.type for op in operations for r in op.success if r.type is not None]
        + [error.data for error in context.error_classes.values()]
        + [event.payload for event in events],
    )
    aliases = _moved_model_aliases(context, models)
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
        models=models,
        error_classes=tuple(context.error_classes.values()),
        server_variables=tuple(context.server_variables.values()),
        webhooks=webhooks,
        callbacks=callbacks,
        name_lock=tuple(sorted(context.names.recorded.items())),
        aliases=aliases,
        hidden_operations=tuple(context.hidden_operations),
    )
    # A shared parameter used by many operations is reported once, where it is defined.
    return api, list(dict.fromkeys(context.problems))


def _context(document: Document, config: Config, lock: Mapping[str, str] | None) -> BuildContext:
    """The shared state, with the SDK's own names claimed before any the spec brings, then the
    locked ones."""
    settings = build_settings(document, config)
    names = ApiNames(lock)
    problems: list[Problem] = []
    types = TypeBuilder(document, names, problems)
    names.claim_sdk(
        settings.client_class,
        (settings.error_base, settings.default_error, settings.validation_error),
    )
    names.hold_locked()
    types.reserve_component_names()
    return BuildContext(
        document=document,
        settings=settings,
        names=names,
        types=types,
        problems=problems,
    )


def _moved_model_aliases(
    context: BuildContext, models: tuple[Model, ...]
) -> tuple[ModelAlias, ...]:
    """The class names of schemas that moved (see ApiNames.moved_models), kept as aliases."""
    keys = context.types.model_keys()
    by_key = {keys[model.name]: model for model in models if model.name in keys}
    built = {key: frozenset(f.wire_name for f in model.fields) for key, model in by_key.items()}
    return tuple(
        ModelAlias(
            name=old,
            target=by_key[target].name,
            typed_dict=typed_dict,
            target_typed_dict=by_key[target].typed_dict,
            module=by_key[target].module,
            is_input=by_key[target].is_input,
        )
        for old, typed_dict, target in context.names.moved_models(built)
    )
