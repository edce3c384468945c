"""Hand edits survive regeneration: each test generates a real SDK into a temporary folder, edits
it as a team would, changes the spec, and regenerates."""

from __future__ import annotations

import dataclasses
import importlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generator.builder
from generator.config import Config
from generator.pipeline import generate
from generator.write.manifest import MANIFEST_NAME, read_manifest
from generator.write.pristine import STORE, object_path, read_pristine
from tests.golden import GOLDEN
from tests.support import ROOT, SPECS, autumn_config, imported, mypy_strict

ADDED_METHOD = '''
    def share_url(self, code: str) -> str:
        """A link that redeems `code` when a customer opens it (added by hand)."""
        return f"https://app.useautumn.com/r/{code}"
'''
EDITED_DOCSTRING = '''    """The code customers share; case-sensitive (edited by hand)."""'''
RUNTIME_CONSTANT = "RETRYABLE_STATUSES = (429, 500"
EDITED_CONSTANT = "RETRYABLE_STATUSES = (408, 429, 500"
README_EDIT = " Our support team can raise the limits on request (edited by hand)."
ADDED_MODULE = '''"""Helpers of our own, beside the generated SDK."""

from __future__ import annotations

from .referrals import Referrals


def share_urls(referrals: Referrals, codes: list[str]) -> list[str]:
    return [referrals.share_url(code) for code in codes]
'''

NEW_OPERATION = """\
  /v1/referrals.list_codes:
    post:
      operationId: listReferralCodes
      x-speakeasy-name-override: listCodes
      description: List the referral codes of a customer.
      tags: [referrals]
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/CreateReferralCodeResponse"
components:
"""
NEW_FIELD = """\
        created_at:
          type: number
          description: The timestamp of when the referral code was created
        expires_at:
          type: number
          description: When the referral code stops working
"""


def change_spec(spec: Path) -> None:
    """A spec change of every kind the edits must survive: a new operation on the resource the
    user added a method to, a new field on the model whose docstring the user edited, and new
    descriptions."""
    text = spec.read_text()
    replacements = [
        ("components:\n", NEW_OPERATION),
        (NEW_FIELD.split("        expires_at")[0], NEW_FIELD),
        ("The referral code to redeem", "The code a customer redeems"),
        (
            "Redeem a referral code for a customer.",
            "Redeem a referral code on a customer's behalf.",
        ),
    ]
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    spec.write_text(text)


def project(tmp_path: Path) -> tuple[Config, Path]:
    spec = tmp_path / "autumn.yaml"
    shutil.copy(SPECS / "autumn.yaml", spec)
    config = autumn_config(spec, tmp_path / "sdk")
    generate(config, "autumn.yaml")
    return config, spec


def runtime_with(output: Path, text: str) -> Path:
    """The runtime module that holds `text` (found, not named: the runtime's layout may move)."""
    [found] = [p for p in (output / "src").rglob("*.py") if text in p.read_text()]
    return found


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new))


def make_edits(output: Path) -> dict[str, str]:
    """The edits a team makes, and the files they touch (relative to the output)."""
    package = output / "src" / "autumn_sdk"
    referrals = package / "referrals.py"
    referrals.write_text(referrals.read_text() + ADDED_METHOD)
    edit(
        package / "models" / "shared.py",
        '    """The referral code that can be shared with customers"""',
        EDITED_DOCSTRING,
    )
    retries = runtime_with(output, RUNTIME_CONSTANT)
    edit(retries, RUNTIME_CONSTANT, EDITED_CONSTANT)
    edit(
        output / "README.md",
        "and stop after 30 seconds.",
        "and stop after 30 seconds." + README_EDIT,
    )
    (package / "extras.py").write_text(ADDED_MODULE)
    return {
        "referrals": "src/autumn_sdk/referrals.py",
        "models": "src/autumn_sdk/models/shared.py",
        "retries": retries.relative_to(output).as_posix(),
        "readme": "README.md",
    }


