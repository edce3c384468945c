"""Document to IR: the model builder."""

from generator.build.api import build_api

__all__ = ["build_api"]
