"""The SDK's settings: the configured names, or names made from the spec's title."""

from __future__ import annotations

from generator import __version__
from generator.builder.names import (
    client_class_name,
    client_variable,
    env_prefix,
    module_name,
    root_docs_dir,
)
from generator.config import Config
from generator.ir import Settings
from generator.load.document import Document


def build_settings(document: Document, config: Config) -> Settings:
    title = str((document.root.get("info") or {}).get("title") or "api")
    client_class = client_class_name(title, config.client_class)
    module = module_name(title, config.module)
    return Settings(
        package_name=config.package_name or module.replace("_", "-"),
        module=module,
        client_class=client_class,
        version=config.version,
        error_base=config.error_base or f"{client_class}Error",
        default_error=config.default_error or f"{client_class}DefaultError",
        validation_error=config.validation_error or "ResponseValidationError",
        generator_version=__version__,
        spec_label=document.display_name,
        env_prefix=env_prefix(client_class),
        client_variable=client_variable(client_class, module),
        root_docs_dir=root_docs_dir(client_class),
    )
