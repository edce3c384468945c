"""The generated docs: the seed page, working snippets, links that resolve."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.mock_api import SpecMock
from tests.support import (
    OUTPUT,
    PYTHON_BLOCK,
    SEED_PAGE,
    SPECS,
    LoopbackServer,
    needs_shared,
    python_blocks,
)

LINK = re.compile(r"\]\(([^)\s]+)\)")


def snippets() -> list[tuple[str, str]]:
    return python_blocks(OUTPUT)


def test_there_are_snippets_on_every_guide_page() -> None:
    names = {name.split("#")[0] for name, _ in snippets()}
    assert {"README.md", "USAGE.md", "docs/sdks/referrals/README.md"} <= names


@needs_shared
def test_referrals_page_is_the_seed_byte_for_byte() -> None:
    generated = (OUTPUT / "docs" / "sdks" / "referrals" / "README.md").read_bytes()
    assert generated == SEED_PAGE.read_bytes()


@pytest.mark.parametrize(("name", "code"), snippets(), ids=[name for name, _ in snippets()])
def test_snippet_parses(name: str, code: str) -> None:
    compile(code, name, "exec")


@pytest.mark.parametrize(("name", "code"), snippets(), ids=[name for name, _ in snippets()])
def test_snippet_runs_against_a_mock_of_the_spec(
    name: str, code: str, server: LoopbackServer
) -> None:
    mock = SpecMock(SPECS / "autumn.yaml")
    server.default = mock
    environment = {
        **os.environ,
        "PYTHONPATH": str(OUTPUT / "src"),
        "AUTUMN_SERVER_URL": server.url,
    }
    environment.pop("AUTUMN_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"{name} failed:\n{result.stderr}"
    calls = [s for s in server.seen if s.path.startswith("/v1/")]
    # The README's testing example calls the SDK's own mock, not this one.
    if "res = " in code and "MockServer" not in code:
        assert mock.answered, (
            f"{name} made no call the mock answered: {result.stdout}{result.stderr}"
        )
    if "res = " in code:
        assert "customer_id=" in result.stdout  # the parsed model was printed
    assert all(call.headers.get("user-agent", "").startswith("autumn-sdk/") for call in calls)


def broken_links(sdk: Path) -> list[str]:
    """Relative links in the SDK's Markdown whose file or heading does not exist."""
    broken = []
    for page in sorted(sdk.rglob("*.md")):
        for target in LINK.findall(page.read_text()):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            file_part, _, anchor = target.partition("#")
            destination = (page.parent / file_part).resolve() if file_part else page
            if not destination.is_file():
                broken.append(f"{page.relative_to(sdk)}: {target}")
            elif anchor and anchor not in headings(destination):
                broken.append(f"{page.relative_to(sdk)}: {target} (no such heading)")
    return broken


def headings(page: Path) -> set[str]:
    """GitHub's anchors for the page's headings."""
    return {
        re.sub(r"[^a-z0-9_ -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in page.read_text().splitlines()
        if line.startswith("#")
    }


def test_relative_links_resolve() -> None:
    assert broken_links(OUTPUT) == []


@pytest.mark.slow
@needs_shared
def test_every_snippet_of_the_real_spec_runs(tmp_path: Path, server: LoopbackServer) -> None:
    """All 21 operations of Autumn's real spec: each docs snippet runs against a mock of it."""
    from tests.support import REAL_SPEC, generate_into

    out = tmp_path / "real"
    generate_into(REAL_SPEC, out)
    mock = SpecMock(REAL_SPEC)
    server.default = mock
    environment = {**os.environ, "PYTHONPATH": str(out / "src"), "AUTUMN_SERVER_URL": server.url}
    environment.pop("AUTUMN_SECRET_KEY", None)
    failures = []
    pages = sorted((out / "docs" / "sdks").glob("*/README.md"))
    for page in pages:
        for index, code in enumerate(PYTHON_BLOCK.findall(page.read_text())):
            result = subprocess.run(
                [sys.executable, "-c", code],
                env=environment,
                capture_output=True,
                text=True,
                timeout=60,
            )
            if result.returncode:
                failures.append(f"{page.parent.name}#{index + 1}: {result.stderr.strip()[-500:]}")
    assert not failures, "\n\n".join(failures)
    assert len(set(mock.answered)) == 21
    assert broken_links(out) == []
    for page in out.rglob("*.md"):
        for code in PYTHON_BLOCK.findall(page.read_text()):
            compile(code, str(page), "exec")


def test_code_samples_overlay_carries_each_operations_snippet() -> None:
    import yaml

    overlay = yaml.safe_load((OUTPUT / "codeSamples.yaml").read_text())
    assert overlay["overlay"] == "1.0.0"
    targets = {
        action["target"]: action["update"]["x-codeSamples"][0] for action in overlay["actions"]
    }
    sample = targets['$["paths"]["/v1/referrals.create_code"]["post"]']
    assert (sample["lang"], sample["label"]) == ("python", "createReferralCode")
    page = (OUTPUT / "docs" / "sdks" / "referrals" / "README.md").read_text()
    assert "```python\n" + sample["source"] + "\n```" in page
    assert len(targets) == 2


def test_link_checker_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "# Title\n\n[x](b.md) [y](#title) [z](#nope) [w](https://e.com)\n"
    )
    assert broken_links(tmp_path) == ["a.md: b.md", "a.md: #nope (no such heading)"]
