"""Errors the store raises for the user to read, in Danish and English.

Each carries both texts: ``message(lang)`` gives one, ``messages`` the Danish one as a
list (like :class:`sim.inputs.scenario.ScenarioError`), ``str(error)`` the Danish one.
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


RESTORE_HINT = (
    "Gendan sikkerhedskopien med `python -m store restore FIL`",
    "Restore the backup with `python -m store restore FILE`",
)
RESTORE_HINT_LOWER = ("g" + RESTORE_HINT[0][1:], "r" + RESTORE_HINT[1][1:])
UNCHANGED = ("filen er ikke ændret", "the file has not been changed")


class StoreUnavailable(StoreError):
    """The database cannot be used: damaged, cut short, not a store, made by a newer
    version of the program, read-only, or out of reach. Nothing has been written to it.

    ``reason`` says which (``"corrupt"``, ``"truncated"``, ``"not_sqlite"``,
    ``"not_store"``, ``"newer"``, ``"read_only_file"``, ``"read_only_folder"``,
    ``"busy"``, ``"unreachable"``); ``where`` is the file (or the server) as shown.
    """

    def __init__(self, reason: str, where: str, da: str, en: str, summary: tuple[str, str]):
        self.reason = reason
        self.where = where
        self.summary = summary
        super().__init__(da, en)

    def note(self, lang: str = "da") -> str:
        """One sentence for beside every page: what is wrong, and that nothing is saved."""
        if lang == "en":
            return f"{self.summary[1]}: nothing is saved for now, not even runs."
        return f"{self.summary[0]}: intet gemmes lige nu, heller ikke kørsler."

    @classmethod
    def corrupt(cls, where: str, detail: str | tuple[str, str]) -> StoreUnavailable:
        """``detail``: what SQLite said (as it said it), or our own (Danish, English)."""
        if isinstance(detail, str):
            detail = (f"SQLite melder: {detail}", f"SQLite says: {detail}")
        return cls(
            "corrupt",
            where,
            f"Databasen {where} er beskadiget ({detail[0]}), så intet kan hentes eller "
            f"gemmes. {RESTORE_HINT[0]}; {UNCHANGED[0]}.",
            f"The database {where} is damaged ({detail[1]}), so nothing can be read or "
            f"saved. {RESTORE_HINT[1]}; {UNCHANGED[1]}.",
            summary=(f"Databasen {where} er beskadiget", f"The database {where} is damaged"),
        )

    @classmethod
    def truncated(cls, where: str, size: int, expected: int) -> StoreUnavailable:
        return cls(
            "truncated",
            where,
            f"Databasen {where} er afkortet: filen fylder {size} bytes, men skal fylde "
            f"{expected}. Den er måske ikke kopieret færdig. {RESTORE_HINT[0]}; "
            f"{UNCHANGED[0]}.",
            f"The database {where} is cut short: the file has {size} bytes but should have "
            f"{expected}. It may not have been copied completely. {RESTORE_HINT[1]}; "
            f"{UNCHANGED[1]}.",
            summary=(f"Databasen {where} er afkortet", f"The database {where} is cut short"),
        )

    @classmethod
    def not_sqlite(cls, where: str) -> StoreUnavailable:
        return cls(
            "not_sqlite",
            where,
            f"Filen {where} er ikke en SQLite-database (eller dens begyndelse er beskadiget). "
            f"Kontrollér indstillingen database_url, eller {RESTORE_HINT_LOWER[0]}; "
            f"{UNCHANGED[0]}.",
            f"The file {where} is not a SQLite database (or its beginning is damaged). "
            f"Check the setting database_url, or {RESTORE_HINT_LOWER[1]}; {UNCHANGED[1]}.",
            summary=(
                f"Filen {where} er ikke en SQLite-database",
                f"The file {where} is not a SQLite database",
            ),
        )

    @classmethod
    def not_store(cls, where: str) -> StoreUnavailable:
        return cls(
            "not_store",
            where,
            f"Databasen {where} er en SQLite-database, men ikke Kapacitetssimulatorens. "
            f"Kontrollér indstillingen database_url; {UNCHANGED[0]}.",
            f"The database {where} is a SQLite database, but not Kapacitetssimulatoren's. "
            f"Check the setting database_url; {UNCHANGED[1]}.",
            summary=(
                f"Databasen {where} er ikke Kapacitetssimulatorens",
                f"The database {where} is not Kapacitetssimulatoren's",
            ),
        )

    @classmethod
    def newer(cls, where: str, revision: str, newest: str) -> StoreUnavailable:
        return cls(
            "newer",
            where,
            f"Databasen {where} er lavet af en nyere version af programmet (skema {revision}; "
            f"denne version kender til og med {newest}). Opdatér programmet, eller "
            f"{RESTORE_HINT_LOWER[0]} fra denne version; {UNCHANGED[0]}.",
            f"The database {where} was made by a newer version of the program (schema "
            f"{revision}; this version knows up to {newest}). Update the program, or "
            f"{RESTORE_HINT_LOWER[1]} from this version; {UNCHANGED[1]}.",
            summary=(
                f"Databasen {where} er fra en nyere version af programmet",
                f"The database {where} is from a newer version of the program",
            ),
        )

    @classmethod
    def read_only_file(cls, where: str) -> StoreUnavailable:
        return cls(
            "read_only_file",
            where,
            f"Databasen {where} er skrivebeskyttet, så scenarier, kørsler og lokalitetssæt "
            "kan ikke gemmes. Giv programmets bruger skriveadgang til filen, eller peg "
            "indstillingen database_url på en anden fil.",
            f"The database {where} is read-only, so scenarios, runs and option sets cannot "
            "be saved. Give the program's user write access to the file, or point the "
            "setting database_url to another file.",
            summary=(f"Databasen {where} er skrivebeskyttet", f"The database {where} is read-only"),
        )

    @classmethod
    def read_only_folder(cls, folder: str, where: str) -> StoreUnavailable:
        return cls(
            "read_only_folder",
            where,
            f"Mappen {folder} er skrivebeskyttet, så databasen {where} kan ikke bruges: "
            "scenarier, kørsler og lokalitetssæt kan ikke gemmes. Giv programmets bruger "
            "skriveadgang til mappen, eller peg indstillingen database_url et andet sted hen.",
            f"The folder {folder} is read-only, so the database {where} cannot be used: "
            "scenarios, runs and option sets cannot be saved. Give the program's user write "
            "access to the folder, or point the setting database_url elsewhere.",
            summary=(f"Mappen {folder} er skrivebeskyttet", f"The folder {folder} is read-only"),
        )

    @classmethod
    def busy(cls, where: str) -> StoreUnavailable:
        return cls(
            "busy",
            where,
            f"Databasen {where} er optaget af en anden proces, der skriver i den. Prøv igen "
            "om lidt; filen er ikke ændret.",
            f"The database {where} is busy: another process is writing to it. Try again in "
            "a moment; the file has not been changed.",
            summary=(f"Databasen {where} er optaget", f"The database {where} is busy"),
        )

    @classmethod
    def unreachable(cls, where: str, detail: str) -> StoreUnavailable:
        return cls(
            "unreachable",
            where,
            f"Databasen {where} kan ikke nås ({detail}). Kontrollér indstillingen "
            "database_url, og at databaseserveren kører.",
            f"The database {where} cannot be reached ({detail}). Check the setting "
            "database_url and that the database server is running.",
            summary=(f"Databasen {where} kan ikke nås", f"The database {where} cannot be reached"),
        )
