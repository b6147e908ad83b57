"""Preloaded by the fork server: it dies with the process that started it.

See :mod:`sim.run.lifeline`. The guard is armed only when this module is imported by the fork
server's ``main`` (as a module to preload), never in an ordinary process. Without the
Linux signal it arms the watchdog thread, which the fork server's forks do not inherit.
"""

import sys

from sim.run.lifeline import die_with_parent


def _in_fork_server() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "main" and code.co_filename.endswith("forkserver.py"):
            return True
        frame = frame.f_back
    return False


if _in_fork_server():
    die_with_parent(watchdog=False)
