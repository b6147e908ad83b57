"""A planner's premises file read into the table of ``data/premises.csv``, and its template.

Read: CSV as Danish Excel writes it (semicolon, decimal comma, thousands dots, dates
01-06-2026 or 2026-06-01; UTF-8 with or without BOM, Windows-1252 or UTF-16), comma-
separated UTF-8 (decimal point), and XLSX (the sheet named like the template's data sheet,
else the first sheet). Column names are matched without regard to case, accents and
punctuation, in Danish or English. Every problem is reported at once in the words of
``sim.inputs.dataset`` (file, row as Excel shows it with the header in row 1, column as the user
named it); the valid rows come back beside them so a caller can keep them.

Hostile input: the file size is checked before anything is read; an XLSX is refused if
its members unpack to more than a limit or any of its XML declares a DTD or entities
(checked with defusedxml, which openpyxl also uses); formulas are read as their text and
never evaluated; text such as ``=HYPERLINK(...)`` is kept as plain text. Nothing uploaded
is unpickled or evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.inputs.dataset import (
    CPH_LAT,
    CPH_LON,
    PREMISES_NUMBERS,
    PREMISES_ORGANISATIONS,
    DataSet,
    _check_premises,
    _Problems,
    load_dataset,
)
from sim.inputs.scenario import DEFAULT_DATA_DIR, MAX_UPLOAD_BYTES, FileRefused, read_regular_file

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # the most an XLSX may unpack to
MAX_ZIP_MEMBERS = 500
DATA_SHEET = "Lokaliteter"
GUIDE_SHEET = "Vejledning"
DEFAULT_ORGANISATION = "ny"
DATE_TEXT = "DD-MM-ÅÅÅÅ eller ÅÅÅÅ-MM-DD"


@dataclass(frozen=True)
class Field:
    column: str  # as in data/premises.csv
    header: str  # as in the template
    aliases: tuple[str, ...]
    required: bool
    explanation: str
    example: object


FIELDS = (
    Field(
        "premises_id",
        "Lokations-id",
        ("id", "lokations-id", "lokationsid", "lokation id", "premises id", "location id"),
        True,
        "Et kort id, som kun denne lokation har, fx NY-AMV-2. Må ikke være et af de "
        "nuværende lokaliteters id (fx SUF-P-03).",
        "NY-EKSEMPEL",
    ),
    Field(
        "name",
        "Navn",
        ("navn", "name", "lokationsnavn", "lokation"),
        True,
        "Lokationens navn, som det skal stå på kortet og i scenarierne.",
        "Kandidat Amager Vest (eksempel)",
    ),
    Field(
        "address",
        "Adresse",
        ("adresse", "address"),
        False,
        "Gade, nummer og postnummer. Kan være tom.",
        "Eksempelvej 1, 2300 København S",
    ),
    Field(
        "district",
        "Bydel",
        ("bydel", "bydel nr", "bydelsnummer", "bydelsnavn", "district"),
        True,
        "Bydelens nummer (1–10) eller navn, fx 3 eller Nørrebro.",
        "Amager Vest",
    ),
    Field(
        "organisation",
        "Organisation",
        ("organisation", "organization", "org"),
        False,
        "ny for en mulig lokation (husleje regnes kun, mens et hold sidder der); SOF eller "
        "SUF for en base, der er i brug i dag (husleje regnes i hele perioden). "
        f"Tom betyder '{DEFAULT_ORGANISATION}'.",
        DEFAULT_ORGANISATION,
    ),
    Field(
        "latitude",
        "Breddegrad",
        ("breddegrad", "latitude", "lat"),
        True,
        f"Breddegrad i decimalgrader, fx 55,6425. Skal ligge i København "
        f"({CPH_LAT[0]}–{CPH_LAT[1]}).",
        55.6425,
    ),
    Field(
        "longitude",
        "Længdegrad",
        ("længdegrad", "laengdegrad", "langdegrad", "longitude", "lon", "lng"),
        True,
        f"Længdegrad i decimalgrader, fx 12,5981. Skal ligge i København "
        f"({CPH_LON[0]}–{CPH_LON[1]}).",
        12.5981,
    ),
    Field(
        "capacity_people",
        "Kapacitet (personer)",
        ("kapacitet", "kapacitet personer", "capacity", "capacity people", "personer"),
        True,
        "Hvor mange personer lokationen kan rumme på én gang. Et helt tal, mindst 1.",
        80,
    ),
    Field(
        "workstations",
        "Arbejdspladser",
        ("arbejdspladser", "workstations", "arbejdsstationer"),
        True,
        "Antal arbejdspladser (skriveborde). 0 eller mere.",
        32,
    ),
    Field(
        "area_m2",
        "Areal (m²)",
        ("areal", "m2", "m²", "kvm", "areal m2", "area", "area m2"),
        True,
        "Etageareal i kvadratmeter. 0 eller mere.",
        880,
    ),
    Field(
        "rent_per_m2_year",
        "Husleje pr. m² pr. år",
        (
            "husleje pr. m2",
            "husleje pr m2 pr år",
            "husleje",
            "leje pr m2",
            "rent per m2 year",
            "rent per m2",
        ),
        True,
        "Årlig husleje i kroner pr. kvadratmeter. 0 eller mere.",
        1450,
    ),
    Field(
        "running_cost_per_m2_year",
        "Drift pr. m² pr. år",
        (
            "drift pr. m2",
            "drift pr m2 pr år",
            "drift",
            "driftsudgift pr m2",
            "running cost per m2 year",
            "running cost per m2",
        ),
        True,
        "Årlige driftsudgifter (el, varme, rengøring) i kroner pr. kvadratmeter. 0 eller mere.",
        400,
    ),
    Field(
        "fitout_cost",
        "Indretning (kr.)",
        ("indretning", "indretning kr", "indretningsudgift", "fitout", "fitout cost"),
        False,
        "Engangsudgift til indretning i kroner. Tom betyder 0.",
        2200000,
    ),
    Field(
        "available_from",
        "Ledig fra",
        ("ledig fra", "tilgængelig fra", "available from"),
        True,
        "Første dag lokationen kan bruges, fx 01-01-2027 eller 2027-01-01.",
        dt.date(2027, 1, 1),
    ),
    Field(
        "available_to",
        "Ledig til",
        ("ledig til", "tilgængelig til", "available to"),
        False,
        "Sidste dag lokationen kan bruges. Tom betyder uden slutdato. "
        "Må ikke ligge før 'Ledig fra'.",
        None,
    ),
    Field(
        "notes",
        "Noter",
        ("noter", "note", "notes", "bemærkninger", "bemærkning", "kommentar"),
        False,
        "Fri tekst. Gemmes som tekst; intet beregnes.",
        "eksempel: slet denne række",
    ),
)
COLUMNS = [field.column for field in FIELDS]
_NUMBERS = ["latitude", "longitude", "capacity_people", *PREMISES_NUMBERS]
_DATES = ["available_from", "available_to"]
_DEFAULTS = {
    "address": "",
    "organisation": DEFAULT_ORGANISATION,
    "fitout_cost": "0",
    "available_to": "",
    "notes": "",
}


def _key(name: str) -> str:
    """A column or district name reduced to what matters, so that 'Længdegrad (°)',
    'laengdegrad' and 'LANGDEGRAD' are one, and 'Nørrebro', 'Noerrebro' and 'norrebro'."""
    text = str(name).strip().lower().replace("æ", "a").replace("ø", "o").replace("²", "2")
    text = re.sub(r"\(.*?\)", "", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]", "", text)
    return text.replace("ae", "a").replace("oe", "o").replace("aa", "a")


_ALIASES = {
    _key(alias): field.column
    for field in FIELDS
    for alias in (field.column, field.header, *field.aliases)
}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # as Excel shows it, the header being row 1
    column: str | tuple[str, ...] | None  # as the user named it
    text: str
    message: str  # the whole message, in the words of sim.inputs.dataset

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, eq=False)
class PremisesUpload:
    """What came of reading a planner's file."""

    file: str
    premises: pd.DataFrame  # the valid rows, as DataSet.premises (indexed by premises_id)
    rejected: pd.DataFrame  # the invalid rows as typed, with 'række' (the row in Excel)
    problems: list[Problem]
    rows_read: int  # non-empty rows under the header

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def messages(self) -> list[str]:
        return [problem.message for problem in self.problems]


