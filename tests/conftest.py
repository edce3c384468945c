from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import OUTPUT, LoopbackServer, SdkMaker, imported, loopback_server


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with loopback_server() as running:
        yield running


@pytest.fixture
def sdk() -> Iterator[ModuleType]:
    """The committed, generated Autumn SDK (output/autumn-sdk), imported fresh for each test."""
    with imported(OUTPUT / "src", "autumn_sdk") as module:
        yield module


@pytest.fixture
def make_sdk(tmp_path: Path) -> Iterator[SdkMaker]:
    """`make_sdk(spec_text, suffix=".yaml", **names)`: the SDK of an inline spec, imported; it
    is generated into `make_sdk.output` (tmp_path / "sdk")."""
    with ExitStack() as exits:
        yield SdkMaker(tmp_path, exits)
