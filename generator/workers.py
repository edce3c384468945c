"""Forked workers (the background validation) that end with the generation that forked
them, however it ends: a corpus runner's timeout killed a generation of Microsoft Graph, and its
validation worker went on for minutes as an orphan.

On Linux the kernel does it: `prctl(PR_SET_PDEATHSIG, SIGKILL)` in the child asks for SIGKILL
the moment the parent dies, by SIGKILL too, with no code of ours left to run in the parent. It
was chosen over a pipe the child watches because it needs no thread in the child and acts even
while the child is deep in C code or holds the GIL (the validator recursing through a
schema). The signal follows the *thread* that forked: the workers are forked from the
generation's own thread, which outlives them (it waits for their results). Elsewhere,
a daemon thread in the child polls the parent's pid, which changes when the parent dies.
A normal exit and Ctrl-C are the parent's to handle: it ends its workers itself.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.5


def die_with_parent(parent_pid: int) -> None:
    """Run first thing in a forked worker, with the parent's pid taken before the fork."""
    if not _ask_kernel():
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    # The parent may have died between the fork and the request above: nothing would signal.
    if os.getppid() != parent_pid:
        os._exit(1)


def _ask_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(_POLL_SECONDS)
    os._exit(1)
