"""The pre-commit hooks run the real commands, and the generator works installed from a wheel,
as pre-commit installs it for other repositories."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT, SPECS, build_wheel, install_wheel


def test_hooks_run_the_check_and_the_generator() -> None:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    assert set(hooks) == {"sdkgen-check", "sdkgen-generate"}
    assert shlex.split(hooks["sdkgen-check"]["entry"]) == [
        "sdkgen",
        "generate",
        "--check",
        "--quiet",
    ]
    assert shlex.split(hooks["sdkgen-generate"]["entry"]) == ["sdkgen", "generate", "--quiet"]
    assert all(
        hook["pass_filenames"] is False and hook["language"] == "python" for hook in hooks.values()
    )
    local = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = {hook["id"]: hook["entry"] for repo in local["repos"] for hook in repo["hooks"]}
    assert entries == {
        "ruff": "make --no-print-directory lint",
        "sdkgen-check": "make --no-print-directory check",
    }


@pytest.mark.slow
def test_generator_installed_from_a_wheel_checks_another_repository(tmp_path: Path) -> None:
    wheel = build_wheel(ROOT, tmp_path / "wheels")
    assert wheel.name.startswith("sdkgen-")
    site = install_wheel(wheel, tmp_path / "site")
    other = tmp_path / "other-repo"
    (other / "api").mkdir(parents=True)
    (other / "api" / "spec.yaml").write_text((SPECS / "autumn.yaml").read_text())
    (other / "pyproject.toml").write_text(
        '[tool.sdkgen]\nspec = "api/spec.yaml"\noutput = "sdk"\nclient-class = "Autumn"\n'
    )
    environment = {**os.environ, "PYTHONPATH": str(site)}

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", *arguments],
            cwd=other,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import generator.paths as p; print(p.TEMPLATES)"],
        cwd=other,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site)  # templates came inside the wheel
    assert run("generate", "--check", "--quiet").returncode == 1  # nothing generated yet
    generated = run("generate", "--quiet")
    assert generated.returncode == 0, generated.stderr
    assert (other / "sdk" / "src" / "autumn_sdk" / "basesdk.py").is_file()
    assert run("generate", "--check", "--quiet").returncode == 0
