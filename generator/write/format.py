"""Python formatting with ruff's formatter (generator/pyformat.py), skipped for text formatted
by an earlier run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.problems import Level, Problem, SpecError
from generator.pyformat import FORMATTER, FormatError, format_folder, format_text
from generator.write.manifest import Manifest, sha256
from generator.write.pristine import read_pristine


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
    `preformatted` files (the runtime, kept formatted in templates/) are taken as they are.
    `cache`, a folder outside the output, keeps formatted results by the hash of their input, so
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


_CACHE_SALT = FORMATTER.encode()


def _cache_entry(cache: Path, text: str) -> Path:
    key = sha256(_CACHE_SALT + text.encode())
    return cache / "ruff" / key[:2] / key


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


def _format_all(texts: dict[str, str]) -> dict[str, str]:
    """The texts through the formatter at once: written under their own paths into a temporary
    folder, formatted there by one command (which shares the files between the cores), read
    back. Each file is formatted on its own, so which others come along cannot change it."""
    if not texts:
        return {}
    with tempfile.TemporaryDirectory(prefix="sdkgen-format-") as folder:
        root = Path(folder)
        for path, text in texts.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode())
        try:
            format_folder(root, sorted(texts))
        except FormatError as exc:
            # Invalid Python from a template is a generator bug, reported with the file it hit.
            where = exc.path or "the generated code"
            message = f"internal error: generated {where} is not valid Python: {exc.message}"
            raise SpecError([Problem(Level.ERROR, exc.path or "-", "#", message)]) from None
        return {path: (root / path).read_bytes().decode() for path in texts}


def _formatted_before(
    output: Path, path: str, source_hash: str, previous: Manifest | None
) -> bytes | None:
    if previous is None:
        return None
    record = previous.files.get(path)
    if record is None or record.source_sha256 != source_hash:
        return None
    # The pristine copy, not the file on disk: that may carry the user's edits.
    stored = read_pristine(output, record.sha256)
    if stored is not None:
        return stored
    try:
        data = (output / path).read_bytes()  # an output written before the pristine store
    except OSError:
        return None
    return data if sha256(data) == record.sha256 else None


def normalised(text: str) -> str | None:
    """The whole text through the formatter, as the generator's own output already is; None when
    it is not Python the formatter can parse (a user's half-finished edit, say)."""
    try:
        return format_text(text)
    except FormatError:
        return None
