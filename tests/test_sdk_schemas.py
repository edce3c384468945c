"""OpenAPI 3.0 shapes, generated from tests/specs/schemas.yaml and called for real: operations
without an operationId, readOnly/writeOnly, deprecation, vendor JSON media types, status ranges,
several success codes, several body content types, and enum values that are odd as names."""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support import LoopbackServer, Reply, generated_sdk

SPEC = Path(__file__).resolve().parent / "specs" / "schemas.yaml"
ORDER = {"id": "o1", "status": "in progress", "note": None, "labels": {"x-a": "1"}}


@pytest.fixture(scope="module")
def shop_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    out = tmp_path_factory.mktemp("shop") / "sdk"
    with generated_sdk(
        SPEC, out, package_name="shop-sdk", module="shop_sdk", client_class="Shop"
    ) as module:
        yield module, out


@pytest.fixture
def shop(shop_sdk: tuple[ModuleType, Path]) -> ModuleType:
    return shop_sdk[0]


def client(shop: ModuleType, server: LoopbackServer) -> Any:
    return shop.Shop(server_url=server.url, retry_config=shop.utils.RetryConfig("none"))


def test_an_operation_without_operation_id_is_named_from_method_and_path(
    shop: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, [ORDER], {"content-type": "application/vnd.shop.v1+json"})
    with client(shop, server) as api:
        orders = api.orders.get_orders(status="in-progress")
    assert server.seen[0].path == "/orders?status=in-progress"
    assert orders[0].id == "o1" and orders[0].labels == {"x-a": "1"} and orders[0].note is None


def test_a_status_range_with_a_problem_json_body_raises_its_typed_error(
    shop: ModuleType, server: LoopbackServer
) -> None:
    problem = {"title": "Bad filter", "status": 422}
    server.default = Reply(422, problem, {"content-type": "application/problem+json"})
    with client(shop, server) as api, pytest.raises(shop.errors.ProblemError) as caught:
        api.orders.get_orders()
    assert caught.value.data.title == "Bad filter"
    assert caught.value.status_code == 422


def test_read_only_fields_are_never_sent_and_write_only_ones_never_required(
    shop: ModuleType, server: LoopbackServer
) -> None:
    parameters = inspect.signature(shop.Shop(server_url="http://x").orders.create_order).parameters
    assert "id" not in parameters and parameters["secret"].default is inspect.Parameter.empty
    # A response without the write-only secret is valid; the read-only id comes back.
    order = shop.models.Order.model_validate({"id": "o9", "status": "2fast"})
    assert (order.id, order.secret) == ("o9", None)


def test_several_success_codes_with_their_own_models_and_json_chosen_among_body_types(
    shop: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(201, {"id": "o2", "created": True}), Reply(200, ORDER)]
    with client(shop, server) as api:
        created = api.orders.create_order(secret="s", status="")
        existing = api.orders.create_order(secret="s", status="IN_PROGRESS", legacy="L")
    assert type(created).__name__ == "CreateOrderResponse201" and created.created is True
    assert isinstance(existing, shop.models.Order)
    first, second = server.seen
    assert first.headers["content-type"] == "application/json"
    assert first.json() == {"secret": "s", "status": ""}
    assert second.json() == {"secret": "s", "status": "IN_PROGRESS", "legacy": "L"}


def test_deprecated_operations_warn_and_are_marked_in_the_docs(
    shop_sdk: tuple[ModuleType, Path], server: LoopbackServer
) -> None:
    shop, out = shop_sdk
    server.default = Reply(204)
    with client(shop, server) as api, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert api.orders.cancel_order(id="o 1") is None
    assert server.seen[0].path == "/orders/o%201"
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    page = (out / "docs" / "sdks" / "orders" / "README.md").read_text()
    assert "**DEPRECATED**" in page
    order_doc = (out / "docs" / "models" / "order.md").read_text()
    assert "**Deprecated**" in order_doc and "Read-only" in order_doc


def test_odd_enum_values_are_all_kept(shop: ModuleType) -> None:
    from typing import get_args

    hint = shop.models.Order.model_fields["status"].annotation
    values = {arg for part in get_args(hint) for arg in get_args(part)} | set(get_args(hint))
    assert {"in progress", "in-progress", "2fast", "", "IN_PROGRESS"} <= values
