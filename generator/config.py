"""Settings: `[tool.sdkgen]` in pyproject.toml, overridden by flags, as one frozen value."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

from generator.problems import Level, Problem, SpecError


@dataclass(frozen=True)
class Config:
    spec: Path
    output: Path
    package_name: str | None = None
    module: str | None = None
    client_class: str | None = None
    version: str = "0.1.0"
    error_base: str | None = None
    default_error: str | None = None
    validation_error: str | None = None
    strict: bool = False
    # Standard Webhooks signature verification for the spec's webhooks; off for a sender that
    # signs another way (the SDK then only parses payloads).
    webhook_verification: bool = True
    cache_dir: Path | None = None
    # "auto": each generation bumps `version` by what changed for users (generator/changes/
    # versions.py); "manual": `version` stands, and the run says what it should have been.
    versioning: str = "auto"


_KEYS = {
    "spec": "spec",
    "output": "output",
    "package-name": "package_name",
    "module": "module",
    "client-class": "client_class",
    "version": "version",
    "error-base": "error_base",
    "default-error": "default_error",
    "validation-error": "validation_error",
    "strict": "strict",
    "webhook-verification": "webhook_verification",
    "versioning": "versioning",
}

VERSIONING = ("auto", "manual")


_PER_SPEC = (
    "output",
    "package_name",
    "module",
    "client_class",
    "error_base",
    "default_error",
    "validation_error",
    "webhook_verification",
)


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(pyproject: Path | None, overrides: dict[str, Any]) -> Config:
    """Read `[tool.sdkgen]`; relative paths in it are relative to the pyproject's folder."""
    table: dict[str, Any] = {}
    base = Path.cwd()
    if pyproject is not None:
        base = pyproject.parent
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise _config_error(str(pyproject), f"cannot read: {exc}") from None
        table = data.get("tool", {}).get("sdkgen", {})
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise _config_error(
                str(pyproject), f"unknown key '{key}' in [tool.sdkgen]; known: {known}"
            )
        values[_KEYS[key]] = value
    for name in ("spec", "output"):
        if name in values:
            values[name] = _relative_to(base, values[name])
    other_spec = overrides.get("spec")
    if other_spec is not None and (
        "spec" not in values or Path(values["spec"]).resolve() != Path(other_spec).resolve()
    ):
        # The configured names and folder belong to the configured spec; another spec gets names
        # from its own title and a folder of its own, so it never overwrites the configured SDK.
        for name in _PER_SPEC:
            values.pop(name, None)
        values["output"] = base / "output" / f"{Path(other_spec).stem}-sdk"
    values.update({key: value for key, value in overrides.items() if value is not None})
    if "spec" not in values:
        raise _config_error(
            "pyproject.toml", "no spec given: set [tool.sdkgen] spec or pass --spec"
        )
    if "output" not in values:
        values["output"] = Path("output")
    config = Config(**values)
    _check_names(config)
    return config


def _relative_to(base: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else base / path


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PACKAGE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")


def _check_names(config: Config) -> None:
    for label, value in (
        ("module", config.module),
        ("client-class", config.client_class),
        ("error-base", config.error_base),
        ("default-error", config.default_error),
        ("validation-error", config.validation_error),
    ):
        if value is not None and (not _IDENTIFIER.match(value) or keyword.iskeyword(value)):
            raise _config_error(
                "[tool.sdkgen]", f"{label} '{value}' is not a valid Python identifier"
            )
    if not isinstance(config.webhook_verification, bool):
        raise _config_error(
            "[tool.sdkgen]",
            f"webhook-verification must be true or false, not {config.webhook_verification!r}",
        )
    if config.versioning not in VERSIONING:
        raise _config_error(
            "[tool.sdkgen]",
            f"versioning '{config.versioning}' is not one of: {', '.join(VERSIONING)}",
        )
    if config.package_name is not None and not _PACKAGE.match(config.package_name):
        raise _config_error(
            "[tool.sdkgen]",
            f"package-name '{config.package_name}' is not a valid distribution name",
        )


def _config_error(where: str, message: str) -> SpecError:
    return SpecError([Problem(Level.ERROR, where, "#", message)])
