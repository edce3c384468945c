"""A generation that is killed, terminated or interrupted mid-validation leaves no worker behind:
a corpus timeout once left Graph's validation worker running for minutes as an orphan."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").is_file(), reason="reads the process table from /proc (Linux)"
)


def big_spec(path: Path, count: int = 1500) -> Path:
    """A document whose validation takes seconds: one model and one operation per item."""
    schemas = {
        f"Thing{i}": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "next": {"$ref": f"#/components/schemas/Thing{(i + 1) % count}"},
            },
        }
        for i in range(count)
    }
    paths = {
        f"/things{i}": {
            "get": {
                "operationId": f"getThing{i}",
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/Thing{i}"}
                            }
                        },
                    }
                },
            }
        }
        for i in range(count)
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Big", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name, in parentheses, may hold spaces: the fields after it are fixed.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running, that is: a zombie waiting to be reaped by whoever adopted it has ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.parametrize(
    "how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["SIGKILL", "SIGTERM", "SIGINT"]
)
def test_no_worker_outlives_its_generation(tmp_path: Path, how: signal.Signals) -> None:
    spec = big_spec(tmp_path / "big.json")
    command = [sys.executable, "-m", "generator", "generate", "-q", "--spec", str(spec)]
    generation = subprocess.Popen(
        [*command, "--out", str(tmp_path / "out")],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline and generation.poll() is None:
            workers = children_of(generation.pid)
            time.sleep(0.02)
        assert workers, "the generation forked no validation worker"
        time.sleep(0.3)  # well into validation, which takes seconds here
        workers |= children_of(generation.pid)
        generation.send_signal(how)
        generation.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)]
    finally:
        if generation.poll() is None:
            generation.kill()
            generation.wait()
    assert not (tmp_path / "out").exists()
