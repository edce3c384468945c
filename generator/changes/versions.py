"""The SDK's version and changelog, from what changed for its users since the last generation.

Semantic versioning as a Python user meets it:

- a **breaking** change (code that ran fails) is a major bump; below 1.0, where the major number
  promises nothing, a minor one (as Cargo and npm read `0.x`);
- a **type** change (code still runs but may not type-check, or behaves differently) and a
  **feature** are a minor bump. A type-level change is not a major one: every call that worked
  still works at run time, and treating each new response enum value or nullable field as
  breaking would make every API's SDK a major version a month. The changelog lists such changes
  first, under their own heading, so a reviewer sees them;
- a **fix** (docs, descriptions, a more precise response type) is a patch;
- nothing a user sees changed: no bump, no entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.changes.compare import Change
from generator.changes.report import HEADINGS, change_line
from generator.changes.rules import SEVERITIES
from generator.ir import Api, Release

_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)")

FIRST_VERSION_NOTE = "The first version of this SDK."


def parse(version: str) -> tuple[int, int, int] | None:
    """The version's major, minor and patch numbers; None when it does not start with them."""
    found = _SEMVER.match(version)
    if found is None:
        return None
    major, minor, patch = (int(part) for part in found.groups())
    return major, minor, patch


def bump(version: str, changes: Sequence[Change]) -> str:
    """The version the changes call for, from `version`; the same when nothing changed (or
    when `version` is not a semantic version, which no rule can bump)."""
    numbers = parse(version)
    severities = {change.severity for change in changes}
    if numbers is None or not severities:
        return version
    major, minor, patch = numbers
    if "breaking" in severities and major > 0:
        return f"{major + 1}.0.0"
    if severities & {"breaking", "type", "feature"}:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def later(first: str, second: str) -> str:
    """The greater of two versions (the first when either is not a semantic version)."""
    one, other = parse(first), parse(second)
    if one is None or other is None:
        return first
    return second if other > one else first


def sections(changes: Sequence[Change]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (HEADINGS[severity], tuple(change_line(c) for c in changes if c.severity == severity))
        for severity in SEVERITIES
        if any(c.severity == severity for c in changes)
    )


@dataclass(frozen=True)
class Versioning:
    """A generation's version: the IR with its version and changelog set, the changes since
    the last generation, and the version they call for (which `manual` may not take)."""

    api: Api
    changes: tuple[Change, ...]
    due: str
    # The version of the last generation.
    previous: str


def plan_release(
    api: Api,
    versioning: str,
    configured: str,
    recorded: tuple[Release, ...],
    changes: tuple[Change, ...],
    today: str,
) -> Versioning:
    """The version and changelog of this generation. `recorded` is the changelog the last one
    wrote (newest first); its entries are kept as they are. `today` dates a new entry, once:
    later runs copy the recorded date, so output stays the same for the same inputs."""
    current = recorded[0].version if recorded else configured
    due = bump(current, changes)
    version = configured if versioning == "manual" else later(due, configured)
    releases = recorded
    if not recorded:
        releases = (Release(version=version, date="", sections=(("", (FIRST_VERSION_NOTE,)),)),)
    elif version != current:
        releases = (Release(version=version, date=today, sections=sections(changes)), *recorded)
    settings = replace(api.settings, version=version)
    return Versioning(replace(api, settings=settings, releases=releases), changes, due, current)
