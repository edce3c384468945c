"""Writing the output folder: only changed bytes, orphans removed, swapped in whole."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.write.manifest import MANIFEST_NAME, Manifest


@dataclass(frozen=True)
class Changes:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not self.written and not self.removed


def plan_changes(
    output: Path,
    files: dict[str, bytes],
    previous: Manifest | None,
    also_made: Iterable[str] = (),
) -> Changes:
    """What a write would do: new or changed files, and files an earlier run made that are gone.

    `also_made` names files an earlier run made that its manifest does not list (the pristine
    store's objects)."""
    written = [path for path, data in files.items() if _read(output / path) != data]
    made = set(previous.files if previous else {}) | set(also_made)
    removed = sorted(path for path in made if path not in files and (output / path).is_file())
    return Changes(written=sorted(written), removed=removed, unchanged=len(files) - len(written))


def write_tree(output: Path, files: dict[str, bytes], changes: Changes) -> None:
    """Build the new folder beside the old one, then swap, so readers never see half a run.

    Unchanged files are hard-linked into the new folder, so their inode and mtime stay put.
    """
    recover_interrupted_swap(output)
    if changes.empty:
        return
    staging = output.with_name(f".{output.name}.sdkgen-staging")
    backup = output.with_name(f".{output.name}.sdkgen-previous")
    for leftover in (staging, backup):
        if leftover.exists():
            shutil.rmtree(leftover)
    skip = set(changes.written) | set(changes.removed)
    staging.mkdir(parents=True)
    if output.exists():
        _link_tree(output, staging, skip)
    for path in changes.written:
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])
    if output.exists():
        os.rename(output, backup)
    os.rename(staging, output)
    shutil.rmtree(backup, ignore_errors=True)


def recover_interrupted_swap(output: Path) -> None:
    """A run killed between the two renames leaves only the backup: put it back."""
    backup = output.with_name(f".{output.name}.sdkgen-previous")
    if backup.exists() and not output.exists():
        os.rename(backup, output)


def _link_tree(source: Path, target: Path, skip: set[str]) -> None:
    # Folders are made only for files that remain, so a folder emptied of orphans disappears.
    for folder, _, names in os.walk(source):
        relative_folder = Path(folder).relative_to(source)
        for name in names:
            relative = (relative_folder / name).as_posix()
            if relative in skip:
                continue
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(Path(folder) / name, target / relative)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


__all__ = ["MANIFEST_NAME", "Changes", "plan_changes", "recover_interrupted_swap", "write_tree"]
