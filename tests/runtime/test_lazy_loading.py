"""Nothing loads before a call needs it: importing the package and constructing the client load
no model, no error body, no resource and no send loop; a call loads its resource, the models it
reads and the runtime, and no other model. Large models modules are split into one file per
cycle of models, loaded on first use; type checkers see every name (and reject a wrong one).
Lazy attributes made by several threads at once are equivalent and every call succeeds."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.render.code import SPLIT_ABOVE
from tests.support import OUTPUT, LoopbackServer, Reply, SdkMaker, mypy_strict, pyright_strict

# More component schemas than one models module holds before it is split, plus a cycle.
ITEMS = SPLIT_ABOVE + 5


def large_spec() -> str:
    """Items 0..N (each with its own fields), Node and Edge referring to each other, a Problem
    error body; `items.get_item` reads Item3, `items.get_everything` every item, `nodes.get_node`
    a Node, and the root client pings."""
    schemas: dict[str, Any] = {
        f"Item{number}": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, f"field{number}": {"type": "integer"}},
        }
        for number in range(ITEMS)
    }
    schemas["Node"] = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "edges": {"type": "array", "items": {"$ref": "#/components/schemas/Edge"}},
        },
    }
    schemas["Edge"] = {
        "type": "object",
        "required": ["to"],
        "properties": {"to": {"$ref": "#/components/schemas/Node"}},
    }
    schemas["Problem"] = {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    }
    schemas["Pong"] = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    # Only the models an operation reaches are generated: this one reaches every item.
    schemas["Everything"] = {
        "type": "object",
        "properties": {
            f"item{number}": {"$ref": f"#/components/schemas/Item{number}"}
            for number in range(ITEMS)
        },
    }

    def answer(schema: str) -> dict[str, Any]:
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
        return {"description": "ok", "content": content}

    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Lots", "version": "1.0.0"},
        "servers": [{"url": "https://lots.example.com"}],
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "tags": ["items"],
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": answer("Item3"), "404": answer("Problem")},
                }
            },
            "/nodes/{name}": {
                "get": {
                    "operationId": "getNode",
                    "tags": ["nodes"],
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": answer("Node")},
                }
            },
            "/ping": {"get": {"operationId": "ping", "responses": {"200": answer("Pong")}}},
            "/everything": {
                "get": {
                    "operationId": "getEverything",
                    "tags": ["items"],
                    "responses": {"200": answer("Everything")},
                }
            },
        },
        "components": {"schemas": schemas},
    }
    return json.dumps(spec)


@pytest.fixture
def lots(make_sdk: SdkMaker) -> ModuleType:
    return make_sdk(large_spec(), ".json", module="lots_sdk", client_class="Lots")


def run_fresh(src: Path, code: str) -> Any:
    """What `code` (which sets `result`) finds in a fresh interpreter, as JSON."""
    program = (
        f"import json, sys\nsys.path.insert(0, {str(src)!r})\n{code}\nprint(json.dumps(result))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


LOADED = "[name for name in sys.modules if name.startswith('{0}.')]"


def test_constructing_the_committed_client_loads_no_model_resource_or_send_loop() -> None:
    loaded = run_fresh(
        OUTPUT / "src",
        "from autumn_sdk import Autumn\nAutumn(secret_key='k')\nresult = "
        + LOADED.format("autumn_sdk"),
    )
    assert "autumn_sdk.sdk" in loaded
    for module in ("models", "referrals", "_runtime.sending", "_runtime.events", "utils.oauth2"):
        assert not any(name.startswith(f"autumn_sdk.{module}") for name in loaded), loaded
    assert "autumn_sdk.models.shared" not in loaded


def test_a_large_models_module_is_split_behind_a_module_of_the_same_name(
    lots: ModuleType, make_sdk: SdkMaker
) -> None:
    models = make_sdk.output / "src" / "lots_sdk" / "models"
    files = {path.name for path in (models / "_shared").iterdir()}
    assert {"item3.py", "item0.py", "problem.py", "pong.py"} <= files
    # Node and Edge refer to each other: one file, defined together.
    assert "edge.py" in files and "node.py" not in files
    assert (
        lots.models.Node.__module__ == lots.models.Edge.__module__ == "lots_sdk.models._shared.edge"
    )
    assert lots.models.shared.Item7.__name__ == "Item7"
    with pytest.raises(AttributeError, match="NoSuchModel"):
        _ = lots.models.shared.NoSuchModel


def test_constructing_and_calling_load_only_what_the_call_reads(
    lots: ModuleType, make_sdk: SdkMaker, server: LoopbackServer
) -> None:
    server.default = Reply(200, {"id": "i3", "field3": 3})
    loaded = run_fresh(
        make_sdk.output / "src",
        "from lots_sdk import Lots\n"
        f"client = Lots(server_url={server.url!r})\n"
        f"before = {LOADED.format('lots_sdk')}\n"
        "item = client.items.get_item(id='i3')\n"
        f"result = [before, {LOADED.format('lots_sdk')}, item.field3]",
    )
    before, after, field = loaded
    assert not [name for name in before if ".models." in name or name.endswith(".items")]
    assert field == 3
    shared = sorted(name for name in after if name.startswith("lots_sdk.models._shared."))
    # The answer's model and the documented error body; none of the other hundred.
    assert shared == ["lots_sdk.models._shared.item3", "lots_sdk.models._shared.problem"]
    assert "lots_sdk.nodes" not in after


def test_the_split_models_decode_and_raise_as_before(
    lots: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [
        Reply(200, {"name": "a", "edges": [{"to": {"name": "b"}}]}),
        Reply(404, {"message": "gone"}),
        Reply(200, {"ok": True}),
    ]
    with lots.Lots(server_url=server.url) as client:
        node = client.nodes.get_node(name="a")
        assert node.edges is not None and node.edges[0].to.name == "b"
        with pytest.raises(lots.errors.LotsError) as caught:
            client.items.get_item(id="x")
        assert caught.value.data.message == "gone"
        assert client.ping().ok is True


def test_threads_making_the_same_lazy_pieces_get_equivalent_ones(
    lots: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, {"id": "i3", "field3": 3})
    client = lots.Lots(server_url=server.url)
    start = threading.Barrier(8)
    resources: list[Any] = []
    fields: list[int] = []

    def first_use() -> None:
        start.wait()
        resource = client.items
        resources.append(resource)
        fields.append(resource.get_item(id="i3").field3)

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    assert fields == [3] * 8
    assert all(type(resource).__name__ == "Items" for resource in resources)
    assert all(resource._core is client._core for resource in resources)
    assert client.items is client.items


USER_CODE = """\
from __future__ import annotations

