"""Kapacitetssimulatoren: the simulation model (no UI, no database).

The public API (:mod:`sim.api`) is available from here: ``sim.load``, ``sim.simulate``,
``sim.simulate_with_basis``,
``sim.kpis``, ``sim.cost_lines``, ``sim.budget_verdict``, ``sim.compare_runs``, ``sim.horizon``,
``sim.model_version``, ``sim.Scenario`` and ``sim.Experiment``. They are imported on
first use, so that ``import sim.inputs.scenario`` stays light.
"""

__version__ = "0.1.0"

_API = (
    "Experiment",
    "Scenario",
    "budget_verdict",
    "compare_runs",
    "cost_lines",
    "horizon",
    "kpis",
    "load",
    "model_version",
    "simulate",
    "simulate_with_basis",
)


def __getattr__(name: str):
    if name in _API:
        from sim import api

        return getattr(api, name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_API])
