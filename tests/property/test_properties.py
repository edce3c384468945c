"""Property test: every OpenAPI document a broad grammar can write either becomes an SDK whose
code parses, imports and passes `mypy --strict`, or fails with located problems (`file:
#/pointer: message`, exit code 1, nothing written). Anything else is a generator bug: an
exception escaping the generator, an internal error, or generated code that does not work.

The default run is a fixed, derandomised handful of examples, fast enough for `make test`.
`SDKGEN_PROPERTY_EXAMPLES=N` runs N random examples of each property instead (failures are
kept in .pytest_cache/hypothesis to replay). mypy runs in process with one warm cache, so
each example is checked on its own and hypothesis can shrink a failing one.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from generator import cli
from generator.config import Config
from generator.pipeline import generate
from generator.problems import SpecError
from tests.property.checks import (
    LOCATED,
    UNSATISFIABLE,
    Tally,
    assert_located,
    check_generated_sdk,
    counter,
    example_folder,
    report_tally,
    write_spec,
)
from tests.property.grammar import Json, documents
from tests.property.mutations import Breakage, broken_documents
from tests.support import ROOT

# Each test generates and checks dozens of documents.
pytestmark = pytest.mark.slow

# -- settings -------------------------------------------------------------------------------------

_REQUESTED = os.environ.get("SDKGEN_PROPERTY_EXAMPLES", "").strip()
EXAMPLES = int(_REQUESTED) if _REQUESTED else 20
BROKEN_EXAMPLES = int(_REQUESTED) if _REQUESTED else 20
LONG_RUN = bool(_REQUESTED)

PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The default run is the same every time (CI must not flake on a new random example); a
    # long run explores, and keeps what it finds where .gitignore already keeps it out of git.
    derandomize=not LONG_RUN,
    database=(
        DirectoryBasedExampleDatabase(str(ROOT / ".pytest_cache" / "hypothesis"))
        if LONG_RUN
        else None
    ),
    print_blob=LONG_RUN,
    # One bug at a time: shrinking each of several distinct failures multiplies the wait.
    report_multiple_bugs=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


# -- the properties -------------------------------------------------------------------------------


def test_any_document_generates_working_code_or_located_errors(
    tmp_path: Path,
    mypy_cache: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Callable[[str, object], None],
) -> None:
    tally = Tally()
    numbers = counter()

    @PROPERTY_SETTINGS
    @given(doc=documents(), as_yaml=st.booleans(), explicit_names=st.booleans())
    def check(doc: dict[str, Any], as_yaml: bool, explicit_names: bool) -> None:
        with example_folder(tmp_path, numbers) as folder:
            written = write_spec(doc, folder, as_yaml)
            note(f"spec: {written.spec.read_text(encoding='utf-8')}")
            out = folder / "sdk"
            names = "prop" if explicit_names else None
            config = Config(
                spec=written.spec,
                output=out,
                package_name=names and f"{names}-sdk",
                module=names and f"{names}_sdk",
                client_class=names and names.title(),
            )
            try:
                with tally.timed("generate"):
                    outcome = generate(config, written.label)
            except SpecError as error:
                assert_located(error.problems, written.label)
                assert not out.exists(), "a failed run wrote its output"
                tally.outcomes["located errors"] += 1
                return
            for warning in outcome.warnings:
                assert_located([warning], written.label)
            unsatisfiable = any(UNSATISFIABLE in w.message for w in outcome.warnings)
            check_generated_sdk(out, mypy_cache, tally, typed_snippets=not unsatisfiable)
            kind = "generated (a schema has no value)" if unsatisfiable else "generated"
            tally.outcomes[kind] += 1

    check()
    record_property("examples", sum(tally.outcomes.values()))
    report_tally(capsys, tally, "documents")


def related(found: str, expected: str) -> bool:
    """Whether a problem's pointer is the expected place, inside it, or one of its parents
    (as printed: what a terminal would not show plainly is escaped)."""
    expected = "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in expected
    )
    return (
        found == expected
        or found.startswith(expected + "/")
        or expected.startswith(found + "/")
        or found == "#"
    )


def test_broken_documents_fail_with_located_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Callable[[str, object], None],
) -> None:
    """Through the CLI: exit code 1, every line of stderr a located problem, nothing written."""
    tally = Tally()
    numbers = counter()
    (tmp_path / "pyproject.toml").write_text("[tool.sdkgen]\n")

    @settings(PROPERTY_SETTINGS, max_examples=BROKEN_EXAMPLES)
    @given(case=broken_documents(), as_yaml=st.booleans())
    def check(case: tuple[Json | str, Breakage, Json], as_yaml: bool) -> None:
        doc, breakage, base = case
        with example_folder(tmp_path, numbers) as folder:
            if isinstance(doc, str):
                folder.mkdir()
                suffix = ".yaml" if as_yaml and breakage.name != "lone surrogate" else ".json"
                spec = folder / f"spec{suffix}"
                spec.write_text(doc, encoding="utf-8")
            else:
                spec = write_spec(doc, folder, as_yaml).spec
            note(f"{breakage}; spec: {spec.read_text(encoding='utf-8')}")
            out = folder / "sdk"
            label = spec.relative_to(tmp_path).as_posix()
            stdout, stderr = io.StringIO(), io.StringIO()
            argv = ["generate", "--spec", str(spec), "--out", str(out), "--quiet"]
            argv += ["--config", str(tmp_path / "pyproject.toml")]
            redirect = contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr)
            with redirect[0], redirect[1], tally.timed("sdkgen"):
                try:
                    status = cli.main(argv)
                except SystemExit as exit_:  # argparse's usage errors
                    status = int(exit_.code or 0)
            errors = stderr.getvalue()
            note(f"exit {status}; stderr:\n{errors}")
            assert status == 1, f"{breakage.name}: exit {status}, expected 1\n{errors}"
            assert not out.exists(), "a failed run wrote its output"
            lines = errors.splitlines()
            assert lines
            pointers = []
            for line in lines:
                match = LOCATED.match(line)
                assert match, f"not a located problem: {line!r}"
                assert match["file"] == label, line
                assert "internal error" not in line, line
                if not match["message"].startswith("warning: "):
                    pointers.append(match["pointer"])
            assert pointers, f"{breakage.name}: only warnings\n{errors}"
            if breakage.pointer is not None and not any(
                related(p, breakage.pointer) for p in pointers
            ):
                # Loading stops at the first stage with problems: an accidental $ref cycle in
                # the document before the mutation can hide a later stage's problem.
                before = write_spec(base, folder / "before", False)
                with pytest.raises(SpecError):
                    generate(Config(spec=before.spec, output=folder / "sdk2"), before.label)
                tally.outcomes["masked by an earlier problem"] += 1
            tally.outcomes[breakage.name] += 1

    check()
    record_property("examples", sum(tally.outcomes.values()))
    report_tally(capsys, tally, "broken documents")
