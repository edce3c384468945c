"""Text to document: read YAML/JSON with line numbers, resolve $refs, validate."""

from generator.load.document import Document, load_document

__all__ = ["Document", "load_document"]
