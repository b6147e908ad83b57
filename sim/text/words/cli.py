"""Words of the command line (``python -m sim``)."""

WORDS: dict[str, tuple[str, str]] = {
    "cli.not_folder": (
        "{option} {path}: er en fil, ikke en mappe",
        "{option} {path}: is a file, not a folder",
    ),
    "cli.under_file": (
        "{option} {path}: {file} er en fil, så der kan ikke ligge en mappe i den",
        "{option} {path}: {file} is a file, so no folder can be inside it",
    ),
    "cli.not_writable": (
        "{option} {path}: der kan ikke skrives i mappen {folder} ({reason})",
        "{option} {path}: the folder {folder} cannot be written ({reason})",
    ),
    "cli.not_file": (
        "{path}: er ikke en almindelig fil og overskrives ikke",
        "{path}: is not a regular file and is not overwritten",
    ),
    "cli.scheduler": (
        "--scheduler {address}: er ikke en Dask-adresse; skriv den som "
        "tcp://vært:port, fx tcp://10.0.0.5:8786",
        "--scheduler {address}: is not a Dask address; write it as "
        "tcp://host:port, e.g. tcp://10.0.0.5:8786",
    ),
    "cli.replications_range": (
        "felt 'replications': skal være mellem {low} og {high} (fik {value})",
        "field 'replications': must be between {low} and {high} (got {value})",
    ),
    "cli.os": ("{path}: {reason}", "{path}: {reason}"),
    # why the system refused (from errno)
    "cli.reason.no_permission": ("ingen adgang", "no permission"),
    "cli.reason.read_only": ("skrivebeskyttet", "read-only"),
    "cli.reason.disk_full": ("disken er fuld", "the disk is full"),
    "cli.reason.no_new_files": ("den tillader ikke nye filer", "it does not take new files"),
    "cli.reason.refused": ("filsystemet afviste det", "the file system refused"),
    "cli.written": ("Skrevet: {paths}", "Written: {paths}"),
    "cli.grid_needs_param": (
        "--grid: giv mindst én --param STI=VÆRDI,VÆRDI,...",
        "--grid: give at least one --param PATH=VALUE,VALUE,...",
    ),
    "cli.no_scheduler": (
        "--executor dask: ingen scheduler-adresse (--scheduler ADRESSE eller "
        "KAPACITET_DASK_SCHEDULER)",
        "--executor dask: no scheduler address (--scheduler ADDRESS or KAPACITET_DASK_SCHEDULER)",
    ),
    "cli.no_connection": (
        "kan ikke forbinde til Dask-scheduleren på {address} ({error})",
        "cannot connect to the Dask scheduler at {address} ({error})",
    ),
    "cli.replications": ("replikationer", "replications"),
    "cli.points": ("{points} punkter", "{points} points"),
    "cli.distinct": ("({distinct} forskellige)", "({distinct} distinct)"),
    "cli.tasks": (
        "{run} kørt, {cached} fra cache, {seconds} s",
        "{run} run, {cached} from the cache, {seconds} s",
    ),
}
