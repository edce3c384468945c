"""What else than the spec decides the output: the generator's own code and templates, the
formatter, and the settings. A change to any of them means a real run."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from generator.config import Config
from generator.paths import TEMPLATES

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    digest = hashlib.sha256(f"ruff {version('ruff')}".encode())
    for folder in (_PACKAGE, TEMPLATES):
        for path in sorted(
            p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint(config: Config, spec_label: str, spec_sha256: str) -> str:
    settings = {
        key: str(value)
        for key, value in asdict(config).items()
        if key not in ("spec", "output", "cache_dir")
    }
    text = f"{generator_fingerprint()}\n{spec_label}\n{sorted(settings.items())}\n{spec_sha256}"
    return hashlib.sha256(text.encode()).hexdigest()
