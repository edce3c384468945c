"""Every test spec's generated SDK equals its committed golden record, file for file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import (
    UPDATE_COMMAND,
    GoldenSpec,
    difference,
    generated_tree,
    golden_specs,
    read_tree,
)


@pytest.mark.parametrize("spec", golden_specs(), ids=lambda spec: spec.name)
def test_generation_equals_its_golden_record(spec: GoldenSpec, tmp_path: Path) -> None:
    if not spec.spec.is_file():
        pytest.skip(f"{spec.spec} is not there (../shared is not beside this checkout)")
    assert spec.record.is_dir(), f"no golden record for {spec.name}; run `{UPDATE_COMMAND}`"
    summary = difference(read_tree(spec.record), generated_tree(spec, tmp_path))
    assert not summary, (
        f"the SDK generated from {spec.label} differs from tests/golden/{spec.name}/.\n"
        f"If the change is meant, run `{UPDATE_COMMAND}` and commit the records with it.\n"
        + summary
    )


def test_the_summary_names_added_removed_and_changed_files_with_their_first_lines() -> None:
    recorded = {"a.py": b"x = 1\ny = 2\n", "gone.md": b"old\n"}
    fresh = {"a.py": b"x = 1\ny = 3\n", "new.md": b"new\n"}
    summary = difference(recorded, fresh)
    assert "  added:   new.md" in summary
    assert "  removed: gone.md" in summary
    assert "  changed: a.py" in summary
    assert "      -y = 2" in summary and "      +y = 3" in summary
    assert difference(fresh, fresh) == ""
