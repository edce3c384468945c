"""Regeneration: the committed output is what the generator makes, byte for byte, every time."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import OUTPUT, REAL_SPEC, ROOT, SEED_PAGE, SPECS, generate_into, needs_shared


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_committed_output_equals_a_fresh_generation(tmp_path: Path) -> None:
    fresh = tmp_path / "autumn-sdk"
    generate_into(SPECS / "autumn.yaml", fresh, label="specs/autumn.yaml")
    expected, committed = tree(fresh), tree(OUTPUT)
    stale = sorted(
        p for p in expected.keys() | committed.keys() if expected.get(p) != committed.get(p)
    )
    assert not stale, f"output/autumn-sdk is stale; run `make generate`. Differing files: {stale}"


def test_unchanged_spec_rewrites_nothing(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    generate_into(SPECS / "autumn.yaml", out)
    before = {p: os.stat(p).st_mtime_ns for p in out.rglob("*") if p.is_file()}
    outcome = generate_into(SPECS / "autumn.yaml", out)
    assert outcome.changes.empty
    assert {p: os.stat(p).st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.slow
def test_output_is_identical_across_hash_seeds(tmp_path: Path) -> None:
    for seed in ("0", "1", "12345"):
        subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--out", str(tmp_path / seed), "-q"],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
    comparison = filecmp.dircmp(tmp_path / "0", tmp_path / "1")
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    assert tree(tmp_path / "0") == tree(tmp_path / "12345") == tree(OUTPUT)


@needs_shared
def test_real_autumn_spec_gives_the_seed_referrals_page(tmp_path: Path) -> None:
    out = tmp_path / "real"
    outcome = generate_into(REAL_SPEC, out)
    assert outcome.warnings == []
    assert (
        out / "docs" / "sdks" / "referrals" / "README.md"
    ).read_bytes() == SEED_PAGE.read_bytes()
    resources = sorted(p.name for p in (out / "docs" / "sdks").iterdir())
    assert resources == [
        "autumn",
        "balances",
        "billing",
        "customers",
        "entities",
        "events",
        "plans",
        "referrals",
    ]
