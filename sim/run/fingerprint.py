"""The model's fingerprint: which model made a result.

The release version (``sim.__version__``) says little: it stayed "0.1.0" while the
model's results changed several times. The fingerprint is a hash of every Python source
file of the model, found recursively under ``sim/``, of the installed SimPy's version
(the day's engine relies on it) and of the installed ``holidays`` package's version (its
data decide which days run as weekend days, ``sim.model.horizon.day_type``). Left out are
what cannot change a result: the words and formats (``sim/text/``) and the command line
(``sim/__main__.py``). The compiled build of the day is made from ``sim/model/day.py``,
which is in the hash.

:func:`model_version` ("0.1.0+3f2a9c81d0e4") is what runs, the store and the sweep cache
record and compare: a saved result whose model version is not today's was made by
another model.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

from sim import __version__

PACKAGE = Path(__file__).resolve().parent.parent  # sim/
LEFT_OUT = ("text/", "__main__.py")


def model_sources(root: Path = PACKAGE) -> list[Path]:
    """The model's source files under ``root``, in a fixed order."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith(LEFT_OUT) and "__pycache__" not in relative:
            found.append(path)
    return found


def fingerprint(
    root: Path = PACKAGE, simpy_version: str | None = None, holidays_version: str | None = None
) -> str:
    """The hash (16 hex digits) of the model's sources under ``root`` and of SimPy's and
    the ``holidays`` package's versions (default: the installed ones)."""
    digest = hashlib.sha256()
    digest.update(f"simpy {simpy_version or version('simpy')}\n".encode())
    digest.update(f"holidays {holidays_version or version('holidays')}\n".encode())
    for path in model_sources(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def model_version() -> str:
    """The release version and the fingerprint of the model in this process:
    ``"0.1.0+3f2a9c81d0e4"`` (at most 40 characters, as the store keeps it)."""
    return f"{__version__}+{fingerprint()[:12]}"
