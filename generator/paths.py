"""Where the generator's templates are: inside the package when installed from a wheel, at the
top of the checkout otherwise."""

from __future__ import annotations

from pathlib import Path


def _templates_folder() -> Path:
    package = Path(__file__).resolve().parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


TEMPLATES = _templates_folder()
