"""The `sdkgen` command: parse flags, run the pipeline, print problems. Exit 0 ok, 1 spec error
or stale output, 2 usage error, 4 merge conflicts between hand edits and the new generation."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from generator import __version__
from generator.config import Config, find_pyproject, load_config
from generator.pipeline import Outcome, generate, spec_label_for
from generator.problems import Problem, SpecError, skipped_operations
from generator.write.edits import (
    EditReport,
    UnresolvedConflicts,
    describe_conflicts,
    edit_diff,
    list_edits,
    unknown_paths,
)
from generator.write.manifest import read_manifest
from generator.write.pristine import STORE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen",
        description="Generate a Python SDK from an OpenAPI document.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser(
        "generate",
        help="generate the SDK (settings from [tool.sdkgen])",
        description="Generate the SDK. Your edits to generated files are merged into the new"
        " generation; where they overlap a change of the generation, the file gets"
        " <<<<<<< yours / ======= / >>>>>>> generated blocks to resolve.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_generation_flags(gen)
    gen.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the output is stale"
    )
    gen.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    gen.add_argument(
        "--discard-edits",
        nargs="+",
        metavar="PATH",
        default=[],
        help="throw away your edits to these generated files (a deleted one comes back)",
    )
    edits = commands.add_parser(
        "edits", help="list the generated files that carry your edits (or that you deleted)"
    )
    _add_generation_flags(edits)
    edits.add_argument("--diff", action="store_true", help="show each edit as a diff")
    watch = commands.add_parser("watch", help="regenerate on every change to the spec or templates")
    _add_generation_flags(watch)
    validate = commands.add_parser("validate", help="load and validate a spec, writing nothing")
    validate.add_argument("spec", type=Path)
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    diff = commands.add_parser(
        "diff",
        help="what changes for SDK users from spec OLD to spec NEW (paths or git:REV:path)",
    )
    diff.add_argument("old", help="the earlier spec: a path, or git:REV:path")
    diff.add_argument("new", help="the later spec: a path, or git:REV:path")
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown")
    diff.add_argument(
        "--fail-on",
        choices=("breaking", "type"),
        help="exit 3 when a change of this severity (or, for type, a breaking one) is present",
    )
    diff.add_argument("--config", type=Path, help="the pyproject.toml to read (default: nearest)")
    return parser


EXIT_CODES = """exit codes:
  0  done, or fresh with --check
  1  a spec error, or stale output with --check
  2  a usage error
  3  sdkgen diff --fail-on: a change of that severity is present
  4  merge conflicts: your edits and the new generation changed the same lines; resolve the
     <<<<<<< yours / >>>>>>> generated blocks in the files listed (every other file is written),
     then run again. A run refuses, with 4, while those blocks remain."""

CONFLICTS = 4


def _add_generation_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", type=Path, help="the OpenAPI document (YAML or JSON)")
    parser.add_argument(
        "--out",
        type=Path,
        help="the SDK folder (default: [tool.sdkgen] output; output/<spec>-sdk for another spec)",
    )
    parser.add_argument("--package-name", help="the distribution name, e.g. autumn-sdk")
    parser.add_argument("--module", help="the import name, e.g. autumn_sdk")
    parser.add_argument("--client-class", help="the client class, e.g. Autumn")
    parser.add_argument("--sdk-version", help="the SDK's own version")
    parser.add_argument("--config", type=Path, help="the pyproject.toml to read (default: nearest)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "validate":
            return _validate(arguments.spec, arguments.strict)
        if arguments.command == "watch":
            return _watch(arguments)
        if arguments.command == "edits":
            return _edits(arguments)
        if arguments.command == "diff":
            return _diff(arguments)
        return _generate(arguments)
    except UnresolvedConflicts as error:
        print(
            "sdkgen: the last run left merge conflicts that are not resolved yet; edit these"
            " files until no <<<<<<< yours / >>>>>>> generated block remains (or throw your"
            " edits away with `sdkgen generate --discard-edits PATH`), then run again:",
            file=sys.stderr,
        )
        for line in describe_conflicts(error.files):
            print(line, file=sys.stderr)
        return CONFLICTS
    except SpecError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sdkgen: interrupted; the output folder is unchanged", file=sys.stderr)
        return 130
    except Exception as error:  # a generator bug: say so plainly, keep the traceback opt-in
        if os.environ.get("SDKGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"sdkgen: internal error: {type(error).__name__}: {error} "
            "(set SDKGEN_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1


def _validate(spec: Path, strict: bool) -> int:
    """Every problem a generation would report, each with its level, and nothing written:
    the validator's findings, then the builder's (the pieces it drops or reads its own way)."""
    from generator.builder import build_api
    from generator.config import Config
    from generator.load import load_document

    try:
        document = load_document(spec, str(spec))
        _, built = build_api(document, Config(spec=spec, output=Path("unused")))
    except SpecError as error:
        return _print_refusal(error.problems)
    warnings = list(dict.fromkeys([*document.warnings, *built]))
    for warning in warnings:
        print((warning.as_error() if strict else warning).labelled(), file=sys.stderr)
    if strict and warnings:
        print(f"{spec}: invalid under --strict ({len(warnings)} errors)", file=sys.stderr)
        return 1
    print(
        f"{spec}: valid, {len(warnings)} warnings,"
        f" {skipped_operations(warnings)} operations skipped"
    )
    return 0


def _print_refusal(problems: list[Problem]) -> int:
    for problem in problems:
        print(problem.labelled(), file=sys.stderr)
    return 1


def progress_reporter(quiet: bool) -> Callable[[str], None] | None:
    """Phases on a terminal, so a large spec does not look stuck; nothing in CI, in pipes or
    under --quiet, where only the result and the problems belong."""
    if quiet or os.environ.get("CI") or not sys.stderr.isatty():
        return None
    started = time.perf_counter()

    def report(phase: str) -> None:
        print(
            f"sdkgen: [{time.perf_counter() - started:5.2f} s] {phase}", file=sys.stderr, flush=True
        )

    return report


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _settings(arguments: argparse.Namespace) -> tuple[Config, str]:
    """The run's settings and how it names the spec, from [tool.sdkgen] and the flags."""
    pyproject = arguments.config or find_pyproject(Path.cwd())
    config = load_config(
        pyproject,
        {
            "spec": arguments.spec,
            "output": arguments.out,
            "package_name": arguments.package_name,
            "module": arguments.module,
            "client_class": arguments.client_class,
            "version": arguments.sdk_version,
            "strict": arguments.strict or None,
            "cache_dir": (pyproject.parent if pyproject else Path.cwd()) / ".sdkgen-cache",
        },
    )
    project_root = pyproject.parent if pyproject is not None else Path.cwd()
    return config, spec_label_for(config.spec, project_root)


