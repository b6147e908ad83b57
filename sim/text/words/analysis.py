"""Words of costs, the budget verdict, comparison and sweeps."""

WORDS: dict[str, tuple[str, str]] = {}
