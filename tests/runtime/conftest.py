from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.runtime.autumn import Records


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK reads these; a developer's shell must not change what the tests see."""
    monkeypatch.delenv("AUTUMN_SERVER_URL", raising=False)
    monkeypatch.delenv("AUTUMN_SECRET_KEY", raising=False)


@pytest.fixture
def debug_log() -> Iterator[tuple[logging.Logger, Records]]:
    logger = logging.getLogger(f"{__name__}.{id(object())}")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    records = Records()
    logger.addHandler(records)
    try:
        yield logger, records
    finally:
        logger.removeHandler(records)
