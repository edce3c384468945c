"""Python formatting with black, in process, skipped for text formatted by an earlier run."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator.problems import Level, Problem, SpecError
from generator.write.manifest import Manifest, sha256

_MODE = black.Mode(target_versions={TargetVersion.PY39}, line_length=88)


def format_files(
    rendered: dict[str, str],
    output: Path,
    previous: Manifest | None,
    preformatted: frozenset[str] = frozenset(),
    cache: Path | None = None,
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Final bytes for every file, and the hash of each file's unformatted text.

    When the manifest says a file on disk was formatted from the same unformatted text, the file
    on disk is the answer; a fresh clone with a committed output folder is warm from the start.
    `preformatted` files (the runtime, kept black-clean in templates/) are taken as they are.
    `cache`, a folder outside the output, keeps black's results by the hash of their input, so
    even a regeneration into an empty folder formats only text it has not seen.
    """
    final: dict[str, bytes] = {}
    sources: dict[str, str] = {}
    to_format: dict[str, str] = {}
    for path, text in rendered.items():
        source_hash = sha256(text.encode())
        sources[path] = source_hash
        if not path.endswith(".py") or path in preformatted:
            final[path] = text.encode()
            continue
        reused = _formatted_before(output, path, source_hash, previous)
        if reused is None and cache is not None:
            reused = _cached(cache, text)
        if reused is not None:
            final[path] = reused
        else:
            to_format[path] = text
    for path, formatted in _format_all(to_format).items():
        final[path] = formatted.encode()
        if cache is not None:
            _remember(cache, to_format[path], final[path])
    return dict(sorted(final.items())), sources


_CACHE_SALT = f"black {version('black')} {_MODE}".encode()


def _cache_entry(cache: Path, text: str) -> Path:
    key = sha256(_CACHE_SALT + text.encode())
    return cache / "black" / key[:2] / key


def _cached(cache: Path, text: str) -> bytes | None:
    try:
        return _cache_entry(cache, text).read_bytes()
    except OSError:
        return None


def _remember(cache: Path, text: str, formatted: bytes) -> None:
    entry = _cache_entry(cache, text)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(formatted)
        os.replace(temporary, entry)  # readers never see half an entry
    except OSError:
        pass  # the cache only saves time; a read-only disk must not fail the run


# Below this many lines a second process costs more than it saves.
_PARALLEL_FROM_LINES = 2_000


def _format_all(texts: dict[str, str]) -> dict[str, str]:
    """Black over many files: in forked worker processes when there is enough to share.

    Forked workers inherit the imported black, so they start in milliseconds. Results are
    keyed by path, so the order they finish in cannot change the output.
    """
    workers = min(len(texts), os.cpu_count() or 1)
    lines = sum(text.count("\n") for text in texts.values())
    if workers < 2 or lines < _PARALLEL_FROM_LINES or "fork" not in mp.get_all_start_methods():
        return {path: _black(path, text) for path, text in texts.items()}
    # Largest first, so one big file does not finish last on its own.
    ordered = sorted(texts.items(), key=lambda item: -len(item[1]))
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
        formatted = pool.map(_black_item, ordered, chunksize=1)
        return dict(formatted)


def _black_item(item: tuple[str, str]) -> tuple[str, str]:
    return item[0], _black(*item)


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
