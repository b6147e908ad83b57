"""The one catalogue of words for people: every text the app, the files, the reports, the
command line and the store's messages show, in Danish and English, under one dotted key
(``page.results``, ``compare.note.paired``, ``cost.line.rent``, ``store.error.read_only``).

The words themselves are kept per area in :mod:`sim.text.words` and gathered here into
:data:`CATALOGUE`; :func:`text` is the one way to read them. Numbers, money and dates are
not words: :mod:`sim.text.formats` writes them.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping

from sim.text.words import analysis, cli, common, figures, inputs, kpis, reports, store, ui

LANGUAGES = ("da", "en")


def _gather(parts: Iterable[Mapping[str, tuple[str, str]]]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = found.keys() & part.keys()
        if twice:
            raise ValueError(f"catalogue keys given twice: {', '.join(sorted(twice))}")
        found.update(part)
    return found


CATALOGUE: dict[str, tuple[str, str]] = _gather(
    m.WORDS for m in (common, ui, figures, reports, analysis, kpis, inputs, store, cli)
)


class Phrase:
    """A text still to be put in a language: a catalogue key and its named values (which
    may themselves be phrases, put in the same language). For what is worded before it is
    known who reads it, e.g. an error raised by the store and shown by the app."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values):
        if key not in CATALOGUE:
            raise KeyError(f"no text {key!r} in the catalogue (sim.text.words)")
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        return text(self.key, lang, **self.values)

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.values!r})"


def text(key: str, lang: str, **values) -> str:
    """The text ``key`` in ``lang`` ("en" gives English, anything else Danish, the default
    language), with ``values`` put into its ``{placeholders}`` (``str.format``; a
    :class:`Phrase` value in the same language). A key not in the catalogue is a
    ``KeyError`` naming it."""
    try:
        da, en = CATALOGUE[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in the catalogue (sim.text.words)") from None
    chosen = en if lang == "en" else da
    if not values:
        return chosen
    return chosen.format(
        **{k: v.text(lang) if isinstance(v, Phrase) else v for k, v in values.items()}
    )


def placeholders(words: str) -> set[str]:
    """The names of the ``{placeholders}`` in ``words``."""
    return {name for _, name, _, _ in string.Formatter().parse(words) if name is not None}
