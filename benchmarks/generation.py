"""Generation speed on a spec, as ratios to the cost of loading and validating that spec, and
where a cold generation spends its time.

    .venv/bin/python benchmarks/generation.py [SPEC] [--runs N]
    (default: ../shared Autumn spec, else specs/; N defaults to 5)

Prints, for one process: load+validate (the baseline), a cold generation into an empty folder, a
no-op regeneration, and a regeneration after one description changed. Figures are medians of
N runs; ratios are against the baseline measured in the same run. Then the phases of the last
cold generation, timed between the pipeline's own progress messages: loading, building,
rendering, formatting, the wait for the background validation, merging and writing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import Config  # noqa: E402
from generator.load import load_document  # noqa: E402
from generator.pipeline import generate  # noqa: E402


def median_seconds(
    runs: int, action: Callable[[], object], setup: Callable[[], object] = lambda: None
) -> float:
    timings = []
    for _ in range(runs):
        setup()
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


class Phases:
    """The time from each progress message to the next: the phase the message announced."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []
        self.ended = 0.0

    def __call__(self, message: str) -> None:
        self.marks.append((message, time.perf_counter()))

    def table(self) -> list[tuple[str, float]]:
        ends = [at for _, at in self.marks[1:]] + [self.ended]
        return [(message, end - at) for (message, at), end in zip(self.marks, ends, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    arguments = parser.parse_args()
    shared = ROOT.parent / "shared" / "specs" / "autumn-openapi-2.1.0.yml"
    spec: Path = arguments.spec or (shared if shared.is_file() else ROOT / "specs" / "autumn.yaml")
    runs: int = arguments.runs
    work = Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    try:
        spec_copy = work / spec.name
        shutil.copy(spec, spec_copy)
        output = work / "out"
        config = Config(
            spec=spec_copy,
            output=output,
            package_name="autumn-sdk",
            module="autumn_sdk",
            client_class="Autumn",
        )
        generate(config, spec.name)  # warm imports (jinja2, the validator's pydantic)

        baseline = median_seconds(runs, lambda: load_document(spec_copy))
        phases = Phases()

        def cold_run() -> None:
            shutil.rmtree(output, ignore_errors=True)
            phases.marks.clear()

        def cold_generation() -> None:
            generate(config, spec.name, progress=phases)
            phases.ended = time.perf_counter()

        cold = median_seconds(runs, cold_generation, cold_run)
        noop = median_seconds(runs, lambda: generate(config, spec.name))
        original = spec_copy.read_text()
        flips = iter(range(1_000))

        def edit_description() -> None:
            marker = f"description: Production server (edit {next(flips)})"
            spec_copy.write_text(original.replace("description: Production server", marker, 1))

        one_change = median_seconds(runs, lambda: generate(config, spec.name), edit_description)
        print(f"spec: {spec} ({len(original.splitlines())} lines); median of {runs} runs")
        print(f"{'load + validate (baseline)':32} {baseline * 1000:8.1f} ms   1.00x")
        for label, seconds in (
            ("cold generation", cold),
            ("no-op regeneration", noop),
            ("one-description change", one_change),
        ):
            print(f"{label:32} {seconds * 1000:8.1f} ms   {seconds / baseline:.2f}x")
        print("phases of the last cold generation:")
        for message, seconds in phases.table():
            print(f"  {message[:60]:60} {seconds * 1000:9.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
