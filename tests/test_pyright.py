"""The generated SDK where its users are: pyright in strict mode (what VS Code's Pylance runs)
finds nothing in any generated package or docs snippet, and user code that relies on the SDK's
types is checked by pyright and mypy --strict alike, mistakes included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import (
    OUTPUT,
    ROOT,
    claimed_python,
    mypy_strict,
    pyright_strict,
    snippet_files,
)

# Each test runs a type checker over a whole SDK: seconds each.
pytestmark = pytest.mark.slow

GOLDEN = ROOT / "tests" / "golden"
# Every golden record (the real Autumn spec's included) and the committed Autumn SDK.
SDKS = [*sorted(path for path in GOLDEN.iterdir() if (path / "src").is_dir()), OUTPUT]
SHAPES = GOLDEN / "shapes"


def package_of(sdk: Path) -> Path:
    [package] = [path for path in (sdk / "src").iterdir() if (path / "__init__.py").is_file()]
    return package


@pytest.mark.parametrize("sdk", SDKS, ids=lambda sdk: str(sdk.relative_to(ROOT)))
def test_package_and_docs_snippets_pass_pyright_strict(tmp_path: Path, sdk: Path) -> None:
    """At the oldest Python the SDK claims, so syntax or library features newer than that are
    errors too."""
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    files = snippet_files(sdk, snippets)
    report, status = pyright_strict(
        str(package_of(sdk)),
        *files,
        search=sdk / "src",
        folder=tmp_path,
        python_version=claimed_python(sdk),
    )
    assert status == 0, report
    assert "0 errors, 0 warnings" in report, report


# User code of the pets SDK (tests/specs/shapes.yaml): it reads response fields, passes
# TypedDicts, iterates paginated calls (sync and async) and catches a typed error.
USER_CODE = """\
from __future__ import annotations

from typing import Optional

from pets_sdk import Pets, errors, models
from pets_sdk.models import CatTypedDict, DogTypedDict, ListPetsRequestTypedDict


def bark_of(pets: Pets) -> str:
    dog: DogTypedDict = {"kind": "dog", "bark": "woof"}
    added = pets.pets.add_pet(pet=dog)
    if isinstance(added, models.Dog):
        return added.bark
    lives: Optional[int] = added.lives
    return str(lives)


def every_bark(pets: Pets) -> list[str]:
    request: ListPetsRequestTypedDict = {"limit": 10}
    return [dog.bark for page in pets.pets.list_pets_pages(request=request) for dog in page.list]


async def every_bark_async(pets: Pets) -> list[str]:
    barks: list[str] = []
    async for page in pets.pets.list_pets_pages_async(request={"offset": 0}):
        barks.extend(dog.bark for dog in page.list)
    return barks


def conflict_of(pets: Pets) -> Optional[str]:
    cat: CatTypedDict = {"kind": "cat", "mood": "calm"}
    try:
        pets.pets.add_pet(pet=cat)
    except errors.ConflictError as error:
        status: int = error.status_code
        return f"{status}: {error.data.message}"
    return None
"""

# The same code with one mistake a line, each marked: both checkers must flag exactly these.
MISTAKES = """\
from __future__ import annotations

from pets_sdk import Pets, errors
from pets_sdk import NoSuchClient  # mistake
from pets_sdk.models import Dog, DogTypedDict, NoSuchModel  # mistake


def bark_of(pets: Pets) -> int:
    dog: DogTypedDict = {"kind": "dog", "barks": "woof"}  # mistake
    added = pets.pets.add_pet(pet=dog)
    return added.kind if isinstance(added, Dog) else 0  # mistake


def every_bark(pets: Pets) -> list[str]:
    pages = pets.pets.list_pets_pages(request={"limit": "ten"})  # mistake
    return [dog.bark for page in pages for dog in page.list]


def conflict_of(pets: Pets) -> str:
    try:
        pets.pets.list_pets()
    except errors.ConflictError as error:
        return error.data.messages  # mistake
    return ""
"""


def mistake_lines(code: str) -> set[int]:
    return {number for number, line in enumerate(code.splitlines(), 1) if "# mistake" in line}


def error_lines(report: str, name: str) -> set[int]:
    """The lines of `name` that a mypy or pyright report holds errors on."""
    pattern = re.escape(name) + r":(\d+)(?::\d+)?:? - error|" + re.escape(name) + r":(\d+): error"
    return {int(a or b) for a, b in re.findall(pattern, report)}


def test_user_code_is_checked_by_pyright_and_mypy(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(USER_CODE)
    (tmp_path / "mistakes.py").write_text(MISTAKES)
    src = SHAPES / "src"
    files = [str(tmp_path / "user.py"), str(tmp_path / "mistakes.py")]
    expected = mistake_lines(MISTAKES)
    assert len(expected) == 6

    report, _ = pyright_strict(*files, search=src, folder=tmp_path, python_version="3.9")
    assert error_lines(report, "user.py") == set(), report
    assert error_lines(report, "mistakes.py") == expected, report
    assert '"NoSuchModel" is unknown import symbol' in report, report
    assert '"NoSuchClient" is unknown import symbol' in report, report

    report, _ = mypy_strict(*files, cwd_path=src, cache=tmp_path / "mypy-cache")
    assert error_lines(report, "user.py") == set(), report
    assert error_lines(report, "mistakes.py") == expected, report
    assert 'Module "pets_sdk.models" has no attribute "NoSuchModel"' in report, report
    assert 'Module "pets_sdk" has no attribute "NoSuchClient"' in report, report


def test_lazy_loading_is_kept_at_run_time(tmp_path: Path) -> None:
    """What the checkers no longer see still works: names load on first use."""
    import subprocess
    import sys

    code = (
        "import sys, pets_sdk\n"
        "assert 'pets_sdk.sdk' not in sys.modules and 'pets_sdk.models' not in sys.modules\n"
        "from pets_sdk.models import Dog, DogTypedDict\n"
        "assert 'pets_sdk.models.shared' in sys.modules and 'pets_sdk.sdk' not in sys.modules\n"
        "print(pets_sdk.Pets.__name__, Dog.__name__, DogTypedDict.__name__)\n"
        "try:\n"
        "    from pets_sdk.models import NoSuchModel\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        # No __pycache__ written into the golden record.
        env={"PYTHONPATH": str(SHAPES / "src"), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.splitlines() == [
        "Pets Dog DogTypedDict",
        "cannot import name 'NoSuchModel' from 'pets_sdk.models' "
        f"({SHAPES / 'src' / 'pets_sdk' / 'models' / '__init__.py'})",
    ]
