"""Renderer pieces: tables, snippets, imports, type hints."""

from __future__ import annotations

from pathlib import Path

from generator.builder import build_api
from generator.ir import Api, ListType, MapType, ModelType, NullableType, Primitive, UnionType
from generator.ir.code import Import
from generator.load import load_document
from generator.render.imports import Imports
from generator.render.snippets import async_usage_snippet, call_statement, usage_snippet
from generator.render.types import field_hint
from generator.text import md_table
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


def test_long_calls_are_wrapped_like_the_formatter() -> None:
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
    item = ModelType(name="Item", typed_dict="ItemTypedDict", module="shared")
    text = Primitive(name="str")
    assert ListType(item=item).hint("model").text == "List[Item]"
    assert MapType(value=Primitive(name="int")).hint("model").text == "Dict[str, int]"
    assert UnionType(options=(text, item)).hint("model").text == "Union[str, Item]"
    assert field_hint(NullableType(inner=text), required=True).text == "Nullable[str]"
    assert field_hint(NullableType(inner=text), required=False).text == "OptionalNullable[str]"
    assert field_hint(text, required=False).text == "Optional[str]"
    assert ListType(item=item).doc("../") == "List[[models.Item](../item.md)]"


def test_imports_are_grouped_and_sorted() -> None:
    imports = Imports().add("typing", "Optional").add(".models.b", "B").add_module("httpx")
    imports.add(".basesdk", "Endpoint").add("collections.abc", "Mapping")
    a = ModelType(name="A", typed_dict="ATypedDict", module="shared")
    imports.add_code(ListType(item=a).hint("model"))
    imports.add_code(field_hint(NullableType(inner=Primitive(name="str")), required=False))
    assert imports.render("sdk") == (
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


def test_imported_names_sort_as_isort_does() -> None:
    names = ["Plan10", "plan", "PLAN", "Plan2", "_x", "Dogs", "DogTypedDict", "Plan_b", "PlanA"]
    imports = Imports().add(".models.shared", *names).add_module("datetime")
    imports.add_import(Import(module="pydantic", name="Tag", alias="_Tag"))
    imports.add("pydantic", "Field").add("typing_extensions", "TypedDict")
    imports.add_import(Import(module="datetime", alias="_dt"))
    assert imports.render("pets") == (
        "import datetime\n"
        "import datetime as _dt\n"
        "\n"
        "from pydantic import Field\n"
        "from pydantic import Tag as _Tag\n"
        "from typing_extensions import TypedDict\n"
        "\n"
        "from .models.shared import (\n"
        "    PLAN,\n"
        "    Dogs,\n"
        "    DogTypedDict,\n"
        "    Plan2,\n"
        "    Plan10,\n"
        "    Plan_b,\n"
        "    PlanA,\n"
        "    _x,\n"
        "    plan,\n"
        ")"
    )


def test_imports_are_relative_to_the_module_that_needs_them() -> None:
    shared = ModelType(name="A", typed_dict="ATypedDict", module="shared")
    other = ModelType(name="B", typed_dict="BTypedDict", module="other")
    imports = Imports().add(".utils.basemodel", "SDKModel")
    imports.add_code(UnionType(options=(shared, other)).hint("dict"))
    assert imports.render("models.shared") == (
        "from typing import Union\n"
        "\n"
        "from ..utils.basemodel import SDKModel\n"
        "from .other import BTypedDict"
    )


def test_runtime_templates_are_formatted() -> None:
    """They are copied without a formatting pass, so they must already be what the formatter
    makes."""
    from generator.pyformat import format_text
    from generator.render.code import RUNTIME

    for source in sorted(RUNTIME.rglob("*.py")):
        text = "# header\n" + source.read_text()
        assert format_text(text) == text, f"run `ruff format` on {source}"
