"""The generated package passes mypy --strict, and so does user code that relies on its types."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import (
    OUTPUT,
    REAL_SPEC,
    generate_into,
    mypy_strict,
    needs_shared,
    snippet_files,
)

# Every test here runs mypy --strict over a whole SDK: seconds each.
pytestmark = pytest.mark.slow

USER_CODE = """\
from autumn_sdk import Autumn, errors, models
from autumn_sdk.utils import BackoffStrategy, RetryConfig, with_raw_response


def code_of(autumn: Autumn) -> str:
    res = autumn.referrals.create_code(customer_id="c", program_id="p")
    reveal_type(res)
    reveal_type(res.code)
    return res.code


async def reward_of(autumn: Autumn) -> str:
    res = await autumn.referrals.redeem_code_async(
        code="x", customer_id="c", retries=RetryConfig("backoff", BackoffStrategy(1, 2, 1.5, 3))
    )
    return res.reward_id


def raw_code(autumn: Autumn) -> tuple[str, int]:
    raw = with_raw_response(autumn.referrals.create_code)(customer_id="c", program_id="p")
    return raw.data.code, raw.status_code


def status_of(error: errors.AutumnError) -> int:
    return error.status_code


def created(res: models.CreateReferralCodeResponse) -> float:
    return res.created_at
"""


def test_generated_package_passes_mypy_strict(tmp_path: Path) -> None:
    report, status = mypy_strict("-p", "autumn_sdk", cwd_path=OUTPUT / "src", cache=tmp_path)
    assert status == 0, report


def test_user_code_sees_precise_types(tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(USER_CODE)
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        USER_CODE.replace(
            "def code_of(autumn: Autumn) -> str:", "def code_of(autumn: Autumn) -> int:"
        )
    )
    report, status = mypy_strict(str(user), cwd_path=OUTPUT / "src", cache=tmp_path / "c1")
    assert 'Revealed type is "autumn_sdk.models.shared.CreateReferralCodeResponse"' in report
    assert 'Revealed type is "builtins.str"' in report or 'Revealed type is "str"' in report
    assert "error:" not in report, report
    report, status = mypy_strict(str(wrong), cwd_path=OUTPUT / "src", cache=tmp_path / "c2")
    assert status == 1
    assert 'Incompatible return value type (got "str", expected "int")' in report


@needs_shared
def test_sdk_from_the_real_spec_passes_mypy_strict(tmp_path: Path) -> None:
    out = tmp_path / "real"
    generate_into(REAL_SPEC, out)
    report, status = mypy_strict("-p", "autumn_sdk", cwd_path=out / "src", cache=tmp_path / "cache")
    assert status == 0, report


def test_docs_snippets_pass_mypy_strict(tmp_path: Path) -> None:
    """What users copy from the docs type-checks as it is, plain dicts for models included."""
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    files = snippet_files(OUTPUT, snippets)
    report, status = mypy_strict(*files, cwd_path=OUTPUT / "src", cache=tmp_path / "cache")
    assert status == 0, report


@needs_shared
def test_real_spec_snippets_pass_mypy_strict(tmp_path: Path) -> None:
    out = tmp_path / "real"
    generate_into(REAL_SPEC, out)
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    files = snippet_files(out, snippets)
    assert len(files) >= 21
    report, status = mypy_strict(*files, cwd_path=out / "src", cache=tmp_path / "cache")
    assert status == 0, report


@pytest.mark.parametrize("name", ["shapes", "wire", "schemas", "models"])
def test_sdks_of_the_test_specs_pass_mypy_strict(tmp_path: Path, name: str) -> None:
    """Unions, typed errors, every body encoding, parameter styles, servers and security
    schemes type-check too, and so do the snippets of their docs."""
    out = tmp_path / name
    spec = Path(__file__).resolve().parent / "specs" / f"{name}.yaml"
    module = f"{name}_sdk"
    generate_into(spec, out, package_name=f"{name}-sdk", module=module, client_class="Test")
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    files = snippet_files(out, snippets)
    package = [str(path) for path in sorted((out / "src" / module).rglob("*.py"))]
    report, status = mypy_strict(*package, *files, cwd_path=out / "src", cache=tmp_path / "cache")
    assert status == 0, report
