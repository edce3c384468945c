"""The docs and signatures of every golden SDK state what its runtime does: the retry and
timeout defaults, and the per-call options, read back from the generated files and compared
with the generated runtime's own `_runtime/defaults.py`."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.golden import GOLDEN
from tests.support import OUTPUT, imported

RECORDS = sorted(path for path in GOLDEN.iterdir() if (path / "src").is_dir())
CODE_SPAN = re.compile(r"`([^`]+)`")
# The retry prose of README.md and retryconfig.md, with what each part states.
METHODS_AND_STATUSES = re.compile(
    r"safe(?:ly)?(?: default)?: (?P<methods>.+?) calls are retried on (?P<statuses>[\d, and]+?)"
    r"(?: responses)? and on network failures; .+? answered (?P<throttle>[\d, or]+?) with"
)
README_BUDGET = re.compile(r"honour `Retry-After`, and stop after (?P<elapsed>\d+) seconds\.")
README_TIMEOUT = re.compile(r"Each request times out after (?P<seconds>\d+) seconds")
RETRY_PAGE_BACKOFF = re.compile(
    r"The default backoff is `BackoffStrategy\((?P<args>[^)]*)\)`: it waits up to "
    r"(?P<interval>\d+) seconds between attempts and gives up after (?P<elapsed>\d+) seconds\."
)
TABLE_ROW = re.compile(
    r"^\| `(?P<name>\w+)` +\| (?P<type>.+?) +\| (?P<required>\S+) +\| (?P<about>.+?) +\|$"
)


def package(record: Path) -> Path:
    [folder] = (record / "src").iterdir()
    return folder


def defaults(record: Path) -> ModuleType:
    """The generated `_runtime/defaults.py`, loaded on its own as the generator loads it."""
    path = package(record) / "_runtime" / "defaults.py"
    spec = importlib.util.spec_from_file_location(f"defaults_of_{record.name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def spoken(text: str) -> list[str]:
    """ "a, b and c" as its items."""
    return re.split(r", | and | or ", text)


def read_methods_and_statuses(text: str, runtime: ModuleType) -> None:
    found = METHODS_AND_STATUSES.search(text)
    assert found, "the retry prose is missing"
    assert CODE_SPAN.findall(found["methods"]) == list(runtime.IDEMPOTENT_METHODS)
    assert [int(s) for s in spoken(found["statuses"])] == list(runtime.RETRYABLE_STATUSES)
    assert [int(s) for s in spoken(found["throttle"])] == list(runtime.THROTTLE_STATUSES)


@pytest.mark.parametrize("record", RECORDS, ids=lambda path: path.name)
def test_readme_states_the_runtime_defaults(record: Path) -> None:
    runtime = defaults(record)
    text = (record / "README.md").read_text()
    read_methods_and_statuses(text, runtime)
    budget = README_BUDGET.search(text)
    assert budget and int(budget["elapsed"]) * 1000 == runtime.DEFAULT_MAX_ELAPSED_TIME_MS
    timeout = README_TIMEOUT.search(text)
    assert timeout and int(timeout["seconds"]) * 1000 == runtime.DEFAULT_TIMEOUT_MS


@pytest.mark.parametrize("record", RECORDS, ids=lambda path: path.name)
def test_retry_page_states_the_runtime_defaults(record: Path) -> None:
    runtime = defaults(record)
    text = (record / "docs" / "models" / "utils" / "retryconfig.md").read_text()
    read_methods_and_statuses(text, runtime)
    backoff = RETRY_PAGE_BACKOFF.search(text)
    assert backoff, "the default backoff is missing"
    assert [float(value) for value in backoff["args"].split(", ")] == [
        runtime.DEFAULT_INITIAL_INTERVAL_MS,
        runtime.DEFAULT_MAX_INTERVAL_MS,
        runtime.DEFAULT_EXPONENT,
        runtime.DEFAULT_MAX_ELAPSED_TIME_MS,
    ]
    assert int(backoff["interval"]) * 1000 == runtime.DEFAULT_MAX_INTERVAL_MS
    assert int(backoff["elapsed"]) * 1000 == runtime.DEFAULT_MAX_ELAPSED_TIME_MS


@pytest.mark.parametrize("record", RECORDS, ids=lambda path: path.name)
def test_parameter_tables_list_the_documented_call_options(record: Path) -> None:
    runtime = defaults(record)
    listed = [option for option in runtime.CALL_OPTIONS if option.docs_type is not None]
    assert listed, "no call option is documented in the parameters tables"
    pages = sorted((record / "docs" / "sdks").glob("*/README.md"))
    tables = [page.read_text().split("### Parameters")[1:] for page in pages]
    sections = [section.split("### Response")[0] for table in tables for section in table]
    assert sections
    for section in sections:
        rows = [TABLE_ROW.match(line) for line in section.splitlines()]
        by_name = {row["name"]: row for row in rows if row}
        for option in runtime.CALL_OPTIONS:
            if option.docs_type is None:
                assert option.name not in by_name
                continue
            row = by_name[option.name]
            assert row["type"] == f"[{option.docs_type}](../../models/{option.docs_page})"
            assert row["required"] == ":heavy_minus_sign:"
            assert row["about"] == option.description


def methods(record: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every generated method that sends a call or iterates pages of calls."""
    found = []
    for module in sorted(package(record).glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                _calls_core(node) or _iterates_pages(node)
            ):
                found.append(node)
    return found


