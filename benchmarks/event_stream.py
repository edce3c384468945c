"""Parsing a large recorded event stream: our EventStream against httpx-sse, in one process.

    .venv/bin/python benchmarks/event_stream.py [--events N] [--chunk BYTES] [--runs R]

The stream is N small JSON events in the shape of a chat completion's chunks (OpenAI's
layout: `data: {...}` and an empty line, and a `[DONE]` sentinel at the end), cut into chunks
of the given size as a socket would deliver them, and handed to an `httpx.Response` as its
body (no network, so only the parsing is measured). Both sides turn every event into the same
pydantic model: ours through the Chat SDK's generated `EventsBody` (tests/golden/streaming),
httpx-sse by `EventSource.iter_sse()` and `model_validate_json` of each event's data, as its
README shows. Also measured: the discriminated union the Chat SDK's operation returns. The
figure is events per second, best of R runs; the ratio is ours over httpx-sse's.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from httpx_sse import EventSource
from pydantic import TypeAdapter

ROOT = Path(__file__).resolve().parent.parent
CHAT_SRC = ROOT / "tests" / "golden" / "streaming" / "src"


def recorded_stream(events: int) -> bytes:
    lines = []
    for index in range(events):
        data = {"type": "chunk", "index": index, "delta": f"token {index} "}
        lines.append(f"data: {json.dumps(data)}\n\n")
    lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()


def response_of(body: bytes, chunk: int) -> httpx.Response:
    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), chunk):
            yield body[start : start + chunk]

    request = httpx.Request("POST", "https://api.example.com/chat/completions")
    return httpx.Response(
        200, headers={"content-type": "text/event-stream"}, content=chunks(), request=request
    )


def best_rates(
    sides: tuple[Callable[[httpx.Response], int], ...], body: bytes, chunk: int, runs: int
) -> list[float]:
    """Events per second of each side, the best of `runs`; the sides take turns, so that
    none runs on a warmer or quieter machine than the others."""
    best = [0.0] * len(sides)
    for _ in range(runs):
        for index, run in enumerate(sides):
            response = response_of(body, chunk)
            started = time.perf_counter()
            count = run(response)
            elapsed = time.perf_counter() - started
            best[index] = max(best[index], count / elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=4096)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    # Imported by name: the Chat SDK is a golden record, not an installed package.
    sys.path.insert(0, str(CHAT_SRC))
    errors = importlib.import_module("chat_sdk.errors")
    models = importlib.import_module("chat_sdk.models")
    events = importlib.import_module("chat_sdk._runtime.events")
    response_module = importlib.import_module("chat_sdk._runtime.response")
    error_types = response_module.ErrorTypes(
        errors.ChatDefaultError, errors.ResponseValidationError
    )
    body = recorded_stream(options.events)
    union: Any = models.shared.ChunkEvent | models.shared.DoneEvent
    union_adapter: TypeAdapter[Any] = TypeAdapter(union)

    def ours(target: Any) -> Callable[[httpx.Response], int]:
        decoder = events.EventsBody(target, sentinel="[DONE]")

        def run(response: httpx.Response) -> int:
            count = 0
            for _ in events.EventStream(response, decoder, error_types):
                count += 1
            return count

        return run

    def httpx_sse(validate: Callable[[str], Any]) -> Callable[[httpx.Response], int]:
        def run(response: httpx.Response) -> int:
            count = 0
            for event in EventSource(response).iter_sse():
                if event.data == "[DONE]":
                    break
                validate(event.data)
                count += 1
            response.close()
            return count

        return run

    cases = [
        (
            "one model",
            ours(models.ChunkEvent),
            httpx_sse(models.ChunkEvent.model_validate_json),
        ),
        ("discriminated union", ours(union), httpx_sse(union_adapter.validate_json)),
    ]
    print(
        f"{options.events:,} events, {len(body) / 1e6:.1f} MB in {options.chunk}-byte chunks,"
        f" best of {options.runs} runs"
    )
    print(f"{'events into':<22}{'ours (events/s)':>18}{'httpx-sse (events/s)':>24}{'ratio':>8}")
    for name, mine, theirs in cases:
        our_rate, their_rate = best_rates((mine, theirs), body, options.chunk, options.runs)
        print(f"{name:<22}{our_rate:>18,.0f}{their_rate:>24,.0f}{our_rate / their_rate:>7.2f}x")


if __name__ == "__main__":
    main()
