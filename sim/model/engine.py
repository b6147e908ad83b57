"""The engine that runs a day's carers on SimPy: the only code in the project that touches
SimPy's internals, and a reference mode that runs the same carers on public SimPy only.

A *carer* is a generator that yields either a Python ``float``, the minutes to hold, or a
SimPy event, to go on when that event has been processed (its value is not sent back:
the carer reads it from the event). ``Engine`` is a ``simpy.Environment`` with two
methods more: ``start(carers)`` starts carers now, one after the other, before the
ordinary events of this moment (as processes made now would start); ``start_at(at,
carers)`` does it at a later time. Events,
timeouts, processes and ``run`` are SimPy's own.

Fast mode (the default)
    A carer is no ``simpy.Process``: it makes no ``Initialize`` event to start and no
    event of its own when it ends, and a hold makes no ``Timeout``. Each carer has one
    wake-up event, scheduled again every time it has been processed. A day has about a
    hundred thousand holds, so this is the hot path of a run (compiled with Cython with
    the day, ``sim.model.compiled``). The SimPy 4.1 internals it relies on:

    * ``env._queue`` (the heap of ``(time, priority, eid, event)``), ``env._eid`` (the
      counter of event ids) and ``env._now``: a hold pushes the wake-up event as
      ``(now + minutes, NORMAL, next(eid), wake)``, the very entry ``env.timeout`` would
      push, without the call and the object;
    * ``event._ok`` and ``event._value``: the wake-up event and the start event are made
      triggered without ``succeed`` (as SimPy's own ``Initialize`` and ``Timeout`` do),
      so that they can be scheduled directly, the start one with ``URGENT`` priority;
    * re-arming a processed event: SimPy's loop (``Environment.step``) sets an event's
      ``callbacks`` to ``None`` and then reads only ``callbacks`` and ``_ok``, so an
      event given a new callback list can be pushed again.

    tests/unit/test_engine.py checks that the installed SimPy is the pinned one and still has
    these internals.

Reference mode (``mode="reference"``)
    The same carers on public SimPy only: each carer is a ``simpy.Process``
    (``env.process``) and each hold an ``env.timeout`` (which also refuses a negative
    hold, which the fast mode does not check). It makes more events, not other ones: the
    events the carers wait for get the same times and priorities and are scheduled in the
    same order, so SimPy processes them in the same order (by time, priority, then order
    of scheduling). The extra ones are an ``Initialize`` per carer (``URGENT``, made in
    the order the fast mode starts the carers, and carers make no ``URGENT`` events of
    their own) and an end-of-process event per carer that nobody waits for. A day gives
    exactly the same results both ways (tests/unit/test_engine.py); the reference mode takes
    about 30-40 % longer (baseline days, pure and compiled).
"""

from __future__ import annotations

from collections.abc import Generator
from heapq import heappush

import simpy
from simpy.events import NORMAL, URGENT

SIMPY_VERSION = "4.1.2"  # the SimPy whose internals the fast mode is written against
MODES = ("fast", "reference")

Carer = Generator[simpy.Event | float, None, None]


class Engine(simpy.Environment):
    """A SimPy environment that runs carers (see the module's docstring); ``mode`` is
    ``"fast"`` (SimPy internals) or ``"reference"`` (public SimPy only)."""

    def __init__(self, initial_time: float = 0.0, mode: str = "fast"):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        super().__init__(initial_time)
        self.mode = mode
        self.reference = mode == "reference"

    def start(self, carers: list[Carer]) -> None:
        """Start ``carers`` now, one after the other, before the ordinary (``NORMAL``)
        events of this moment: as the ``Initialize`` events of processes made now, in
        this order, would start them."""
        if self.reference:
            for carer in carers:
                self.process(_holds_as_timeouts(self, carer))
        else:
            _Start(self, carers)

    def start_at(self, at: float, carers: list[Carer]) -> None:
        """Start ``carers`` at time ``at`` (now if it has passed), as ``start`` would."""
        self.process(self._launch(at, carers))

    def _launch(self, at: float, carers: list[Carer]):
        if at > self.now:
            yield self.timeout(at - self.now)
        self.start(carers)


def _holds_as_timeouts(env: simpy.Environment, carer: Carer):
    """The reference mode: a carer as a SimPy process generator, each hold a timeout."""
    timeout = env.timeout
    for step in carer:
        yield timeout(step) if step.__class__ is float else step


def _drive(env: simpy.Environment, carer: Carer) -> None:
    """The fast mode: run a carer's generator by the callbacks of the events it yields.
    A hold (a float, never negative: unlike a ``Timeout`` it is not checked) schedules
    the carer's one wake-up event again, as a timeout would be scheduled."""
    wake = simpy.Event(env)
    wake._ok, wake._value = True, None  # triggered, as SimPy's own event types do it
    # ``env.schedule`` inlined (SimPy 4.1, pinned): this is the hot path of a day
    queue, eid = env._queue, env._eid

    def resume(_event: simpy.Event) -> None:
        for step in carer:  # until it yields something to wait for, or ends
            if step.__class__ is float:
                wake.callbacks = again
                heappush(queue, (env._now + step, NORMAL, next(eid), wake))
                return
            if step.callbacks is not None:  # not processed yet: wait for it
                step.callbacks += again
                return
        again.clear()  # done: no cycle is left, so the carer is freed at once, not by the gc

    again = [resume]
    resume(None)


class _Start(simpy.Event):
    """The fast mode's start: one ``URGENT`` event that starts carers one after the
    other (where ``simpy.Process`` would make an ``Initialize`` event for each)."""

    def __init__(self, env: simpy.Environment, carers: list[Carer]):
        super().__init__(env)
        self.callbacks.append(lambda _event: [_drive(env, carer) for carer in carers])
        self._ok, self._value = True, None  # triggered, as SimPy's own event types do it
        env.schedule(self, URGENT)
