"""The SDK's version and changelog follow what changed for its users (generator/changes/
versions.py): the bump by severity, the dated entries kept as written, manual versioning, and
the pending summary `--check` shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.changes.compare import Change
from generator.changes.versions import bump
from generator.cli import main
from generator.config import Config
from generator.pipeline import Outcome, generate
from generator.problems import SpecError
from tests.test_changes import base, item_field

# 2026-01-01 and 2026-02-01, UTC.
JANUARY, FEBRUARY = "1767225600", "1769904000"


@pytest.mark.parametrize(
    ("version", "rules", "expected"),
    [
        ("0.1.0", [], "0.1.0"),
        ("0.1.0", ["operation-removed"], "0.2.0"),
        ("1.4.2", ["operation-removed", "operation-added"], "2.0.0"),
        ("1.4.2", ["output-nullable-added"], "1.5.0"),
        ("1.4.2", ["operation-added"], "1.5.0"),
        ("1.4.2", ["description-changed"], "1.4.3"),
        ("2024.1", ["operation-added"], "2024.1"),
    ],
)
def test_the_bump_follows_the_worst_change(version: str, rules: list[str], expected: str) -> None:
    assert bump(version, [Change(path="x", rule=rule) for rule in rules]) == expected


class Project:
    """A spec file and its SDK folder, regenerated after each change to the spec."""

    def __init__(self, folder: Path, **settings: Any) -> None:
        self.spec = folder / "spec.json"
        self.output = folder / "sdk"
        self.settings = settings
        self.document = base()

    def generate(self, check: bool = False) -> Outcome:
        self.spec.write_text(json.dumps(self.document), encoding="utf-8")
        config = Config(spec=self.spec, output=self.output, **self.settings)
        return generate(config, "spec.json", check=check)

    @property
    def changelog(self) -> str:
        return (self.output / "CHANGELOG.md").read_text(encoding="utf-8")

    @property
    def version(self) -> str:
        text = (self.output / "pyproject.toml").read_text(encoding="utf-8")
        return next(line for line in text.splitlines() if line.startswith("version = "))


def test_each_change_bumps_the_version_and_adds_a_dated_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JANUARY)
    project = Project(tmp_path)
    project.generate()
    assert project.version == 'version = "0.1.0"'
    assert project.changelog.endswith("\n## [0.1.0]\n\nThe first version of this SDK.\n")
    project.document["paths"].pop("/ping")
    project.generate()
    assert project.version == 'version = "0.2.0"'
    first_entries = project.changelog.split("\n## ", 1)[1]
    assert first_entries.startswith(
        "[0.2.0] - 2026-01-01\n\n### Breaking changes\n\n"
        "- `Shop.ping`: operation-removed (`GET /ping`) — calls to the method fail with"
        " AttributeError\n"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FEBRUARY)
    item_field(project.document, "note")["description"] = "Changed."
    project.generate()
    assert project.version == 'version = "0.2.1"'
    assert "## [0.2.1] - 2026-02-01\n\n### Fixed and documented\n" in project.changelog
    # Entries already written stay byte for byte, below the new one.
    assert project.changelog.endswith(first_entries)
    # Nothing changed for users: no bump, no entry, and the recorded date is not redone.
    before = project.changelog
    project.document["info"]["x-internal"] = "ignored"
    outcome = project.generate()
    assert outcome.release is not None and outcome.release.changes == ()
    assert project.version == 'version = "0.2.1"'
    assert project.changelog == before


def test_a_breaking_change_from_1_0_is_a_major_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JANUARY)
    project = Project(tmp_path, version="1.0.0")
    project.generate()
    project.document["paths"].pop("/ping")
    outcome = project.generate()
    assert outcome.release is not None
    assert (outcome.release.previous, outcome.release.version) == ("1.0.0", "2.0.0")


def test_manual_versioning_keeps_the_version_and_says_what_it_should_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JANUARY)
    project = Project(tmp_path, versioning="manual")
    project.generate()
    project.document["paths"].pop("/ping")
    outcome = project.generate()
    assert outcome.release is not None
    assert (outcome.release.version, outcome.release.due) == ("0.1.0", "0.2.0")
    assert project.version == 'version = "0.1.0"'


def test_check_shows_the_pending_change_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JANUARY)
    monkeypatch.chdir(tmp_path)
    project = Project(tmp_path)
    project.generate()
    project.document["paths"].pop("/ping")
    item_field(project.document, "note")["nullable"] = True
    project.spec.write_text(json.dumps(project.document), encoding="utf-8")
    arguments = ["generate", "--spec", str(project.spec), "--out", str(project.output)]
    assert main([*arguments, "--check"]) == 1
    err = capsys.readouterr().err
    assert (
        "sdkgen: pending SDK changes: 1 breaking, 1 type; version 0.1.0 -> 0.2.0\n"
        "  breaking: `Shop.ping`: operation-removed (`GET /ping`) — calls to the method fail"
        " with AttributeError\n"
        "  type: `models.Item.note`: output-nullable-added — the response value may now be"
        " None: code using it unchecked no longer type-checks\n"
    ) in err


def test_an_unknown_versioning_is_a_located_error(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.sdkgen]\nspec = "s.yaml"\nversioning = "yes"\n', encoding="utf-8")
    from generator.config import load_config

    with pytest.raises(SpecError) as raised:
        load_config(pyproject, {})
    assert [str(p) for p in raised.value.problems] == [
        "[tool.sdkgen]: #: versioning 'yes' is not one of: auto, manual"
    ]