class _Refused(Exception):
    """The file as a whole cannot be read; the message says why."""


def read_premises(
    source: bytes | str | Path, name: str | None = None, *, data: DataSet | None = None
) -> PremisesUpload:
    """Read and check a planner's premises file (a path, or the bytes of an upload).

    ``data`` gives the districts and today's premises (whose ids may not be reused);
    by default the data in ``data/``."""
    if data is None:
        data = load_dataset(DEFAULT_DATA_DIR)
    if isinstance(source, str | Path):
        path = Path(source)
        name = name or path.name
        try:
            raw = _read_limited(path)
        except _Refused as refused:
            return _refused(name, str(refused))
    else:
        raw = bytes(source)
        name = name or "upload"
    try:
        if len(raw) > MAX_UPLOAD_BYTES:
            raise _Refused(_too_big(len(raw)))
        rows, decimal_comma = _rows(raw)
        return _table(rows, decimal_comma, name, data)
    except _Refused as refused:
        return _refused(name, str(refused))


_FILE_REFUSED = {
    "missing": "filen findes ikke",
    "folder": "er en mappe, ikke en fil",
    "special": "er ikke en almindelig fil (men fx en enhed eller en navngiven pipe) og læses ikke",
    "denied": "ingen adgang til filen",
    "unreadable": "filen kan ikke læses",
}


