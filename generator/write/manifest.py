"""The manifest in the output folder: which files the generator wrote, and from what."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".sdkgen-manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileRecord:
    sha256: str
    source_sha256: str


@dataclass(frozen=True)
class Manifest:
    generator_version: str
    spec_sha256: str
    files: dict[str, FileRecord] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        data = {
            "generator_version": self.generator_version,
            "spec_sha256": self.spec_sha256,
            "files": {
                path: {"sha256": record.sha256, "source_sha256": record.source_sha256}
                for path, record in sorted(self.files.items())
            },
        }
        return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()


def read_manifest(output: Path) -> Manifest | None:
    """The manifest of an earlier run, or None when there is none or it cannot be read."""
    try:
        data = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
        files = {
            str(path): FileRecord(str(record["sha256"]), str(record["source_sha256"]))
            for path, record in data["files"].items()
            if _is_safe_relative(str(path))
        }
        return Manifest(str(data["generator_version"]), str(data["spec_sha256"]), files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _is_safe_relative(path: str) -> bool:
    # A tampered manifest must never make the generator delete files outside the output folder.
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts
