"""Whatever the spec says, the generated code only does what the generator means it to."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from generator.text import docstring, md_cell, md_table, py_literal
from tests.support import SdkMaker

HOSTILE = [
    '"""; import os; os.system("touch PWNED"); """',
    "\\",
    'ends with a quote"',
    "{{ 7 * 7 }} {% raw %}",
    "```python\nimport os\n```",
    "<script>alert(1)</script>",
    "line one\nimport os; os.system('touch PWNED')",
    "NUL\x00 and escape \x1b[31m",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_docstrings_and_literals_round_trip(text: str) -> None:
    tree = ast.parse(f"def f():\n    {docstring(text, '    ')}\n")
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 1  # the docstring and nothing else
    assert ast.literal_eval(py_literal(text)) == text


def test_literals_of_json_values() -> None:
    value = {"a": [1, 2.5, None, True, 'q"\\'], "b": {"c": False}}
    assert ast.literal_eval(py_literal(value)) == value


def test_table_cells_stay_in_their_cell() -> None:
    cell = md_cell("a | b\nc <b>bold</b>")
    assert cell == "a \\| b<br/>c &lt;b&gt;bold&lt;/b&gt;"
    table = md_table(["H"], [[cell]])
    assert all(line.count(" | ") == 0 for line in table.splitlines())


def hostile_spec(marker: Path) -> dict[str, object]:
    evil = f'"""\nimport os\nos.system("touch {marker}")\n"""{{{{ x }}}}{{% if %}}`<b>'
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Evil {evil}", "version": '1"; import os', "description": evil},
        "servers": [
            {"url": 'https://example.com/"+__import__("os").getcwd()+"', "description": evil}
        ],
        "paths": {
            "/things/{id}": {
                "post": {
                    "operationId": "class",
                    "summary": evil,
                    "description": evil,
                    "tags": ["import"],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": evil,
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["def"],
                                    "properties": {
                                        "def": {
                                            "type": "string",
                                            "description": evil,
                                            "default": evil,
                                        },
                                        "kind": {"enum": ['a"b', "c\\d", evil]},
                                        "self": {"type": "integer"},
                                        "nested": {
                                            "type": "object",
                                            "description": evil,
                                            "properties": {
                                                "x-y": {"type": "string", "description": evil},
                                                "class": {"enum": [evil, "a"]},
                                            },
                                        },
                                    },
                                },
                                "example": {"def": evil},
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": evil,
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"kind": {"enum": [evil]}},
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }


def test_hostile_spec_generates_inert_code(make_sdk: SdkMaker, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    spec_text = json.dumps(hostile_spec(marker))
    module = make_sdk(
        spec_text, ".json", package_name="evil-sdk", module="evil_sdk", client_class="Evil"
    )
    out = make_sdk.output
    for source in (out / "src").rglob("*.py"):
        compile(source.read_text(), str(source), "exec")
    client = module.Evil()
    resource = client.import_
    assert callable(resource.class_) and callable(resource.class_async)
    assert module.models.__all__
    for name in module.models.__all__:
        getattr(module.models, name)
    assert not marker.exists()
    page = prose((out / "docs" / "sdks" / "import" / "README.md").read_text())
    assert "<b>" not in page and "&lt;b&gt;" in page
    assert "<b>" not in prose((out / "README.md").read_text())


def prose(markdown: str) -> str:
    """The Markdown outside code fences, where HTML would be rendered."""
    return "".join(markdown.split("```")[::2])
