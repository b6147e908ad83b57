"""Words of the store's errors and names."""

WORDS: dict[str, tuple[str, str]] = {
    # a saved run against the data and the model of now
    "run.stale.data": (
        "Data er ændret, siden kørslen blev lavet (data {old}, nu {new}).",
        "The data have changed since the run (data {old}, now {new}).",
    ),
    "run.stale.model": (
        "Modellen er ændret, siden kørslen blev lavet (version {old}, nu {new}).",
        "The model has changed since the run (version {old}, now {new}).",
    ),
    # roles; a scenario that cannot be stored
    "role.reader": ("læser", "reader"),
    "role.planner": ("planlægger", "planner"),
    "role.administrator": ("administrator", "administrator"),
    "store.read_back.not_json": ("det kan ikke skrives som JSON", "it cannot be written as JSON"),
    "store.read_back.differs": ("det læses tilbage anderledes", "it reads back differently"),
    # the store's errors
    "store.error.name_taken": (
        "Der findes allerede et scenarie med navnet '{name}' (version {version}). "
        "Vil du erstatte det? Det gamle bevares som en tidligere version.",
        "A scenario named '{name}' already exists (version {version}). "
        "Do you want to replace it? The earlier one is kept as an earlier version.",
    ),
    "store.error.conflict": (
        "Scenariet '{name}' er gemt af en anden i mellemtiden (version {version}). "
        "Hent det igen, før du gemmer.",
        "The scenario '{name}' has been saved by someone else in the meantime "
        "(version {version}). Load it again before you save.",
    ),
    # the database cannot be used: the message, and what is wrong in a few words
    "store.unavailable.note": (
        "{summary}: intet gemmes lige nu, heller ikke kørsler.",
        "{summary}: nothing is saved for now, not even runs.",
    ),
    "store.unavailable.sqlite_says": ("SQLite melder: {detail}", "SQLite says: {detail}"),
    "store.unavailable.page_size": (
        "filens hoved siger sidestørrelse {page_size}",
        "the file's header says page size {page_size}",
    ),
    "store.unavailable.corrupt": (
        "Databasen {where} er beskadiget ({detail}), så intet kan hentes eller "
        "gemmes. Gendan sikkerhedskopien med `python -m store restore FIL`; filen er ikke ændret.",
        "The database {where} is damaged ({detail}), so nothing can be read or "
        "saved. Restore the backup with `python -m store restore FILE`; the file has not been "
        "changed.",
    ),
    "store.unavailable.corrupt.summary": (
        "Databasen {where} er beskadiget",
        "The database {where} is damaged",
    ),
    "store.unavailable.truncated": (
        "Databasen {where} er afkortet: filen fylder {size} bytes, men skal fylde "
        "{expected}. Den er måske ikke kopieret færdig. Gendan sikkerhedskopien med `python -m "
        "store restore FIL`; filen er ikke ændret.",
        "The database {where} is cut short: the file has {size} bytes but should have "
        "{expected}. It may not have been copied completely. Restore the backup with `python -m "
        "store restore FILE`; the file has not been changed.",
    ),
    "store.unavailable.truncated.summary": (
        "Databasen {where} er afkortet",
        "The database {where} is cut short",
    ),
    "store.unavailable.not_sqlite": (
        "Filen {where} er ikke en SQLite-database (eller dens begyndelse er beskadiget). "
        "Kontrollér indstillingen database_url, eller gendan sikkerhedskopien med `python -m "
        "store restore FIL`; filen er ikke ændret.",
        "The file {where} is not a SQLite database (or its beginning is damaged). "
        "Check the setting database_url, or restore the backup with `python -m store restore "
        "FILE`; the file has not been changed.",
    ),
    "store.unavailable.not_sqlite.summary": (
        "Filen {where} er ikke en SQLite-database",
        "The file {where} is not a SQLite database",
    ),
    "store.unavailable.not_store": (
        "Databasen {where} er en SQLite-database, men ikke Kapacitetssimulatorens. "
        "Kontrollér indstillingen database_url; filen er ikke ændret.",
        "The database {where} is a SQLite database, but not Kapacitetssimulatoren's. "
        "Check the setting database_url; the file has not been changed.",
    ),
    "store.unavailable.not_store.summary": (
        "Databasen {where} er ikke Kapacitetssimulatorens",
        "The database {where} is not Kapacitetssimulatoren's",
    ),
    "store.unavailable.newer": (
        "Databasen {where} er lavet af en nyere version af programmet (skema {revision}; "
        "denne version kender til og med {newest}). Opdatér programmet, eller "
        "gendan sikkerhedskopien med `python -m store restore FIL` fra denne version; filen er "
        "ikke ændret.",
        "The database {where} was made by a newer version of the program (schema "
        "{revision}; this version knows up to {newest}). Update the program, or "
        "restore the backup with `python -m store restore FILE` from this version; the file has "
        "not been changed.",
    ),
    "store.unavailable.newer.summary": (
        "Databasen {where} er fra en nyere version af programmet",
        "The database {where} is from a newer version of the program",
    ),
    "store.unavailable.read_only_file": (
        "Databasen {where} er skrivebeskyttet, så scenarier, kørsler og lokalitetssæt "
        "kan ikke gemmes. Giv programmets bruger skriveadgang til filen, eller peg "
        "indstillingen database_url på en anden fil.",
        "The database {where} is read-only, so scenarios, runs and option sets cannot "
        "be saved. Give the program's user write access to the file, or point the "
        "setting database_url to another file.",
    ),
    "store.unavailable.read_only_file.summary": (
        "Databasen {where} er skrivebeskyttet",
        "The database {where} is read-only",
    ),
    "store.unavailable.read_only_folder": (
        "Mappen {folder} er skrivebeskyttet, så databasen {where} kan ikke bruges: "
        "scenarier, kørsler og lokalitetssæt kan ikke gemmes. Giv programmets bruger "
        "skriveadgang til mappen, eller peg indstillingen database_url et andet sted hen.",
        "The folder {folder} is read-only, so the database {where} cannot be used: "
        "scenarios, runs and option sets cannot be saved. Give the program's user write "
        "access to the folder, or point the setting database_url elsewhere.",
    ),
    "store.unavailable.read_only_folder.summary": (
        "Mappen {folder} er skrivebeskyttet",
        "The folder {folder} is read-only",
    ),
    "store.unavailable.busy": (
        "Databasen {where} er optaget af en anden proces, der skriver i den. Prøv igen "
        "om lidt; filen er ikke ændret.",
        "The database {where} is busy: another process is writing to it. Try again in "
        "a moment; the file has not been changed.",
    ),
    "store.unavailable.busy.summary": (
        "Databasen {where} er optaget",
        "The database {where} is busy",
    ),
    "store.unavailable.unreachable": (
        "Databasen {where} kan ikke nås ({detail}). Kontrollér indstillingen "
        "database_url, og at databaseserveren kører.",
        "The database {where} cannot be reached ({detail}). Check the setting "
        "database_url and that the database server is running.",
    ),
    "store.unavailable.unreachable.summary": (
        "Databasen {where} kan ikke nås",
        "The database {where} cannot be reached",
    ),
    # what is not (or no longer) in the store
    "store.not_found": ("{what} findes ikke.", "{what} does not exist."),
    "store.thing.run": ("Kørsel {id}", "Run {id}"),
    "store.thing.deleted_run": ("Den slettede kørsel {id}", "The deleted run {id}"),
    "store.thing.scenario": ("Scenariet '{name}'", "The scenario '{name}'"),
    "store.thing.deleted_scenario": ("Det slettede scenarie {id}", "The deleted scenario {id}"),
    "store.thing.scenario_version": (
        "Version {version} af scenariet '{name}'",
        "Version {version} of the scenario '{name}'",
    ),
    "store.thing.option_set": ("Lokalitetssæt {id}", "Premises option set {id}"),
    "store.thing.option_set_named": (
        "Lokalitetssættet '{name}'",
        "The premises option set '{name}'",
    ),
    "store.thing.deleted_option_set": (
        "Det slettede lokalitetssæt {id}",
        "The deleted premises option set {id}",
    ),
    "store.thing.user": ("Brugeren {subject}", "The user {subject}"),
    "store.restore_expired": (
        "{what} blev slettet {day}, for mere end {days} dage siden, og kan ikke længere gendannes.",
        "{what} was deleted on {day}, more than {days} days ago, and can no longer be restored.",
    ),
    # backup and restore (python -m store backup|restore)
    "store.backup.check_failed": (
        "Kopien {path} kunne ikke kontrolleres ({detail}).",
        "The copy {path} did not pass its check ({detail}).",
    ),
    "store.backup.no_database": (
        "Der er ingen database i {path} endnu.",
        "There is no database in {path} yet.",
    ),
    "store.backup.exists": (
        "{path} findes allerede. Vælg et nyt filnavn; intet er ændret.",
        "{path} exists already. Choose a new file name; nothing was changed.",
    ),
    "store.backup.missing": (
        "Filen {path} findes ikke; intet er ændret.",
        "The file {path} does not exist; nothing was changed.",
    ),
    "store.backup.not_a_backup": (
        "Filen {path} {what} og kan ikke gendannes; intet er ændret.",
        "The file {path} {what} and cannot be restored; nothing was changed.",
    ),
    "store.backup.empty": (
        "Filen {path} er en tom database, ikke en sikkerhedskopi; intet er ændret.",
        "The file {path} is an empty database, not a backup; nothing was changed.",
    ),
    "store.backup.file_corrupt": ("er beskadiget", "is damaged"),
    "store.backup.file_truncated": ("er afkortet", "is cut short"),
    "store.backup.file_not_sqlite": ("er ikke en SQLite-database", "is not a SQLite database"),
    "store.backup.file_not_store": (
        "er ikke Kapacitetssimulatorens database",
        "is not Kapacitetssimulatoren's",
    ),
    "store.backup.file_newer": (
        "er lavet af en nyere version af programmet",
        "was made by a newer version of the program",
    ),
    "store.backup.file_unreadable": ("kan ikke læses", "cannot be read"),
    "store.read_back.cannot_save": (
        "Scenariet '{name}' kan ikke gemmes, fordi det ikke kan læses igen: {problems}",
        "The scenario '{name}' cannot be saved, because it cannot be read back: {problems}",
    ),
}
