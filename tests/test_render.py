"""Renderer pieces: tables, snippets, imports, type hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.builder import build_api
from generator.ir import Api, ListType, MapType, ModelType, NullableType, Primitive, UnionType
from generator.load import load_document
from generator.render.imports import Imports
from generator.render.literals import md_table
from generator.render.snippets import async_usage_snippet, call_statement, usage_snippet
from generator.render.types import doc_type, field_hint, type_hint
from tests.support import SPECS, autumn_config


def autumn() -> Api:
    spec = SPECS / "autumn.yaml"
    api, _ = build_api(load_document(spec), autumn_config(spec, Path("unused")))
    return api


def test_tables_pad_every_column_to_the_widest_cell() -> None:
    assert md_table(["Error Type", "Status Code"], [["errors.AutumnDefaultError", "4XX, 5XX"]]) == (
        "| Error Type                | Status Code               |\n"
        "| ------------------------- | ------------------------- |\n"
        "| errors.AutumnDefaultError | 4XX, 5XX                  |"
    )


def test_usage_snippet_layout() -> None:
    api = autumn()
    operation = api.resources[0].operations[0]
    assert usage_snippet(api, operation) == (
        "from autumn_sdk import Autumn\n"
        "\n"
        "\n"
        "with Autumn(\n"
        '    x_api_version="2.1",\n'
        '    secret_key="<YOUR_BEARER_TOKEN_HERE>",\n'
        ") as autumn:\n"
        "\n"
        '    res = autumn.referrals.create_code(customer_id="cus_123", program_id="prog_123")\n'
        "\n"
        "    # Handle response\n"
        "    print(res)\n"
    )
    assert "await autumn.referrals.create_code_async(" in async_usage_snippet(api, operation)


def test_long_calls_are_wrapped_like_black() -> None:
    api = autumn()
    operation = api.resources[0].operations[0]
    statement = call_statement(
        api, operation, "    ", False, ('server_url="https://example.com/v1"',)
    )
    assert statement.splitlines() == [
        "    res = autumn.referrals.create_code(",
        '        customer_id="cus_123",',
        '        program_id="prog_123",',
        '        server_url="https://example.com/v1",',
        "    )",
        "    print(res)",
    ]


def test_type_hints_and_docs() -> None:
    item = ModelType("Item")
    assert type_hint(ListType(item)) == "List[Item]"
    assert type_hint(MapType(Primitive("int"))) == "Dict[str, int]"
    assert type_hint(UnionType((Primitive("str"), item))) == "Union[str, Item]"
    assert field_hint(NullableType(Primitive("str")), required=True) == "Nullable[str]"
    assert field_hint(NullableType(Primitive("str")), required=False) == "OptionalNullable[str]"
    assert field_hint(Primitive("str"), required=False) == "Optional[str]"
    assert doc_type(ListType(item), "../") == "List[[models.Item](../item.md)]"


def test_imports_are_grouped_and_sorted() -> None:
    imports = Imports().add("typing", "Optional").add(".models.b", "B").add_module("import httpx")
    imports.add(".basesdk", "Endpoint").add("collections.abc", "Mapping")
    imports.add_used(["List[A]", "OptionalNullable[str]"], ".", {"A": "shared"}, None)
    assert imports.render() == (
        "from collections.abc import Mapping\n"
        "from typing import List, Optional\n"
        "\n"
        "import httpx\n"
        "\n"
        "from .basesdk import Endpoint\n"
        "from .models.b import B\n"
        "from .models.shared import A\n"
        "from .utils.values import OptionalNullable"
    )


def test_runtime_templates_are_black_clean() -> None:
    """They are copied without a formatting pass, so they must already be what black makes."""
    import black

    from generator.render.code import RUNTIME
    from generator.write.format import _MODE

    for source in sorted(RUNTIME.rglob("*.py")):
        text = "# header\n" + source.read_text()
        assert black.format_str(text, mode=_MODE) == text, f"run black on {source}"


@pytest.mark.slow
def test_formatting_by_statement_equals_black_on_whole_files() -> None:
    """Only statements with a long line go through black; the result must be black's own."""
    import black

    from generator.builder import build_api
    from generator.render import render_sdk
    from generator.write.format import _MODE, _format_by_statement
    from tests.support import REAL_SPEC

    specs = [SPECS / "autumn.yaml", Path(__file__).parent / "specs" / "shapes.yaml"]
    if REAL_SPEC.is_file():
        specs.append(REAL_SPEC)
    checked = 0
    for spec in specs:
        api, _ = build_api(load_document(spec), autumn_config(spec, Path("unused")))
        for path, text in render_sdk(api).items():
            if path.endswith(".py"):
                assert _format_by_statement(text) == black.format_str(text, mode=_MODE), path
                checked += 1
    assert checked > 20
