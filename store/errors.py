"""Errors the store raises for the user to read, in Danish and English.

Each carries its words as a catalogue phrase (:class:`sim.text.catalogue.Phrase`), or as
the two texts a caller worded itself: ``message(lang)`` gives one, ``messages`` the Danish
one as a list (like :class:`sim.inputs.scenario.ScenarioError`), ``str(error)`` the
Danish one.
"""

from __future__ import annotations

from sim.text.catalogue import Phrase


class StoreError(Exception):
    """Something the user should be told about; ``message(lang)`` is ready to show.

    Parameters
    ----------
    da, en
        A :class:`Phrase` (the catalogue's words; ``en`` not given), or the message in
        Danish and in English, each already taken from the catalogue (for a message whose
        parts are worded in each language apart, e.g. the schema's problems).
    """

    def __init__(self, da: str | Phrase, en: str | None = None):
        if isinstance(da, Phrase):
            self.phrase: Phrase | None = da
            self.texts = {"da": da.text("da"), "en": da.text("en")}
        else:
            self.phrase = None
            self.texts = {"da": da, "en": en if en is not None else da}
        super().__init__(self.texts["da"])

    def message(self, lang: str = "da") -> str:
        """The message in ``lang`` ("da" or "en"; anything else gives Danish)."""
        if self.phrase is not None:
            return self.phrase.text(lang)
        return self.texts.get(lang, self.texts["da"])

    @property
    def messages(self) -> list[str]:
        """The Danish message as a one-element list, as ``ScenarioError.messages``."""
        return [self.texts["da"]]


class NameTaken(StoreError):
    """A scenario with this name exists and ``replace`` was not given."""

    def __init__(self, name: str, version: int):
        self.name = name
        self.version = version
        super().__init__(Phrase("store.error.name_taken", name=name, version=version))


class Conflict(StoreError):
    """The scenario was saved by someone else since the caller loaded it."""

    def __init__(self, name: str, version: int):
        self.name = name
        self.version = version
        super().__init__(Phrase("store.error.conflict", name=name, version=version))


class NotFound(StoreError):
    """A scenario, version, run or option set that is not in the store."""

    def __init__(self, what: Phrase):
        super().__init__(Phrase("store.not_found", what=what))


class StoreUnavailable(StoreError):
    """The database cannot be used: damaged, cut short, not a store, made by a newer
    version of the program, read-only, or out of reach. Nothing has been written to it.

    ``reason`` says which (``"corrupt"``, ``"truncated"``, ``"not_sqlite"``,
    ``"not_store"``, ``"newer"``, ``"read_only_file"``, ``"read_only_folder"``,
    ``"busy"``, ``"unreachable"``); ``where`` is the file (or the server) as shown. The
    words are the catalogue's ``store.unavailable.<reason>`` (the message) and
    ``store.unavailable.<reason>.summary`` (what is wrong, in a few words).
    """

    def __init__(self, reason: str, where: str, **values):
        self.reason = reason
        self.where = where
        key = f"store.unavailable.{reason}"
        self.summary = Phrase(f"{key}.summary", where=where, **values)
        super().__init__(Phrase(key, where=where, **values))

    def note(self, lang: str = "da") -> str:
        """One sentence for beside every page: what is wrong, and that nothing is saved."""
        return Phrase("store.unavailable.note", summary=self.summary).text(lang)

    @classmethod
    def corrupt(cls, where: str, detail: str | Phrase) -> StoreUnavailable:
        """``detail``: what SQLite said (as it said it), or our own words (a phrase)."""
        if isinstance(detail, str):
            detail = Phrase("store.unavailable.sqlite_says", detail=detail)
        return cls("corrupt", where, detail=detail)

    @classmethod
    def truncated(cls, where: str, size: int, expected: int) -> StoreUnavailable:
        return cls("truncated", where, size=size, expected=expected)

    @classmethod
    def not_sqlite(cls, where: str) -> StoreUnavailable:
        return cls("not_sqlite", where)

    @classmethod
    def not_store(cls, where: str) -> StoreUnavailable:
        return cls("not_store", where)

    @classmethod
    def newer(cls, where: str, revision: str, newest: str) -> StoreUnavailable:
        return cls("newer", where, revision=revision, newest=newest)

    @classmethod
    def read_only_file(cls, where: str) -> StoreUnavailable:
        return cls("read_only_file", where)

    @classmethod
    def read_only_folder(cls, folder: str, where: str) -> StoreUnavailable:
        return cls("read_only_folder", where, folder=folder)

    @classmethod
    def busy(cls, where: str) -> StoreUnavailable:
        return cls("busy", where)

    @classmethod
    def unreachable(cls, where: str, detail: str) -> StoreUnavailable:
        return cls("unreachable", where, detail=detail)
