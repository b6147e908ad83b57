"""Words of costs, the budget verdict, comparison and sweeps."""

WORDS: dict[str, tuple[str, str]] = {
    # breakdowns (also DIMENSION_LABELS in sim.analysis.kpis until it moves here)
    "dimension.month": ("Måned", "Month"),
    "dimension.area": ("Bydel", "District"),
    "dimension.team": ("Enhed", "Team"),
    "dimension.premises": ("Lokation", "Premises"),
    "dimension.organisation": ("Organisation", "Organisation"),
}
