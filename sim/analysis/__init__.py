"""What the runs mean: KPI definitions, statistics, costs and the budget test, comparison
and sweeps. Imports ``sim.run`` and below."""
