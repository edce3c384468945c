"""The runtime's defaults and per-call options, as the generator states them in code and docs.

They are read from the runtime's own `_runtime/defaults.py`, the file every SDK ships, so the
names and numbers in method signatures, docstrings, the README and the retry page are the ones
the runtime uses: each is written once, there.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from types import ModuleType
from typing import TypeVar

from generator.paths import TEMPLATES

DEFAULTS_FILE = TEMPLATES / "runtime" / "_runtime" / "defaults.py"

V = TypeVar("V")


@dataclass(frozen=True, kw_only=True)
class CallOption:
    """A keyword argument every generated method takes besides its own (defaults to None)."""

    name: str
    hint: str
    description: str
    # The parameters table shows the options that have a docs type, linking to the page.
    docs_type: str | None
    docs_page: str | None


@dataclass(frozen=True, kw_only=True)
class RuntimeFacts:
    timeout_ms: int
    initial_interval_ms: int
    max_interval_ms: int
    exponent: float
    max_elapsed_time_ms: int
    retryable_statuses: tuple[int, ...]
    throttle_statuses: tuple[int, ...]
    idempotent_methods: tuple[str, ...]
    call_options: tuple[CallOption, ...]


@functools.cache
def runtime_facts() -> RuntimeFacts:
    module = _load_defaults()
    return RuntimeFacts(
        timeout_ms=_read(module, "DEFAULT_TIMEOUT_MS", int),
        initial_interval_ms=_read(module, "DEFAULT_INITIAL_INTERVAL_MS", int),
        max_interval_ms=_read(module, "DEFAULT_MAX_INTERVAL_MS", int),
        exponent=_read(module, "DEFAULT_EXPONENT", float),
        max_elapsed_time_ms=_read(module, "DEFAULT_MAX_ELAPSED_TIME_MS", int),
        retryable_statuses=tuple(_read(module, "RETRYABLE_STATUSES", tuple)),
        throttle_statuses=tuple(_read(module, "THROTTLE_STATUSES", tuple)),
        idempotent_methods=tuple(_read(module, "IDEMPOTENT_METHODS", tuple)),
        call_options=tuple(
            CallOption(**option._asdict()) for option in _read(module, "CALL_OPTIONS", tuple)
        ),
    )


def _load_defaults() -> ModuleType:
    # Loaded by path, not imported: the file lives in a template folder, not a package.
    spec = importlib.util.spec_from_file_location("_sdkgen_runtime_defaults", DEFAULTS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(module: ModuleType, name: str, kind: type[V]) -> V:
    value = getattr(module, name)
    if not isinstance(value, kind):
        raise TypeError(f"{DEFAULTS_FILE}: {name} should be a {kind.__name__}")
    return value
