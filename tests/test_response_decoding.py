"""How a response body is decoded follows its media type, whatever its case, and the method's
return type says what the decoder hands over."""

from __future__ import annotations

from pathlib import Path

from generator.builder import build_api
from generator.ir import Primitive
from generator.load import load_document
from tests.support import LoopbackServer, Reply, autumn_config, generate_into, imported

SPEC = """\
openapi: 3.1.0
info: {title: Decoding, version: "1"}
servers: [{url: "https://decoding.test"}]
paths:
  /note:
    get:
      operationId: getNote
      responses:
        "200":
          description: A note.
          content:
            Text/Plain: {schema: {type: string}}
  /file:
    get:
      operationId: getFile
      responses:
        "200":
          description: A file.
          content:
            Application/Octet-Stream: {schema: {type: string, format: binary}}
"""


def write_spec(tmp_path: Path) -> Path:
    spec = tmp_path / "decoding.yaml"
    spec.write_text(SPEC)
    return spec


def test_a_text_response_in_capitals_is_typed_and_decoded_as_text(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    api, warnings = build_api(load_document(spec), autumn_config(spec, Path("unused")))
    assert warnings == []
    note, file = api.root_operations
    assert [(r.decode, r.type) for r in note.success] == [("text", Primitive(name="str"))]
    assert [(r.decode, r.type) for r in file.success] == [("binary", Primitive(name="stream"))]


def test_a_text_response_in_capitals_returns_str(tmp_path: Path, server: LoopbackServer) -> None:
    out = tmp_path / "sdk"
    generate_into(write_spec(tmp_path), out, module="decoding_sdk", client_class="Decoding")
    code = (out / "src" / "decoding_sdk" / "sdk.py").read_text()
    assert "def get_note(" in code and ") -> str:" in code
    server.replies.append(Reply(body="hello", headers={"content-type": "Text/Plain"}))
    with (
        imported(out / "src", "decoding_sdk") as sdk,
        sdk.Decoding(server_url=server.url) as client,
    ):
        assert client.get_note() == "hello"


def test_every_response_states_how_it_is_decoded(tmp_path: Path) -> None:
    spec = tmp_path / "kinds.yaml"
    spec.write_text(
        SPEC
        + """\
  /thing:
    post:
      operationId: makeThing
      responses:
        "201":
          description: Made.
          content:
            application/problem+json: {schema: {type: object, properties: {id: {type: string}}}}
        "204": {description: Nothing to say.}
        "404":
          description: Not found.
          content:
            application/json: {schema: {type: object, properties: {reason: {type: string}}}}
"""
    )
    api, _ = build_api(load_document(spec), autumn_config(spec, Path("unused")))
    make = api.root_operations[2]
    assert [(r.status, r.decode) for r in make.success] == [("201", "json"), ("204", "empty")]
    assert [(e.status_codes, e.decode) for e in make.errors] == [
        (("404",), "json"),
        (("4XX", "5XX"), "text"),
    ]
