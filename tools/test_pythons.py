"""`make test-pythons`: the generated SDK on every Python its pyproject.toml claims.

For each minor version from the oldest `requires-python` of output/autumn-sdk allows up to
3.13 (the newest pyenv has on these machines), with the interpreter pyenv installed:

1. a virtual environment in `.venv-pythons/<version>/`, made once and reused, holding the SDK's
   own dependencies (read from its pyproject.toml) and pytest;
2. every module of every generated SDK (each golden record and output/autumn-sdk) imported;
3. the runtime tests (`tests/runtime/`: calls, errors, retries, timeouts, auth, hooks, clients,
   concurrency) run against the committed Autumn SDK over a loopback server;
4. each generated SDK's own suite (`tests/` of output/autumn-sdk and of each golden record,
   against the SDK's mock server), run in the SDK's folder as its README says.

A claimed version that is not installed fails the run, as one whose tests fail does: the claim
is only what passes. Not part of `make test` (minutes, and downloads on a first run).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
SDK = ROOT / "output" / "autumn-sdk"
TREES = [*sorted((ROOT / "tests" / "golden").glob("*/src")), SDK / "src"]
VENVS = ROOT / ".venv-pythons"
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
NEWEST = (3, 13)
# Test tools only: ranges, so that pip takes the newest release each Python supports
# (pytest 9 needs 3.10, for one). The webhook tests check the SDK against the reference
# Standard Webhooks implementation, pinned as the generator's dev extra pins it.
TEST_TOOLS = ["pytest>=8.3,<10", "pytest-asyncio>=0.24,<2", "standardwebhooks==1.1.0"]

# Run by each interpreter: import every module of one SDK package.
IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(len(names) + 1)
"""


@dataclass
class Outcome:
    version: str
    passed: bool
    detail: str


def claimed_minimum(pyproject: Path) -> tuple[int, int]:
    text = pyproject.read_text(encoding="utf-8")
    match = re.search(r'^requires-python = ">=3\.(\d+)"$', text, re.MULTILINE)
    if match is None:
        raise SystemExit(f'no `requires-python = ">=3.N"` in {pyproject}')
    return 3, int(match.group(1))


def sdk_dependencies(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"])


def interpreter(version: tuple[int, int]) -> Path | None:
    """pyenv's newest patch release of `version`, if installed."""
    prefix = f"{version[0]}.{version[1]}."
    found = [
        path / "bin" / "python"
        for path in PYENV.glob(prefix + "*")
        if path.name[len(prefix) :].isdigit() and (path / "bin" / "python").is_file()
    ]
    return max(found, key=lambda path: int(path.parent.parent.name.split(".")[2]), default=None)


def run(command: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # No __pycache__ left in the golden records or the committed SDK.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=env, check=False, timeout=900
    )


def environment(version: str, python: Path, requirements: list[str]) -> Path | str:
    """The venv's interpreter, made and filled on first use; or what went wrong."""
    venv = VENVS / version
    stamp = venv / "requirements.txt"
    wanted = "\n".join(requirements) + "\n"
    if not (stamp.is_file() and stamp.read_text() == wanted):
        made = run([str(python), "-m", "venv", "--clear", str(venv)])
        if made.returncode != 0:
            return made.stdout + made.stderr
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
        installed = run([*pip, "--disable-pip-version-check", *requirements])
        if installed.returncode != 0:
            return installed.stdout + installed.stderr
        stamp.write_text(wanted)
    return venv / "bin" / "python"


def check(version: tuple[int, int], requirements: list[str], verbose: bool) -> Outcome:
    name = f"{version[0]}.{version[1]}"
    python = interpreter(version)
    if python is None:
        return Outcome(name, False, f"not installed under {PYENV}")
    venv_python = environment(name, python, requirements)
    if isinstance(venv_python, str):
        return Outcome(name, False, "installing the SDK's dependencies failed:\n" + venv_python)
    modules = 0
    for tree in TREES:
        [package] = [path.name for path in tree.iterdir() if (path / "__init__.py").is_file()]
        imported = run([str(venv_python), "-c", IMPORT_ALL, package], cwd=tree)
        if imported.returncode != 0:
            where = tree.relative_to(ROOT)
            return Outcome(name, False, f"importing {where}:\n{imported.stderr}")
        modules += int(imported.stdout.split()[-1])
    pytest = [str(venv_python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    tested = run([*pytest, "tests/runtime"], cwd=ROOT)
    summary = tested.stdout.strip().splitlines()[-1] if tested.stdout.strip() else ""
    if tested.returncode != 0:
        return Outcome(name, False, f"tests/runtime: {summary}\n{tested.stdout}{tested.stderr}")
    suites = 0
    for tree in TREES:
        suite = run([*pytest, "-p", "no:asyncio"], cwd=tree.parent)
        last = suite.stdout.strip().splitlines()[-1] if suite.stdout.strip() else ""
        if suite.returncode != 0:
            where = tree.parent.relative_to(ROOT)
            return Outcome(name, False, f"{where}/tests: {last}\n{suite.stdout}{suite.stderr}")
        suites += int(re.findall(r"(\d+) passed", last)[-1])
    detail = (
        f"{modules} modules of {len(TREES)} SDKs import; tests/runtime: {summary};"
        f" the SDKs' own tests: {suites} passed"
    )
    if verbose:
        detail += f"\n  {python}"
    return Outcome(name, True, detail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one version, such as 3.9")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    lowest = claimed_minimum(SDK / "pyproject.toml")
    versions = [(3, minor) for minor in range(lowest[1], NEWEST[1] + 1)]
    if args.only:
        versions = [v for v in versions if f"{v[0]}.{v[1]}" == args.only]
    requirements = [*sdk_dependencies(SDK / "pyproject.toml"), *TEST_TOOLS]
    outcomes = []
    for version in versions:
        outcome = check(version, requirements, args.verbose)
        outcomes.append(outcome)
        print(f"Python {outcome.version}: {'ok' if outcome.passed else 'FAILED'}: {outcome.detail}")
        sys.stdout.flush()
    passed = [o.version for o in outcomes if o.passed]
    failed = [o.version for o in outcomes if not o.passed]
    print(f"passed: {' '.join(passed) or 'none'}; failed: {' '.join(failed) or 'none'}")
    print(f"{len(passed)} passed, {len(failed)} failed")
    return 1 if failed or not outcomes else 0


if __name__ == "__main__":
    raise SystemExit(main())
