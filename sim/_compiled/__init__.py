"""Builds of sim/day.py (see sim/compiled.py); not in git."""
