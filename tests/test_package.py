"""The generated SDK is an installable distribution: `autumn-sdk`, module `autumn_sdk`, typed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support import OUTPUT, build_wheel, install_wheel


@pytest.mark.slow
def test_wheel_builds_installs_and_imports(tmp_path: Path) -> None:
    wheel = build_wheel(OUTPUT, tmp_path, isolated=False)
    assert wheel.name.startswith("autumn_sdk-0.1.0-py3-none-any")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "autumn_sdk/py.typed",
        "autumn_sdk/sdk.py",
        "autumn_sdk/referrals.py",
        "autumn_sdk/basesdk.py",
    } <= names
    metadata = zipfile.ZipFile(wheel).read("autumn_sdk-0.1.0.dist-info/METADATA").decode()
    assert "Name: autumn-sdk" in metadata
    assert "Requires-Dist: httpx" in metadata and "Requires-Dist: pydantic" in metadata
    target = install_wheel(wheel, tmp_path / "site")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import autumn_sdk; from autumn_sdk import Autumn;"
            " print(autumn_sdk.__version__, Autumn.__name__)",
        ],
        env={**os.environ, "PYTHONPATH": str(target)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "0.1.0 Autumn\n"
