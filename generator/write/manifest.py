"""The manifest in the output folder: which files the generator wrote, and from what.

It records each file's hash as generated (its pristine bytes, kept in the pristine store, which
a user's edits are merged against) and the hash of its unformatted text (so unchanged files skip
the formatter), the hash of the validated spec's structure (so a spec whose structure is unchanged
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
    # Generated files the user deleted: they stay deleted (their pristine record is kept, so
    # bringing one back with --discard-edits is an ordinary regeneration).
    deleted: tuple[str, ...] = ()
    # Files this run left with conflict markers: the next run refuses while they remain.
    conflicts: tuple[str, ...] = ()

    def to_bytes(self) -> bytes:
        data = {
            "generator_version": self.generator_version,
            "spec_sha256": self.spec_sha256,
            "inputs_sha256": self.inputs_sha256,
            "spec_files": list(self.spec_files),
            "user_owned": list(self.user_owned),
            "structure_sha256": self.structure_sha256,
            "deleted": list(self.deleted),
            "conflicts": list(self.conflicts),
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
            _safe_paths(data.get("user_owned", [])),
            str(data.get("structure_sha256", "")),
            _safe_paths(data.get("deleted", [])),
            _safe_paths(data.get("conflicts", [])),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _safe_paths(paths: list[object]) -> tuple[str, ...]:
    return tuple(str(p) for p in paths if _is_safe_relative(str(p)))


def _is_safe_relative(path: str) -> bool:
    # A tampered manifest must never make the generator delete files outside the output folder.
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts


def missing_files(output: Path, manifest: Manifest) -> list[str]:
    """Files the manifest expects on disk that are not there: generated ones the user has not
    already been told about as deleted, and the user's own files (re-made when missing)."""
    expected = [p for p in manifest.files if p not in manifest.deleted] + list(manifest.user_owned)
    return sorted(path for path in expected if not (output / path).is_file())
