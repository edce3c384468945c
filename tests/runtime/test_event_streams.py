"""Server-sent events through the Chat SDK (tests/specs/streaming.yaml) against a loopback
server that streams in awkward fragments: typed events, sync and async, overloads chosen by
`stream`, sentinels, unknown and malformed events, drops, and connections given back."""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
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
from tests.support import ROOT, imported

CHAT_SRC = ROOT / "tests" / "golden" / "streaming" / "src"

CHUNKS = sse(
    'data: {"type": "chunk", "index": 0, "delta": "Hel"}',
    'data: {"type": "chunk", "index": 1, "delta": "lo"}',
    'data: {"type": "done", "finish_reason": "stop"}',
    "data: [DONE]",
)


@pytest.fixture
def chat_sdk() -> Iterator[ModuleType]:
    with imported(CHAT_SRC, "chat_sdk") as module:
        yield module


def client_for(sdk: ModuleType, server: StreamingServer, **options: Any) -> Any:
    return sdk.Chat(bearer="t", server_url=server.url, **options)


def streamed(fragments: list[bytes], **options: Any) -> Any:
    return lambda _: Streamed(fragments=fragments, **options)


def deltas(events: Any) -> list[Any]:
    return [
        (type(e).__name__, getattr(e, "delta", getattr(e, "finish_reason", None))) for e in events
    ]


EXPECTED = [("ChunkEvent", "Hel"), ("ChunkEvent", "lo"), ("DoneEvent", "stop")]


# -- both surfaces --------------------------------------------------------------------------


