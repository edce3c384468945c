"""The test suite and mock server each generated SDK ships (`tests/`, `<module>/_mock.py`).

The suite passes for every golden SDK and for the committed Autumn SDK, with the number of
tests its spec implies; it fails, naming the tests, when the SDK's runtime is broken; and the
mock itself answers 400, 404 and 422 as it says, and runs by hand and stops on a signal.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.golden import GOLDEN, REAL_SPEC
from tests.support import OUTPUT, ROOT, build_wheel, imported, install_wheel

SUITES = [*sorted(path for path in GOLDEN.iterdir() if path.name != "autumn-real"), OUTPUT]
PASSED = re.compile(r"(\d+) passed")


def run_suite(sdk: Path) -> subprocess.CompletedProcess[str]:
    """`python -m pytest` in the SDK's folder, as its README says (no bytecode left behind;
    this repository's pytest plugins stay out)."""
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio"],
        cwd=sdk,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def spec_of(sdk: Path) -> dict[str, Any]:
    label = (sdk / "pyproject.toml").read_text().splitlines()[0]
    spec = label.split(" from ", 1)[1].split(" (", 1)[0]
    path = (ROOT / spec).resolve()
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def operation_count(spec: dict[str, Any]) -> int:
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return sum(
        1
        for item in (spec.get("paths") or {}).values()
        for method, operation in item.items()
        if method in methods and not (operation or {}).get("x-speakeasy-ignore")
    )


@pytest.mark.slow
@pytest.mark.parametrize("sdk", SUITES, ids=lambda sdk: str(sdk.relative_to(ROOT)))
def test_the_generated_suite_passes(sdk: Path) -> None:
    result = run_suite(sdk)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    passed = int(PASSED.findall(result.stdout)[-1])
    # A sync and an async test for every operation, and more for errors, pages and streams.
    assert passed >= 2 * operation_count(spec_of(sdk)), result.stdout[-2000:]


@pytest.mark.parametrize("sdk", SUITES, ids=lambda sdk: str(sdk.relative_to(ROOT)))
def test_the_generated_tests_have_no_ruff_findings(sdk: Path) -> None:
    """Users read the tests as examples, and lint them in the SDK's folder (ruff's own
    defaults, under which the package in `src/` is first-party)."""
    command = ["check", "--isolated", "--no-cache", "--select", "F,E,W,I", "--ignore", "E501"]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "tests"],
        cwd=sdk,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("sdk", [GOLDEN / "shapes", OUTPUT], ids=["shapes", "output"])
def test_the_generated_tests_pass_mypy_strict(sdk: Path, tmp_path: Path) -> None:
    environment = {**os.environ, "MYPYPATH": str(sdk / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), "tests"],
        cwd=sdk,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_generated_suite_of_autumns_real_spec_passes() -> None:
    if not REAL_SPEC.is_file():
        pytest.skip("../shared (Autumn's real spec) is not beside this checkout")
    sdk = GOLDEN / "autumn-real"
    result = run_suite(sdk)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    spec = yaml.safe_load(REAL_SPEC.read_text())
    assert int(PASSED.findall(result.stdout)[-1]) >= 2 * operation_count(spec) == 42


# Faults planted in a copy of the runtime: (file, the text, what it becomes).
CORRUPTIONS = {
    "header serialisation": (
        "_runtime/request.py",
        "                self.headers[name.lower()] = value\n",
        "                self.headers[name.lower()] = value[::-1]\n",
    ),
    "header names": (
        "_runtime/request.py",
        "                self.headers[name.lower()] = value\n",
        '                self.headers[name.lower() + "-x"] = value\n',
    ),
    "query encoding": (
        "utils/params.py",
        "    return [(name, text(value))]\n",
        '    return [(name, text(value) + "0")]\n',
    ),
    "JSON body encoding": (
        "_runtime/request.py",
        "            body = compact(body, endpoint.nullable_body_fields)",
        "            body = {k.upper(): v for k, v in body.items()}",
    ),
}
# The SDK that meets each fault, and a test of its suite that must fail because of it.
BROKEN = {
    "header serialisation": ("autumn", "test_referrals.py::test_create_code"),
    "header names": ("autumn", "test_referrals.py::test_redeem_code"),
    "query encoding": ("wire", "test_items.py::test_get_item"),
    "JSON body encoding": ("autumn", "test_referrals.py::test_redeem_code"),
}


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(CORRUPTIONS))
def test_a_broken_runtime_fails_the_generated_suite(fault: str, tmp_path: Path) -> None:
    golden, expected = BROKEN[fault]
    source = OUTPUT if golden == "autumn" else GOLDEN / golden
    sdk = tmp_path / "sdk"
    shutil.copytree(source, sdk, ignore=shutil.ignore_patterns(".sdkgen", "docs"))
    [package] = [p for p in (sdk / "src").iterdir() if (p / "__init__.py").is_file()]
    relative, before, after = CORRUPTIONS[fault]
    target = package / relative
    text = target.read_text()
    assert before in text, f"{relative} no longer holds the text this test corrupts"
    target.write_text(text.replace(before, after))
    result = run_suite(sdk)
    assert result.returncode == 1, result.stdout[-3000:]
    failed = re.findall(r"^FAILED tests/(\S+)", result.stdout, re.MULTILINE)
    assert any(name.startswith(expected) for name in failed), result.stdout[-3000:]


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@contextmanager
def mock_server() -> Iterator[Any]:
    """The committed Autumn SDK's mock, running on a free port."""
    with imported(OUTPUT / "src", "autumn_sdk"):
        server = importlib.import_module("autumn_sdk._mock").MockServer()
        with server as mock:
            yield mock


