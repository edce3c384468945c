"""What the next generation needs to tell what changed, kept beside the SDK (under `.sdkgen/`):
a copy of the spec this generation read, and the changelog entries written so far."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SPEC_COPY = ".sdkgen/spec"
RELEASES = ".sdkgen/releases.json"


def spec_copy_files(spec_files: Sequence[str], contents: Sequence[bytes]) -> dict[str, bytes]:
    """The spec's files under `.sdkgen/spec/`, by their paths relative to the root spec's
    folder; nothing when one lies outside that folder (the copy could not be laid out)."""
    if any(Path(name).is_absolute() or ".." in Path(name).parts for name in spec_files):
        return {}
    return {f"{SPEC_COPY}/{name}": data for name, data in zip(spec_files, contents, strict=True)}


def spec_copy(output: Path, spec_files: Sequence[str]) -> Path | None:
    """The root spec of the last generation's copy, if it is all there."""
    if not spec_files or not all((output / SPEC_COPY / name).is_file() for name in spec_files):
        return None
    return output / SPEC_COPY / spec_files[0]


def read_releases(output: Path) -> list[dict[str, Any]]:
    """The recorded changelog entries, newest first; none when the record is missing or
    unreadable (the changelog then starts again from the configured version)."""
    try:
        data = json.loads((output / RELEASES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [entry for entry in data if isinstance(entry, dict)]


def releases_bytes(entries: Sequence[dict[str, Any]]) -> bytes:
    return (json.dumps(list(entries), indent=2, ensure_ascii=False) + "\n").encode()
