"""Words of charts and maps (``ui/figures``)."""

WORDS: dict[str, tuple[str, str]] = {}
