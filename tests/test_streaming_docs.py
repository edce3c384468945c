"""Every snippet of the Chat SDK's docs (tests/golden/streaming) runs against a loopback server
that answers as the spec says: JSON, or events streamed slowly in fragments."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sse_server import (
    Received,
    Streamed,
    StreamingServer,
    json_answer,
    pieces,
    sse,
    streaming_server,
)
from tests.support import ROOT, python_blocks

CHAT = ROOT / "tests" / "golden" / "streaming"
# A snippet that calls an operation (some only build a client or a retry policy).
CALL = re.compile(r"\bchat\.(chat|logs|jobs)\.\w+")

CHUNKS = sse(
    'data: {"type": "chunk", "index": 0, "delta": "Hel"}',
    'data: {"type": "chunk", "index": 1, "delta": "lo"}',
    'data: {"type": "done", "finish_reason": "stop"}',
    "data: [DONE]",
)


def answer(request: Received) -> Streamed:
    """The Chat API as its spec describes it; 401 without the snippets' bearer token."""
    if request.headers.get("authorization") != "Bearer <YOUR_BEARER_TOKEN_HERE>":
        return json_answer({"message": "no token"}, 401)
    path = request.path.split("?", 1)[0]
    if path == "/chat/completions":
        if request.json().get("stream"):
            return Streamed(fragments=pieces(CHUNKS, 9), pause=0.002)
        return json_answer({"id": "c1", "message": {"role": "assistant", "content": "Hello"}})
    if path == "/logs/tail":
        return Streamed(fragments=pieces(sse("data: started", "data: ready"), 5), pause=0.002)
    if path.startswith("/jobs/") and path.endswith("/progress"):
        body = sse('data: {"percent": 50}', 'data: {"percent": 100, "note": "done"}')
        return Streamed(fragments=pieces(body, 6), pause=0.002)
    return json_answer({"message": f"no operation {request.method} {path}"}, 404)


def snippets() -> list[tuple[str, str]]:
    return python_blocks(CHAT)


@pytest.fixture(scope="module")
def server() -> Iterator[StreamingServer]:
    with streaming_server(answer) as running:
        yield running


def test_the_docs_show_streaming() -> None:
    streaming = [code for _, code in snippets() if "for event in stream" in code]
    # Each streaming operation's page, and the README's section.
    assert len(streaming) >= 4
    readme = (CHAT / "README.md").read_text()
    assert "## Server-sent Events" in readme
    assert "* [Server-sent Events](#server-sent-events)" in readme


@pytest.mark.slow
@pytest.mark.parametrize(("name", "code"), snippets(), ids=[name for name, _ in snippets()])
def test_snippet_runs_against_a_streaming_server(
    name: str, code: str, server: StreamingServer, tmp_path: Path
) -> None:
    before = len(server.received)
    environment = {**os.environ, "PYTHONPATH": str(CHAT / "src"), "CHAT_SERVER_URL": server.url}
    environment.pop("CHAT_BEARER", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, f"{name} failed:\n{result.stderr}"
    # The README's testing example calls the SDK's own mock, not this server.
    if CALL.search(code) and "MockServer" not in code:
        assert len(server.received) > before, f"{name} made no call"
    if "for event in stream" in code:
        printed = result.stdout
        assert any(
            expected in printed
            for expected in ("delta='Hel'", "'started'", "percent=50", "started")
        ), printed
        assert "[DONE]" not in printed
    streamed_calls = [
        r for r in server.received[before:] if r.body and json.loads(r.body).get("stream")
    ]
    if "stream=True" in code:
        assert streamed_calls
