"""Your hooks. This file is yours: the generator writes it once and never overwrites it."""

from .utils.hooks import Hooks


def init_hooks(hooks: Hooks) -> None:
    """Called for every new Chat: add hooks to its lists here."""
    # For example:
    #
    # def add_trace_header(request: httpx.Request) -> httpx.Request:
    #     request.headers["x-trace-id"] = new_trace_id()
    #     return request
    #
    # hooks.before_request.append(add_trace_header)
