"""The columns a simulated day hands back (``DayResult``): made by ``sim.model.day``, read by
``sim.model.world`` and ``sim.run.experiment``. A module of its own, below both, so that the day
and the model import it one way (the day used to import it from the model, which imports
the day's compiled build: a circle)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Columns = dict[str, np.ndarray]  # a frame's columns, all of one length


@dataclass
class DayResult:
    """The columns of one simulated day's tidy frames (weights are applied later). The
    frames are made once for a run of days (``sim.run.experiment``): a DataFrame per day and
    frame took about a tenth of a day's time."""

    visits: Columns  # per area, organisation, team, premises, visit type
    calls: Columns  # one row per counted alarm call
    staff: Columns  # per team, premises, duty
    premises: Columns  # per premises in use
    queues: Columns  # per alarm-call pool: time-weighted queue length
    events: Columns | None = None  # per visit, when asked for
