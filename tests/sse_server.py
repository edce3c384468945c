"""A loopback HTTP/1.1 server that streams: each answer's body goes out as chunks of the chunked
transfer coding, one write per fragment with a pause between, so the client meets the body cut
wherever the script cuts it; an answer may drop the connection before its end."""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Streamed:
    status: int = 200
    fragments: list[bytes] = field(default_factory=list)
    content_type: str = "text/event-stream"
    pause: float = 0.0
    # Close the connection after the fragments, without the chunked coding's last chunk.
    drop: bool = False


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def json_answer(value: Any, status: int = 200) -> Streamed:
    return Streamed(status, [json.dumps(value).encode()], "application/json")


class StreamingServer:
    """Answers every request with `script(request)`; records requests and connections."""

    def __init__(self, script: Callable[[Received], Streamed]) -> None:
        self.script = script
        self.received: list[Received] = []
        self.connections = 0
        self._lock = threading.Lock()
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                with owner._lock:
                    owner.connections += 1
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                try:
                    while owner._answer_one(self.rfile, self.wfile):
                        pass
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 256

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _answer_one(self, rfile: Any, wfile: Any) -> bool:
        """One request and its answer; False when the connection is to end."""
        request_line = rfile.readline()
        if not request_line.strip():
            return False
        method, path, _ = request_line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            line = rfile.readline().decode("latin-1")
            if line in ("\r\n", "\n", ""):
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = rfile.read(int(headers.get("content-length") or 0))
        received = Received(method, path, headers, body)
        with self._lock:
            self.received.append(received)
        answer = self.script(received)
        head = (
            f"HTTP/1.1 {answer.status} X\r\ncontent-type: {answer.content_type}\r\n"
            "transfer-encoding: chunked\r\n\r\n"
        )
        wfile.write(head.encode("latin-1"))
        wfile.flush()
        for fragment in answer.fragments:
            if answer.pause:
                time.sleep(answer.pause)
            if fragment:
                wfile.write(b"%x\r\n%s\r\n" % (len(fragment), fragment))
                wfile.flush()
        if answer.drop:
            return False
        wfile.write(b"0\r\n\r\n")
        wfile.flush()
        return True

    def start(self) -> StreamingServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@contextmanager
def streaming_server(script: Callable[[Received], Streamed]) -> Iterator[StreamingServer]:
    server = StreamingServer(script).start()
    try:
        yield server
    finally:
        server.stop()


def sse(*events: str, ending: str = "\n") -> bytes:
    """Events written as the format says: each event's lines, then an empty line."""
    return "".join(event.replace("\n", ending) + ending + ending for event in events).encode()


def pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]
