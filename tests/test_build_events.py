"""The builder's event-stream facts: the decode kind, each event's data type from `schema`,
`itemSchema` or Speakeasy's whole-event shape, the sentinel, the discriminator and the values
it knows, and the argument that switches between JSON and the stream."""

from __future__ import annotations

from pathlib import Path

from generator.builder import build_api
from generator.ir import Api, EventData, ModelType, Operation, Primitive
from generator.load import load_document
from tests.support import ROOT, autumn_config

STREAMING = ROOT / "tests" / "specs" / "streaming.yaml"


def build(spec: Path) -> Api:
    api, problems = build_api(load_document(spec), autumn_config(spec, Path("unused")))
    assert problems == []
    return api


def operation(api: Api, py_name: str) -> Operation:
    return next(op for op in api.operations if op.py_name == py_name)


def events_of(op: Operation) -> EventData:
    response = op.event_stream
    assert response is not None and response.events is not None
    return response.events


def test_json_beside_an_event_stream_is_two_responses_and_a_switch() -> None:
    op = operation(build(STREAMING), "create_chat_completion")
    assert [(r.status, r.content_type, r.decode) for r in op.success] == [
        ("200", "application/json", "json"),
        ("200", "text/event-stream", "events"),
    ]
    assert op.shape == "either"
    assert op.stream_switch == "stream"
    assert isinstance(op.return_type, ModelType) and op.return_type.name == "ChatCompletion"
    events = events_of(op)
    assert (events.sentinel, events.discriminator, events.known, events.text) == (
        "[DONE]",
        "type",
        ("chunk", "done"),
        False,
    )


def test_text_events_and_speakeasy_whole_events() -> None:
    api = build(STREAMING)
    logs = operation(api, "tail_logs")
    assert (logs.shape, logs.return_type, logs.stream_switch) == ("events", None, None)
    assert events_of(logs) == EventData(type=Primitive(name="str"), text=True)
    # The schema of a whole event ({id, event, data}): its `data` is the data.
    progress = events_of(operation(api, "watch_job")).type
    assert isinstance(progress, ModelType) and progress.name == "Progress"


SPEC = """\
openapi: 3.1.0
info: {title: Feed, version: "1"}
paths:
  /feed:
    post:
      operationId: feed
      x-speakeasy-sse-overload: live
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [topic]
              properties:
                topic: {type: string}
                live: {type: boolean}
                stream: {type: boolean}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {items: {type: array, items: {type: string}}}}
            text/event-stream:
              x-speakeasy-sse-sentinel: END
              schema:
                type: object
                properties:
                  event: {type: string}
                  data:
                    type: string
                    contentMediaType: application/json
                    contentSchema: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Item:
      type: object
      required: [name]
      properties:
        name: {type: string}
"""


def test_x_speakeasy_sse_overload_names_the_switch_and_content_schema_the_data(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "feed.yaml"
    spec.write_text(SPEC)
    op = operation(build(spec), "feed")
    assert op.stream_switch == "live"
    events = events_of(op)
    assert isinstance(events.type, ModelType) and events.type.name == "Item"
    assert events.sentinel == "END"
    assert not events.open
