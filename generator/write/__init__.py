"""Formatting and writing: black in memory, a manifest of what was generated, atomic swaps."""
