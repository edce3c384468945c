"""The three-way merge of one file: what combines, what conflicts, and how a conflict reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.problems import SpecError
from generator.write.merge import conflict_blocks, merge_edit

BASE = b"""class A:
    def a(self) -> dict[str, int]:
        return {"a": 1}

    def z(self) -> int:
        return 0
"""


def test_unedited_files_take_the_new_generation_and_unchanged_ones_keep_the_edit() -> None:
    theirs = BASE.replace(b'"a": 1', b'"a": 2')
    assert merge_edit("a.py", BASE, BASE, theirs).data == theirs
    mine = BASE + b"\n# mine,   spaced as I like\nX  =  1\n"
    assert merge_edit("a.py", BASE, mine, BASE).data == mine  # not even reformatted


def test_python_formatting_noise_is_not_a_conflict() -> None:
    theirs = BASE.replace(b'"a": 1', b'"a": 2')
    # The user re-quoted the very line the generation changes, and added a method.
    mine = BASE.replace(b'{"a": 1}', b"{'a': 1}") + b"\n    def b(self) -> int:\n        return 2\n"
    merged = merge_edit("a.py", BASE, mine, theirs)
    assert merged.conflicts == ()
    assert merged.data == theirs + b"\n    def b(self) -> int:\n        return 2\n"
    # The same change in a file that is not Python is a real conflict.
    assert merge_edit("a.txt", BASE, mine, theirs).conflicts


def test_a_reformatting_alone_is_no_edit() -> None:
    theirs = BASE.replace(b'"a": 1', b'"a": 2')
    assert merge_edit("a.py", BASE, BASE.replace(b'"a"', b"'a'"), theirs).data == theirs


def test_both_sides_adding_at_the_same_place_keeps_both_yours_first() -> None:
    mine = BASE + b"\n    def mine(self) -> None:\n        pass\n"
    theirs = BASE + b"\n    def new(self) -> None:\n        pass\n"
    merged = merge_edit("a.py", BASE, mine, theirs)
    assert merged.conflicts == ()
    assert merged.data == mine + b"\n    def new(self) -> None:\n        pass\n"


def test_a_conflict_shows_only_the_lines_that_differ() -> None:
    base = b"one\ntwo\nthree\nfour\n"
    mine = b"one\nTWO (mine)\nthree\nfour\n"
    theirs = b"one\nTWO (generated)\nthree\nfour\n"
    merged = merge_edit("notes.md", base, mine, theirs)
    assert merged.data == (
        b"one\n<<<<<<< yours\nTWO (mine)\n=======\nTWO (generated)\n>>>>>>> generated\n"
        b"three\nfour\n"
    )
    assert merged.conflicts == ((2, 6),) == conflict_blocks(merged.data)


def test_without_a_base_every_difference_is_a_conflict_and_nothing_is_doubled() -> None:
    merged = merge_edit("notes.md", None, b"a\nb\nc\n", b"a\nB\nc\n")
    assert merged.data == b"a\n<<<<<<< yours\nb\n=======\nB\n>>>>>>> generated\nc\n"


def test_windows_line_endings_are_not_an_edit() -> None:
    theirs = BASE.replace(b'"a": 1', b'"a": 2')
    assert merge_edit("a.md", BASE, BASE.replace(b"\n", b"\r\n"), theirs).data == theirs


def test_the_users_git_configuration_does_not_change_the_markers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[merge]\n\tconflictStyle = zdiff3\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".gitconfig").write_text(config.read_text())
    merged = merge_edit("notes.md", b"x\n", b"mine\n", b"generated\n")
    assert merged.data == b"<<<<<<< yours\nmine\n=======\ngenerated\n>>>>>>> generated\n"


def test_a_missing_git_is_a_located_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(SpecError) as caught:
        merge_edit("src/a.py", b"x\n", b"mine\n", b"generated\n")
    assert str(caught.value).startswith(
        "src/a.py: #: merging your edits into the new generation needs git on PATH: could not"
        " run git merge-file"
    )
