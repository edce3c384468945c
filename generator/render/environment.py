"""The Jinja2 environment: strict about undefined names, whitespace-exact, with our filters."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.paths import TEMPLATES
from generator.render.filters import FILTERS
from generator.runtime_facts import runtime_facts


def make_environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters.update(FILTERS)
    # The runtime's defaults and per-call options, for the signatures and docs that state them.
    environment.globals["runtime"] = runtime_facts()
    return environment
