"""Builds of sim/model/engine.py and sim/model/day.py (see sim/model/compiled.py); not in git."""
