"""Words of the store's errors and names."""

WORDS: dict[str, tuple[str, str]] = {}
