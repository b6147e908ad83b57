"""Kapacitetssimulatoren: the simulation model (no UI, no database)."""

__version__ = "0.1.0"
