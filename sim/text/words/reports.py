"""Words of files, workbooks, the HTML report and plain-language sentences."""

WORDS: dict[str, tuple[str, str]] = {}
