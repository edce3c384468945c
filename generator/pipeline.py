"""One generation: load, build, render, format, then write or check. No printing here."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.config import Config
from generator.fingerprint import inputs_fingerprint
from generator.problems import Problem, SpecError
from generator.write.edits import EditReport, apply_edits, check_resolved
from generator.write.manifest import (
    MANIFEST_NAME,
    FileRecord,
    Manifest,
    missing_files,
    read_manifest,
    sha256,
)
from generator.write.names import NAMES_FILE, name_lock_bytes, read_name_lock
from generator.write.pristine import BOOKKEEPING, store_files, store_is_complete, stored_paths
from generator.write.releases import (
    RELEASES,
    read_releases,
    releases_bytes,
    spec_copy,
    spec_copy_files,
)
from generator.write.tree import Changes, plan_changes, recover_interrupted_swap, write_tree

if TYPE_CHECKING:
    # Loaded with the stages, inside `generate`: a run with nothing to do never imports them.
    from generator.changes.compare import Change
    from generator.changes.versions import Versioning
    from generator.ir import Api
    from generator.ir import Release as Entry

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Outcome:
    changes: Changes
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    file_count: int = 0
    edits: EditReport = field(default_factory=EditReport)
    # The operations the SDK has; None when the run did nothing (the output was current).
    operations: int | None = None
    # The SDK's version this run gave, the version the changes since the last run call for
    # (which `versioning = "manual"` may not take), and those changes; None when nothing was
    # generated (the run had nothing to do).
    release: Release | None = None


@dataclass(frozen=True)
class Release:
    previous: str
    version: str
    due: str
    changes: tuple[Change, ...]


def generate(
    config: Config,
    spec_label: str,
    check: bool = False,
    progress: Progress | None = None,
    discard_edits: Sequence[str] = (),
) -> Outcome:
    """Generate the SDK for `config`; with `check`, only report what a write would change.

    The user's edits to generated files are merged into the new generation (write/edits.py);
    `discard_edits` names output files whose edits are thrown away instead.

    Work whose inputs have not changed is skipped: an unchanged spec is not validated again,
    and a run whose every input matches the manifest, with every file and pristine object it
    lists in place, does nothing (the user's edits need no look: they would merge to themselves).
    `--check` never takes that shortcut: it regenerates and compares every byte.

    Raises SpecError with every problem found, and UnresolvedConflicts while the last run's
    conflict markers are still in a file; the output folder is then left as it was.
    """
    started = time.perf_counter()
    report = progress or (lambda message: None)
    output = config.output
    if not check:
        recover_interrupted_swap(output)  # before reading: the manifest may be in the backup
    previous = read_manifest(output)
    check_resolved(output, previous, discard_edits)
    if previous is not None and not check and not discard_edits:
        unchanged = _unchanged_run(config, spec_label, previous, output)
        if unchanged is not None:
            _raise_if_strict(config, list(previous.warnings))
            return Outcome(
                unchanged,
                list(previous.warnings),
                time.perf_counter() - started,
                len(previous.files) + 1,
            )
    # The stages load here, not at import: a run with nothing to do never pays for the
    # validator or Jinja2 (together about a quarter of a second).
    from generator.load import load_document
    from generator.load.structure import structure_sha256
    from generator.load.validate import BackgroundValidation, raise_if_errors
    from generator.render import preformatted_paths, render_sdk, user_owned_files
    from generator.write.format import format_files

    report("loading the spec")
    document = load_document(config.spec, spec_label, validate=False)
    spec_files, spec_hash = _spec_identity(document)
    structure_hash = structure_sha256([document.files[path] for path in sorted(document.files)])
    validation = None
    if previous is None or previous.structure_sha256 != structure_hash:
        report("validating the spec (in the background)")
        validation = BackgroundValidation(document)
    try:
        versioning, warnings = _versioned_build(document, config, previous, spec_hash, report)
        api = versioning.api
        report(f"rendering {len(api.operations)} operations and {len(api.models)} models")
        rendered = render_sdk(api)
        owned = set(user_owned_files(api))
        # The user's own version of such a file stands; ours is made only where there is none.
        kept = {path: (output / path).read_bytes() for path in owned if (output / path).is_file()}
        report(f"formatting {sum(p.endswith('.py') for p in rendered)} Python files")
        pristine, sources = format_files(
            {path: text for path, text in rendered.items() if path not in kept},
            output,
            previous,
            preformatted_paths(api),
            config.cache_dir,
        )
        kept.update({path: pristine.pop(path) for path in owned if path in pristine})
    except Exception:
        # An invalid spec can trip the stages that trusted it: its problems are the answer.
        # Where the validator found only warnings, the generator failed on a spec it promised
        # to handle: that is a bug of ours, reported as such rather than blamed on the spec.
        if validation is not None:
            raise_if_errors(validation.result())
        raise
    if validation is not None:
        report("waiting for the validation")
        checked = validation.result()
        raise_if_errors(checked)
    else:
        # The structure is as validated last time, so its findings are too: they were
        # recorded among that run's warnings.
        checked = list(previous.warnings) if previous is not None else []
    warnings = _merged_warnings(checked, warnings)
    _raise_if_strict(config, warnings)
    report("merging your edits")
    files, edits = apply_edits(output, previous, pristine, discard_edits)
    files.update(kept)
    manifest = Manifest(
        __version__,
        spec_hash,
        {path: FileRecord(sha256(data), sources[path]) for path, data in pristine.items()},
        inputs_fingerprint(config, spec_label, spec_hash),
        spec_files,
        tuple(warnings),
        tuple(sorted(owned)),
        structure_hash,
        edits.deleted,
        tuple(edits.conflicts),
    )
    if check and previous is not None:
        # Which files the user deleted, and which conflicts they resolved, is bookkeeping the
        # next run records: an edit is not stale output.
        manifest = replace(manifest, deleted=previous.deleted, conflicts=previous.conflicts)
    files.update(store_files(pristine))
    # Bookkeeping beside the manifest, never merged with edits: the names this run gave, the
    # spec it read and the changelog so far, which the next run compares against.
    files[NAMES_FILE] = name_lock_bytes(api.name_lock)
    files.update(spec_copy_files(spec_files, [path.read_bytes() for path in _ordered(document)]))
    files[RELEASES] = releases_bytes([_release_record(release) for release in api.releases])
    files[MANIFEST_NAME] = manifest.to_bytes()
    changes = plan_changes(output, files, previous, stored_paths(output))
    if not check:
        report(f"writing {len(changes.written)} changed files")
        write_tree(output, files, changes)
    # The count a person reads is the SDK's files (and the manifest), not the store's objects.
    count = sum(not path.startswith(BOOKKEEPING) for path in files)
    release = Release(versioning.previous, api.settings.version, versioning.due, versioning.changes)
    return Outcome(
        changes,
        warnings,
        time.perf_counter() - started,
        count,
        edits,
        operations=len(api.operations),
        release=release,
    )


def _unchanged_run(
    config: Config, spec_label: str, previous: Manifest, output: Path
) -> Changes | None:
    """No-op when the spec files, the generator and the settings hash as recorded, and every
    file and pristine object the manifest lists is there; None when a real run is needed."""
    if not previous.spec_files or not previous.inputs_sha256:
        return None
    base = config.spec.resolve().parent
    try:
        spec_hash = _hash_files([base / name for name in previous.spec_files])
    except OSError:
        return None
    if inputs_fingerprint(config, spec_label, spec_hash) != previous.inputs_sha256:
        return None
    # The files' bytes need no look: with the inputs unchanged, the new generation equals the
    # recorded one, and merging an edit into an unchanged generation leaves the edit as it is.
    # A file gone without notice (a deletion to record) or a missing pristine object does.
    if missing_files(output, previous) or not store_is_complete(output, previous):
        return None
    return Changes(unchanged=len(previous.files) + 1)


def _spec_identity(document: Any) -> tuple[tuple[str, ...], str]:
    base = document.root_file.parent
    files = _ordered(document)
    names = tuple(_relative(path, base) for path in files)
    return names, _hash_files(files)


def _ordered(document: Any) -> list[Path]:
    """The spec's files, the root first."""
    return sorted(document.files, key=lambda p: (p != document.root_file, str(p)))


def _versioning(
    config: Config,
    output: Path,
    previous: Manifest | None,
    spec_hash: str,
    api: Api,
    lock: dict[str, str],
) -> Versioning:
    """The version and changelog of this generation (generator/changes/versions.py), from the
    changes between the spec the last generation copied and this one. The last spec is built
    holding the same names, as it was then."""
    from generator.builder import build_api
    from generator.changes.compare import compare
    from generator.changes.versions import plan_release
    from generator.ir import Release as Entry
    from generator.load import load_document

    recorded = tuple(
        Entry(
            version=str(entry.get("version", "")),
            date=str(entry.get("date", "")),
            sections=tuple(
                (str(heading), tuple(str(line) for line in lines))
                for heading, lines in entry.get("sections", [])
            ),
        )
        for entry in read_releases(output)
    )
    changes: tuple[Change, ...] = ()
    old_spec = spec_copy(output, previous.spec_files) if previous is not None else None
    if previous is not None and old_spec is not None and previous.spec_sha256 != spec_hash:
        try:
            old_document = load_document(old_spec, str(old_spec), validate=False)
            old_api, _ = build_api(old_document, replace(config, spec=old_spec), lock)
        except SpecError:
            # A damaged copy only costs the comparison: the version then stays as it was.
            old_api = None
        if old_api is not None:
            changes = compare(old_api, api)
    return plan_release(api, config.versioning, config.version, recorded, changes, _today())


def _versioned_build(
    document: Any, config: Config, previous: Manifest | None, spec_hash: str, report: Progress
) -> tuple[Versioning, list[Problem]]:
    """The IR, holding the names the committed SDK exported (generator/write/names.py), with
    its version and changelog, and the builder's warnings.

    Old class names kept as aliases last until the next release that may break (a major one;
    a minor one below 1.0): in such a release they go, and the report says so, as the last spec
    is still built with them. An alias made by this very run stays until the next."""
    from generator.builder import build_api
    from generator.builder.names import ALIAS_KEY

    output = config.output
    report("building the SDK's model of the API")
    lock = read_name_lock(output)
    api, warnings = build_api(document, config, lock)
    report("comparing with the last generation")
    versioning = _versioning(config, output, previous, spec_hash, api, lock)
    if _breaking_release(versioning) and any(key.startswith(ALIAS_KEY) for key in lock):
        unaliased = {key: name for key, name in lock.items() if not key.startswith(ALIAS_KEY)}
        api, warnings = build_api(document, config, unaliased)
        versioning = _versioning(config, output, previous, spec_hash, api, lock)
    return versioning, warnings


def _breaking_release(versioning: Versioning) -> bool:
    """Whether this generation releases a version that may break its users' code: the version
    moves, for changes the report calls breaking."""
    return versioning.api.settings.version != versioning.previous and any(
        change.severity == "breaking" for change in versioning.changes
    )


def _today() -> str:
    """The date a new changelog entry gets: SOURCE_DATE_EPOCH's day when set (reproducible
    builds), else today's (UTC). It is recorded, so later runs repeat it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
    return datetime.now(timezone.utc).date().isoformat()


def _release_record(release: Entry) -> dict[str, Any]:
    return {
        "version": release.version,
        "date": release.date,
        "sections": [[heading, list(lines)] for heading, lines in release.sections],
    }


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def _hash_files(paths: list[Path]) -> str:
    return sha256(b"".join(sha256(path.read_bytes()).encode() for path in paths))


def _merged_warnings(checked: list[Problem], built: list[Problem]) -> list[Problem]:
    """The validator's warnings, then the builder's, each listed once. Where the builder
    reports a piece itself (a parameter's default it drops), its own words stand."""
    built_at = {(problem.file, problem.pointer) for problem in built}
    seen = {(problem.file, problem.pointer, problem.message) for problem in built}
    kept = [
        problem
        for problem in checked
        if (problem.file, problem.pointer) not in built_at
        and (problem.file, problem.pointer, problem.message) not in seen
    ]
    return list(dict.fromkeys([*kept, *built]))


def _raise_if_strict(config: Config, warnings: list[Problem]) -> None:
    if config.strict and warnings:
        raise SpecError([warning.as_error() for warning in warnings])


def spec_label_for(spec: Path, project_root: Path) -> str:
    """How the spec is named in messages and headers: relative to the project when inside it."""
    try:
        return spec.resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return str(spec)
