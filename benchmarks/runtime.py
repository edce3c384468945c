"""The generated SDK's cost per call and at import, next to raw httpx and the published
Speakeasy `autumn-sdk`, all in one process.

    .venv/bin/python benchmarks/runtime.py [--calls N]

Every client sends the same POST /v1/referrals.create_code with the same headers and JSON body
to an httpx.MockTransport (no network) that answers the same JSON; raw httpx parses it into a
dict. Ours is generated from specs/autumn.yaml under the module name `autumn_sdk_bench`; the
published SDK is installed from PyPI into benchmarks/.cache/published (pip --target) on first
use. Figures are calls per second and microseconds of CPU per call; ratios are to raw httpx
measured in the same run. Import cost is measured in fresh interpreters.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
PUBLISHED = CACHE / "published"
BODY = {"customer_id": "cus_123", "program_id": "prog_123"}
ANSWER = json.dumps(
    {"code": "REF123", "customer_id": "cus_123", "created_at": 1771409161016}
).encode()
URL = "https://api.useautumn.com"


def answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=ANSWER, headers={"content-type": "application/json"})


def generate_ours(folder: Path) -> Path:
    spec = str(ROOT / "specs" / "autumn.yaml")
    names = ["--module", "autumn_sdk_bench", "--package-name", "autumn-sdk-bench"]
    command = [sys.executable, "-m", "generator", "generate", "-q", "--spec", spec]
    subprocess.run(
        [*command, "--out", str(folder), *names, "--client-class", "Autumn"],
        cwd=folder.parent,
        check=True,
    )
    return folder / "src"


def install_published() -> Path | None:
    if not (PUBLISHED / "autumn_sdk").is_dir():
        PUBLISHED.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--target",
                str(PUBLISHED),
                "autumn-sdk==1.2.0",
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode:
            print(
                f"published autumn-sdk unavailable: {result.stderr.strip()[-300:]}", file=sys.stderr
            )
            return None
    return PUBLISHED


def measure(call: Callable[[], object], calls: int) -> tuple[float, float]:
    """(calls per second, CPU microseconds per call), after a warm-up."""
    for _ in range(200):
        call()
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        call()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return calls / wall, cpu / calls * 1e6


def measure_async(call: Callable[[], Awaitable[object]], calls: int) -> tuple[float, float]:
    async def run() -> tuple[float, float]:
        for _ in range(200):
            await call()
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(calls):
            await call()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return calls / wall, cpu / calls * 1e6

    return asyncio.run(run())


def import_seconds(statement: str, path: Path | None) -> float:
    """Median wall time of `statement` in a fresh interpreter (import plus construction)."""
    code = f"import time; t=time.perf_counter(); {statement}; print(time.perf_counter()-t)"
    env_path = [str(path)] if path else []
    timings = []
    for _ in range(5):
        result = subprocess.run(
            [sys.executable, "-c", f"import sys; sys.path[:0] = {env_path!r}; {code}"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        timings.append(float(result.stdout))
    return sorted(timings)[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20_000)
    calls = parser.parse_args().calls
    work = Path(tempfile.mkdtemp(prefix="sdk-bench-"))
    ours_src = generate_ours(work / "sdk")
    sys.path.insert(0, str(ours_src))
    autumn_sdk_bench = importlib.import_module("autumn_sdk_bench")

    transport = httpx.MockTransport(answer)
    headers = {"authorization": "Bearer sk_test", "x-api-version": "2.1", "user-agent": "bench"}
    raw = httpx.Client(transport=transport, base_url=URL, headers=headers)
    raw_async = httpx.AsyncClient(
        transport=httpx.MockTransport(answer), base_url=URL, headers=headers
    )
    ours = autumn_sdk_bench.Autumn(
        secret_key="sk_test",
        client=httpx.Client(transport=transport),
        async_client=httpx.AsyncClient(transport=httpx.MockTransport(answer)),
    )

    rows: list[tuple[str, tuple[float, float]]] = [
        (
            "raw httpx (sync)",
            measure(lambda: raw.post("/v1/referrals.create_code", json=BODY).json(), calls),
        ),
        ("ours (sync)", measure(lambda: ours.referrals.create_code(**BODY), calls)),
    ]
    published_path = install_published()
    published: Any = None
    if published_path is not None:
        sys.path.insert(0, str(published_path))
        autumn_sdk = importlib.import_module("autumn_sdk")

        published = autumn_sdk.Autumn(
            x_api_version="2.1", secret_key="sk_test", client=httpx.Client(transport=transport),
            async_client=httpx.AsyncClient(transport=httpx.MockTransport(answer)),
        )  # fmt: skip
        rows.append(
            (
                "published autumn-sdk 1.2.0 (sync)",
                measure(lambda: published.referrals.create_code(**BODY), calls),
            )
        )

    async def raw_call() -> object:
        return (await raw_async.post("/v1/referrals.create_code", json=BODY)).json()

    rows.append(("raw httpx (async)", measure_async(raw_call, calls)))
    rows.append(
        ("ours (async)", measure_async(lambda: ours.referrals.create_code_async(**BODY), calls))
    )
    if published is not None:
        rows.append(
            (
                "published (async)",
                measure_async(lambda: published.referrals.create_code_async(**BODY), calls),
            )
        )

    print(f"{calls} calls each on httpx.MockTransport; ratio = calls/s relative to raw httpx")
    baselines = {"sync": rows[0][1], "async": next(r for n, r in rows if n == "raw httpx (async)")}
    for name, (rate, cpu) in rows:
        base = baselines["async" if "async" in name else "sync"]
        ratio, extra = rate / base[0], cpu - base[1]
        print(
            f"{name:38} {rate:9.0f} calls/s  {ratio:5.2f}x  {cpu:7.1f} µs CPU  (+{extra:6.1f} µs)"
        )

    tracemalloc.start()
    for _ in range(2_000):
        ours.referrals.create_code(**BODY)
    before = tracemalloc.take_snapshot()
    for _ in range(100_000):
        ours.referrals.create_code(**BODY)
    gc.collect()
    after = tracemalloc.take_snapshot()
    growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    print(f"memory growth over 100,000 calls (ours): {growth / 1024:.1f} KiB")

    floor = import_seconds("import httpx; from pydantic import BaseModel", None)
    print(f"{'import httpx + pydantic (floor)':38} {floor:.3f} s  1.00x")
    for label, statement, path in (
        (
            "import + construct ours",
            "from autumn_sdk_bench import Autumn; Autumn(secret_key='k')",
            ours_src,
        ),
        (
            "  ... and its first resource",
            "from autumn_sdk_bench import Autumn; Autumn(secret_key='k').referrals",
            ours_src,
        ),
        (
            "import + construct published",
            "from autumn_sdk import Autumn; Autumn(x_api_version='2.1', secret_key='k')",
            published_path,
        ),
        (
            "  ... and its first resource",
            "from autumn_sdk import Autumn; Autumn(x_api_version='2.1', secret_key='k').referrals",
            published_path,
        ),
    ):
        if path is not None:
            seconds = import_seconds(statement, path)
            print(f"{label:38} {seconds:.3f} s  {seconds / floor:.2f}x")


if __name__ == "__main__":
    main()
