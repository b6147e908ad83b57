"""Unit tests: one module each (statistics, formats, the catalogue, the layout, the
engine, the day's parts, the compiled build, the fingerprint, settings, the horizon,
geography, KPIs, coalescing)."""
