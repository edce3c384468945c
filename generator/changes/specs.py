"""The two sides of a change report: a spec from a path or from git (`git:REV:path`), loaded and
built by the same stages as a generation."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path, PurePosixPath

from generator.builder import build_api
from generator.changes.compare import Change, compare
from generator.config import Config
from generator.ir import Api
from generator.load import load_document
from generator.problems import Level, Problem, SpecError

GIT_PREFIX = "git:"


def build_spec(spec: Path, label: str, config: Config, lock: Mapping[str, str] | None) -> Api:
    """The IR of one spec, with the settings' names; `lock` holds an earlier build's names."""
    document = load_document(spec, label)
    api, _ = build_api(document, config, lock)
    return api


@contextmanager
def spec_file(source: str, cwd: Path) -> Iterator[Path]:
    """A path on disk for `source`: the path itself, or for `git:REV:path` the spec's folder at
    REV unpacked into a temporary folder (so relative `$ref`s between files still resolve).
    As in git, `path` is relative to the repository's top, or to `cwd` when it starts with
    `./` or `../`."""
    if not source.startswith(GIT_PREFIX):
        yield Path(source)
        return
    revision, _, path = source[len(GIT_PREFIX) :].partition(":")
    if not revision or not path:
        raise _error(source, "expected git:REV:path, e.g. git:HEAD~1:specs/autumn.yaml")
    top = Path(_git(source, cwd, "rev-parse", "--show-toplevel").decode().strip())
    inside = (
        (cwd / path).resolve().relative_to(top.resolve()).as_posix()
        if path.startswith(("./", "../"))
        else path
    )
    folder = PurePosixPath(inside).parent.as_posix()
    archive = _git(source, top, "archive", "--format=tar", revision, "--", folder or ".")
    with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as scratch:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(scratch, filter="data")
        unpacked = Path(scratch) / inside
        if not unpacked.is_file():
            raise _error(source, f"{inside} is not a file at {revision}")
        yield unpacked


def _git(source: str, cwd: Path, *arguments: str) -> bytes:
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise _error(source, f"cannot run git: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise _error(source, message[-1] if message else f"git {arguments[0]} failed")
    return done.stdout


def _error(source: str, message: str) -> SpecError:
    return SpecError([Problem(Level.ERROR, source, "#", message)])


def compare_sources(old: str, new: str, config: Config, cwd: Path) -> tuple[Change, ...]:
    """The changes from spec `old` to spec `new`: `new` is built holding the names `old` gave,
    as a regeneration of the SDK would."""
    with spec_file(old, cwd) as old_path:
        before = build_spec(old_path, old, replace(config, spec=old_path), None)
    with spec_file(new, cwd) as new_path:
        after = build_spec(new_path, new, replace(config, spec=new_path), dict(before.name_lock))
    return compare(before, after)
