"""Formatting and writing: ruff's formatter, a manifest of what was generated, atomic swaps."""
