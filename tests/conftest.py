from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.support import OUTPUT, LoopbackServer, imported, loopback_server


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with loopback_server() as running:
        yield running


@pytest.fixture
def sdk() -> Iterator[ModuleType]:
    """The committed, generated Autumn SDK (output/autumn-sdk), imported fresh for each test."""
    with imported(OUTPUT / "src", "autumn_sdk") as module:
        yield module
