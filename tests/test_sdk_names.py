"""The SDK's own names are decided by the builder and carried in the IR's settings, so the
code, docs and snippets read one decision."""

from __future__ import annotations

from pathlib import Path

from generator.builder import build_api
from generator.builder.names import client_variable, env_prefix
from generator.load import load_document
from tests.support import SPECS, autumn_config


def test_autumn_settings_carry_the_names_docs_and_snippets_use() -> None:
    spec = SPECS / "autumn.yaml"
    api, _ = build_api(load_document(spec), autumn_config(spec, Path("unused")))
    settings = api.settings
    assert (settings.env_prefix, settings.client_variable, settings.root_docs_dir) == (
        "AUTUMN",
        "autumn",
        "autumn",
    )


def test_the_snippets_client_variable_never_hides_what_the_snippets_use() -> None:
    assert client_variable("AcmeCloud", "acme_cloud_sdk") == "acme_cloud"
    assert client_variable("Import", "import_sdk") == "import_client"  # a keyword
    assert client_variable("Shop", "shop") == "shop_client"  # the package itself
    assert client_variable("Asyncio", "asyncio_sdk") == "asyncio_client"  # a snippet import


def test_environment_variables_are_prefixed_with_the_client_class_in_capitals() -> None:
    assert env_prefix("AcmeCloud") == "ACME_CLOUD"
    assert env_prefix("Autumn") == "AUTUMN"