def _calls_core(method: ast.AST) -> bool:
    """Whether the method sends through `self._core`: `send`, `stream` or `send_or_stream`, or
    their `_async` twins."""
    calls = ("send", "stream", "send_or_stream")
    return any(
        isinstance(node, ast.Attribute)
        and node.attr in (*calls, *(call + "_async" for call in calls))
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "_core"
        for node in ast.walk(method)
    )


def _iterates_pages(method: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Name) and node.id.endswith(("_pages", "_pages_async"))
        for node in ast.walk(method)
    )


@pytest.mark.parametrize("record", RECORDS, ids=lambda path: path.name)
def test_every_method_takes_and_documents_the_call_options(record: Path) -> None:
    runtime = defaults(record)
    found = methods(record)
    assert found
    for method in found:
        trailing = method.args.kwonlyargs[-len(runtime.CALL_OPTIONS) :]
        defaults_given = method.args.kw_defaults[-len(runtime.CALL_OPTIONS) :]
        for option, argument, default in zip(
            runtime.CALL_OPTIONS, trailing, defaults_given, strict=True
        ):
            assert argument.arg == option.name, method.name
            assert argument.annotation and ast.unparse(argument.annotation) == option.hint
            assert isinstance(default, ast.Constant) and default.value is None
        if not _calls_core(method):
            continue  # a pages method refers to the method it calls for its arguments
        docstring = " ".join((ast.get_docstring(method) or "").split())
        for option in runtime.CALL_OPTIONS:
            assert f":param {option.name}: {option.description}" in docstring, method.name


@pytest.mark.parametrize("record", RECORDS, ids=lambda path: path.name)
def test_call_options_tuple_and_client_docstring_match_the_defaults(record: Path) -> None:
    runtime = defaults(record)
    endpoint = ast.parse((package(record) / "_runtime" / "endpoint.py").read_text())
    [call_options] = [
        node
        for node in endpoint.body
        if isinstance(node, ast.ClassDef) and node.name == "CallOptions"
    ]
    fields = [
        (statement.target.id, ast.unparse(statement.annotation))
        for statement in call_options.body
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
    ]
    assert fields == [(option.name, option.hint) for option in runtime.CALL_OPTIONS]
    sdk = " ".join((package(record) / "sdk.py").read_text().split())
    assert (
        f":param timeout_ms: Timeout for each request in milliseconds"
        f" (default {runtime.DEFAULT_TIMEOUT_MS})." in sdk
    )


def test_the_runtime_runs_on_its_defaults() -> None:
    runtime = defaults(OUTPUT)
    with imported(OUTPUT / "src", "autumn_sdk") as sdk:
        retries = importlib.import_module("autumn_sdk.utils.retries")
        policy = retries.RetryPolicy.choose(None, "GET")
        assert policy.backoff == sdk.utils.BackoffStrategy(
            runtime.DEFAULT_INITIAL_INTERVAL_MS,
            runtime.DEFAULT_MAX_INTERVAL_MS,
            runtime.DEFAULT_EXPONENT,
            runtime.DEFAULT_MAX_ELAPSED_TIME_MS,
        )
        assert policy.statuses == frozenset(runtime.RETRYABLE_STATUSES)
        assert frozenset(runtime.THROTTLE_STATUSES) == retries.THROTTLE_STATUSES
        assert frozenset(runtime.IDEMPOTENT_METHODS) == retries.IDEMPOTENT_METHODS
        with sdk.Autumn(server_url="http://127.0.0.1:9") as autumn:
            timeout = autumn._core.sync_client().timeout
            assert timeout == httpx.Timeout(runtime.DEFAULT_TIMEOUT_MS / 1000)


def test_the_builder_keeps_argument_names_off_the_call_options() -> None:
    """An operation's own argument must never take an option's name: the builder reserves them."""
    from generator.builder.names import call_scope
    from generator.runtime_facts import runtime_facts

    scope = call_scope()
    for option in runtime_facts().call_options:
        assert scope.claim(option.name) != option.name
