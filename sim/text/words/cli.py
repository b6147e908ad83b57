"""Words of the command line (``python -m sim``)."""

WORDS: dict[str, tuple[str, str]] = {}