def sdkgen(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def cli_project(tmp_path: Path) -> Path:
    """A project folder with a pyproject, for the command line. The version stays put (a spec
    change would bump it): these tests compare a regeneration with a fresh generation."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sdkgen]\nspec = "autumn.yaml"\noutput = "sdk"\nclient-class = "Autumn"\n'
        'package-name = "autumn-sdk"\nmodule = "autumn_sdk"\nversioning = "manual"\n'
    )
    shutil.copy(SPECS / "autumn.yaml", tmp_path / "autumn.yaml")
    assert sdkgen("generate", "-q", cwd=tmp_path).returncode == 0
    return tmp_path


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def with_markers(folder: Path) -> list[str]:
    return sorted(
        path for path, data in tree(folder).items() if b"\n<<<<<<< yours\n" in b"\n" + data
    )


@pytest.mark.slow
def test_edits_of_every_kind_survive_a_spec_change(tmp_path: Path) -> None:
    config, spec = project(tmp_path)
    output = config.output
    files = make_edits(output)
    change_spec(spec)
    outcome = generate(config, "autumn.yaml")
    assert outcome.edits.conflicts == {}
    assert sorted(outcome.edits.merged) == sorted(files.values())
    package = output / "src" / "autumn_sdk"
    referrals = (package / "referrals.py").read_text()
    assert ADDED_METHOD in referrals  # the user's method, as written
    assert "def list_codes(" in referrals and "def list_codes_async(" in referrals  # the spec's
    assert "The code a customer redeems" in referrals
    assert "Redeem a referral code on a customer's behalf." in referrals
    assert "The referral code to redeem" not in referrals
    models = (package / "models" / "shared.py").read_text()
    assert EDITED_DOCSTRING in models and "expires_at: Optional[float]" in models
    assert '"""When the referral code stops working"""' in models
    assert EDITED_CONSTANT in (output / files["retries"]).read_text()
    readme = (output / "README.md").read_text()
    assert README_EDIT in readme and "list_codes" in readme
    assert (package / "extras.py").read_text() == ADDED_MODULE  # the user's module, untouched
    assert "The code a customer redeems" in (output / "docs/sdks/referrals/README.md").read_text()
    with imported(output / "src", "autumn_sdk") as sdk:
        client = sdk.Autumn(secret_key="k", server_url="http://127.0.0.1:9")
        assert client.referrals.share_url("R1") == "https://app.useautumn.com/r/R1"
        assert callable(client.referrals.list_codes)
        assert "expires_at" in sdk.models.CreateReferralCodeResponse.model_fields
        runtime = importlib.import_module(
            files["retries"].removeprefix("src/").removesuffix(".py").replace("/", ".")
        )
        assert 408 in runtime.RETRYABLE_STATUSES  # the edited constant is what runs
        extras = importlib.import_module("autumn_sdk.extras")
        assert extras.share_urls(client.referrals, ["A"]) == ["https://app.useautumn.com/r/A"]
    report, status = mypy_strict("-p", "autumn_sdk", cwd_path=output / "src", cache=tmp_path / "m")
    assert status == 0, report
    # The run is settled: nothing stale, nothing left to do, and the edits still listed.
    assert generate(config, "autumn.yaml", check=True).changes.empty
    assert generate(config, "autumn.yaml").changes.empty


@pytest.mark.slow
def test_a_conflicting_edit_marks_that_file_alone_and_blocks_until_resolved(
    tmp_path: Path,
) -> None:
    root = cli_project(tmp_path)
    output = root / "sdk"
    referrals = output / "src" / "autumn_sdk" / "referrals.py"
    readme = output / "README.md"
    text = referrals.read_text()
    # The user rewrote a line the spec change rewrites too (the sync method's docstring), and
    # made an edit elsewhere that merges cleanly.
    referrals.write_text(
        text.replace(
            ":param code: The referral code to redeem",
            ":param code: The referral code to redeem (upper case)",
            1,
        )
    )
    edit(readme, "and stop after 30 seconds.", "and stop after 30 seconds." + README_EDIT)
    change_spec(root / "autumn.yaml")
    result = sdkgen("generate", cwd=root)
    assert result.returncode == 4, result.stderr
    assert with_markers(output) == ["src/autumn_sdk/referrals.py"]
    conflicted = referrals.read_text()
    lines = conflicted.splitlines()
    first = lines.index("<<<<<<< yours") + 1
    assert f"  src/autumn_sdk/referrals.py: lines {first}-{first + 4}" in result.stderr
    assert "<<<<<<< yours / ======= / >>>>>>> generated" in result.stderr
    assert lines[first - 1 : first + 4] == [
        "<<<<<<< yours",
        "        :param code: The referral code to redeem (upper case)",
        "=======",
        "        :param code: The code a customer redeems",
        ">>>>>>> generated",
    ]
    # The other twin got the new description; the new operation is there.
    assert conflicted.count(":param code: The code a customer redeems") == 2
    assert "def list_codes(" in conflicted
    # Every other file is what a fresh generation makes (README.md: with the user's edit).
    fresh = tmp_path / "fresh"
    # Named as the project's spec, so the copy each SDK keeps (.sdkgen/spec/) is named alike.
    (tmp_path / "fresh-spec").mkdir()
    shutil.copy(root / "autumn.yaml", tmp_path / "fresh-spec" / "autumn.yaml")
    generate(autumn_config(tmp_path / "fresh-spec" / "autumn.yaml", fresh), "autumn.yaml")
    expected, written = tree(fresh), tree(output)
    expected["README.md"] = expected["README.md"].replace(
        b"and stop after 30 seconds.", b"and stop after 30 seconds." + README_EDIT.encode()
    )
    differing = sorted(
        p
        for p in expected.keys() | written.keys()
        if expected.get(p) != written.get(p) and p != MANIFEST_NAME
    )
    assert differing == ["src/autumn_sdk/referrals.py"]
    # The next run refuses while the markers remain, and says where they are.
    before = tree(output)
    refused = sdkgen("generate", cwd=root)
    assert refused.returncode == 4
    assert "merge conflicts that are not resolved yet" in refused.stderr
    assert f"src/autumn_sdk/referrals.py: lines {first}-{first + 4}" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert sdkgen("generate", "--check", cwd=root).returncode == 4
    assert tree(output) == before
    # Resolved (the user keeps their wording), the next run proceeds and keeps the resolution.
    resolved = conflicted.replace(
        "<<<<<<< yours\n        :param code: The referral code to redeem (upper case)\n"
        "=======\n        :param code: The code a customer redeems\n>>>>>>> generated\n",
        "        :param code: The code a customer redeems (upper case)\n",
    )
    referrals.write_text(resolved)
    after = sdkgen("generate", cwd=root)
    assert after.returncode == 0, after.stderr
    assert referrals.read_text() == resolved
    assert sdkgen("generate", "--check", cwd=root).returncode == 0
    listed = sdkgen("edits", cwd=root)
    assert listed.stdout.splitlines() == [
        "edited: README.md",
        "edited: src/autumn_sdk/referrals.py",
    ]
    diff = sdkgen("edits", "--diff", cwd=root).stdout
    assert "-        :param code: The code a customer redeems\n" in diff
    assert "+        :param code: The code a customer redeems (upper case)\n" in diff


def test_discarding_an_edit_and_bad_paths(tmp_path: Path) -> None:
    root = cli_project(tmp_path)
    output = root / "sdk"
    readme = output / "README.md"
    original = readme.read_bytes()
    edit(readme, "and stop after 30 seconds.", "and stop after 30 seconds." + README_EDIT)
    (output / "USAGE.md").unlink()
    wrong = sdkgen("generate", "--discard-edits", "NOPE.md", cwd=root)
    assert wrong.returncode == 2
    assert "--discard-edits: not a file sdkgen generated in sdk: NOPE.md" in wrong.stderr
    result = sdkgen("generate", "--discard-edits", "sdk/README.md", "USAGE.md", cwd=root)
    assert result.returncode == 0, result.stderr
    assert readme.read_bytes() == original
    assert (output / "USAGE.md").is_file()
    assert sdkgen("edits", cwd=root).stdout == "sdkgen: no edits in sdk\n"


@pytest.mark.slow
def test_deleted_files_stay_deleted_and_edited_orphans_are_kept(tmp_path: Path) -> None:
    root = cli_project(tmp_path)
    output = root / "sdk"
    (output / "USAGE.md").unlink()
    guide = output / "docs" / "sdks" / "referrals" / "README.md"
    guide.write_text(guide.read_text() + "\nOur own note.\n")
    spec = root / "autumn.yaml"
    spec.write_text(spec.read_text().replace("tags: [referrals]", "tags: [codes]"))
    first = sdkgen("generate", cwd=root)
    assert first.returncode == 0, first.stderr
    assert "USAGE.md: you deleted it, so it stays deleted" in first.stderr
    assert (
        "docs/sdks/referrals/README.md: no longer generated, but kept because you edited it"
        in first.stderr
    )
    assert not (output / "USAGE.md").exists()
    assert guide.read_text().endswith("\nOur own note.\n")
    assert not (output / "src" / "autumn_sdk" / "referrals.py").exists()  # unedited: removed
    spec.write_text(spec.read_text().replace("Redeem a referral code", "Redeem a code"))
    second = sdkgen("generate", cwd=root)
    assert second.returncode == 0, second.stderr
    assert "USAGE.md" not in second.stderr and "no longer generated" not in second.stderr  # once
    assert not (output / "USAGE.md").exists() and guide.is_file()
    assert sdkgen("edits", cwd=root).stdout == "deleted: USAGE.md\n"
    assert sdkgen("generate", "--check", cwd=root).returncode == 0


def test_a_users_file_where_the_generator_now_writes_one_is_merged_not_overwritten(
    tmp_path: Path,
) -> None:
    config, spec = project(tmp_path)
    mine = config.output / "docs" / "sdks" / "codes" / "README.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# Codes\n\nOur own page.\n")
    spec.write_text(spec.read_text().replace("tags: [referrals]", "tags: [codes]"))
    outcome = generate(config, "autumn.yaml")
    assert list(outcome.edits.conflicts) == ["docs/sdks/codes/README.md"]
    text = mine.read_text()
    assert "Our own page." in text and "<<<<<<< yours" in text and "# Codes" in text


def test_unchanged_inputs_with_edits_do_no_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ = project(tmp_path)
    make_edits(config.output)
    # Judged in full, the edits are not stale output.
    assert generate(config, "autumn.yaml", check=True).changes.empty

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model builder ran for an unchanged run")

    monkeypatch.setattr(generator.builder, "build_api", fail)
    started = time.perf_counter()
    outcome = generate(config, "autumn.yaml")
    assert outcome.changes.empty
    assert time.perf_counter() - started < 0.5


def test_the_store_holds_exactly_the_pristine_generation(tmp_path: Path) -> None:
    config, spec = project(tmp_path)
    make_edits(config.output)
    change_spec(spec)
    # The version stays put: a fresh generation (which has no earlier one to bump from) must
    # equal the pristine one byte for byte.
    config = dataclasses.replace(config, versioning="manual")
    generate(config, "autumn.yaml")
    manifest = read_manifest(config.output)
    assert manifest is not None
    fresh = tmp_path / "fresh"
    generate(autumn_config(spec, fresh), "autumn.yaml")
    for path, record in manifest.files.items():
        assert read_pristine(config.output, record.sha256) == (fresh / path).read_bytes(), path
    objects = {p.relative_to(config.output).as_posix() for p in (config.output / STORE).rglob("*")}
    expected = {object_path(r.sha256) for r in manifest.files.values()}
    assert {p for p in objects if (config.output / p).is_file()} == expected


KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
import generator.write.tree as tree
from generator.pipeline import generate
from tests.support import autumn_config

where, spec, output = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
calls = []

def die_on(name, count):
    real = getattr(tree, name) if name != "rename" else os.rename
    def wrapper(*args, **kwargs):
        calls.append(name)
        if calls.count(name) == count:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return wrapper

if where == "staging":
    tree._link_or_copy = die_on("_link_or_copy", 10)
else:
    tree.os.rename = die_on("rename", 2)  # between moving the old folder out and the new in
generate(autumn_config(spec, output), "autumn.yaml")
"""


@pytest.mark.slow
@pytest.mark.parametrize("where", ["staging", "between-renames"])
def test_a_run_killed_midway_loses_no_edit_and_no_pristine_record(
    tmp_path: Path, where: str
) -> None:
    config, spec = project(tmp_path)
    files = make_edits(config.output)
    edited = {name: (config.output / path).read_bytes() for name, path in files.items()}
    change_spec(spec)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, where, str(spec), str(config.output)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    outcome = generate(config, "autumn.yaml")  # recovers the folder, then merges as usual
    assert outcome.edits.conflicts == {}
    assert sorted(outcome.edits.merged) == sorted(files.values())
    assert ADDED_METHOD in (config.output / files["referrals"]).read_text()
    assert EDITED_DOCSTRING in (config.output / files["models"]).read_text()
    assert README_EDIT in (config.output / "README.md").read_text()
    assert all(edited[name] != b"" for name in edited)
    manifest = read_manifest(config.output)
    assert manifest is not None
    assert all(read_pristine(config.output, r.sha256) is not None for r in manifest.files.values())
    assert not list(tmp_path.glob(".sdk.sdkgen-*"))


DETERMINISM_SCRIPT = """
import sys
from pathlib import Path
from generator.pipeline import generate
from tests.support import autumn_config
from tests.test_edits import change_spec, make_edits

spec, output = Path(sys.argv[1]), Path(sys.argv[2])
config = autumn_config(spec, output)
generate(config, "autumn.yaml")
make_edits(output)
change_spec(spec)
generate(config, "autumn.yaml")
"""


@pytest.mark.slow
def test_edits_merge_to_the_same_bytes_across_hash_seeds(tmp_path: Path) -> None:
    trees = []
    for seed in ("0", "4242"):
        folder = tmp_path / seed
        folder.mkdir()
        shutil.copy(SPECS / "autumn.yaml", folder / "autumn.yaml")
        subprocess.run(
            [
                sys.executable,
                "-c",
                DETERMINISM_SCRIPT,
                str(folder / "autumn.yaml"),
                str(folder / "sdk"),
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed},
            check=True,
            timeout=120,
        )
        trees.append(tree(folder / "sdk"))
    assert trees[0] == trees[1]
    assert any(ADDED_METHOD.encode() in data for data in trees[0].values())


@pytest.mark.slow
def test_generated_python_is_formatter_stable() -> None:
    """The merge formats only the user's side before merging, trusting that the generator's own
    output is the formatter's layout already; every golden record's Python says it is."""
    from generator.write.format import normalised

    unstable = [
        path.relative_to(GOLDEN).as_posix()
        for path in sorted(GOLDEN.rglob("*.py"))
        if normalised(path.read_text()) != path.read_text()
    ]
    assert unstable == []


def test_a_damaged_pristine_object_reads_as_missing_and_is_rewritten(tmp_path: Path) -> None:
    config, _ = project(tmp_path)
    manifest = read_manifest(config.output)
    assert manifest is not None
    record = manifest.files["README.md"]
    (config.output / object_path(record.sha256)).write_bytes(b"tampered")
    assert read_pristine(config.output, record.sha256) is None
    generate(dataclasses.replace(config, version="0.2.0"), "autumn.yaml")
    manifest = read_manifest(config.output)
    assert manifest is not None
    assert all(read_pristine(config.output, r.sha256) is not None for r in manifest.files.values())


def test_the_conflict_exit_code_is_documented_in_the_help_and_the_readme() -> None:
    help_text = sdkgen("generate", "--help", cwd=ROOT).stdout
    assert "\n  4  merge conflicts: your edits and the new generation changed the same lines" in (
        help_text
    )
    assert "4 merge conflicts between your edits and the new generation" in " ".join(
        (ROOT / "README.md").read_text().split()
    )
