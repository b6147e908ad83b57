"""Words of scenarios, data sets and uploads: their checks and messages."""

WORDS: dict[str, tuple[str, str]] = {}
