"""Shared test helpers: paths, generating an SDK into a folder, importing it, a loopback server."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from generator.config import Config
    from generator.pipeline import Outcome

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
OUTPUT = ROOT / "output" / "autumn-sdk"
SHARED = ROOT.parent / "shared"
REAL_SPEC = SHARED / "specs" / "autumn-openapi-2.1.0.yml"
SEED_PAGE = SHARED / "seed" / "referrals-README.md"

needs_shared = pytest.mark.skipif(
    not REAL_SPEC.is_file() or not SEED_PAGE.is_file(),
    reason="../shared (Autumn's real spec and the seed page) is not beside this checkout",
)


# The generator is imported where it is used: the runtime tests (tests/runtime/) import this
# module too, and `make test-pythons` runs them on Pythons older than the generator supports.
def autumn_config(spec: Path, output: Path, **names: str) -> Config:
    from generator.config import Config

    return Config(
        spec=spec,
        output=output,
        package_name=names.get("package_name", "autumn-sdk"),
        module=names.get("module", "autumn_sdk"),
        client_class=names.get("client_class", "Autumn"),
    )


def generate_into(spec: Path, output: Path, label: str | None = None, **names: str) -> Outcome:
    from generator.pipeline import generate

    return generate(autumn_config(spec, output, **names), label or spec.name)


@contextmanager
def imported(src: Path, module: str) -> Iterator[ModuleType]:
    """Import a generated package from `src`, and forget it afterwards."""
    sys.path.insert(0, str(src))
    try:
        yield importlib.import_module(module)
    finally:
        sys.path.remove(str(src))
        for name in [n for n in sys.modules if n == module or n.startswith(module + ".")]:
            del sys.modules[name]


@contextmanager
def generated_sdk(
    spec: Path, output: Path, module: str = "autumn_sdk", **names: str
) -> Iterator[ModuleType]:
    """The SDK generated from `spec` into `output`, imported, and forgotten afterwards."""
    generate_into(spec, output, module=module, **names)
    with imported(output / "src", module) as sdk:
        yield sdk


class SdkMaker:
    """Turns an inline spec into an imported SDK (the `make_sdk` fixture): the spec is written
    to `spec<suffix>` in `folder` and generated into `output`, and the SDK's modules are
    forgotten when the test ends."""

    def __init__(self, folder: Path, exits: ExitStack) -> None:
        self._folder = folder
        self.output = folder / "sdk"
        self._exits = exits

    def __call__(self, spec_text: str, suffix: str = ".yaml", **names: str) -> ModuleType:
        # A second SDK of the same module name would be found already imported: the first.
        assert not self.output.exists(), "make_sdk makes one SDK per test"
        spec = self._folder / f"spec{suffix}"
        spec.write_text(spec_text, encoding="utf-8")
        return self._exits.enter_context(generated_sdk(spec, self.output, **names))


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict[str, Any] | list[Any] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class LoopbackServer:
    """A real HTTP server on 127.0.0.1 that answers from a script of replies and records requests.

    `replies` are used in order; after the last one, `default` answers (a Reply or a function
    of the request).
    """

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.default: Reply | Callable[[Seen], Reply] = Reply(200, {})
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as two writes; with Nagle and delayed ACKs each request
            # would wait about 40 ms.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                seen = Seen(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
                reply = server._next(seen)
                if reply.delay:
                    threading.Event().wait(reply.delay)
                payload = reply.body
                headers = dict(reply.headers)
                if isinstance(payload, (dict, list)):
                    payload = json.dumps(payload).encode()
                    headers.setdefault("content-type", "application/json")
                elif isinstance(payload, str):
                    payload = payload.encode()
                try:
                    self.send_response(reply.status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # socketserver's backlog of 5 resets bursts of concurrent connections.
        self._server.socket.listen(128)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _next(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            if self.replies:
                return self.replies.pop(0)
        default = self.default
        return default(seen) if callable(default) else default

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@contextmanager
def loopback_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()


def mypy_strict(*targets: str, cwd_path: Path, cache: Path) -> tuple[str, int]:
    """mypy --strict as a user runs it: in the SDK's folder, with no config of ours."""
    mypy = [sys.executable, "-m", "mypy", "--strict", "--config-file", os.devnull]
    result = subprocess.run(
        [*mypy, "--cache-dir", str(cache), *targets],
        cwd=cwd_path,
        env={**os.environ, "MYPYPATH": str(cwd_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.stdout + result.stderr, result.returncode


def pyright_strict(
    *targets: str, search: Path, folder: Path, python_version: str
) -> tuple[str, int]:
    """pyright in strict mode (Pylance's strictest setting) as a user with the SDK installed
    runs it: `search` (the SDK's `src`) is where imports are found, beside this interpreter's
    site-packages; the config is written into `folder`. The version check against PyPI is
    turned off, so no test waits on the network."""
    config = folder / "pyrightconfig.json"
    settings = {
        "typeCheckingMode": "strict",
        "pythonVersion": python_version,
        "extraPaths": [str(search)],
    }
    config.write_text(json.dumps(settings))
    pyright = [sys.executable, "-m", "pyright", "--pythonpath", sys.executable]
    result = subprocess.run(
        [*pyright, "-p", str(config), *targets],
        cwd=folder,
        env={**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.stdout + result.stderr, result.returncode


def claimed_python(sdk: Path) -> str:
    """The oldest Python the SDK's pyproject.toml claims (`requires-python = ">=3.9"`)."""
    match = re.search(
        r'^requires-python = ">=(3\.\d+)"$', (sdk / "pyproject.toml").read_text(), re.M
    )
    assert match, f"no requires-python in {sdk / 'pyproject.toml'}"
    return match.group(1)


PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def python_blocks(sdk: Path) -> list[tuple[str, str]]:
    """Every Python block of the SDK's Markdown pages, as (`page#n`, code), pages in order."""
    found = []
    for page in sorted(sdk.rglob("*.md")):
        for index, block in enumerate(PYTHON_BLOCK.findall(page.read_text(encoding="utf-8"))):
            found.append((f"{page.relative_to(sdk).as_posix()}#{index + 1}", block))
    return found


def snippet_files(sdk: Path, folder: Path) -> list[str]:
    """Every Python block of the SDK's Markdown, as files for a type checker."""
    paths = []
    for label, block in python_blocks(sdk):
        page, number = label.rsplit("#", 1)
        path = folder / ("_".join(Path(page).with_suffix("").parts) + f"_{number}.py")
        path.write_text(block)
        paths.append(str(path))
    return paths


def build_wheel(project: Path, folder: Path, isolated: bool = True) -> Path:
    """The project's wheel, built by pip (in a build environment of its own when isolated)."""
    options = ["--no-deps", "-q"] + ([] if isolated else ["--no-build-isolation"])
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *options, "-w", str(folder), str(project)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = folder.glob("*.whl")
    return wheel


def install_wheel(wheel: Path, target: Path) -> Path:
    """The wheel installed into a plain folder, to put on PYTHONPATH."""
    pip_install = [sys.executable, "-m", "pip", "install", "--no-deps", "-q"]
    subprocess.run(
        [*pip_install, "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target
