"""Document to IR: the model builder."""

from generator.builder.api import build_api

__all__ = ["build_api"]
