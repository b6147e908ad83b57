"""Builds of sim/engine.py and sim/day.py (see sim/compiled.py); not in git."""
