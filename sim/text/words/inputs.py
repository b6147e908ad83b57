"""Words of scenarios, data sets and uploads: their checks and messages."""

WORDS: dict[str, tuple[str, str]] = {
    # reading a scenario file
    "scenario_file.missing": (
        "filen findes ikke: {path}",
        "file not found: {path}",
    ),
    "scenario_file.folder": (
        "er en mappe, ikke en scenariefil: {path}",
        "is a folder, not a scenario file: {path}",
    ),
    "scenario_file.special": (
        "er ikke en almindelig fil (men fx en enhed eller en navngiven pipe) og læses ikke: {path}",
        "is not a regular file (but e.g. a device or a named pipe) and is not read: {path}",
    ),
    "scenario_file.too_big": (
        "filen er for stor ({size} MB); den må højst fylde {limit} MB: {path}",
        "the file is too large ({size} MB); it may be at most {limit} MB: {path}",
    ),
    "scenario_file.denied": (
        "ingen adgang til filen: {path}",
        "no permission to read the file: {path}",
    ),
    "scenario_file.unreadable": (
        "filen kan ikke læses: {path}",
        "the file cannot be read: {path}",
    ),
    "scenario_file.not_utf8": (
        "filen er ikke UTF-8-tekst: {path}",
        "the file is not UTF-8 text: {path}",
    ),
    "scenario_file.yaml": (
        "ugyldig YAML{where}",
        "invalid YAML{where}",
    ),
    "scenario_file.where": (
        " (linje {line}, kolonne {column})",
        " (line {line}, column {column})",
    ),
    "scenario_file.date": (
        "datoen '{text}' findes ikke{where}",
        "the date '{text}' does not exist{where}",
    ),
    "scenario_file.duplicate": (
        "nøglen '{text}' står flere gange i samme afsnit{where}; første gang i linje {first}",
        "the key '{text}' appears more than once in the same section{where}; first on line {first}",
    ),
    "scenario_file.deep": (
        "filen har afsnit i mere end {text} niveauer{where}; en scenariefil har højst 4",
        "the file has sections more than {text} levels deep{where}; a scenario file has at most 4",
    ),
    "scenario_file.nodes": (
        "filen har mere end {text} værdier{where}; en scenariefil har nogle hundrede",
        "the file has more than {text} values{where}; a scenario file has a few hundred",
    ),
    "scenario_file.mapping": (
        "en scenariefil skal være en YAML-mapping (nøgle: værdi)",
        "a scenario file must be a YAML mapping (key: value)",
    ),
    "scenario_file.loop": (
        "'base' danner en løkke",
        "'base' forms a loop",
    ),
    "scenario_file.base": (
        "felt 'base': skal være et filnavn",
        "field 'base': must be a file name",
    ),
    "scenario_file.base_name": (
        "felt 'base': skal være navnet på en scenariefil i samme mappe, fx baseline.yaml "
        "(uden mappe, '/' eller '..') (fik '{name}')",
        "field 'base': must be the name of a scenario file in the same folder, e.g. "
        "baseline.yaml (no folder, '/' or '..') (got '{name}')",
    ),
    "scenario_file.base_outside": (
        "felt 'base': '{name}' fører ud af mappen {folder} og læses ikke",
        "field 'base': '{name}' leads out of the folder {folder} and is not read",
    ),
    "scenario_file.base_unknown": (
        "felt 'base': '{name}' er ikke et af de scenarier, et scenarie kan bygge på: "
        "{names}{saved}",
        "field 'base': '{name}' is not one of the scenarios a scenario can build on: "
        "{names}{saved}",
    ),
    "scenario_file.base_saved": (
        " eller navnet på et gemt scenarie",
        " or the name of a saved scenario",
    ),
    "scenario_file.data_dir": (
        "felt 'data_dir': skal være datamappen 'data' eller en mappe i den (fik '{value}')",
        "field 'data_dir': must be the data folder 'data' or a folder inside it (got '{value}')",
    ),
    # the checks of a scenario
    "scenario_error.empty": ("tom værdi", "empty value"),
    "scenario_error.huge_number": ("et tal på tusinder af cifre", "a number, 1000s of digits"),
    "scenario_error.got": ("fik {value}", "got {value}"),
    "scenario_error.field": ("felt '{path}': {message}", "field '{path}': {message}"),
    # what a scenario field may hold (pydantic's error types, and our validators' errors)
    "scenario_error.type.extra_forbidden": ("ukendt felt (stavefejl?)", "unknown field (a typo?)"),
    "scenario_error.type.missing": ("skal udfyldes", "must be filled in"),
    "scenario_error.type.greater_than_equal": ("skal være mindst {ge}", "must be at least {ge}"),
    "scenario_error.type.greater_than": ("skal være større end {gt}", "must be greater than {gt}"),
    "scenario_error.type.less_than_equal": ("må højst være {le}", "must be at most {le}"),
    "scenario_error.type.less_than": ("skal være mindre end {lt}", "must be less than {lt}"),
    "scenario_error.type.finite_number": ("skal være et endeligt tal", "must be a finite number"),
    "scenario_error.type.float_parsing": ("skal være et tal", "must be a number"),
    "scenario_error.type.float_type": ("skal være et tal", "must be a number"),
    "scenario_error.type.int_parsing": ("skal være et helt tal", "must be a whole number"),
    "scenario_error.type.int_type": ("skal være et helt tal", "must be a whole number"),
    "scenario_error.type.int_from_float": ("skal være et helt tal", "must be a whole number"),
    "scenario_error.type.bool_parsing": (
        "skal være ja/nej (true/false)",
        "must be yes/no (true/false)",
    ),
    "scenario_error.type.bool_type": (
        "skal være ja/nej (true/false)",
        "must be yes/no (true/false)",
    ),
    "scenario_error.type.date_from_datetime_parsing": (
        "skal være en dato (ÅÅÅÅ-MM-DD)",
        "must be a date (YYYY-MM-DD)",
    ),
    "scenario_error.type.date_parsing": (
        "skal være en dato (ÅÅÅÅ-MM-DD)",
        "must be a date (YYYY-MM-DD)",
    ),
    "scenario_error.type.date_type": (
        "skal være en dato (ÅÅÅÅ-MM-DD)",
        "must be a date (YYYY-MM-DD)",
    ),
    "scenario_error.type.date_from_datetime_inexact": (
        "skal være en dato (ÅÅÅÅ-MM-DD) uden klokkeslæt",
        "must be a date (YYYY-MM-DD) without a time of day",
    ),
    "scenario_error.type.string_type": ("skal være tekst", "must be text"),
    "scenario_error.type.string_unicode": (
        "skal være gyldig tekst (Unicode)",
        "must be valid text (Unicode)",
    ),
    "scenario_error.type.string_too_short": ("må ikke være tom", "must not be empty"),
    "scenario_error.type.string_too_long": (
        "er for lang (højst {max_length} tegn)",
        "is too long (at most {max_length} characters)",
    ),
    "scenario_error.type.list_type": ("skal være en liste", "must be a list"),
    "scenario_error.type.model_type": (
        "skal være en gruppe af felter (nøgle: værdi)",
        "must be a group of fields (key: value)",
    ),
    "scenario_error.type.dict_type": (
        "skal være en gruppe af felter (nøgle: værdi)",
        "must be a group of fields (key: value)",
    ),
    "scenario_error.type.literal_error": (
        "skal være en af: {expected}",
        "must be one of: {expected}",
    ),
    "scenario_error.value.end_before_start": (
        "slutdatoen må ikke ligge før startdatoen",
        "end must not be before start",
    ),
    "scenario_error.value.horizon_too_long": (
        "perioden må højst være tre år",
        "the horizon may be at most three years",
    ),
    "scenario_error.value.milestones_order": (
        "datoerne skal komme i rækkefølgen flyt1 ≤ flyt2 ≤ physical_merge",
        "the milestones must be in order: flyt1 <= flyt2 <= physical_merge",
    ),
    "scenario_error.value.available_order": (
        "'ledig til' må ikke ligge før 'ledig fra'",
        "available_to must not be before available_from",
    ),
    "word.or": ("eller", "or"),
    "settings.not_whole": (
        "Indstillingen {name} ({variable} eller kapacitet.toml) skal være et helt tal på 0 "
        "eller mere, ikke {value!r}. Ret den, og start igen.",
        "The setting {name} ({variable} or kapacitet.toml) must be a whole number of 0 or "
        "more, not {value!r}. Correct it and start again.",
    ),
}
