"""Python formatting with black, in process, skipped for text formatted by an earlier run."""

from __future__ import annotations

from pathlib import Path

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator.problems import Level, Problem, SpecError
from generator.write.manifest import Manifest, sha256

_MODE = black.Mode(target_versions={TargetVersion.PY39}, line_length=88)


def format_files(
    rendered: dict[str, str], output: Path, previous: Manifest | None
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Final bytes for every file, and the hash of each file's unformatted text.

    When the manifest says a file on disk was formatted from the same unformatted text, the file
    on disk is the answer; a fresh clone with a committed output folder is warm from the start.
    """
    final: dict[str, bytes] = {}
    sources: dict[str, str] = {}
    for path, text in rendered.items():
        source_hash = sha256(text.encode())
        sources[path] = source_hash
        if not path.endswith(".py"):
            final[path] = text.encode()
            continue
        reused = _formatted_before(output, path, source_hash, previous)
        final[path] = reused if reused is not None else _black(path, text).encode()
    return final, sources


def _formatted_before(
    output: Path, path: str, source_hash: str, previous: Manifest | None
) -> bytes | None:
    if previous is None:
        return None
    record = previous.files.get(path)
    if record is None or record.source_sha256 != source_hash:
        return None
    try:
        data = (output / path).read_bytes()
    except OSError:
        return None
    return data if sha256(data) == record.sha256 else None


def _black(path: str, text: str) -> str:
    try:
        formatted = black.format_str(text, mode=_MODE)
        # Parsing is not enough: a duplicate argument, say, only fails at compile time.
        compile(formatted, path, "exec", dont_inherit=True)
    except (InvalidInput, SyntaxError) as exc:
        # Invalid Python from a template is a generator bug, reported with the file it hit.
        message = f"internal error: generated {path} is not valid Python: {exc}"
        raise SpecError([Problem(Level.ERROR, path, "#", message)]) from None
    return formatted
