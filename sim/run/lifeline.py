"""Worker processes that die with the process that started them.

A pool's workers (and, with ``forkserver``, the fork server between the pool's owner and
its workers) must not outlive their owner: a server killed with ``kill -9`` would leave
them blocked on a pipe for ever, holding their memory. Two guards, both armed in the
child by :func:`die_with_parent`:

* on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the child when the
  thread that started it ends (so it is armed only where that thread lives as long as
  its process: the fork server's workers, and the fork server when the pool is made on
  a thread that lives for ever, as ``ui.runs`` does);
* everywhere, a watchdog thread that ends the process when its parent changes (the
  parent died and the child was handed to another process) — the portable fallback.

Importing ``sim.run.lifeline_forkserver`` arms the guard too: it is given to the fork server as
a module to preload (:func:`sim.run.experiment.process_pool`), so the fork server itself dies
with the pool's owner.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import socket
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def _pdeathsig() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; True if it was armed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)  # the parent is gone: nothing here is worth finishing
        time.sleep(WATCH_SECONDS)


def die_with_parent(kill_signal: bool = True, watchdog: bool = True) -> None:
    """Arm the guards in this (child) process.

    ``kill_signal=False`` skips the Linux signal (for a child whose parent thread may end
    before its parent process does); ``watchdog=False`` skips the thread where the signal
    was armed (for a process that forks others, which should have no other thread)."""
    parent = os.getppid()
    armed = kill_signal and _pdeathsig()
    if parent == 1:  # the parent died before the guard was armed
        os._exit(1)
    if watchdog or not armed:
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="lifeline").start()


# ---- which server process is this, and is another one still alive -----------------------


def _start_ticks(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot, from /proc; '' elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def process_id() -> str:
    """This process as ``host:pid:start``: unique on the host even when pids are reused."""

    return f"{socket.gethostname()}:{os.getpid()}:{_start_ticks(os.getpid())}"


def process_alive(identity: str | None) -> bool | None:
    """Whether the process :func:`process_id` gave ``identity`` still runs: True, False,
    or None when it cannot be told (another host, or not an identity)."""

    try:
        host, pid_text, ticks = (identity or "").rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return None
    if host != socket.gethostname() or pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, as another user
    except OSError:
        return None
    return not ticks or not _start_ticks(pid) or _start_ticks(pid) == ticks
