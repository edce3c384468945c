"""The `sdkgen` command: parse flags, run the pipeline, print problems. Exit 0 ok, 1 spec error
or stale output, 2 usage error."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.config import find_pyproject, load_config
from generator.pipeline import generate, spec_label_for
from generator.problems import SpecError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen", description="Generate a Python SDK from an OpenAPI document."
    )
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="generate the SDK (settings from [tool.sdkgen])")
    gen.add_argument("--spec", type=Path, help="the OpenAPI document (YAML or JSON)")
    gen.add_argument(
        "--out",
        type=Path,
        help="the SDK folder (default: [tool.sdkgen] output; output/<spec>-sdk for another spec)",
    )
    gen.add_argument("--package-name", help="the distribution name, e.g. autumn-sdk")
    gen.add_argument("--module", help="the import name, e.g. autumn_sdk")
    gen.add_argument("--client-class", help="the client class, e.g. Autumn")
    gen.add_argument("--sdk-version", help="the SDK's own version")
    gen.add_argument("--config", type=Path, help="the pyproject.toml to read (default: nearest)")
    gen.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the output is stale"
    )
    gen.add_argument("--strict", action="store_true", help="treat warnings as errors")
    gen.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    validate = commands.add_parser("validate", help="load and validate a spec, writing nothing")
    validate.add_argument("spec", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "validate":
            from generator.load import load_document

            load_document(arguments.spec, str(arguments.spec))
            print(f"{arguments.spec}: valid")
            return 0
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


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _generate(arguments: argparse.Namespace) -> int:
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
        },
    )
    project_root = pyproject.parent if pyproject is not None else Path.cwd()
    outcome = generate(config, spec_label_for(config.spec, project_root), check=arguments.check)
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