AUTH = {
    "authorization": "Bearer test",
    "x-api-version": "2.1",
    "content-type": "application/json",
}


def test_the_mock_answers_with_the_specs_example_and_records_the_request() -> None:
    with mock_server() as mock:
        body = json.dumps({"customer_id": "cus_1", "program_id": "prog_1"}).encode()
        status, answer = post(f"{mock.url}/v1/referrals.create_code", body, AUTH)
        assert (status, answer["code"]) == (200, "REF123")
        assert mock.last.body == {"customer_id": "cus_1", "program_id": "prog_1"}
        assert mock.last.header_params == {"x-api-version": "2.1"}


def test_the_mock_answers_422_naming_the_field_that_does_not_fit() -> None:
    with mock_server() as mock:
        body = json.dumps({"customer_id": 5, "program_id": "prog_1"}).encode()
        status, answer = post(f"{mock.url}/v1/referrals.create_code", body, AUTH)
        assert status == 422
        assert answer == {
            "error": "unprocessable",
            "location": "body/customer_id",
            "message": "must be a string",
        }
        missing = json.dumps({"customer_id": "cus_1"}).encode()
        status, answer = post(f"{mock.url}/v1/referrals.create_code", missing, AUTH)
        assert (status, answer["location"], answer["message"]) == (
            422,
            "body/program_id",
            "is required",
        )
        headers = {k: v for k, v in AUTH.items() if k != "x-api-version"}
        status, answer = post(f"{mock.url}/v1/referrals.create_code", body, headers)
        assert (status, answer["location"]) == (422, "header.x-api-version")
        assert mock.requests == []


def test_the_mock_answers_400_to_json_it_cannot_read_and_401_without_credentials() -> None:
    with mock_server() as mock:
        status, answer = post(f"{mock.url}/v1/referrals.create_code", b"{not json", AUTH)
        assert (status, answer["error"], answer["location"]) == (400, "bad_request", "body")
        assert answer["message"].startswith("is not valid JSON")
        headers = {k: v for k, v in AUTH.items() if k != "authorization"}
        status, answer = post(f"{mock.url}/v1/referrals.create_code", b"{}", headers)
        assert (status, answer["location"]) == (401, "credentials")


def test_the_mock_answers_404_for_a_route_the_spec_does_not_have() -> None:
    with mock_server() as mock:
        status, answer = post(f"{mock.url}/v1/nothing", b"{}", AUTH)
        assert status == 404
        assert answer == {
            "error": "not_found",
            "location": "path",
            "message": "no operation matches POST /v1/nothing",
        }


def test_the_mock_strips_a_servers_base_path(make_sdk: Any) -> None:
    sdk = make_sdk(
        """
openapi: 3.1.0
info: {title: Based, version: "1"}
servers: [{url: "https://api.example.com/v2"}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
      responses:
        "200": {description: OK, content: {application/json: {schema: {type: object}}}}
"""
    )
    with importlib.import_module("autumn_sdk._mock").MockServer() as mock:
        for path in ("/v2/things/7?tags=a&tags=b", "/things/7?tags=a&tags=b"):
            with urllib.request.urlopen(mock.url + path, timeout=10) as answer:
                assert answer.status == 200
            assert mock.last.path_params == {"id": 7}
            assert mock.last.query == {"tags": ["a", "b"]}
        try:
            urllib.request.urlopen(mock.url + "/things/seven", timeout=10)
        except urllib.error.HTTPError as error:
            assert (error.code, json.loads(error.read())["location"]) == (422, "path.id")
        else:
            raise AssertionError("a path parameter that is not an integer was accepted")
    assert sdk.Autumn is not None


def test_the_mock_prefers_a_literal_segment_to_a_template(make_sdk: Any) -> None:
    """As OpenAPI asks: `/users/me` is its own route even where `/users/{id}` comes first."""
    make_sdk(
        """
openapi: 3.1.0
info: {title: Users, version: "1"}
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: OK}}
  /users/me:
    get:
      operationId: getMe
      responses: {"200": {description: OK}}
"""
    )
    with importlib.import_module("autumn_sdk._mock").MockServer() as mock:
        for path, operation in (("/users/me", "getMe"), ("/users/u1", "getUser")):
            with urllib.request.urlopen(mock.url + path, timeout=10):
                assert mock.last.operation_id == operation


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_the_mock_runs_by_hand_and_stops_on_a_signal(stop: signal.Signals) -> None:
    environment = {**os.environ, "PYTHONPATH": str(OUTPUT / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "autumn_sdk._mock", "--port", "0"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+)", first)
        assert url is not None, first + process.stderr.read() if process.stderr else first
        status, answer = post(
            url.group(1) + "/v1/referrals.redeem_code",
            json.dumps({"code": "REF123", "customer_id": "cus_1"}).encode(),
            AUTH,
        )
        assert (status, answer["id"]) == (200, "red_123")
        process.send_signal(stop)
        started = time.monotonic()
        assert process.wait(timeout=10) == 0
        assert time.monotonic() - started < 10
        assert "Traceback" not in (process.stderr.read() if process.stderr else "")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_the_installed_wheel_carries_the_mock_and_its_data(tmp_path: Path) -> None:
    """The mock reads its routes from a data file beside it: the wheel must carry both."""
    wheel = build_wheel(OUTPUT, tmp_path, isolated=False)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"autumn_sdk/_mock.py", "autumn_sdk/_mock_spec.json"} <= names
    target = install_wheel(wheel, tmp_path / "site")
    result = subprocess.run(
        [sys.executable, "-c", "from autumn_sdk._mock import ROUTES; print(len(ROUTES))"],
        env={**os.environ, "PYTHONPATH": str(target)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "2"), result.stderr