def _read_limited(path: Path) -> bytes:
    """A regular file of at most MAX_UPLOAD_BYTES (never a device or a named pipe)."""
    try:
        return read_regular_file(path, MAX_UPLOAD_BYTES)
    except FileRefused as refused:
        if refused.kind == "too_big":
            raise _Refused(_too_big(refused.size or 0)) from refused
        raise _Refused(_FILE_REFUSED[refused.kind]) from refused


def _too_big(size: int) -> str:
    return (
        f"filen er for stor ({_mb(size)} MB); den må højst fylde {_mb(MAX_UPLOAD_BYTES)} MB. "
        "Del den op, eller fjern tomme rækker og andre ark"
    )


def _mb(size: int) -> str:
    """Decimal megabytes, as the browser counts them (10,000,000 bytes are 10 MB)."""
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


def _refused(name: str, text: str) -> PremisesUpload:
    problems = _Problems()
    problems.add(name, None, None, text)
    return PremisesUpload(
        file=name,
        premises=_empty_premises(),
        rejected=pd.DataFrame(columns=["række"]),
        problems=_as_problems(problems),
        rows_read=0,
    )


def _empty_premises() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS).set_index("premises_id", drop=False)


def _as_problems(problems: _Problems) -> list[Problem]:
    return [
        Problem(file, row, column, text, message)
        for (file, row, column, text), message in zip(
            problems.entries, problems.messages, strict=True
        )
    ]


# ---- from bytes to rows of text --------------------------------------------------------


def _rows(raw: bytes) -> tuple[list[list[str]], bool]:
    """The file's rows as text, and whether numbers are written with a decimal comma."""
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _Refused("filen er tom")
    if raw.startswith(b"PK\x03\x04"):
        return _xlsx_rows(raw), True
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Refused(
            "filen er i det gamle Excel-format (.xls) eller beskyttet med adgangskode; "
            "gem den som Excel-projektmappe (.xlsx) eller CSV uden adgangskode"
        )
    return _csv_rows(raw)


