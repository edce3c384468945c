"""Three-way merges of a user's edited file with a new generation.

The merge itself is `git merge-file`: git's xdiff merge (with its conflict reduction, which
shrinks a conflict to the lines that really differ) is what SDK maintainers already resolve
every day, it writes the standard markers, and git is on every machine that commits an SDK (the
pre-commit hooks need it too). The pure-Python alternatives we looked at (merge3) diff with
difflib's SequenceMatcher, whose autojunk heuristic ignores lines recurring in over 1% of a file
of more than 200 lines; generated code's `)` and `return` lines do, so matches drift and
conflicts grow. A missing git is a
plain error naming the file that needed it.

Where both sides only added lines at the same place (a method the user added at the end of a
class, and an operation the spec added there too), git reports a conflict, since it cannot know
the order; both additions are kept, the user's first, because neither touches a line of the
other. A block where both sides changed the same existing lines is a real conflict; the lines
both sides share at its start and end are moved out of it, so it shows only what differs.

Python files are merged in the formatter's layout: the generator's output is formatted already,
so the user's file is formatted the same way before the merge (a reformatted line is not an
edit) and a clean result is formatted again.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.problems import Level, Problem, SpecError
from generator.write.format import normalised

YOURS = "<<<<<<< yours"
SEPARATOR = "======="
GENERATED = ">>>>>>> generated"


@dataclass(frozen=True)
class Merged:
    data: bytes
    # (first line, last line) of each conflict block, 1-based, markers included.
    conflicts: tuple[tuple[int, int], ...] = ()


def merge_edit(path: str, base: bytes | None, ours: bytes, theirs: bytes) -> Merged:
    """The user's file `ours` with the change from `base` (the previous generation) to `theirs`
    (this generation) applied. With no record of the previous generation (None: the user made
    a file where the generator now makes one, or the store lost it), every difference between
    the two is a conflict."""
    if b"\r\n" in ours and b"\r\n" not in theirs:
        # An editor or a checkout that wrote Windows line endings changed every line, and meant
        # none of it: the generator writes \n.
        ours = ours.replace(b"\r\n", b"\n")
    if ours == theirs:
        return Merged(theirs)
    if base is not None and ours == base:
        return Merged(theirs)
    if base is not None and base == theirs:
        return Merged(ours)  # the generation did not change: the user's bytes stand as they are
    python = path.endswith(".py")
    if python:
        ours = _formatted(ours) or ours
        if base is not None and ours == base:
            return Merged(theirs)  # only formatting differed: no edit to keep
    if base is None:
        merged, conflicted = _two_way(ours, theirs)
    else:
        merged, conflicted = _settle(_merge_file(path, ours, base, theirs))
    if python and not conflicted:
        merged = _formatted(merged) or merged
    return Merged(merged, conflict_blocks(merged) if conflicted else ())


def conflict_blocks(data: bytes) -> tuple[tuple[int, int], ...]:
    """Where the `<<<<<<< yours` ... `>>>>>>> generated` blocks are, by line number."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if line.rstrip("\r") == YOURS:
            start = number
        elif line.rstrip("\r") == GENERATED and start is not None:
            blocks.append((start, number))
            start = None
    return tuple(blocks)


def has_markers(data: bytes) -> bool:
    """Whether a conflict block this tool wrote is still in the text."""
    return bool(conflict_blocks(data))


def _formatted(data: bytes) -> bytes | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    formatted = normalised(text)
    return None if formatted is None else formatted.encode()


# The user's git configuration must not change the result (merge.conflictStyle=diff3 would add
# a base section): the same inputs merge to the same bytes on every machine.
_GIT_ENVIRONMENT = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}


