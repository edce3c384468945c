"""IR to {path: text}: sibling renderers for code and docs over one IR and one environment."""

from __future__ import annotations

from generator.ir import Api
from generator.render.code import render_code
from generator.render.docs import render_docs
from generator.render.environment import make_environment


def render_sdk(api: Api) -> dict[str, str]:
    environment = make_environment()
    files = render_code(api, environment)
    files.update(render_docs(api, environment))
    return dict(sorted(files.items()))


__all__ = ["render_sdk"]
