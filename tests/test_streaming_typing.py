"""The Chat SDK (tests/specs/streaming.yaml) type-checks, and user code gets the right return
type from `stream=True`, `stream=False` and no `stream` at all, sync and async, under mypy
--strict and pyright."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, generate_into, mypy_strict, snippet_files

pytestmark = pytest.mark.slow

CHAT_SRC = ROOT / "tests" / "golden" / "streaming" / "src"

USER_CODE = """\
from chat_sdk import Chat
from chat_sdk.models import ChatCompletion, ChunkEvent
from chat_sdk.utils import EventStream, UnknownEvent


def whole(chat: Chat) -> ChatCompletion:
    res = chat.chat.create_chat_completion(model="m", messages=[])
    reveal_type(res)
    return res


def whole_when_false(chat: Chat) -> str:
    return chat.chat.create_chat_completion(model="m", messages=[], stream=False).id


def deltas(chat: Chat) -> list[str]:
    stream = chat.chat.create_chat_completion(model="m", messages=[], stream=True)
    reveal_type(stream)
    found: list[str] = []
    with stream:
        for event in stream:
            if isinstance(event, ChunkEvent):
                found.append(event.delta)
            elif isinstance(event, UnknownEvent):
                found.append(event.event)
    return found


def ids(chat: Chat) -> list[str]:
    with chat.logs.tail_logs(service="api") as stream:
        return [event.id + event.data for event in stream.events()]


def either(chat: Chat, choice: bool) -> object:
    return chat.chat.create_chat_completion(model="m", messages=[], stream=choice)


async def indexes(chat: Chat) -> list[int]:
    stream = await chat.chat.create_chat_completion_async(model="m", messages=[], stream=True)
    reveal_type(stream)
    async with stream:
        return [event.index async for event in stream if isinstance(event, ChunkEvent)]


async def percent(chat: Chat) -> int:
    stream = await chat.jobs.watch_job_async(job_id="j")
    async for event in stream:
        return event.percent
    return 0


def kept(stream: EventStream[str]) -> list[str]:
    return list(stream)
"""

# Each mistake, and the words of the error mypy must report for it.
WRONG = [
    (
        "    return res\n",
        "    return res.id\n",
        'Incompatible return value type (got "str", expected "ChatCompletion")',
    ),
    (
        '    return chat.chat.create_chat_completion(model="m", messages=[], stream=False).id\n',
        '    return chat.chat.create_chat_completion(model="m", messages=[], stream=True).id\n',
        'has no attribute "id"',
    ),
]


def _check(tmp_path: Path, name: str, code: str) -> tuple[str, int]:
    user = tmp_path / f"{name}.py"
    user.write_text(code)
    return mypy_strict(str(user), cwd_path=CHAT_SRC, cache=tmp_path / f"cache-{name}")


def test_the_streaming_sdk_and_its_docs_snippets_pass_mypy_strict(tmp_path: Path) -> None:
    # A copy: under tests/ mypy would name the package after the folders above it.
    sdk = tmp_path / "sdk"
    shutil.copytree(CHAT_SRC.parent, sdk)
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    files = snippet_files(sdk, snippets)
    assert len(files) >= 10
    package = [str(path) for path in sorted((sdk / "src" / "chat_sdk").rglob("*.py"))]
    report, status = mypy_strict(*package, *files, cwd_path=sdk / "src", cache=tmp_path / "c")
    assert status == 0, report


def test_user_code_gets_the_return_type_the_stream_argument_chooses(tmp_path: Path) -> None:
    report, status = _check(tmp_path, "user", USER_CODE)
    assert status == 0, report
    assert 'Revealed type is "chat_sdk.models.shared.ChatCompletion"' in report
    stream = (
        "EventStream[chat_sdk.models.shared.ChunkEvent | chat_sdk.models.shared.DoneEvent"
        " | chat_sdk._runtime.events.UnknownEvent]"
    )
    assert f'Revealed type is "chat_sdk._runtime.events.{stream}"' in report
    assert f'Revealed type is "chat_sdk._runtime.events.Async{stream}"' in report
    assert "error:" not in report, report


@pytest.mark.parametrize(("right", "wrong", "error"), WRONG, ids=["json", "stream"])
def test_user_code_using_the_wrong_return_type_fails(
    tmp_path: Path, right: str, wrong: str, error: str
) -> None:
    assert right in USER_CODE
    report, status = _check(tmp_path, "wrong", USER_CODE.replace(right, wrong))
    assert status == 1
    assert error in report, report


def test_pyright_infers_the_same_return_types(tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(USER_CODE)
    result = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", str(user)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(CHAT_SRC)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    messages = [d["message"] for d in report["generalDiagnostics"]]
    errors = [d["message"] for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert errors == []
    assert 'Type of "res" is "ChatCompletion"' in messages
    revealed = [m for m in messages if m.startswith('Type of "stream"')]
    assert len(revealed) == 2
    assert revealed[0].startswith('Type of "stream" is "EventStream[')
    assert revealed[1].startswith('Type of "stream" is "AsyncEventStream[')
    assert all("ChunkEvent | DoneEvent" in m and "UnknownEvent" in m for m in revealed), revealed


EITHER_WITHOUT_A_SWITCH = """\
openapi: 3.1.0
info: {title: Feed, version: "1"}
paths:
  /feed:
    get:
      operationId: feed
      responses:
        "200":
          description: The feed, whole or as events; only the answer says which.
          content:
            application/octet-stream: {schema: {type: string, format: binary}}
            text/event-stream: {schema: {type: object}}
"""


def test_an_operation_answering_either_without_a_switch_type_checks(tmp_path: Path) -> None:
    """Its method returns the union; no docs snippet treats the answer as a stream."""
    spec = tmp_path / "feed.yaml"
    spec.write_text(EITHER_WITHOUT_A_SWITCH)
    out = tmp_path / "sdk"
    generate_into(spec, out, package_name="feed-sdk", module="feed_sdk", client_class="Feed")
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    files = snippet_files(out, snippets)
    assert not any("for event in stream" in Path(file).read_text() for file in files)
    package = [str(path) for path in sorted((out / "src" / "feed_sdk").rglob("*.py"))]
    report, status = mypy_strict(*package, *files, cwd_path=out / "src", cache=tmp_path / "c")
    assert status == 0, report
    assert "Server-sent Events" in (out / "README.md").read_text()
