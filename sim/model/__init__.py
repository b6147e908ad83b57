"""The model of one replication: horizon and phases, randomness, demand, staffing, the
world, the care day, the engine under it and the day's compiled build. Imports
``sim.inputs`` and ``sim.text``."""
