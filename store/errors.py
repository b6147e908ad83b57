"""Errors the store raises for the user to read, in Danish and English.

Each carries both texts: ``message(lang)`` gives one, ``messages`` the Danish one as a
list (like :class:`sim.scenario.ScenarioError`), ``str(error)`` the Danish one.
"""

from __future__ import annotations


class StoreError(Exception):
    """Something the user should be told about; ``message(lang)`` is ready to show.

    Parameters
    ----------
    da, en
        The message in Danish and in English.
    """

    def __init__(self, da: str, en: str):
        self.texts = {"da": da, "en": en}
        super().__init__(da)

    def message(self, lang: str = "da") -> str:
        """The message in ``lang`` ("da" or "en"; anything else gives Danish)."""
        return self.texts["en" if lang == "en" else "da"]

    @property
    def messages(self) -> list[str]:
        """The Danish message as a one-element list, as ``ScenarioError.messages``."""
        return [self.texts["da"]]


class NameTaken(StoreError):
    """A scenario with this name exists and ``replace`` was not given."""

    def __init__(self, name: str, version: int):
        self.name = name
        self.version = version
        super().__init__(
            f"Der findes allerede et scenarie med navnet '{name}' (version {version}). "
            "Vil du erstatte det? Det gamle bevares som en tidligere version.",
            f"A scenario named '{name}' already exists (version {version}). "
            "Do you want to replace it? The earlier one is kept as an earlier version.",
        )


class Conflict(StoreError):
    """The scenario was saved by someone else since the caller loaded it."""

    def __init__(self, name: str, version: int):
        self.name = name
        self.version = version
        super().__init__(
            f"Scenariet '{name}' er gemt af en anden i mellemtiden (version {version}). "
            "Hent det igen, før du gemmer.",
            f"The scenario '{name}' has been saved by someone else in the meantime "
            f"(version {version}). Load it again before you save.",
        )


class NotFound(StoreError):
    """A scenario, version, run or option set that is not in the store."""

    def __init__(self, what_da: str, what_en: str):
        super().__init__(f"{what_da} findes ikke.", f"{what_en} does not exist.")
