"""Words used all over: the confidence interval, units, joining words."""

WORDS: dict[str, tuple[str, str]] = {
    "word.ci": ("95 %-KI", "95% CI"),
    "word.difference": ("Forskel", "Difference"),
    # "-0,4 til +0,2", "A, B og C"
    "word.to": ("til", "to"),
    "word.and": ("og", "and"),
    "word.than": ("end", "than"),
}
