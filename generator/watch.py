"""`sdkgen watch`: regenerate whenever the spec, a file it references or a template changes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from generator.config import Config
from generator.fingerprint import generator_fingerprint
from generator.paths import TEMPLATES
from generator.pipeline import Outcome, generate
from generator.problems import SpecError
from generator.write.edits import UnresolvedConflicts, describe_conflicts

Say = Callable[[str], None]


def watch(config: Config, spec_label: str, say: Say, stop_after: int | None = None) -> None:
    """Run once, then once per batch of changes (watchfiles debounces a burst of saves into
    one batch). A bad spec prints its problems and leaves the output alone; the next good save
    recovers. `stop_after` ends the loop after that many runs (for tests)."""
    from watchfiles import watch as file_changes

    folders = [config.spec.resolve().parent, TEMPLATES]
    output = config.output.resolve()
    runs = 0
    for changes in file_changes(
        *folders,
        watch_filter=lambda _, path: not Path(path).resolve().is_relative_to(output),
        debounce=300,
        step=50,
        rust_timeout=100,
        yield_on_timeout=True,
        raise_interrupt=False,
    ):
        if not changes and runs:
            continue
        if not runs:
            # The first (empty) batch comes once the watcher is live: a save from now on counts.
            say(f"sdkgen: watching {', '.join(str(f) for f in folders)} (Ctrl+C to stop)")
        generator_fingerprint.cache_clear()  # a template may be what changed
        _run_once(config, spec_label, say)
        runs += 1
        if stop_after is not None and runs >= stop_after:
            return


def _run_once(config: Config, spec_label: str, say: Say) -> Outcome | None:
    try:
        outcome = generate(config, spec_label)
    except SpecError as error:
        for problem in error.problems:
            say(str(problem))
        say("sdkgen: the output is unchanged; waiting for the next save")
        return None
    except UnresolvedConflicts as error:
        say("sdkgen: merge conflicts from the last run are not resolved yet:")
        for line in describe_conflicts(error.files):
            say(line)
        say("sdkgen: the output is unchanged; waiting for the next save")
        return None
    for warning in outcome.warnings:
        say(str(warning))
    changes = outcome.changes
    say(
        f"sdkgen: {len(changes.written)} written, {len(changes.removed)} removed "
        f"in {outcome.seconds:.2f} s"
    )
    if outcome.edits.conflicts:
        say("sdkgen: your edits and the new generation changed the same lines; resolve:")
        for line in describe_conflicts(outcome.edits.conflicts):
            say(line)
    return outcome


def print_line(text: str) -> None:
    print(text, file=sys.stdout, flush=True)
