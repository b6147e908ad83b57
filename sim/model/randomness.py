"""Random streams: one per stochastic element, spawned from the replication seed.

Each stream has a fixed key (not an index that shifts when streams are added), and
daily streams add the date, so a day's draws do not depend on which other days are
simulated or in which process: serial and parallel runs give identical results, and
replication i of every scenario sees the same draws (common random numbers).
"""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np

STREAMS = (
    "citizen_locations",
    "regular_carers",
    "visit_counts",
    "visit_times",
    "visit_durations",
    "two_carer",
    "duty",
    "duty_temporary",
    "duty_scale",
    "unplanned_calls",
    "unplanned_durations",
    "workforce",
)


def _key(name: str) -> int:
    if name not in STREAMS:
        raise KeyError(f"unknown random stream {name!r}")
    return zlib.crc32(name.encode())


def stream(seed: int, name: str, date: dt.date | None = None) -> np.random.Generator:
    """The generator for stochastic element ``name`` (on ``date``) in replication ``seed``."""
    key = (_key(name),) if date is None else (_key(name), date.toordinal())
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
