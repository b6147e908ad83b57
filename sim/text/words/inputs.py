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
}
