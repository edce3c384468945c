"""Generation speed on a spec, as ratios to the cost of loading and validating that spec.

    .venv/bin/python benchmarks/generation.py [SPEC]   (default: ../shared Autumn spec, else specs/)

Prints, for one process: load+validate (the baseline), a cold generation into an empty folder, a
no-op regeneration, and a regeneration after one description changed. Figures are medians of
several runs; ratios are against the baseline measured in the same run.
"""

from __future__ import annotations

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

RUNS = 5


def median_seconds(
    action: Callable[[], object], setup: Callable[[], object] = lambda: None
) -> float:
    timings = []
    for _ in range(RUNS):
        setup()
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    shared = ROOT.parent / "shared" / "specs" / "autumn-openapi-2.1.0.yml"
    spec = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else shared
        if shared.is_file()
        else ROOT / "specs" / "autumn.yaml"
    )
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
        generate(config, spec.name)  # warm imports (black, jinja2, pydantic of the validator)

        baseline = median_seconds(lambda: load_document(spec_copy))
        cold = median_seconds(
            lambda: generate(config, spec.name), lambda: shutil.rmtree(output, ignore_errors=True)
        )
        generate(config, spec.name)
        noop = median_seconds(lambda: generate(config, spec.name))
        original = spec_copy.read_text()
        flips = iter(range(1_000))

        def edit_description() -> None:
            marker = f"description: Production server (edit {next(flips)})"
            spec_copy.write_text(original.replace("description: Production server", marker, 1))

        one_change = median_seconds(lambda: generate(config, spec.name), edit_description)
        print(f"spec: {spec} ({len(original.splitlines())} lines); median of {RUNS} runs")
        print(f"{'load + validate (baseline)':32} {baseline * 1000:8.1f} ms   1.00x")
        for label, seconds in (
            ("cold generation", cold),
            ("no-op regeneration", noop),
            ("one-description change", one_change),
        ):
            print(f"{label:32} {seconds * 1000:8.1f} ms   {seconds / baseline:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