def test_stream_true_returns_typed_events_ending_at_the_sentinel(chat_sdk: ModuleType) -> None:
    with streaming_server(streamed([CHUNKS])) as server, client_for(chat_sdk, server) as chat:
        stream = chat.chat.create_chat_completion(
            model="m", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        assert isinstance(stream, chat_sdk.utils.EventStream)
        # Status and headers are there before the first event.
        assert stream.response.status_code == 200
        assert stream.response.headers["content-type"] == "text/event-stream"
        with stream:
            assert deltas(stream) == EXPECTED
        assert stream.response.is_closed
        assert server.received[0].json()["stream"] is True


def test_no_stream_returns_the_json_model(chat_sdk: ModuleType) -> None:
    answer = {"id": "c1", "message": {"role": "assistant", "content": "Hello"}}
    with (
        streaming_server(lambda _: json_answer(answer)) as server,
        client_for(chat_sdk, server) as chat,
    ):
        result = chat.chat.create_chat_completion(model="m", messages=[])
    assert isinstance(result, chat_sdk.models.ChatCompletion)
    assert result.message.content == "Hello"
    assert "stream" not in server.received[0].json()


async def test_async_stream_and_async_json(chat_sdk: ModuleType) -> None:
    answer = {"id": "c1", "message": {"role": "assistant", "content": "Hello"}}

    def script(request: Received) -> Streamed:
        return Streamed(fragments=[CHUNKS]) if request.json().get("stream") else json_answer(answer)

    with streaming_server(script) as server:
        async with client_for(chat_sdk, server) as chat:
            stream = await chat.chat.create_chat_completion_async(
                model="m", messages=[], stream=True
            )
            assert isinstance(stream, chat_sdk.utils.AsyncEventStream)
            async with stream:
                got = [event async for event in stream]
            assert deltas(got) == EXPECTED
            result = await chat.chat.create_chat_completion_async(model="m", messages=[])
            assert result.id == "c1"


def test_events_keep_name_id_and_retry(chat_sdk: ModuleType) -> None:
    body = sse(
        'event: delta\nid: 7\nretry: 1500\ndata: {"type": "chunk", "index": 0, "delta": "a"}',
        'data: {"type": "chunk", "index": 1, "delta": "b"}',
    )
    with (
        streaming_server(streamed([body])) as server,
        client_for(chat_sdk, server) as chat,
        chat.chat.create_chat_completion(model="m", messages=[], stream=True) as stream,
    ):
        events = list(stream.events())
    assert [(e.event, e.id, e.retry) for e in events] == [
        ("delta", "7", 1500),
        ("message", "7", None),  # the last event id persists; the name does not
    ]
    assert events[1].data.delta == "b"


def test_an_operation_that_only_streams_text(chat_sdk: ModuleType) -> None:
    body = sse("data: line one", "data: two\ndata: lines")
    with (
        streaming_server(streamed([body])) as server,
        client_for(chat_sdk, server) as chat,
        chat.logs.tail_logs(service="api") as stream,
    ):
        assert list(stream) == ["line one", "two\nlines"]
    assert server.received[0].path == "/logs/tail?service=api"


async def test_an_operation_that_only_streams_speakeasy_shaped_events(
    chat_sdk: ModuleType,
) -> None:
    body = sse('event: progress\ndata: {"percent": 40}', 'data: {"percent": 100, "note": "ok"}')
    with streaming_server(streamed([body])) as server:
        async with client_for(chat_sdk, server) as chat:
            stream = await chat.jobs.watch_job_async(job_id="j")
            got = [event async for event in stream.events()]
    assert [(e.event, e.data.percent) for e in got] == [("progress", 40), ("message", 100)]
    assert isinstance(got[0].data, chat_sdk.models.Progress)


# -- the wire format, cut anywhere --------------------------------------------------------------


FRAGMENT_CASES = {
    "one byte at a time": pieces(CHUNKS, 1),
    "mid-line": pieces(CHUNKS, 7),
    "CRLF split between CR and LF": [
        p
        for p in sse('data: {"type": "chunk", "index": 0, "delta": "x"}', ending="\r\n").split(
            b"\n"
        )
        for p in (p, b"\n")
    ][:-1],
    "CR only": pieces(sse('data: {"type": "chunk", "index": 0, "delta": "x"}', ending="\r"), 5),
}


@pytest.mark.parametrize("fragments", FRAGMENT_CASES.values(), ids=FRAGMENT_CASES.keys())
def test_events_split_anywhere_parse_the_same(chat_sdk: ModuleType, fragments: list[bytes]) -> None:
    whole = list(_events_of(chat_sdk, [b"".join(fragments)]))
    assert whole
    assert list(_events_of(chat_sdk, fragments)) == whole


def test_a_character_split_between_chunks(chat_sdk: ModuleType) -> None:
    text = 'data: {"type": "chunk", "index": 0, "delta": "h\u00e9\U0001f600"}\n\n'.encode()
    cut = text.index("\U0001f600".encode()) + 2  # inside the four bytes of the emoji
    assert _events_of(chat_sdk, [text[: cut - 3], text[cut - 3 : cut], text[cut:]]) == [
        ("ChunkEvent", "h\u00e9\U0001f600")
    ]


def test_bom_comments_keepalives_and_fields_without_colon(chat_sdk: ModuleType) -> None:
    body = (
        b"\xef\xbb"  # a BOM, itself split
        + b"\xbf: a comment\n:\n\n"  # comments and a keep-alive; the empty line dispatches nothing
        + b"event\n"  # a field without a colon: empty event name, so "message"
        + b'data: {"type": "chunk", "index": 0, "delta": "a"}\n'
        + b"unknown-field: ignored\n\n"
    )
    with (
        streaming_server(streamed([body[:2], body[2:]])) as server,
        client_for(chat_sdk, server) as chat,
    ):
        events = list(
            chat.chat.create_chat_completion(model="m", messages=[], stream=True).events()
        )
    assert [(e.event, e.data.delta) for e in events] == [("message", "a")]


def test_an_unterminated_last_event_is_not_dispatched(chat_sdk: ModuleType) -> None:
    body = sse('data: {"type": "chunk", "index": 0, "delta": "a"}') + b'data: {"type": "chunk"'
    assert _events_of(chat_sdk, [body]) == [("ChunkEvent", "a")]


def test_a_data_line_without_a_space_and_a_data_field_without_a_colon(
    chat_sdk: ModuleType,
) -> None:
    body = sse("data:one\ndata\ndata:  two")
    with streaming_server(streamed([body])) as server, client_for(chat_sdk, server) as chat:
        assert list(chat.logs.tail_logs(service="s")) == ["one\n\n two"]


def test_parser_against_the_format_directly(chat_sdk: ModuleType) -> None:
    """The WHATWG examples: the last event id persists, `retry` needs digits, NUL ids ignored."""
    events = importlib.import_module(f"{chat_sdk.__name__}._runtime.events")
    parser = events.EventParser()
    raws = parser.feed(
        b"id: 1\ndata: a\n\nretry: x1\nid: bad\0id\ndata: b\n\nretry: 10\ndata: c\r\n\r\n"
    )
    assert [(r.data, r.id, r.retry) for r in raws] == [
        (b"a", "1", None),
        (b"b", "1", None),
        (b"c", "1", 10),
    ]


def _events_of(sdk: ModuleType, fragments: list[bytes]) -> list[Any]:
    with streaming_server(streamed(fragments)) as server, client_for(sdk, server) as chat:
        return deltas(chat.chat.create_chat_completion(model="m", messages=[], stream=True))


# -- unknown, malformed, errors, drops ----------------------------------------------------------


def test_an_unknown_event_type_is_kept_untyped(chat_sdk: ModuleType) -> None:
    body = sse(
        'event: tool\ndata: {"type": "tool_call", "name": "search"}',
        'data: {"type": "chunk", "index": 0, "delta": "a"}',
    )
    with streaming_server(streamed([body])) as server, client_for(chat_sdk, server) as chat:
        events = list(chat.chat.create_chat_completion(model="m", messages=[], stream=True))
    unknown = events[0]
    assert isinstance(unknown, chat_sdk.utils.UnknownEvent)
    assert (unknown.event, unknown.data) == ("tool", {"type": "tool_call", "name": "search"})
    assert events[1].delta == "a"


@pytest.mark.parametrize(
    "bad",
    ['{"type": "chunk", "index": "first", "delta": "a"}', "not json", '{"no_type": 1}'],
    ids=["wrong field type", "not JSON", "no discriminator"],
)
def test_a_malformed_event_raises_at_that_event_naming_it(chat_sdk: ModuleType, bad: str) -> None:
    body = sse('data: {"type": "chunk", "index": 0, "delta": "a"}', f"id: e2\ndata: {bad}")
    with streaming_server(streamed([body])) as server, client_for(chat_sdk, server) as chat:
        stream = chat.chat.create_chat_completion(model="m", messages=[], stream=True)
        got = []
        with pytest.raises(chat_sdk.errors.ResponseValidationError) as caught:
            for event in stream:
                got.append(event)
    assert len(got) == 1
    assert "with event 2 (event: 'message', id: 'e2')" in str(caught.value)
    assert caught.value.body == bad
    assert stream.response.is_closed


def test_an_error_status_raises_the_typed_error_before_any_event(chat_sdk: ModuleType) -> None:
    with (
        streaming_server(lambda _: json_answer({"message": "no model"}, 400)) as server,
        client_for(chat_sdk, server) as chat,
        pytest.raises(chat_sdk.errors.ProblemError) as caught,
    ):
        chat.chat.create_chat_completion(model="m", messages=[], stream=True)
    assert caught.value.data.message == "no model"


def test_a_json_answer_where_only_a_stream_will_do_raises(chat_sdk: ModuleType) -> None:
    with (
        streaming_server(lambda _: json_answer({"percent": 1})) as server,
        client_for(chat_sdk, server) as chat,
        pytest.raises(chat_sdk.errors.ChatDefaultError) as caught,
    ):
        chat.jobs.watch_job(job_id="j")
    assert str(caught.value) == (
        "Unexpected response content type: application/json, not an event stream"
    )


def test_a_connection_dropped_mid_stream_raises_httpx_own_error(chat_sdk: ModuleType) -> None:
    first = sse('data: {"type": "chunk", "index": 0, "delta": "a"}')
    with (
        streaming_server(streamed([first, b"data: {"], drop=True)) as server,
        client_for(chat_sdk, server) as chat,
    ):
        stream = chat.chat.create_chat_completion(model="m", messages=[], stream=True)
        got = []
        with pytest.raises(httpx.RemoteProtocolError):
            for event in stream:
                got.append(event)
    assert deltas(got) == [("ChunkEvent", "a")]
    assert len(server.received) == 1  # never retried once the body began


def test_retries_happen_before_the_body_only(chat_sdk: ModuleType) -> None:
    answers = [Streamed(503, [b"busy"], "text/plain"), Streamed(fragments=[CHUNKS])]
    retry = chat_sdk.utils.RetryConfig(
        "backoff", chat_sdk.utils.BackoffStrategy(1, 1, 1.0, 5_000), True
    )
    with (
        streaming_server(lambda _: answers.pop(0)) as server,
        client_for(chat_sdk, server, retry_config=retry) as chat,
    ):
        events = list(chat.chat.create_chat_completion(model="m", messages=[], stream=True))
    assert deltas(events) == EXPECTED
    assert len(server.received) == 2


# -- connections given back ---------------------------------------------------------------------


def _busy_connections(client: httpx.Client | httpx.AsyncClient) -> int:
    pool = client._transport._pool  # type: ignore[union-attr]
    return sum(1 for connection in pool.connections if not connection.is_idle())


SLOW = sse(*[f'data: {{"type": "chunk", "index": {i}, "delta": "x"}}' for i in range(50)])


def test_break_releases_the_connection(chat_sdk: ModuleType) -> None:
    with streaming_server(streamed(pieces(SLOW, 40), pause=0.005)) as server:
        http = httpx.Client()
        with client_for(chat_sdk, server, client=http) as chat:
            for _ in chat.chat.create_chat_completion(model="m", messages=[], stream=True):
                break
            assert _busy_connections(http) == 0
            # An exception in the loop body releases it too.
            with pytest.raises(KeyError):
                for _ in chat.chat.create_chat_completion(model="m", messages=[], stream=True):
                    raise KeyError("stop")
            assert _busy_connections(http) == 0
        http.close()


def test_a_dropped_stream_is_closed_when_collected(chat_sdk: ModuleType) -> None:
    with streaming_server(streamed(pieces(SLOW, 40), pause=0.005)) as server:
        http = httpx.Client()
        with client_for(chat_sdk, server, client=http) as chat:
            stream = chat.chat.create_chat_completion(model="m", messages=[], stream=True)
            assert _busy_connections(http) == 1
            response = stream.response
            del stream
            gc.collect()
            assert response.is_closed
            assert _busy_connections(http) == 0
        http.close()


async def test_async_break_releases_the_connection(chat_sdk: ModuleType) -> None:
    with streaming_server(streamed(pieces(SLOW, 40), pause=0.005)) as server:
        http = httpx.AsyncClient()
        async with client_for(chat_sdk, server, async_client=http) as chat:
            stream = await chat.chat.create_chat_completion_async(
                model="m", messages=[], stream=True
            )
            async for _ in stream:
                break
            for _ in range(20):  # the async generator is closed by the loop, soon after
                await asyncio.sleep(0.01)
                if stream.response.is_closed:
                    break
            assert stream.response.is_closed
            assert _busy_connections(http) == 0
        await http.aclose()


@pytest.mark.slow
async def test_a_hundred_concurrent_async_streams_leak_no_connection(
    chat_sdk: ModuleType,
) -> None:
    with streaming_server(streamed(pieces(CHUNKS, 30), pause=0.002)) as server:
        http = httpx.AsyncClient(limits=httpx.Limits(max_connections=100))
        async with client_for(chat_sdk, server, async_client=http) as chat:

            async def one() -> list[Any]:
                stream = await chat.chat.create_chat_completion_async(
                    model="m", messages=[], stream=True
                )
                async with stream:
                    return [event async for event in stream]

            results = await asyncio.gather(*(one() for _ in range(100)))
            assert all(deltas(r) == EXPECTED for r in results)
            assert _busy_connections(http) == 0
        await http.aclose()
    assert len(server.received) == 100


# -- with_streaming_response --------------------------------------------------------------------


def test_with_streaming_response_hands_over_the_unread_response(chat_sdk: ModuleType) -> None:
    answer = {"id": "c1", "message": {"role": "assistant", "content": "Hello"}}
    with (
        streaming_server(lambda _: json_answer(answer)) as server,
        client_for(chat_sdk, server) as chat,
    ):
        call = chat_sdk.utils.with_streaming_response(chat.chat.create_chat_completion)
        with call(model="m", messages=[]) as response:
            assert isinstance(response, httpx.Response)
            assert not response.is_stream_consumed
            assert json.loads(b"".join(response.iter_bytes())) == answer
        assert response.is_closed


async def test_with_streaming_response_async_and_errors_still_raise(
    chat_sdk: ModuleType,
) -> None:
    answers = [Streamed(fragments=[CHUNKS]), json_answer({"message": "bad"}, 400)]
    with streaming_server(lambda _: answers.pop(0)) as server:
        async with client_for(chat_sdk, server) as chat:
            call = chat_sdk.utils.with_streaming_response_async(
                chat.chat.create_chat_completion_async
            )
            async with call(model="m", messages=[], stream=True) as response:
                assert response.headers["content-type"] == "text/event-stream"
                lines = [line async for line in response.aiter_lines()]
            assert lines[0].startswith("data: ")
            with pytest.raises(chat_sdk.errors.ProblemError):
                async with call(model="m", messages=[], stream=True):
                    pass
