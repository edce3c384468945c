"""The SDK's settings: the configured names, or names made from the spec's title."""

from __future__ import annotations

from generator import __version__
from generator.builder.names import (
    client_class_name,
    client_variable,
    default_error_name,
    env_prefix,
    error_base_name,
    module_name,
    package_name,
    root_docs_dir,
    validation_error_name,
)
from generator.config import Config
from generator.ir import Settings
from generator.load.document import Document


def build_settings(document: Document, config: Config) -> Settings:
    title = str((document.root.get("info") or {}).get("title") or "api")
    validation_error = validation_error_name(config.validation_error)
    client_class = client_class_name(title, config.client_class, validation_error)
    module = module_name(title, config.module)
    return Settings(
        package_name=package_name(module, config.package_name),
        module=module,
        client_class=client_class,
        version=config.version,
        error_base=error_base_name(client_class, config.error_base),
        default_error=default_error_name(client_class, config.default_error),
        validation_error=validation_error,
        generator_version=__version__,
        spec_label=document.display_name,
        env_prefix=env_prefix(client_class),
        client_variable=client_variable(client_class, module),
        root_docs_dir=root_docs_dir(client_class),
        webhook_verification=config.webhook_verification,
    )
