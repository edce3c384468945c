"""Python's layout: ruff's formatter (black's style), run as the binary of the pinned `ruff` wheel.

black was the formatter until Microsoft Graph (1.4 million lines of Python) showed its cost:
about 3 ms for every long line it splits, over 150 s of the run, where ruff formats the whole
SDK in under 2 s on two cores. ruff's formatter is written to give black's layout; on every
golden record and on GitHub's SDK (140,000 lines) the two agree, apart from trailing spaces in
docstrings, which ruff always strips (black only in the statements it was given).

Every call names the same settings, and `--isolated` keeps any configuration file around the
user's project out of them: the same text always gets the same layout.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

LINE_LENGTH = 88
RUFF_VERSION = version("ruff")
_SETTINGS = (
    "--isolated",
    "--no-cache",
    "--line-length",
    str(LINE_LENGTH),
    "--target-version",
    "py39",
    "--config",
    "format.line-ending = 'lf'",
)
# What a cache of formatted text is salted with: another version or setting, another layout.
FORMATTER = f"ruff {RUFF_VERSION} {' '.join(_SETTINGS)}"
# Enough paths on one command line to share two cores, few enough for any argv limit.
_FILES_PER_COMMAND = 2_000


class FormatError(Exception):
    """Text ruff cannot parse, or that Python would refuse to compile; `path` names the file
    (relative to the folder formatted) when ruff said which."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def ruff_binary() -> str:
    from ruff import find_ruff_bin

    return str(find_ruff_bin())


def format_text(text: str) -> str:
    """One text through the formatter (its standard input: nothing touches the disk)."""
    result = subprocess.run(
        [ruff_binary(), "format", *_SETTINGS, "--stdin-filename", "text.py", "-"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        raise FormatError("", _first_error(result.stderr))
    return result.stdout


def format_folder(folder: Path, paths: Sequence[str]) -> None:
    """Format `paths` (relative to `folder`) in place, after checking that Python would compile
    each: ruff reports the errors a parser finds and those `compile` finds after it, such as a
    parameter named twice, without byte-compiling 1.4 million lines (12 s on Graph)."""
    for start in range(0, len(paths), _FILES_PER_COMMAND):
        chunk = list(paths[start : start + _FILES_PER_COMMAND])
        # No rule selected: only the syntax errors, which ruff always reports.
        _run(
            folder,
            [
                "check",
                *_SETTINGS,
                "--select",
                "F401",
                "--ignore",
                "F401",
                "--output-format",
                "concise",
                "--quiet",
                *chunk,
            ],
        )
        _run(folder, ["format", *_SETTINGS, "--quiet", *chunk])


def _run(folder: Path, arguments: list[str]) -> None:
    result = subprocess.run(
        [ruff_binary(), *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        report = (result.stdout + result.stderr).strip()
        located = _LOCATED.search(report)
        if located is not None:
            raise FormatError(located["path"], located["message"])
        raise FormatError("", _first_error(report))


# `path:line:column: message` (check) and `error: Failed to format path: message` (format).
_LOCATED = re.compile(
    r"^(?:error: Failed to (?:format|parse) )?(?P<path>[^\s:][^:\n]*\.py):(?P<message>.*)$",
    re.MULTILINE,
)


def _first_error(report: str) -> str:
    lines = [line for line in report.strip().splitlines() if line.strip()]
    return lines[0].removeprefix("error: ") if lines else "ruff failed without a message"
