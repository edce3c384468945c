"""Hand edits: carrying the user's changes to generated files into each new generation.

A file whose bytes differ from its pristine record carries an edit. Each run merges it three
ways (base: the previous pristine copy, ours: the user's file, theirs: the new pristine copy);
a file the user deleted stays deleted; a file the generator no longer produces but the user
edited is kept. Everything here decides bytes in memory: the caller writes them with the same
atomic swap as the rest of the output.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.write.manifest import Manifest, sha256
from generator.write.merge import conflict_blocks, merge_edit
from generator.write.pristine import read_pristine

Blocks = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class EditReport:
    """What a run did with the user's edits."""

    # Edited files whose edits were carried into the new generation.
    merged: tuple[str, ...] = ()
    # Files left with conflict markers, and where the blocks are.
    conflicts: dict[str, Blocks] = field(default_factory=dict)
    # Generated files the user deleted: every one, and those this run noticed first.
    deleted: tuple[str, ...] = ()
    newly_deleted: tuple[str, ...] = ()
    # Files the generator no longer produces, kept because the user edited them.
    kept: tuple[str, ...] = ()


class UnresolvedConflicts(Exception):
    """The last run left conflict markers that are still there: a run would merge against a
    file that is neither the user's intent nor the generator's."""

    def __init__(self, files: dict[str, Blocks]) -> None:
        self.files = files
        super().__init__("\n".join(describe_conflicts(files)))


def describe_conflicts(files: dict[str, Blocks]) -> list[str]:
    """One line per file: its path and the lines of each conflict block."""
    return [
        f"  {path}: " + ", ".join(f"lines {first}-{last}" for first, last in blocks)
        for path, blocks in sorted(files.items())
    ]


def unknown_paths(manifest: Manifest | None, paths: Iterable[str]) -> list[str]:
    """Paths that name no file the last run generated (so there is no edit to discard)."""
    known = manifest.files if manifest is not None else {}
    return sorted(path for path in paths if path not in known)


def check_resolved(output: Path, previous: Manifest | None, discard: Iterable[str]) -> None:
    """Raise UnresolvedConflicts when a file the last run left conflicted still has markers
    (unless its edits are being discarded, which resolves it too)."""
    if previous is None:
        return
    skipped = set(discard)
    remaining: dict[str, Blocks] = {}
    for path in previous.conflicts:
        data = _read(output / path)
        if path not in skipped and data is not None and (blocks := conflict_blocks(data)):
            remaining[path] = blocks
    if remaining:
        raise UnresolvedConflicts(remaining)


def apply_edits(
    output: Path,
    previous: Manifest | None,
    pristine: dict[str, bytes],
    discard: Iterable[str] = (),
) -> tuple[dict[str, bytes], EditReport]:
    """The bytes each file gets: the new generation with the user's edits merged in.

    `pristine` is this run's generation; paths in `discard` get it as is, edits dropped (a
    deleted file comes back). Files kept because the user edited them are in the result with
    their own bytes, so the write leaves them where they are.
    """
    records = previous.files if previous is not None else {}
    known_deleted = set(previous.deleted) if previous is not None else set()
    thrown_away = set(discard)
    final: dict[str, bytes] = {}
    merged: list[str] = []
    conflicts: dict[str, Blocks] = {}
    deleted: list[str] = []
    for path, theirs in pristine.items():
        ours = _read(output / path)
        record = records.get(path)
        if path in thrown_away or (ours is None and record is None):
            final[path] = theirs
            continue
        if ours is None:
            deleted.append(path)  # generated before and gone: the user deleted it
            continue
        base = _base(output, record.sha256, ours, theirs) if record is not None else None
        result = merge_edit(path, base, ours, theirs)
        final[path] = result.data
        if result.conflicts:
            conflicts[path] = result.conflicts
        elif result.data != theirs:
            merged.append(path)
    kept: list[str] = []
    for path, record in sorted(records.items()):
        if path in pristine or path in thrown_away:
            continue
        ours = _read(output / path)
        if ours is not None and sha256(ours) != record.sha256:
            final[path] = ours
            kept.append(path)
    report = EditReport(
        merged=tuple(sorted(merged)),
        conflicts=dict(sorted(conflicts.items())),
        deleted=tuple(sorted(deleted)),
        newly_deleted=tuple(sorted(p for p in deleted if p not in known_deleted)),
        kept=tuple(kept),
    )
    return dict(sorted(final.items())), report


def _base(output: Path, digest: str, ours: bytes, theirs: bytes) -> bytes | None:
    """The previous generation of a file: its pristine object, or, where that is missing (an
    output made before the store, or a store deleted by hand), whichever side hashes as the
    manifest recorded it."""
    stored = read_pristine(output, digest)
    if stored is not None:
        return stored
    return next((side for side in (theirs, ours) if sha256(side) == digest), None)


@dataclass(frozen=True)
class Edit:
    path: str
    state: str  # "edited", "deleted", or "no pristine record"


def list_edits(output: Path, manifest: Manifest) -> list[Edit]:
    """Every generated file that is not as the generator left it."""
    edits: list[Edit] = []
    for path, record in sorted(manifest.files.items()):
        data = _read(output / path)
        if data is None:
            edits.append(Edit(path, "deleted"))
        elif sha256(data) != record.sha256:
            known = read_pristine(output, record.sha256) is not None
            edits.append(Edit(path, "edited" if known else "no pristine record"))
    return edits


def edit_diff(output: Path, manifest: Manifest, path: str) -> str:
    """A unified diff from the pristine copy of `path` to the file on disk."""
    record = manifest.files[path]
    before = read_pristine(output, record.sha256) or b""
    after = _read(output / path) or b""
    lines = difflib.unified_diff(
        before.decode("utf-8", "replace").splitlines(keepends=True),
        after.decode("utf-8", "replace").splitlines(keepends=True),
        f"a/{path} (generated)",
        f"b/{path} (yours)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