def _not_a_table() -> _Refused:
    return _Refused(
        "filen er hverken en CSV-fil eller en Excel-fil (.xlsx); brug skabelonen og gem som "
        "CSV (semikolonsepareret) eller Excel-projektmappe"
    )


def _csv_rows(raw: bytes) -> tuple[list[list[str]], bool]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _not_a_table() from exc
    elif b"\x00" in raw[:65536]:
        raise _not_a_table()
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise _not_a_table() from exc
    sample = text[:65536]
    if sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n") > 0:
        raise _not_a_table()
    first, _, rest = text.partition("\n")
    separator = None
    if re.fullmatch(r"sep=.\r?", first.strip("\ufeff"), flags=re.IGNORECASE):
        separator, text = first.strip("\ufeff")[4], rest  # Excel's own hint line
        first = rest.partition("\n")[0]
    if separator is None:
        counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
        separator = max(counts, key=counts.get) if max(counts.values()) else ";"
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise _Refused(
            "kan ikke læses som CSV: et felt er for langt, eller et anførselstegn mangler sin "
            "afslutning"
        ) from exc
    return rows, separator != ","


def _xlsx_rows(raw: bytes) -> list[list[str]]:
    import defusedxml.ElementTree as safe_xml
    import openpyxl
    from defusedxml import DefusedXmlException

    broken = _Refused("filen er ikke en gyldig Excel-fil (.xlsx); åbn og gem den igen i Excel")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise broken from exc
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise _Refused(
            f"Excel-filen pakker ud til mere end {_mb(MAX_UNPACKED_BYTES)} MB og læses ikke; "
            "gem kun arket med lokaliteterne, eller gem som CSV"
        )
    try:
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                # a DTD comes before the first element: refuse it, and read no further
                with archive.open(member) as stream:
                    for _ in safe_xml.iterparse(stream, events=("start",), forbid_dtd=True):
                        break
    except DefusedXmlException as exc:
        raise _Refused(
            "Excel-filen indeholder XML med DTD eller entiteter, som ikke læses af "
            "sikkerhedshensyn; åbn og gem den igen i Excel, eller gem som CSV"
        ) from exc
    except (safe_xml.ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise broken from exc
    try:
        # read_only streams the sheet; formulas come back as their text and are never run
        book = openpyxl.load_workbook(
            io.BytesIO(raw), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise broken from exc
    try:
        if not book.sheetnames:
            raise _Refused("Excel-filen har ingen ark")
        wanted = [name for name in book.sheetnames if _key(name) == _key(DATA_SHEET)]
        sheet = book[wanted[0] if wanted else book.sheetnames[0]]
        if not hasattr(sheet, "iter_rows"):
            raise _Refused(f"arket '{sheet.title}' er ikke et regneark")
        sheet.reset_dimensions()  # do not trust the size the file claims
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except _Refused:
        raise
    except Exception as exc:
        raise broken from exc
    finally:
        book.close()
    # cells right of the last heading are the planner's own jottings: not ours to read
    header = rows[0] if rows else []
    width = max((position + 1 for position, title in enumerate(header) if title.strip()), default=0)
    return [row[:width] for row in rows]


def _cell_text(value) -> str:
    """An Excel cell as a Dane sees it: 55,701, 01-06-2026; formulas as their text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d-%m-%Y")
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" in text:  # 1e-05: written out, as Excel shows it
            text = f"{value:.15f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


# ---- from rows of text to the checked table --------------------------------------------


def _table(rows: list[list[str]], decimal_comma: bool, name: str, data: DataSet) -> PremisesUpload:
    header = [cell.strip().strip("\ufeff") for cell in rows[0]] if rows else []
    if not any(header):
        raise _Refused(
            "første række skal være kolonneoverskrifterne (fx "
            + ", ".join(field.header for field in FIELDS[:4])
            + "); hent skabelonen"
        )
    positions: dict[str, int] = {}
    for position, title in enumerate(header):
        column = _ALIASES.get(_key(title))
        if column is None or not title:
            continue
        if column in positions:
            raise _Refused(
                f"kolonnerne '{header[positions[column]]}' og '{title}' betyder det samme; "
                "slet den ene"
            )
        positions[column] = position
    missing = [field.header for field in FIELDS if field.required and field.column not in positions]
    if missing:
        raise _Refused(
            "mangler kolonne(r): "
            + ", ".join(missing)
            + " (overskrifterne skal stå i række 1; se skabelonen)"
        )
    width = len(header)
    body = rows[1:]
    problems = _Problems()
    columns = {column: [] for column in positions}
    kept: list[int] = []
    too_wide: list[tuple[int, int]] = []
    for number, row in enumerate(body):
        if not any(cell.strip() for cell in row):
            continue
        kept.append(number)
        for column, position in positions.items():
            columns[column].append(row[position].strip() if position < len(row) else "")
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            too_wide.append((number, len(row)))
    if not kept:
        raise _Refused("filen har kun overskrifter og ingen rækker med lokaliteter")
    typed = pd.DataFrame(columns, index=pd.Index(kept), dtype=object)
    problems.labels[name] = {
        field.column: header[positions[field.column]] if field.column in positions else field.header
        for field in FIELDS
    }
    for number, fields in too_wide:
        problems.add(
            name,
            number,
            None,
            f"rækken har {fields} felter, men der er kun {width} overskrifter; står der et "
            "skilletegn i en tekst uden anførselstegn?",
        )
    problems.remember(name, typed)
    df = typed.copy()
    for column, default in _DEFAULTS.items():
        if column not in df:
            df[column] = default
        elif column in ("organisation", "fitout_cost"):
            df[column] = df[column].mask(df[column] == "", default)
    spelled = {name.lower(): name for name in PREMISES_ORGANISATIONS}
    df["organisation"] = df["organisation"].map(lambda text: spelled.get(text.lower(), text))
    for column in _NUMBERS:
        coordinate = column in ("latitude", "longitude")
        df[column] = _number_text(df[column], decimal_comma, thousands=not coordinate)
    for column in _DATES:
        df[column] = _date_text(df[column])
    districts = {_key(title): str(number) for number, title in data.districts.names.items()}
    df["district"] = df["district"].map(lambda text: districts.get(_key(text), text))
    df = df[COLUMNS].astype(str)
    names = data.districts.names
    first, last = min(names), max(names)
    _check_premises(
        df,
        sorted(data.districts.names),
        problems,
        file=name,
        known_ids=set(data.premises["premises_id"]),
        date_text=DATE_TEXT,
        district_text=(
            f"ukendt bydel; skriv bydelens nummer ({first}–{last}) eller navn, "
            f"fx {first} eller {names[first]}"
        ),
    )
    # top to bottom and left to right, as the planner goes through the sheet
    order = {title: position for position, title in enumerate(header)}

    def place(problem: Problem) -> tuple[int, int]:
        column = problem.column[0] if isinstance(problem.column, tuple) else problem.column
        return (problem.row or 0, order.get(column, -1))

    found = sorted(_as_problems(problems), key=place)
    bad = sorted({problem.row - 2 for problem in found if problem.row is not None})
    valid = df.drop(index=bad)
    for column in ["district", *_NUMBERS]:
        values = pd.to_numeric(valid[column])
        if len(values) and (values % 1 == 0).all():
            values = values.astype("int64")
        valid[column] = values
    rejected = typed.loc[bad].copy()
    rejected.insert(0, "række", [number + 2 for number in bad])
    return PremisesUpload(
        file=name,
        premises=valid.set_index("premises_id", drop=False),
        rejected=rejected.rename(columns=problems.labels[name]),
        problems=found,
        rows_read=len(kept),
    )


_DA_GROUPED = r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d*)?"
_EN_GROUPED = r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?"
_PLAIN = r"[-+]?(?:\d+\.?\d*|\.\d+)"


def _number_text(raw: pd.Series, decimal_comma: bool, *, thousands: bool = True) -> pd.Series:
    """Numbers as the model writes them (1234.5). Danish: 1.234,5 and 1234,5; with a
    decimal point: 1,234.5 and 1234.5; a lone decimal comma or point is read either way.
    Without ``thousands`` (coordinates), 55.701 is a decimal point, never 55701.
    Anything else is left as typed, to be reported."""
    text = raw.str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace("−", "-")
    if thousands and decimal_comma:
        grouped = text.str.fullmatch(_DA_GROUPED)
        text = text.where(~grouped, text.str.replace(".", "", regex=False))
    elif thousands:
        grouped = text.str.fullmatch(_EN_GROUPED)
        text = text.where(~grouped, text.str.replace(",", "", regex=False))
    text = text.where(text.str.count(",") != 1, text.str.replace(",", ".", regex=False))
    return text.where(text.str.fullmatch(_PLAIN), raw)


def _date_text(raw: pd.Series) -> pd.Series:
    """Dates as the model writes them (ÅÅÅÅ-MM-DD), from 01-06-2026, 1.6.2026, 1/6/2026 and
    2026-06-01. Anything else is left as typed, to be reported."""
    iso = raw.str.extract(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
    danish = raw.str.extract(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
    year = iso[0].fillna(danish[2])
    month = iso[1].fillna(danish[1]).str.zfill(2)
    day = iso[2].fillna(danish[0]).str.zfill(2)
    return (year + "-" + month + "-" + day).where(year.notna(), raw)


# ---- the template ----------------------------------------------------------------------


def write_template(path: str | Path) -> Path:
    """Write the template as .xlsx (a data sheet and a sheet explaining each column) or as
    .csv (as Danish Excel writes it: semicolons, decimal comma, UTF-8 with BOM)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_template_xlsx(path)
    elif suffix == ".csv":
        _write_template_csv(path)
    else:
        raise ValueError(f"skabelonen kan skrives som .xlsx eller .csv, ikke '{suffix}'")
    return path


def template_bytes(suffix: str) -> bytes:
    """The template as the bytes of a '.xlsx' or '.csv' file (for a download button)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return write_template(Path(folder) / f"skabelon{suffix}").read_bytes()


def _example_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def _write_template_csv(path: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([field.header for field in FIELDS])
    writer.writerow([_example_text(field.example) for field in FIELDS])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def _write_template_xlsx(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append([field.header for field in FIELDS])
    sheet.append([field.example for field in FIELDS])
    for position, field in enumerate(FIELDS, start=1):
        sheet.cell(1, position).font = Font(bold=True)
        cell = sheet.cell(2, position)
        if isinstance(field.example, str):
            cell.data_type = "s"  # text, never a formula
        if field.column in _DATES:
            cell.number_format = "DD-MM-YYYY"
        elif field.column in ("latitude", "longitude"):
            cell.number_format = "0.0000"
        elif field.column in ("rent_per_m2_year", "running_cost_per_m2_year", "fitout_cost"):
            cell.number_format = "#,##0"
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(field.header) + 2)
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["Kolonne", "Skal udfyldes", "Forklaring", "Eksempel", "Engelsk navn"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for field in FIELDS:
        guide.append(
            [
                field.header,
                "ja" if field.required else "nej",
                field.explanation,
                _example_text(field.example),
                field.column,
            ]
        )
    guide.append([])
    for line in (
        f"Udfyld én række pr. lokation i arket '{DATA_SHEET}'; overskrifterne skal stå i "
        "række 1. Slet eksempelrækken.",
        "Tal må skrives med decimalkomma (55,6425) og tusindtalspunktum (2.200.000).",
        "Filen kan gemmes som Excel-projektmappe (.xlsx) eller CSV (semikolonsepareret).",
        f"Filen må højst fylde {_mb(MAX_UPLOAD_BYTES)} MB. Formler beregnes ikke; de læses "
        "som tekst.",
    ):
        guide.append([line])
    for letter, width in zip("ABCDE", (24, 14, 90, 32, 26), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2, max_col=3):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
