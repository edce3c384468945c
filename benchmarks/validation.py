"""Validation alone: plain openapi-spec-validator against ours (generator/load/validate.py), on
GitHub's spec, Microsoft Graph and the OpenAI-sized (Stripe) spec, measured in the same run.

    .venv/bin/python benchmarks/validation.py [--runs 3] [--only github|graph|openai]
    .venv/bin/python benchmarks/validation.py --check [PATH ...] [--corpus N]

Each run is a fresh process (imports included, as in a cold generation) that loads the document
first and times only its validation; the modes alternate, so that the machine's other load falls
on each. Plain is the library as a user calls it, `OpenAPIV3xSpecValidator(spec).iter_errors()`,
with its default (Python jsonschema) backend; before is ours without its fast path (the
library's own walk, as validate.py ran before it); ours is validate.py as it runs. Times are
medians.

`--check` compares findings instead of times: ours against the library's own walk
(`validation_problems(document, fast=False)`), on the three specs, the PATHs given, and the first
N documents of the corpus sample (tools/corpus.py; its cache must exist). It prints each
document's finding count and `same` or the first difference, and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tools")]

import compare  # noqa: E402  (benchmarks/compare.py fetches and pins the specs)

# plain: the library as a user calls it; before: ours without the fast path (fast=False, the
# library's own walk, as validate.py ran before it); ours: validate.py as it runs.
MODES = ("plain", "before", "ours")


def spec_paths(only: str | None) -> dict[str, Path]:
    large = compare.ensure_directory_specs(600)
    paths = {
        "github": compare.ensure_github_spec(600),
        "graph": large["package/api/microsoft.com/graph.json"],
        "openai": large["package/api/stripe.com.json"],
    }
    return {name: path for name, path in paths.items() if only in (None, name)}


def one_run(mode: str, path: Path) -> None:
    """In the child: load, validate the `mode` way, print seconds and findings as JSON."""
    if mode == "plain":
        os.environ["OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"] = "jsonschema"
    from generator.load.document import load_document

    document = load_document(path, path.name, validate=False)
    validate = {"plain": _plain, "before": _before, "ours": _ours}[mode]
    started = time.perf_counter()
    findings = _with_room(lambda: validate(document))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "findings": findings}))


def _plain(document: Any) -> int:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    root = document.root
    validator_class = (
        OpenAPIV31SpecValidator if root["openapi"].startswith("3.1") else OpenAPIV30SpecValidator
    )
    validator = validator_class(root, base_uri=document.root_file.as_uri())
    return sum(1 for _ in validator.iter_errors())


def _ours(document: Any) -> int:
    from generator.load.validate import validation_problems

    return len(validation_problems(document))


def _before(document: Any) -> int:
    from generator.load.validate import validation_problems

    return len(validation_problems(document, fast=False))


def _with_room(action: Callable[[], int]) -> int:
    """Run `action` as our validation runs: a large stack, a high recursion limit."""
    sys.setrecursionlimit(20_000)
    threading.stack_size(512 * 1024 * 1024)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(action()))
    thread.start()
    thread.join()
    return result[0]


def measure(mode: str, path: Path) -> tuple[float, int]:
    command = [sys.executable, __file__, "--one", mode, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{mode} on {path.name} failed:\n{done.stderr[-2000:]}")
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    return float(outcome["seconds"]), int(outcome["findings"])


def benchmark(paths: dict[str, Path], runs: int) -> None:
    print(
        f"{'spec':<8} {'plain s':>8} {'before s':>9} {'ours s':>7} {'ours/plain':>11}"
        f" {'ours/before':>12}  findings (plain/before/ours)"
    )
    for name, path in paths.items():
        times: dict[str, list[float]] = {mode: [] for mode in MODES}
        found: dict[str, int] = {}
        for index in range(runs):
            for mode in MODES if index % 2 == 0 else tuple(reversed(MODES)):
                seconds, found[mode] = measure(mode, path)
                times[mode].append(seconds)
                print(f"  {name} {mode} {index + 1}/{runs}: {seconds:.2f} s", file=sys.stderr)
        plain, before, ours = (statistics.median(times[mode]) for mode in MODES)
        print(
            f"{name:<8} {plain:>8.2f} {before:>9.2f} {ours:>7.2f} {ours / plain:>11.2f}"
            f" {ours / before:>12.2f}  {found['plain']}/{found['before']}/{found['ours']}",
            flush=True,
        )


def check(paths: Sequence[Path]) -> int:
    """Our findings against the library's own walk's, document by document."""
    from generator.load.document import load_document
    from generator.load.validate import validation_problems
    from generator.problems import SpecError

    different = 0
    for path in paths:
        started = time.perf_counter()
        try:
            document = load_document(path, path.name, validate=False)
            ours = validation_problems(document)
            reference = validation_problems(document, fast=False)
        except SpecError as error:
            print(f"{path}: refused by the loader ({error.problems[0].message[:80]})")
            continue
        seconds = time.perf_counter() - started
        same = ours == reference
        verdict = "same" if same else f"DIFFERENT: {_first_difference(ours, reference)}"
        different += not same
        print(f"{path}: {len(ours)} findings, {seconds:.1f} s, {verdict}", flush=True)
    print(f"{len(paths)} documents, {different} different")
    return 1 if different else 0


def _first_difference(ours: list[Any], reference: list[Any]) -> str:
    for mine, theirs in zip(ours, reference, strict=False):
        if mine != theirs:
            return f"ours {mine} / library {theirs}"
    return f"{len(ours)} findings against {len(reference)}"


def corpus_sample(count: int) -> list[Path]:
    import corpus

    package = corpus.fetch_directory()
    return [document.path for document in corpus.choose_sample(package)[:count]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["github", "graph", "openai"])
    parser.add_argument("--check", nargs="*", type=Path, help="compare findings instead")
    parser.add_argument("--corpus", type=int, default=0, help="with --check: N corpus documents")
    parser.add_argument("--one", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.one:
        one_run(arguments.one[0], Path(arguments.one[1]))
        return 0
    if arguments.check is not None:
        named = [*spec_paths(arguments.only).values(), *arguments.check]
        return check([*named, *corpus_sample(arguments.corpus)])
    benchmark(spec_paths(arguments.only), arguments.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
