"""One generation: load, build, render, format, then write or check. No printing here."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.build import build_api
from generator.config import Config
from generator.load import load_document
from generator.problems import Level, Problem, SpecError
from generator.render import render_sdk
from generator.write.format import format_files
from generator.write.manifest import MANIFEST_NAME, FileRecord, Manifest, read_manifest, sha256
from generator.write.tree import Changes, plan_changes, write_tree


@dataclass(frozen=True)
class Outcome:
    changes: Changes
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    file_count: int = 0


def generate(config: Config, spec_label: str, check: bool = False) -> Outcome:
    """Generate the SDK for `config`; with `check`, only report what a write would change.

    Raises SpecError with every problem found; the output folder is then left as it was.
    """
    started = time.perf_counter()
    document = load_document(config.spec, spec_label)
    api, warnings = build_api(document, config)
    if config.strict and warnings:
        raise SpecError(
            [Problem(Level.ERROR, w.file, w.pointer, w.message, w.line) for w in warnings]
        )
    rendered = render_sdk(api)
    output = config.output
    previous = read_manifest(output)
    files, sources = format_files(rendered, output, previous)
    spec_hash = sha256(
        b"".join(sha256(path.read_bytes()).encode() for path in sorted(document.files))
    )
    manifest = Manifest(
        __version__,
        spec_hash,
        {path: FileRecord(sha256(data), sources[path]) for path, data in files.items()},
    )
    files[MANIFEST_NAME] = manifest.to_bytes()
    changes = plan_changes(output, files, previous)
    if not check:
        write_tree(output, files, changes)
    return Outcome(changes, warnings, time.perf_counter() - started, len(files))


def spec_label_for(spec: Path, project_root: Path) -> str:
    """How the spec is named in messages and headers: relative to the project when inside it."""
    try:
        return spec.resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return str(spec)
