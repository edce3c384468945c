"""A change list as Markdown (for people and release notes) or JSON (for tools)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.changes.compare import Change
from generator.changes.rules import SEVERITIES, Severity

HEADINGS: dict[Severity, str] = {
    "breaking": "Breaking changes",
    "type": "Type-level and behaviour changes",
    "feature": "Added",
    "fix": "Fixed and documented",
}


def summary(changes: Sequence[Change]) -> str:
    """One line: "2 breaking, 1 type, 3 feature" (or "no user-visible change")."""
    counts = [
        f"{sum(c.severity == severity for c in changes)} {severity}"
        for severity in SEVERITIES
        if any(c.severity == severity for c in changes)
    ]
    return ", ".join(counts) if counts else "no user-visible change"


def change_line(change: Change) -> str:
    """`path`: what changed (old → new) — the rule and why."""
    values = ""
    if change.old and change.new:
        values = f" (`{change.old}` → `{change.new}`)"
    elif change.old or change.new:
        values = f" (`{change.old or change.new}`)"
    return f"`{change.path}`: {change.rule}{values} — {change.why}"


def markdown(changes: Sequence[Change], title: str = "SDK changes") -> str:
    lines = [f"# {title}", "", summary(changes) + "."]
    for severity in SEVERITIES:
        chosen = [c for c in changes if c.severity == severity]
        if chosen:
            lines += ["", f"## {HEADINGS[severity]}", ""]
            lines += [f"- {change_line(change)}" for change in chosen]
    return "\n".join(lines) + "\n"


def as_json(changes: Sequence[Change]) -> str:
    """One object per change: path, kind (the rule), severity, old, new, and why."""
    rows = [
        {
            "path": c.path,
            "kind": c.rule,
            "severity": c.severity,
            "old": c.old,
            "new": c.new,
            "why": c.why,
        }
        for c in changes
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