def _watch(arguments: argparse.Namespace) -> int:
    from generator.watch import print_line, watch

    config, label = _settings(arguments)
    watch(config, label, print_line)
    return 0


def _generate(arguments: argparse.Namespace) -> int:
    config, label = _settings(arguments)
    discard = [_in_output(path, config.output) for path in arguments.discard_edits]
    if discard:
        unknown = unknown_paths(read_manifest(config.output), discard)
        if unknown:
            print(
                f"sdkgen: --discard-edits: not a file sdkgen generated in"
                f" {_shown(config.output)}: {', '.join(unknown)}",
                file=sys.stderr,
            )
            return 2
    outcome = generate(
        config,
        label,
        check=arguments.check,
        progress=progress_reporter(quiet=arguments.quiet),
        discard_edits=discard,
    )
    for warning in outcome.warnings:
        print(warning, file=sys.stderr)
    changes = outcome.changes
    edits = outcome.edits
    if arguments.check:
        if changes.empty:
            if not arguments.quiet:
                print(f"sdkgen: {_shown(config.output)} is up to date ({outcome.file_count} files)")
            return 0
        print(
            f"sdkgen: {_shown(config.output)} is stale;"
            " run `make generate` (or `sdkgen generate`):",
            file=sys.stderr,
        )
        for path in changes.written:
            if not path.startswith(STORE):
                state = "missing" if not (config.output / path).exists() else "stale"
                if path in edits.conflicts:
                    state = "conflict"  # the merge of the user's edit would leave markers
                print(f"  {state}: {path}", file=sys.stderr)
        for path in changes.removed:
            if not path.startswith(STORE):
                print(f"  extra: {path}", file=sys.stderr)
        _say_release(outcome, check=True)
        # The store's objects are named by hash: one line says it all.
        store = sum(path.startswith(STORE) for path in changes.written + changes.removed)
        if store:
            print(f"  stale: {STORE}/ ({store} objects to add or remove)", file=sys.stderr)
        return 1
    _say_edits(edits, quiet=arguments.quiet)
    if not arguments.quiet:
        _say_release(outcome, check=False)
        print(
            f"sdkgen: {len(changes.written)} written, {len(changes.removed)} removed, "
            f"{changes.unchanged} unchanged in {_shown(config.output)} ({outcome.seconds:.2f} s);"
            + ("" if outcome.operations is None else f" {outcome.operations} operations,")
            + f" {len(outcome.warnings)} warnings,"
            f" {skipped_operations(outcome.warnings)} operations skipped"
        )
    if edits.conflicts:
        print(
            "sdkgen: your edits and the new generation changed the same lines; every other file"
            " is written. Resolve the <<<<<<< yours / ======= / >>>>>>> generated blocks, then"
            " run again:",
            file=sys.stderr,
        )
        for line in describe_conflicts(edits.conflicts):
            print(line, file=sys.stderr)
        return CONFLICTS
    return 0


