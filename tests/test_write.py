"""The write stage: only changed bytes, a manifest that cannot be misused, atomic swaps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.write.manifest import MANIFEST_NAME, FileRecord, Manifest, read_manifest
from generator.write.tree import plan_changes, recover_interrupted_swap, write_tree


def write(output: Path, files: dict[str, bytes], previous: Manifest | None = None) -> None:
    write_tree(output, files, plan_changes(output, files, previous))


def test_only_changed_files_get_new_inodes(tmp_path: Path) -> None:
    output = tmp_path / "out"
    write(output, {"a.py": b"a", "b/c.md": b"c"})
    inode_a = (output / "a.py").stat().st_ino
    inode_c = (output / "b" / "c.md").stat().st_ino
    write(output, {"a.py": b"a", "b/c.md": b"changed"})
    assert (output / "a.py").stat().st_ino == inode_a
    assert (output / "b" / "c.md").stat().st_ino != inode_c
    assert (output / "b" / "c.md").read_bytes() == b"changed"
    assert not list(tmp_path.glob(".out.*"))  # no staging or backup folder left behind


def test_orphans_listed_in_the_manifest_are_removed_others_kept(tmp_path: Path) -> None:
    output = tmp_path / "out"
    write(output, {"gen.py": b"1", "old.py": b"2"})
    (output / "mine.txt").write_text("user file")
    previous = Manifest("0", "x", {p: FileRecord("h", "s") for p in ("gen.py", "old.py")})
    write(output, {"gen.py": b"1"}, previous)
    assert sorted(p.name for p in output.iterdir()) == ["gen.py", "mine.txt"]


def test_manifest_paths_outside_the_output_are_ignored(tmp_path: Path) -> None:
    output = tmp_path / "out"
    output.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (output / MANIFEST_NAME).write_text(
        json.dumps(
            {
                "generator_version": "0",
                "spec_sha256": "x",
                "files": {
                    "../victim.txt": {"sha256": "a", "source_sha256": "b"},
                    "/etc/passwd": {"sha256": "a", "source_sha256": "b"},
                },
            }
        )
    )
    manifest = read_manifest(output)
    assert manifest is not None and manifest.files == {}
    write(output, {"a.py": b"a"}, manifest)
    assert victim.read_text() == "keep me"


def test_a_run_killed_between_renames_is_recovered(tmp_path: Path) -> None:
    output = tmp_path / "out"
    write(output, {"a.py": b"a"})
    backup = tmp_path / ".out.sdkgen-previous"
    output.rename(backup)  # the state a kill between the two renames leaves
    recover_interrupted_swap(output)
    assert (output / "a.py").read_bytes() == b"a"
    assert not backup.exists()


def test_a_failure_while_staging_leaves_the_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out"
    write(output, {"a.py": b"a", "b.py": b"b"})
    before = {p.name: p.read_bytes() for p in output.iterdir()}

    def fail(self: Path, data: bytes) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_bytes", fail)
    with pytest.raises(OSError):
        write(output, {"a.py": b"A", "b.py": b"B"})
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in output.iterdir()} == before
