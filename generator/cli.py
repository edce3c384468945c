"""The `sdkgen` command: parse flags, run the pipeline, print problems. Exit 0 ok, 1 spec error
or stale output, 2 usage error."""

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
from generator.pipeline import generate, spec_label_for
from generator.problems import SpecError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen", description="Generate a Python SDK from an OpenAPI document."
    )
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="generate the SDK (settings from [tool.sdkgen])")
    _add_generation_flags(gen)
    gen.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the output is stale"
    )
    gen.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    watch = commands.add_parser("watch", help="regenerate on every change to the spec or templates")
    _add_generation_flags(watch)
    validate = commands.add_parser("validate", help="load and validate a spec, writing nothing")
    validate.add_argument("spec", type=Path)
    return parser


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
            from generator.load import load_document

            load_document(arguments.spec, str(arguments.spec))
            print(f"{arguments.spec}: valid")
            return 0
        if arguments.command == "watch":
            return _watch(arguments)
        return _generate(arguments)
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
    outcome = generate(
        config,
        label,
        check=arguments.check,
        progress=progress_reporter(quiet=arguments.quiet),
    )
    for warning in outcome.warnings:
        print(warning, file=sys.stderr)
    changes = outcome.changes
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
            state = "missing" if not (config.output / path).exists() else "stale"
            print(f"  {state}: {path}", file=sys.stderr)
        for path in changes.removed:
            print(f"  extra: {path}", file=sys.stderr)
        return 1
    if not arguments.quiet:
        print(
            f"sdkgen: {len(changes.written)} written, {len(changes.removed)} removed, "
            f"{changes.unchanged} unchanged in {_shown(config.output)} ({outcome.seconds:.2f} s)"
        )
    return 0