def _say_edits(edits: EditReport, quiet: bool) -> None:
    """What became of the user's edits. Deletions and kept files are said even under --quiet:
    each is said once, by the run that first sees it."""
    if edits.merged and not quiet:
        print(f"sdkgen: your edits kept in {len(edits.merged)} files: {', '.join(edits.merged)}")
    for path in edits.newly_deleted:
        print(
            f"sdkgen: {path}: you deleted it, so it stays deleted"
            f" (`sdkgen generate --discard-edits {path}` brings it back)",
            file=sys.stderr,
        )
    for path in edits.kept:
        print(
            f"sdkgen: {path}: no longer generated, but kept because you edited it; it is yours now",
            file=sys.stderr,
        )


def _edits(arguments: argparse.Namespace) -> int:
    config, _ = _settings(arguments)
    manifest = read_manifest(config.output)
    if manifest is None:
        print(
            f"sdkgen: {_shown(config.output)} has no manifest; run `sdkgen generate` first",
            file=sys.stderr,
        )
        return 1
    found = list_edits(config.output, manifest)
    if not found:
        print(f"sdkgen: no edits in {_shown(config.output)}")
    for edit in found:
        print(f"{edit.state}: {edit.path}")
        if arguments.diff and edit.state == "edited":
            print(edit_diff(config.output, manifest, edit.path), end="")
    return 0


def _in_output(path: str, output: Path) -> str:
    """A path given on the command line, relative to the output folder: as typed from the
    current folder when it points inside the output, else taken as relative to it already."""
    typed = (Path.cwd() / path).resolve()
    if typed.is_relative_to(output.resolve()):
        return typed.relative_to(output.resolve()).as_posix()
    return Path(path).as_posix()


# `sdkgen diff --fail-on ...` when such a change is present: not a spec error (1) nor a usage
# error (2), so CI can tell "this change breaks users" from "the diff could not run".
EXIT_CHANGES = 3


def _diff(arguments: argparse.Namespace) -> int:
    from generator.changes.report import as_json, markdown
    from generator.changes.specs import compare_sources

    pyproject = arguments.config or find_pyproject(Path.cwd())
    # The SDK's names (package, module, client class) come from [tool.sdkgen] where there is
    # one; the spec itself is each side's own.
    config = load_config(pyproject, {"spec": Path(arguments.new), "output": Path("output")})
    changes = compare_sources(arguments.old, arguments.new, config, Path.cwd())
    if arguments.format == "json":
        sys.stdout.write(as_json(changes))
    else:
        sys.stdout.write(markdown(changes, f"SDK changes from {arguments.old} to {arguments.new}"))
    failing = {"breaking": {"breaking"}, "type": {"breaking", "type"}}.get(arguments.fail_on, set())
    return EXIT_CHANGES if any(change.severity in failing for change in changes) else 0


def _say_release(outcome: Outcome, check: bool) -> None:
    """What the spec change means for the SDK's users and its version, with the changes that
    can break them listed: a reviewer sees "this breaks 3 methods" before merging."""
    release = outcome.release
    if release is None or not release.changes:
        return
    from generator.changes.report import change_line, summary

    pending = "pending " if check else ""
    if release.version == release.due:
        version = f"version {release.previous} -> {release.version}"
    else:
        version = (
            f"version {release.version} stands (versioning = manual);"
            f" the changes call for {release.due}"
        )
    stream = sys.stderr if check else sys.stdout
    print(f"sdkgen: {pending}SDK changes: {summary(release.changes)}; {version}", file=stream)
    for change in release.changes:
        if change.severity in ("breaking", "type"):
            print(f"  {change.severity}: {change_line(change)}", file=stream)
