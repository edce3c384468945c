"""Python formatting with black, in process, skipped for text formatted by an earlier run."""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator.problems import Level, Problem, SpecError
from generator.workers import die_with_parent
from generator.write.manifest import Manifest, sha256
from generator.write.pristine import read_pristine

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
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
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
    # The pristine copy, not the file on disk: that may carry the user's edits.
    stored = read_pristine(output, record.sha256)
    if stored is not None:
        return stored
    try:
        data = (output / path).read_bytes()  # an output written before the pristine store
    except OSError:
        return None
    return data if sha256(data) == record.sha256 else None


def _black(path: str, text: str) -> str:
    try:
        formatted = _format_by_statement(text)
        # Parsing is not enough: a duplicate argument, say, only fails at compile time.
        compile(formatted, path, "exec", dont_inherit=True)
    except (InvalidInput, SyntaxError) as exc:
        # Invalid Python from a template is a generator bug, reported with the file it hit.
        message = f"internal error: generated {path} is not valid Python: {exc}"
        raise SpecError([Problem(Level.ERROR, path, "#", message)]) from None
    return formatted


_LINE_LENGTH = 88


def _format_by_statement(text: str) -> str:
    """black, applied only to the top-level statements that have a line too long.

    The templates write black's layout (quotes, blank lines, exploded signatures with trailing
    commas); what they cannot know is where a long type or name needs wrapping. black formats a
    top-level statement the same alone as in its file, so formatting only those statements
    gives black's output at a fraction of the cost (GitHub's SDK: 140,000 lines). Where a
    statement cannot be cut out cleanly, the whole file goes through black.
    """
    chunks = _top_level_statements(text)
    if len(chunks) <= 1:
        return black.format_str(text, mode=_MODE)
    out: list[str] = []
    try:
        for separator, statement in chunks:
            out.append(separator)
            if not _too_long(statement):
                out.append(statement)
            elif statement.startswith("class "):
                out.append(_format_class(statement))
            else:
                out.append(black.format_str(statement, mode=_MODE))
    except InvalidInput:
        return black.format_str(text, mode=_MODE)
    return "".join(out)


def _too_long(text: str) -> bool:
    """Whether a line black could shorten is over the limit. Docstring lines do not count:
    black never rewraps them (a long URL stays long), so they are no reason to run it. The
    templates write docstrings, and only docstrings, with triple quotes."""
    in_docstring = False
    for line in text.splitlines():
        quotes = line.count('"""')
        if len(line) > _LINE_LENGTH and not in_docstring and not line.lstrip().startswith('"""'):
            return True
        if quotes % 2:
            in_docstring = not in_docstring
    return False


_MEMBER = re.compile(r"^    (?:def |async def |@)")
_WRAPPER = "class _:\n"


def _format_class(statement: str) -> str:
    """A class a method at a time: a resource class holds hundreds of methods, and one long
    line in one of them should not send all of them through black."""
    lines = statement.splitlines(keepends=True)
    starts = [0] + [
        index
        for index in range(1, len(lines))
        if _MEMBER.match(lines[index]) and not lines[index - 1].strip()
    ]
    if len(starts) == 1:
        return black.format_str(statement, mode=_MODE)
    out: list[str] = []
    for begin, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        part = "".join(lines[begin:end])
        body = part.rstrip("\n")
        trailing = part[len(body) :]
        if begin == 0:
            formatted = (
                black.format_str(body + "\n", mode=_MODE) if _too_long(body) else body + "\n"
            )
        elif _too_long(body):
            formatted = black.format_str(_WRAPPER + body + "\n", mode=_MODE)[len(_WRAPPER) :]
        else:
            formatted = body + "\n"
        out.append(formatted + trailing[1:])
    return "".join(out)


def _top_level_statements(text: str) -> list[tuple[str, str]]:
    """(blank lines before, statement text) pairs: a statement starts at column 0 after a
    blank line, and is not a closing bracket or the inside of a string."""
    lines = text.splitlines(keepends=True)
    chunks: list[tuple[str, str]] = []
    separator: list[str] = []
    pending_separator: list[str] = []
    statement: list[str] = []
    for line in lines:
        if not line.strip():
            separator.append(line)
            continue
        starts = bool(separator) and not line[0].isspace() and line[0] not in ")]}\"'"
        if starts and statement:
            chunks.append(("".join(pending_separator), "".join(statement)))
            statement = []
        if not statement:
            pending_separator = separator
        else:
            statement.extend(separator)
        separator = []
        statement.append(line)
    if statement:
        chunks.append(("".join(pending_separator), "".join(statement) + "".join(separator)))
    return chunks


def black_normalised(text: str) -> str | None:
    """The whole text through black, as the generator's own output already is; None when it is
    not Python black can parse (a user's half-finished edit, say)."""
    try:
        return str(black.format_str(text, mode=_MODE))
    except (InvalidInput, ValueError, IndentationError):
        return None
