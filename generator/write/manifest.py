"""The manifest in the output folder: which files the generator wrote, and from what.

It records each file's hash and the hash of its unformatted text (so unchanged files skip the
formatter), the hash of the validated spec's structure (so a spec whose structure is unchanged
skips validation), and one hash of every input of the run (so an unchanged run does no work).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Level, Problem

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
    inputs_sha256: str = ""
    # The spec's files, relative to the root spec's folder, so a later run can re-hash them
    # without loading the spec.
    spec_files: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    # Files written once for the user to edit: never compared, never removed, only re-made
    # when missing.
    user_owned: tuple[str, ...] = ()
    # The validated spec without its prose (generator.load.structure): while it matches, the
    # spec needs no validation again.
    structure_sha256: str = ""

    def to_bytes(self) -> bytes:
        data = {
            "generator_version": self.generator_version,
            "spec_sha256": self.spec_sha256,
            "inputs_sha256": self.inputs_sha256,
            "spec_files": list(self.spec_files),
            "user_owned": list(self.user_owned),
            "structure_sha256": self.structure_sha256,
            "warnings": [
                {"file": w.file, "pointer": w.pointer, "line": w.line, "message": w.message}
                for w in self.warnings
            ],
            "files": {
                path: {"sha256": record.sha256, "source_sha256": record.source_sha256}
                for path, record in sorted(self.files.items())
            },
        }
        return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def read_manifest(output: Path) -> Manifest | None:
    """The manifest of an earlier run, or None when there is none or it cannot be read."""
    try:
        data = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
        files = {
            str(path): FileRecord(str(record["sha256"]), str(record["source_sha256"]))
            for path, record in data["files"].items()
            if _is_safe_relative(str(path))
        }
        warnings = tuple(
            Problem(Level.WARNING, str(w["file"]), str(w["pointer"]), str(w["message"]), w["line"])
            for w in data.get("warnings", [])
        )
        return Manifest(
            str(data["generator_version"]),
            str(data["spec_sha256"]),
            files,
            str(data.get("inputs_sha256", "")),
            tuple(str(p) for p in data.get("spec_files", [])),
            warnings,
            tuple(str(p) for p in data.get("user_owned", []) if _is_safe_relative(str(p))),
            str(data.get("structure_sha256", "")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _is_safe_relative(path: str) -> bool:
    # A tampered manifest must never make the generator delete files outside the output folder.
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts


def output_matches(output: Path, manifest: Manifest) -> bool:
    """Whether every file the manifest lists is on disk with the recorded bytes (and the
    user's own files are there at all)."""
    if not all((output / path).is_file() for path in manifest.user_owned):
        return False
    for path, record in manifest.files.items():
        try:
            if sha256((output / path).read_bytes()) != record.sha256:
                return False
        except OSError:
            return False
    return True
