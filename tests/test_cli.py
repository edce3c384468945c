"""The command line: exit codes, messages, and an output folder a failure never touches."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT, SPECS


def sdkgen(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def project(tmp_path: Path) -> Path:
    """A copy of this project's spec and settings, generated once, to break on purpose."""
    (tmp_path / "specs").mkdir()
    shutil.copy(SPECS / "autumn.yaml", tmp_path / "specs" / "autumn.yaml")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert sdkgen("generate", "-q", cwd=tmp_path).returncode == 0
    return tmp_path


def test_bad_spec_reports_located_error_and_leaves_output_untouched(tmp_path: Path) -> None:
    root = project(tmp_path)
    output = root / "output" / "autumn-sdk"
    before = snapshot(output)
    spec = root / "specs" / "autumn.yaml"
    spec.write_text(
        spec.read_text().replace("        required: true\n", "        required: maybe\n", 1)
    )
    result = sdkgen("generate", cwd=root)
    assert result.returncode == 1
    assert result.stderr == (
        "specs/autumn.yaml: #/paths/~1v1~1referrals.create_code/post/requestBody/required"
        " (line 28): 'maybe' is not of type 'boolean'\n"
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(output) == before


def test_invalid_yaml_is_one_line_with_line_and_column(tmp_path: Path) -> None:
    root = project(tmp_path)
    spec = root / "specs" / "autumn.yaml"
    spec.write_text(spec.read_text().replace("  title: Autumn API\n", "  title: [Autumn API\n", 1))
    result = sdkgen("generate", cwd=root)
    assert result.returncode == 1
    assert result.stderr.startswith("specs/autumn.yaml: # (line ")
    assert ": invalid YAML, column " in result.stderr
    assert "Traceback" not in result.stderr


def test_check_lists_stale_missing_and_extra_files(tmp_path: Path) -> None:
    root = project(tmp_path)
    output = root / "output" / "autumn-sdk"
    assert sdkgen("generate", "--check", cwd=root).returncode == 0
    (output / "README.md").write_text("edited\n")
    (output / "USAGE.md").unlink()
    spec = root / "specs" / "autumn.yaml"
    spec.write_text(spec.read_text().replace("tags: [referrals]", "tags: [codes]"))
    before = snapshot(output)
    result = sdkgen("generate", "--check", cwd=root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith("is stale; run `make generate` (or `sdkgen generate`):")
    # README.md is the user's edit, merged with the new generation; both rewrote its lines.
    assert "  conflict: README.md" in lines
    assert not any("USAGE.md" in line for line in lines)  # deleted by the user: stays deleted
    assert "  stale: src/autumn_sdk/sdk.py" in lines
    assert "  missing: docs/sdks/codes/README.md" in lines
    assert "  extra: docs/sdks/referrals/README.md" in lines
    assert snapshot(output) == before


def test_generate_removes_orphans_but_keeps_user_files(tmp_path: Path) -> None:
    root = project(tmp_path)
    output = root / "output" / "autumn-sdk"
    (output / "NOTES.md").write_text("mine\n")
    spec = root / "specs" / "autumn.yaml"
    spec.write_text(spec.read_text().replace("tags: [referrals]", "tags: [codes]"))
    result = sdkgen("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (output / "docs" / "sdks" / "referrals").exists()
    assert not (output / "src" / "autumn_sdk" / "referrals.py").exists()
    assert (output / "docs" / "sdks" / "codes" / "README.md").is_file()
    assert (output / "NOTES.md").read_text() == "mine\n"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert sdkgen("generate", "--no-such-flag").returncode == 2
    assert sdkgen().returncode == 2


def test_another_spec_gets_names_from_its_title(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: Pet Store API, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      operationId: listPets\n      responses: {'200': {description: OK}}\n"
    )
    out = tmp_path / "pets-sdk"
    result = sdkgen("generate", "--spec", str(spec), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "src" / "pet_store_sdk" / "sdk.py").read_text().count("class PetStore:") == 1
    assert 'name = "pet-store-sdk"' in (out / "pyproject.toml").read_text()


def test_validate_command(tmp_path: Path) -> None:
    result = sdkgen("validate", "specs/autumn.yaml")
    assert (result.returncode, result.stdout) == (
        0,
        "specs/autumn.yaml: valid, 0 warnings, 0 operations skipped\n",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\n")
    result = sdkgen("validate", str(bad))
    assert result.returncode == 1
    assert "error: 'info' is a required property" in result.stderr


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    root = project(tmp_path)
    spec = root / "specs" / "autumn.yaml"
    spec.write_text(spec.read_text().replace("program_id: prog_123", "programId: prog_123"))
    relaxed = sdkgen("generate", cwd=root)
    assert relaxed.returncode == 0
    assert "warning: example does not match the schema" in relaxed.stderr
    strict = sdkgen("generate", "--strict", cwd=root)
    assert strict.returncode == 1
    assert strict.stderr.startswith("specs/autumn.yaml: #/paths/~1v1~1referrals.create_code/post")
    assert "warning:" not in strict.stderr and "example does not match the schema" in strict.stderr


def test_progress_shows_on_a_terminal_only(tmp_path: Path) -> None:
    import pty

    root = project(tmp_path)
    (root / "output").rename(root / "old-output")
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate"],
        cwd=root,
        env={**environment, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=follower,
        timeout=120,
    )
    os.close(follower)
    shown = os.read(leader, 65536).decode()
    os.close(leader)
    assert result.returncode == 0
    assert "validating the spec" in shown and "rendering 2 operations and 2 models" in shown
    piped = sdkgen("generate", "--out", str(root / "piped"), cwd=root)
    assert "validating" not in piped.stderr
