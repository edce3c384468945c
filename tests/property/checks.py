"""What the properties check of one document: its spec written out, problems located,
and a generated SDK that parses, imports and passes mypy --strict, docs snippets included; and
how the inline specs of the regressions they found begin."""

from __future__ import annotations

import contextlib
import inspect
import json
import os
import pkgutil
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
import yaml

from generator.load.source import _Loader
from generator.problems import Problem
from tests.property.grammar import Json
from tests.support import imported, python_blocks

LABEL = "specs/property.yaml"
LOCATED = re.compile(r"^(?P<file>.+?): (?P<pointer>#(?:/.*?)?)(?: \(line \d+\))?: (?P<message>.+)$")


@dataclass
class Written:
    spec: Path
    label: str


def write_spec(doc: Json, folder: Path, as_yaml: bool) -> Written:
    """The document as YAML (when YAML 1.2 reads it back unchanged) or as JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    if as_yaml:
        text_ = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
        try:
            same = yaml.load(text_, Loader=_Loader) == doc
        except yaml.YAMLError:
            same = False
        if same:
            spec = folder / "spec.yaml"
            spec.write_text(text_, encoding="utf-8")
            return Written(spec, LABEL)
    spec = folder / "spec.json"
    spec.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return Written(spec, LABEL.replace(".yaml", ".json"))


def assert_located(problems: list[Problem], label: str) -> None:
    assert problems, "a SpecError without problems"
    for problem in problems:
        shown = str(problem)
        assert problem.file == label, shown
        assert problem.pointer == "#" or problem.pointer.startswith("#/"), shown
        assert problem.message.strip(), shown
        assert "internal error" not in problem.message, shown
        assert "Traceback" not in problem.message, shown
        assert LOCATED.match(shown), shown


class Tally:
    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.seconds: dict[str, float] = {}
        self.started = time.perf_counter()

    @contextlib.contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.seconds[phase] = self.seconds.get(phase, 0.0) + elapsed

    def summary(self, what: str) -> str:
        parts = ", ".join(f"{count} {kind}" for kind, count in sorted(self.outcomes.items()))
        total = sum(self.outcomes.values())
        phases = ", ".join(f"{phase} {s:.1f} s" for phase, s in sorted(self.seconds.items()))
        elapsed = time.perf_counter() - self.started
        return f"property test ({what}): {total} examples run in {elapsed:.1f} s: {parts}" + (
            f" ({phases})" if phases else ""
        )


def mypy_in_process(targets: list[str], cache: Path) -> tuple[str, int]:
    from mypy import api

    args = ["--strict", "--config-file", os.devnull, "--cache-dir", str(cache)]
    args += ["--no-error-summary", "--hide-error-context", "--show-error-codes"]
    limit = sys.getrecursionlimit()
    try:
        stdout, stderr, status = api.run([*args, *targets])
    finally:
        sys.setrecursionlimit(limit)  # mypy raises it for good; hypothesis warns about that
    return stdout + stderr, status


def snippets_of(sdk: Path) -> list[str]:
    """Every Python block in the SDK's Markdown."""
    return [block for _, block in python_blocks(sdk)]


UNSATISFIABLE = "no value can have all its required properties"


def check_generated_sdk(
    out: Path, mypy_cache: Path, tally: Tally, typed_snippets: bool = True
) -> None:
    """The generated package parses, compiles, imports module by module, and passes mypy,
    and so do its docs' snippets (unless the generator warned that a schema has no value)."""
    src = out / "src"
    [package] = [p for p in src.iterdir() if p.is_dir()]
    module = package.name
    for source in sorted(src.rglob("*.py")):
        compile(source.read_text(encoding="utf-8"), str(source), "exec", dont_inherit=True)
    import tomllib

    tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    samples = yaml.safe_load((out / "codeSamples.yaml").read_text(encoding="utf-8"))
    assert isinstance(samples, dict)
    targets = [str(package)]
    for index, block in enumerate(snippets_of(out)):
        snippet = src / f"_snippet_{index}.py"
        snippet.write_text(block, encoding="utf-8")
        compile(block, str(snippet), "exec", dont_inherit=True)
        if typed_snippets:
            targets.append(str(snippet))
    with imported(src, module) as sdk:
        for info in pkgutil.walk_packages(sdk.__path__, module + "."):
            import_module(info.name)
        for exported in ("models", "errors", "utils"):
            namespace = getattr(sdk, exported)
            for attribute in getattr(namespace, "__all__", ()):
                getattr(namespace, attribute)
        [client_name] = [n for n in sdk.__all__ if n[:1].isupper()]
        client_class = getattr(sdk, client_name)
        required = [
            name
            for name, parameter in inspect.signature(client_class).parameters.items()
            if parameter.default is parameter.empty
        ]
        client = client_class(**dict.fromkeys(required, "x"))  # required globals
        with client:
            for attribute in dir(type(client)):
                if not attribute.startswith("_"):
                    getattr(client, attribute)
    with tally.timed("mypy"):
        report, status = mypy_in_process(targets, mypy_cache)
    assert status == 0, f"mypy --strict fails on the generated SDK:\n{report}"


@contextlib.contextmanager
def example_folder(root: Path, counter: Iterator[int]) -> Iterator[Path]:
    folder = root / f"example{next(counter)}"
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def counter() -> Iterator[int]:
    index = 0
    while True:
        yield index
        index += 1


def report_tally(capsys: pytest.CaptureFixture[str], tally: Tally, what: str) -> None:
    with capsys.disabled():
        print(f"\n{tally.summary(what)}")


# -- the regressions' inline specs: their first lines, their SDK's names --------------------------

HEAD = "openapi: 3.1.0\ninfo: {title: Reg, version: '1'}\n"
REG = {"package_name": "reg-sdk", "module": "reg_sdk", "client_class": "Reg"}
