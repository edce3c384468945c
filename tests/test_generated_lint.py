"""The generated code is lint-clean: no unused or unsorted imports, nothing pyflakes or
pycodestyle would flag, in every golden record and in the committed Autumn SDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import OUTPUT, ROOT

# ruff's own defaults, not this repository's settings (--isolated): the rules a user's project
# would most likely run over the SDK. Line length is black's business.
RUFF = ("check", "--isolated", "--no-cache", "--select", "F,E,W,I", "--ignore", "E501")
TREES = [*sorted((ROOT / "tests" / "golden").glob("*/src")), OUTPUT / "src"]


@pytest.mark.parametrize("tree", TREES, ids=lambda tree: str(tree.relative_to(ROOT)))
def test_generated_package_has_no_ruff_findings(tree: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *RUFF, "--output-format", "concise", str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
