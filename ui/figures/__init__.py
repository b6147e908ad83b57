"""Figures: the charts (plotly) and the maps (pydeck, drawn offline) the pages show."""