def _two_way(ours: bytes, theirs: bytes) -> tuple[bytes, bool]:
    """Without a base nobody can tell whose change a difference is: every region where the two
    differ becomes a conflict block, and the lines they share stay as they are."""
    mine = ours.splitlines(keepends=True)
    generated = theirs.splitlines(keepends=True)
    out: list[bytes] = []
    conflicted = False
    matcher = difflib.SequenceMatcher(None, mine, generated, autojunk=False)
    for tag, start, end, other_start, other_end in matcher.get_opcodes():
        if tag == "equal":
            out.extend(mine[start:end])
            continue
        conflicted = True
        out.append(YOURS.encode() + b"\n")
        out.extend(_terminated(mine[start:end]))
        out.append(SEPARATOR.encode() + b"\n")
        out.extend(_terminated(generated[other_start:other_end]))
        out.append(GENERATED.encode() + b"\n")
    return b"".join(out), conflicted


def _terminated(lines: list[bytes]) -> list[bytes]:
    # A last line without its newline would run into the marker after it.
    if lines and not lines[-1].endswith(b"\n"):
        return [*lines[:-1], lines[-1] + b"\n"]
    return lines


def _settle(merged: bytes) -> tuple[bytes, bool]:
    """git's diff3-style output with each block settled: both-added blocks become both
    additions, and what remains is a two-section block (yours, generated) trimmed to the lines
    that differ. Returns the text and whether a conflict remains."""
    out: list[bytes] = []
    sections: list[list[bytes]] = []
    conflicted = False
    for line in merged.splitlines(keepends=True):
        marker = line.rstrip(b"\r\n")
        if not sections:
            if marker == _YOURS_B:
                sections = [[]]
            else:
                out.append(line)
        elif marker in (_BASE_B, _SEPARATOR_B) and len(sections) < 3:
            sections.append([])
        elif marker == _GENERATED_B and len(sections) == 3:
            yours, base, generated = sections
            conflicted |= _settle_block(out, yours, base, generated)
            sections = []
        else:
            sections[-1].append(line)
    for section in sections:  # an unterminated block (cannot happen with git's output): as is
        out.extend(section)
    return b"".join(out), conflicted


def _settle_block(
    out: list[bytes], yours: list[bytes], base: list[bytes], generated: list[bytes]
) -> bool:
    if not base:
        out.extend(yours + generated)
        return False
    head = 0
    while head < min(len(yours), len(generated)) and yours[head] == generated[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(yours), len(generated)) - head and yours[-1 - tail] == generated[-1 - tail]
    ):
        tail += 1
    out.extend(yours[:head])
    out.append(YOURS.encode() + b"\n")
    out.extend(yours[head : len(yours) - tail])
    out.append(SEPARATOR.encode() + b"\n")
    out.extend(generated[head : len(generated) - tail])
    out.append(GENERATED.encode() + b"\n")
    out.extend(yours[len(yours) - tail :])
    return True


_YOURS_B = YOURS.encode()
_BASE_B = b"||||||| pristine"
_SEPARATOR_B = SEPARATOR.encode()
_GENERATED_B = GENERATED.encode()


def _merge_file(path: str, ours: bytes, base: bytes, theirs: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="sdkgen-merge-") as scratch:
        names = []
        for name, data in (("yours", ours), ("pristine", base), ("generated", theirs)):
            (Path(scratch) / name).write_bytes(data)
            names.append(name)
        # diff3 style: the base section tells an addition (empty base) from a change.
        command = ["git", "merge-file", "--stdout", "--diff3", "-L", "yours", "-L", "pristine"]
        try:
            result = subprocess.run(
                [*command, "-L", "generated", *names],
                cwd=scratch,
                env={**os.environ, **_GIT_ENVIRONMENT},
                capture_output=True,
                timeout=120,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise _merge_failed(path, f"could not run git merge-file ({error})") from None
    # git merge-file exits with the number of conflicts, and with 255 (-1) when it fails.
    if not 0 <= result.returncode < 255:
        stderr = result.stderr.decode(errors="replace").strip()
        raise _merge_failed(path, f"git merge-file failed: {stderr}")
    return result.stdout


def _merge_failed(path: str, reason: str) -> SpecError:
    message = f"merging your edits into the new generation needs git on PATH: {reason}"
    return SpecError([Problem(Level.ERROR, path, "#", message)])


__all__ = ["GENERATED", "SEPARATOR", "YOURS", "Merged", "conflict_blocks", "merge_edit"]