from lots_sdk import Lots
from lots_sdk.models import Item3, Node
from lots_sdk.models.shared import Edge, NoSuchModel  # mistake


def edges(client: Lots) -> list[Edge]:
    node: Node = client.nodes.get_node(name="a")
    item: Item3 = client.items.get_item(id="i3")
    print(item.id.upper(), NoSuchModel)
    return node.edges or []
"""


@pytest.mark.slow
def test_type_checkers_see_the_split_models_and_reject_a_wrong_name(
    lots: ModuleType, make_sdk: SdkMaker, tmp_path: Path
) -> None:
    src = make_sdk.output / "src"
    user = src / "user_code.py"
    user.write_text(USER_CODE, encoding="utf-8")
    report, _ = pyright_strict(
        str(src / "lots_sdk"), str(user), search=src, folder=tmp_path, python_version="3.9"
    )
    assert '"NoSuchModel" is unknown import symbol' in report, report
    # Its other errors are about the same name (line 5 imports it, line 11 uses it); the SDK
    # itself has none.
    errors = [line for line in report.splitlines() if " - error: " in line]
    assert all("user_code.py:5:" in line or "user_code.py:11:" in line for line in errors), report
    report, _ = mypy_strict("lots_sdk", "user_code.py", cwd_path=src, cache=tmp_path / "mypy")
    assert 'Module "lots_sdk.models.shared" has no attribute "NoSuchModel"' in report, report
    assert "Found 1 error in 1 file" in report, report
