"""Work whose inputs did not change is not done again."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

import generator.builder
import generator.load.validate
import generator.write.format as formatting
from generator.pipeline import generate
from generator.problems import SpecError
from tests.support import SPECS, autumn_config


def count_formatted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    formatted: list[str] = []
    real = formatting._format_all

    def counting(texts: dict[str, str]) -> dict[str, str]:
        formatted.extend(texts)
        return real(texts)

    monkeypatch.setattr(formatting, "_format_all", counting)
    return formatted


def test_unchanged_inputs_do_no_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = autumn_config(SPECS / "autumn.yaml", tmp_path / "sdk")
    generate(config, "specs/autumn.yaml")

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model builder ran for an unchanged run")

    monkeypatch.setattr(generator.builder, "build_api", fail)
    outcome = generate(config, "specs/autumn.yaml")
    assert outcome.changes.empty and outcome.changes.unchanged == outcome.file_count


def test_an_edited_output_file_is_kept_and_a_lost_pristine_store_rebuilt(tmp_path: Path) -> None:
    config = autumn_config(SPECS / "autumn.yaml", tmp_path / "sdk")
    generate(config, "specs/autumn.yaml")
    readme = tmp_path / "sdk" / "README.md"
    original = readme.read_bytes()
    readme.write_text("edited")
    assert generate(config, "specs/autumn.yaml").changes.empty  # an edit is not stale output
    assert readme.read_text() == "edited"
    shutil.rmtree(tmp_path / "sdk" / ".sdkgen")
    outcome = generate(config, "specs/autumn.yaml")
    assert outcome.changes.written and all(
        path.startswith(".sdkgen/") for path in outcome.changes.written
    )
    assert readme.read_text() == "edited"
    outcome = generate(config, "specs/autumn.yaml", discard_edits=["README.md"])
    assert outcome.changes.written == ["README.md"]
    assert readme.read_bytes() == original


def test_unchanged_spec_is_not_validated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = autumn_config(SPECS / "autumn.yaml", tmp_path / "sdk")
    generate(config, "specs/autumn.yaml")

    def fail(*args: object) -> None:
        raise AssertionError("validated an unchanged spec")

    monkeypatch.setattr(generator.load.validate, "BackgroundValidation", fail)
    outcome = generate(dataclasses.replace(config, version="0.2.0"), "specs/autumn.yaml")
    assert "pyproject.toml" in outcome.changes.written


def test_one_change_formats_only_the_files_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "autumn.yaml"
    spec.write_text((SPECS / "autumn.yaml").read_text())
    # The version stays put, so the one change is the description (a fix would bump it and
    # rewrite _version.py, pyproject.toml and CHANGELOG.md too: tests/test_versions.py).
    config = dataclasses.replace(autumn_config(spec, tmp_path / "sdk"), versioning="manual")
    generate(config, "autumn.yaml")
    formatted = count_formatted(monkeypatch)
    spec.write_text(spec.read_text().replace("The referral code to redeem", "The code to redeem"))
    outcome = generate(config, "autumn.yaml")
    assert formatted == ["src/autumn_sdk/referrals.py"]
    written = sorted(outcome.changes.written)
    assert [path for path in written if not path.startswith(".sdkgen/")] == [
        ".sdkgen-manifest.json",
        "docs/sdks/referrals/README.md",
        "src/autumn_sdk/referrals.py",
    ]
    # The pristine store swaps the two changed files' objects, and nothing else.
    assert sum(path.startswith(".sdkgen/pristine/") for path in written) == 2
    assert sum(path.startswith(".sdkgen/pristine/") for path in outcome.changes.removed) == 2


def test_the_format_cache_outside_the_output_warms_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = dataclasses.replace(
        autumn_config(SPECS / "autumn.yaml", tmp_path / "one"), cache_dir=cache
    )
    generate(first, "specs/autumn.yaml")
    formatted = count_formatted(monkeypatch)
    second = dataclasses.replace(first, output=tmp_path / "two")
    generate(second, "specs/autumn.yaml")
    assert formatted == []
    one = sorted(
        p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file()
    )
    assert all(
        (tmp_path / "one" / p).read_bytes() == (tmp_path / "two" / p).read_bytes() for p in one
    )


def test_the_hooks_file_is_the_users_and_never_overwritten(tmp_path: Path) -> None:
    config = autumn_config(SPECS / "autumn.yaml", tmp_path / "sdk")
    generate(config, "specs/autumn.yaml")
    hooks = tmp_path / "sdk" / "src" / "autumn_sdk" / "hooks_registration.py"
    assert "This file is yours" in hooks.read_text()
    mine = hooks.read_text().replace('"""Called', '"""Mine. Called')
    hooks.write_text(mine)
    assert generate(config, "specs/autumn.yaml").changes.empty
    assert generate(config, "specs/autumn.yaml", check=True).changes.empty
    assert generate(
        dataclasses.replace(config, version="0.2.0"), "specs/autumn.yaml"
    ).changes.written
    assert hooks.read_text() == mine
    hooks.unlink()
    outcome = generate(dataclasses.replace(config, version="0.2.0"), "specs/autumn.yaml")
    assert outcome.changes.written == ["src/autumn_sdk/hooks_registration.py"]


def test_prose_edits_skip_validation_structural_edits_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "autumn.yaml"
    spec.write_text((SPECS / "autumn.yaml").read_text())
    config = autumn_config(spec, tmp_path / "sdk")
    generate(config, "autumn.yaml")
    validated: list[object] = []
    real = generator.load.validate.BackgroundValidation

    def counting(document: object) -> object:
        validated.append(document)
        return real(document)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.load.validate, "BackgroundValidation", counting)
    spec.write_text(spec.read_text().replace("The referral code to redeem", "The code to redeem"))
    generate(config, "autumn.yaml")
    assert validated == []
    spec.write_text(spec.read_text().replace("required: [code, customer_id]", "required: 5"))
    with pytest.raises(SpecError) as caught:
        generate(config, "autumn.yaml")
    assert len(validated) == 1
    assert "5 is not of type 'array'" in str(caught.value)


def test_structure_ignores_prose_but_not_example_data() -> None:
    from generator.load.structure import structure_sha256

    base = {"info": {"description": "a"}, "example": {"description": "x"}}
    assert structure_sha256([base]) == structure_sha256([{**base, "info": {"description": "b"}}])
    assert structure_sha256([base]) != structure_sha256([{**base, "example": {"description": "y"}}])
    assert structure_sha256([base]) != structure_sha256([{**base, "info": {"description": 5}}])
