from __future__ import annotations

from pathlib import Path

import pytest


# One warm cache for the whole run: a cold mypy reads the standard library, httpx and pydantic
# again, seconds that would otherwise come back in every module that checks an SDK.
@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")
