"""`sdkgen watch` regenerates on save, survives a bad spec, and recovers on the next good one."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.test_cli import project


def lines_of(process: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_for(lines: queue.Queue[str], needle: str, seen: list[str], timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"no line with {needle!r} within {timeout} s; saw: {seen}")


@pytest.mark.slow
def test_watch_regenerates_and_recovers_from_a_bad_spec(tmp_path: Path) -> None:
    root = project(tmp_path)
    spec = root / "specs" / "autumn.yaml"
    page = root / "output" / "autumn-sdk" / "docs" / "sdks" / "referrals" / "README.md"
    good = spec.read_text()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "watch"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[str] = []
    try:
        lines = lines_of(process)
        wait_for(lines, "watching", seen)
        assert wait_for(lines, "written", seen).startswith("sdkgen: 0 written, 0 removed in ")
        spec.write_text(good.replace("Redeem a referral code for a customer.", "Redeem a code."))
        wait_for(lines, "written", seen)
        assert "Redeem a code." in page.read_text()
        before = page.read_bytes()
        spec.write_text(good.replace("  title: Autumn API\n", "  title: [Autumn API\n"))
        assert "invalid YAML" in wait_for(lines, "invalid YAML", seen)
        wait_for(lines, "the output is unchanged", seen)
        assert page.read_bytes() == before
        spec.write_text(good)
        wait_for(lines, "written", seen)
        assert "Redeem a referral code for a customer." in page.read_text()
        assert process.poll() is None  # still watching
    finally:
        process.terminate()
        process.wait(timeout=10)
