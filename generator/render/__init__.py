"""IR to {path: text}: sibling renderers for code and docs over one IR and one environment."""

from __future__ import annotations

from generator.ir import Api
from generator.render.code import header, render_code, runtime_files, user_owned_files
from generator.render.docs import render_docs
from generator.render.environment import make_environment
from generator.render.mock import render_mock
from generator.render.sdk_tests import render_tests


def render_sdk(api: Api) -> dict[str, str]:
    environment = make_environment()
    files = render_code(api, environment)
    files.update(render_docs(api, environment))
    # The mock server (with its data) and the generated test suite; Python files get the
    # generated header.
    testing = {**render_mock(api, environment), **render_tests(api, environment)}
    files.update(
        {
            path: header(api) + text if path.endswith(".py") else text
            for path, text in testing.items()
        }
    )
    return dict(sorted(files.items()))


def preformatted_paths(api: Api) -> frozenset[str]:
    """Files whose text needs no formatting pass."""
    return frozenset(runtime_files(api))


__all__ = ["preformatted_paths", "render_sdk", "user_owned_files"]
