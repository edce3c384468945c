"""Schema shapes from tests/specs/models.yaml, generated, imported and sent both ways through a
loopback server: discriminator mappings, allOf inheritance, recursion, open and closed objects,
odd enum values, escaped $refs, a tag named like a schema, and a `default` error response."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from tests.support import LoopbackServer, Reply, generated_sdk

SPEC = Path(__file__).resolve().parent / "specs" / "models.yaml"
STORED: dict[str, Any] = {
    "animal": {"species": "big-cat", "mane": True},
    "neighbour": None,
    "keeper": {"name": "Ann", "badge": 7, "mentor": {"name": "Bo", "badge": 1}},
    "zone": {"label": "north", "enclosures": [{"animal": {"species": "serpent"}}]},
    "size": "large",
    "level": -1,
    "tone": "A B",
    "open": {"anything": [1, "two"]},
    "scores": {"a": 1.5},
    "odd": {"v": "escaped"},
    "tilde": "tilde",
}


@pytest.fixture(scope="module")
def zoo_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    out = tmp_path_factory.mktemp("zoo") / "sdk"
    with generated_sdk(
        SPEC, out, package_name="zoo-sdk", module="zoo_sdk", client_class="Zoo"
    ) as module:
        yield module, out


@pytest.fixture
def zoo(zoo_sdk: tuple[ModuleType, Path]) -> ModuleType:
    return zoo_sdk[0]


def client(zoo: ModuleType, server: LoopbackServer) -> Any:
    return zoo.Zoo(server_url=server.url, retry_config=zoo.utils.RetryConfig("none"))


def test_every_shape_round_trips_through_the_wire(zoo: ModuleType, server: LoopbackServer) -> None:
    server.default = Reply(200, STORED)
    with client(zoo, server) as api:
        res = api.animal.add_animal(
            animal={"species": "serpent", "length_cm": 300},
            keeper={"name": "Ann", "badge": 7},
            level=10,
            tone="1st",
            closed={"x": 1},
        )
    assert server.seen[0].json() == {
        "animal": {"species": "serpent", "length_cm": 300},
        "keeper": {"name": "Ann", "badge": 7},
        "level": 10,
        "tone": "1st",
        "closed": {"x": 1},
    }
    assert type(res.animal).__name__ == "Lion" and res.animal.mane is True
    assert type(res.zone.enclosures[0].animal).__name__ == "Snake"
    assert res.keeper.mentor.name == "Bo" and res.keeper.badge == 7
    assert (res.size, res.level, res.tone, res.neighbour) == ("large", -1, "A B", None)
    assert res.open == {"anything": [1, "two"]} and res.scores == {"a": 1.5}
    assert res.odd.v == "escaped" and res.tilde == "tilde"  # refs through ~1 and ~0


def test_the_discriminator_mapping_decides_the_model(zoo: ModuleType) -> None:
    enclosure = zoo.models.Enclosure.model_validate
    # A snake with a mane is still a snake: the tag decides, not which model happens to fit.
    snake = enclosure({"animal": {"species": "serpent", "mane": True}}).animal
    assert type(snake).__name__ == "Snake"
    with pytest.raises(pydantic.ValidationError):
        enclosure({"animal": {"species": "Lion", "mane": True}})  # mapped: the name is no tag
    built = zoo.models.Enclosure(animal=zoo.models.Lion(species="big-cat", mane=False))
    assert built.model_dump(by_alias=True, exclude_none=True)["animal"]["species"] == "big-cat"


def test_allof_inheritance_merges_required_fields(zoo: ModuleType) -> None:
    with pytest.raises(pydantic.ValidationError):
        zoo.models.Keeper.model_validate({"badge": 1})  # `name` comes from Named, required
    assert zoo.models.Keeper(name="N", badge=2).name == "N"


def test_a_closed_object_drops_unknown_fields_and_an_open_one_keeps_them(zoo: ModuleType) -> None:
    assert zoo.models.Closed.model_validate({"x": 1, "y": 2}).model_dump() == {"x": 1}
    zone = zoo.models.Zone.model_validate({"label": "n", "new_field": 3})
    assert zone.model_dump(exclude_none=True) == {"label": "n", "new_field": 3}


def test_a_default_error_response_raises_its_typed_error(
    zoo: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(418, {"reason": "teapot"})
    with client(zoo, server) as api, pytest.raises(zoo.errors.OopsError) as caught:
        api.animal.add_animal(animal={"species": "serpent"})
    assert caught.value.data.reason == "teapot" and caught.value.status_code == 418


def test_a_tag_named_like_a_schema_and_unused_components(
    zoo_sdk: tuple[ModuleType, Path],
) -> None:
    zoo, out = zoo_sdk
    assert type(zoo.Zoo(server_url="http://x").animal).__name__ == "AnimalResource"
    assert not hasattr(zoo.models, "Unused")
    assert not (out / "docs" / "models" / "unused.md").exists()
