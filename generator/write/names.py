"""The name lock in the output folder: every Python name the last generation gave, by where in
the spec it comes from. The next generation holds these names (generator/builder/names.py), so a
spec that only gains things never renames what the SDK already exported."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

NAMES_FILE = ".sdkgen-names.json"


def read_name_lock(output: Path) -> dict[str, str]:
    """The lock of the last generation into `output`; empty when there is none or it cannot be
    read (a first generation, or a damaged file: names are then made afresh)."""
    try:
        data = json.loads((output / NAMES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): str(name) for key, name in data.items() if isinstance(name, str)}


def name_lock_bytes(lock: Iterable[tuple[str, str]]) -> bytes:
    """One entry a line, sorted: diffs of the file show which names appeared or went."""
    entries = sorted(lock)
    lines = [f"  {json.dumps(key)}: {json.dumps(name)}" for key, name in entries]
    return ("{\n" + ",\n".join(lines) + ("\n" if lines else "") + "}\n").encode()
