"""A planner's premises file: every way in gives the same table; every problem is named by
row (as Excel shows it), column (as the user named it) and what is expected; hostile files
are refused in Danish. The files are made here, in the formats Danish Excel writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sim.__main__ import main
from sim.inputs import premises_upload
from sim.inputs.dataset import load_dataset
from sim.inputs.premises_upload import (
    DATA_SHEET,
    FIELDS,
    GUIDE_SHEET,
    read_premises,
    write_template,
)
from sim.inputs.scenario import DEFAULT_DATA_DIR, MAX_UPLOAD_BYTES, PremisesOption, field_bounds
from tests.functional.test_cli import cli

HEADER = [field.header for field in FIELDS]
HYPERLINK = '=HYPERLINK("http://example.invalid";"klik")'
# Two premises as the planner means them (the values Excel holds)
ROWS = [
    [
        "NY-A1",
        "Kandidat Ørestad",
        "Ørestads Boulevard 1, 2300 København S",
        "Amager Vest",
        "ny",
        55.6301,
        12.5783,
        120,
        48,
        1320.5,
        1450,
        400,
        2200000,
        dt.date(2026, 9, 1),
        dt.date(2027, 12, 31),
        HYPERLINK,
    ],
    [
        "NY-A2",
        "Midlertidig Nørrebro – hjørnet",
        "Nørrebrogade 10",
        3,
        "SUF",
        55.6912,
        12.5521,
        40,
        16,
        450,
        1234.5,
        380.25,
        0,
        dt.date(2027, 1, 1),
        None,
        "+45 nummer; -minus @at",
    ],
]
EXPECTED = pd.DataFrame(
    {
        "premises_id": ["NY-A1", "NY-A2"],
        "name": ["Kandidat Ørestad", "Midlertidig Nørrebro – hjørnet"],
        "address": ["Ørestads Boulevard 1, 2300 København S", "Nørrebrogade 10"],
        "district": [10, 3],
        "organisation": ["ny", "SUF"],
        "latitude": [55.6301, 55.6912],
        "longitude": [12.5783, 12.5521],
        "capacity_people": [120, 40],
        "workstations": [48, 16],
        "area_m2": [1320.5, 450.0],
        "rent_per_m2_year": [1450.0, 1234.5],
        "running_cost_per_m2_year": [400.0, 380.25],
        "fitout_cost": [2200000, 0],
        "available_from": [dt.date(2026, 9, 1), dt.date(2027, 1, 1)],
        "available_to": [dt.date(2027, 12, 31), None],
        "notes": [HYPERLINK, "+45 nummer; -minus @at"],
    }
).set_index("premises_id", drop=False)


def danish(value, iso_dates: bool = False) -> str:
    """A value as Danish Excel writes it in a CSV: 2.200.000, 1.320,5, 01-09-2026."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat() if iso_dates else value.strftime("%d-%m-%Y")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        whole, _, decimals = repr(value).partition(".")
        return f"{int(whole):,}".replace(",", ".") + "," + decimals
    return value


def english(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(rows, *, separator=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def danish_csv(encoding="utf-8-sig", iso_dates=False) -> bytes:
    rows = [[danish(v, iso_dates) for v in row] for row in ROWS]
    return csv_bytes([HEADER, *rows], encoding=encoding)


def comma_csv() -> bytes:
    return csv_bytes([HEADER, *([english(v) for v in row] for row in ROWS)], separator=",")


def xlsx_bytes(rows, *, sheets=(DATA_SHEET,), data_sheet=DATA_SHEET) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title in sheets:
        sheet = book.create_sheet(title)
        if title == data_sheet:
            for row in rows:
                sheet.append(row)
        else:
            sheet.append(["Forside", "ingen lokaliteter her"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx() -> bytes:
    return xlsx_bytes([HEADER, *ROWS])


def found(upload) -> list[tuple]:
    return [(p.row, p.column, p.text) for p in upload.problems]


def read(raw: bytes, name: str = "lokaler.csv"):
    return read_premises(raw, name)


def read_rows(rows, name="lokaler.csv"):
    """Danish CSV made of text cells exactly as typed."""
    return read(csv_bytes(rows), name)


def good_row(**changes) -> list[str]:
    row = dict(zip(HEADER, [danish(v) for v in ROWS[1]], strict=True))
    row["Lokations-id"] = "NY-OK"
    row.update(changes)
    return list(row.values())


# ---- the same table through every path -------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(danish_csv(), id="danish-csv-utf8-bom"),
        pytest.param(danish_csv("utf-8"), id="danish-csv-utf8"),
        pytest.param(danish_csv("cp1252"), id="danish-csv-windows-1252"),
        pytest.param(danish_csv(iso_dates=True), id="danish-csv-iso-dates"),
        pytest.param(csv_bytes([HEADER, *ROWS], separator="\t", encoding="utf-16"), id="utf16"),
        pytest.param(comma_csv(), id="comma-csv-utf8"),
        pytest.param(xlsx(), id="xlsx"),
    ],
)
def test_every_path_gives_the_same_table(raw):
    upload = read(raw)
    assert upload.problems == []
    assert upload.rows_read == 2
    pd.testing.assert_frame_equal(upload.premises, EXPECTED)
    assert upload.rejected.empty


def test_cp1252_file_is_really_not_utf8():
    with pytest.raises(UnicodeDecodeError):
        danish_csv("cp1252").decode("utf-8")


def test_shipped_premises_file_reads_as_the_data_set_does(tmp_path):
    data = load_dataset(DEFAULT_DATA_DIR)
    upload = read_premises(DEFAULT_DATA_DIR / "premises.csv", data=_without_premises(data))
    assert upload.problems == []
    pd.testing.assert_frame_equal(upload.premises, data.premises)


def test_shipped_ids_cannot_be_uploaded_again():
    upload = read_premises(DEFAULT_DATA_DIR / "premises.csv")
    assert len(upload.problems) == 21 and upload.premises.empty
    assert upload.messages[0] == (
        "premises.csv, række 2, kolonne 'premises_id': id'et findes allerede blandt de "
        "nuværende lokaliteter (fik 'SOF-P-OST')"
    )


def _without_premises(data):
    import dataclasses

    return dataclasses.replace(data, premises=data.premises.iloc[:0])


# ---- the template ----------------------------------------------------------------------

TEMPLATE_ROW = {
    "premises_id": "NY-EKSEMPEL",
    "name": "Kandidat Amager Vest (eksempel)",
    "address": "Eksempelvej 1, 2300 København S",
    "district": 10,
    "organisation": "ny",
    "latitude": 55.6425,
    "longitude": 12.5981,
    "capacity_people": 80,
    "workstations": 32,
    "area_m2": 880,
    "rent_per_m2_year": 1450,
    "running_cost_per_m2_year": 400,
    "fitout_cost": 2200000,
    "available_from": dt.date(2027, 1, 1),
    "available_to": None,
    "notes": "eksempel: slet denne række",
}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_template_round_trips(tmp_path, suffix):
    path = write_template(tmp_path / f"skabelon{suffix}")
    upload = read_premises(path)
    assert upload.problems == []
    assert upload.premises.to_dict("records") == [TEMPLATE_ROW]


def test_template_xlsx_has_a_data_sheet_and_explains_every_column(tmp_path):
    book = openpyxl.load_workbook(write_template(tmp_path / "skabelon.xlsx"))
    assert book.sheetnames == [DATA_SHEET, GUIDE_SHEET]
    assert [c.value for c in book[DATA_SHEET][1]] == HEADER
    guide = list(book[GUIDE_SHEET].iter_rows(values_only=True))
    assert guide[0] == ("Kolonne", "Skal udfyldes", "Forklaring", "Eksempel", "Engelsk navn")
    assert [row[0] for row in guide[1 : len(FIELDS) + 1]] == HEADER
    assert all(row[2] for row in guide[1 : len(FIELDS) + 1])
    required = {row[0] for row in guide[1 : len(FIELDS) + 1] if row[1] == "ja"}
    assert required == {f.header for f in FIELDS if f.required}


def test_template_csv_is_as_danish_excel_writes_it(tmp_path):
    raw = write_template(tmp_path / "skabelon.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(HEADER)
    assert ";55,6425;12,5981;" in lines[1] and ";01-01-2027;;" in lines[1]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_template_as_bytes_reads_back(suffix):
    upload = read(premises_upload.template_bytes(suffix), f"skabelon{suffix}")
    assert upload.problems == []
    assert upload.premises.to_dict("records") == [TEMPLATE_ROW]


def test_template_refuses_other_suffixes(tmp_path):
    with pytest.raises(ValueError, match="skabelonen kan skrives som .xlsx eller .csv"):
        write_template(tmp_path / "skabelon.txt")


# ---- column names ----------------------------------------------------------------------


def test_english_upper_case_and_accentless_names_are_understood():
    header = [
        "ID",
        "name",
        "ADDRESS",
        "District",
        "LATITUDE",
        "laengdegrad",
        "Capacity_People",
        "workstations",
        "m2",
        "Husleje pr. m2",
        "drift pr m2",
        "Ledig fra",
        "Kontaktperson",  # not ours: ignored
    ]
    upload = read_rows(
        [
            header,
            ["NY-X", "X", "Vej 1", "nørrebro", "55,69", "12,55", "10", "4", "100", "1000"]
            + ["400", "1-6-2026", "Hanne"],
        ]
    )
    assert upload.problems == []
    (row,) = upload.premises.to_dict("records")
    assert row["district"] == 3 and row["longitude"] == 12.55
    assert row["organisation"] == "ny" and row["fitout_cost"] == 0
    assert row["available_from"] == dt.date(2026, 6, 1) and row["available_to"] is None
    assert row["address"] == "Vej 1" and row["notes"] == ""


@pytest.mark.parametrize(
    "district", ["3", "Nørrebro", "NØRREBRO", "norrebro", "Noerrebro", " nørrebro "]
)
def test_district_as_number_or_name(district):
    upload = read_rows([HEADER, good_row(Bydel=district)])
    assert upload.problems == []
    assert upload.premises["district"].tolist() == [3]


@pytest.mark.parametrize(("typed", "organisation"), [("NY", "ny"), ("suf", "SUF"), ("", "ny")])
def test_organisation_in_any_case_and_empty_is_a_candidate(typed, organisation):
    upload = read_rows([HEADER, good_row(Organisation=typed)])
    assert upload.problems == []
    assert upload.premises["organisation"].tolist() == [organisation]


def test_unknown_organisation():
    # SOF/SUF premises are paid for all along; anything else would silently be a candidate
    upload = read_rows([HEADER, good_row(Organisation="Region H")])
    assert found(upload) == [(2, "Organisation", "skal være en af: SOF, SUF, ny (fik 'Region H')")]


def test_missing_required_columns_are_named_as_in_the_template():
    header = [h for h in HEADER if h not in ("Bydel", "Breddegrad")]
    upload = read_rows([header, good_row()[:3]])
    assert upload.messages == [
        "lokaler.csv: mangler kolonne(r): Bydel, Breddegrad "
        "(overskrifterne skal stå i række 1; se skabelonen)"
    ]
    assert found(upload) == [
        (
            None,
            None,
            "mangler kolonne(r): Bydel, Breddegrad "
            "(overskrifterne skal stå i række 1; se skabelonen)",
        )
    ]
    assert upload.premises.empty


def test_two_columns_meaning_the_same_are_refused():
    upload = read_rows([[*HEADER, "latitude"], [*good_row(), "55,7"]])
    assert upload.messages == [
        "lokaler.csv: kolonnerne 'Breddegrad' og 'latitude' betyder det samme; slet den ene"
    ]


# ---- row-level problems ----------------------------------------------------------------


def test_every_problem_is_named_by_row_column_and_what_is_expected():
    header = [h.upper() if h == "Kapacitet (personer)" else h for h in HEADER]
    upload = read_rows(
        [
            header,
            good_row(),  # row 2: valid
            good_row(**{"Lokations-id": "NY-B", "Bydel": "Nordvest"}),
            good_row(**{"Lokations-id": "NY-C", "Breddegrad": "56,2"}),
            good_row(**{"Lokations-id": "NY-D", "Kapacitet (personer)": "0"}),
            good_row(**{"Lokations-id": "NY-E", "Kapacitet (personer)": "-3"}),
            good_row(**{"Lokations-id": "NY-F", "Ledig til": "01-08-2026"}),
            good_row(),  # row 8: NY-OK again
            good_row(**{"Lokations-id": "SUF-P-03"}),
            good_row(**{"Lokations-id": "NY-I", "Areal (m²)": "mange"}),
            good_row(**{"Lokations-id": "NY-J", "Navn": ""}),
            good_row(**{"Lokations-id": "NY-K", "Ledig fra": "31-02-2027"}),
            good_row(**{"Lokations-id": "NY-L", "Husleje pr. m² pr. år": ""}),
            good_row(**{"Lokations-id": "NY-M", "Breddegrad": "12,55", "Længdegrad": "55,69"}),
            good_row(**{"Lokations-id": "NY-N", "Kapacitet (personer)": "12,5"}),
            good_row(**{"Lokations-id": ""}),
            good_row(**{"Lokations-id": "NY-Q", "Længdegrad": "12.55.1"}),
        ]
    )
    box = "koordinaterne ligger uden for København (breddegrad 55.6–55.74, længdegrad 12.43–12.7)"
    assert found(upload) == [
        (
            3,
            "Bydel",
            "ukendt bydel; skriv bydelens nummer (1–10) eller navn, fx 1 eller Indre By "
            "(fik 'Nordvest')",
        ),
        (4, "Breddegrad", f"{box} (fik '56,2')"),
        (5, "KAPACITET (PERSONER)", "må ikke være under 1 (fik '0')"),
        (6, "KAPACITET (PERSONER)", "må ikke være under 1 (fik '-3')"),
        (7, "Ledig til", "må ikke ligge før Ledig fra (fik '01-08-2026')"),
        (8, "Lokations-id", "id'et findes allerede (fik 'NY-OK')"),
        (
            9,
            "Lokations-id",
            "id'et findes allerede blandt de nuværende lokaliteter (fik 'SUF-P-03')",
        ),
        (10, "Areal (m²)", "skal være et tal (fik 'mange')"),
        (11, "Navn", "skal udfyldes"),
        (12, "Ledig fra", "skal være en dato DD-MM-ÅÅÅÅ eller ÅÅÅÅ-MM-DD (fik '31-02-2027')"),
        (13, "Husleje pr. m² pr. år", "skal udfyldes"),
        (14, ("Breddegrad", "Længdegrad"), f"{box} (fik '12,55' og '55,69'; er de byttet om?)"),
        (15, "KAPACITET (PERSONER)", "skal være et helt tal (fik '12,5')"),
        (16, "Lokations-id", "skal udfyldes"),
        (17, "Længdegrad", "skal være et tal (fik '12.55.1')"),
    ]
    assert upload.messages[0] == (
        "lokaler.csv, række 3, kolonne 'Bydel': ukendt bydel; skriv bydelens nummer (1–10) "
        "eller navn, fx 1 eller Indre By (fik 'Nordvest')"
    )
    assert upload.rows_read == 16
    # the valid rows are kept, the invalid ones are shown as typed
    assert upload.premises["premises_id"].tolist() == ["NY-OK"]
    assert upload.rejected["række"].tolist() == list(range(3, 18))
    assert upload.rejected.loc[upload.rejected["række"] == 10, "Areal (m²)"].item() == "mange"


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers():
    upload = read_rows(
        [
            HEADER,
            good_row(),
            [""] * len(HEADER),
            [],
            good_row(**{"Lokations-id": "NY-Z", "Bydel": "0"}),
        ]
    )
    assert found(upload) == [
        (
            5,
            "Bydel",
            "ukendt bydel; skriv bydelens nummer (1–10) eller navn, fx 1 eller Indre By (fik '0')",
        )
    ]
    assert upload.rows_read == 2


def test_xlsx_rows_are_numbered_as_excel_shows_them():
    raw = xlsx_bytes([HEADER, ROWS[0], [None] * 3, [*ROWS[1][:7], 0, *ROWS[1][8:]]])
    upload = read(raw, "lokaler.xlsx")
    assert upload.messages == [
        "lokaler.xlsx, række 4, kolonne 'Kapacitet (personer)': må ikke være under 1 (fik '0')"
    ]
    assert upload.premises["premises_id"].tolist() == ["NY-A1"]


def test_xlsx_cells_right_of_the_last_heading_are_ignored():
    upload = read(xlsx_bytes([HEADER, [*ROWS[0], None, "min egen note"], ROWS[1]]), "l.xlsx")
    assert upload.problems == []
    pd.testing.assert_frame_equal(upload.premises, EXPECTED)


def test_a_row_with_more_fields_than_headers_is_named():
    upload = read_rows([HEADER, [*good_row(), "ekstra"]])
    assert found(upload) == [
        (
            2,
            None,
            f"rækken har {len(HEADER) + 1} felter, men der er kun {len(HEADER)} overskrifter; "
            "står der et skilletegn i en tekst uden anførselstegn?",
        )
    ]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1.234,5", 1234.5), ("1234,5", 1234.5), ("1.234", 1234.0), ("12.5", 12.5), ("1 234", 1234)],
)
def test_danish_numbers(typed, value):
    upload = read_rows([HEADER, good_row(**{"Husleje pr. m² pr. år": typed})])
    assert upload.problems == []
    assert upload.premises["rent_per_m2_year"].item() == value


def test_coordinates_are_never_read_with_thousands_dots():
    upload = read_rows([HEADER, good_row(Breddegrad="55.691", Længdegrad="12,552")])
    assert upload.problems == []
    assert upload.premises[["latitude", "longitude"]].values.tolist() == [[55.691, 12.552]]


@pytest.mark.parametrize(
    "typed", ["01-06-2026", "1-6-2026", "01.06.2026", "1/6/2026", "2026-06-01"]
)
def test_dates(typed):
    upload = read_rows([HEADER, good_row(**{"Ledig fra": typed})])
    assert upload.problems == []
    assert upload.premises["available_from"].item() == dt.date(2026, 6, 1)


def test_xlsx_numbers_as_excel_holds_them():
    row = [*ROWS[1][:10], 0.00001, 1.5e20, "=B2*2", *ROWS[1][13:]]
    upload = read(xlsx_bytes([HEADER, row]), "lokaler.xlsx")
    assert found(upload) == [
        # written out as Excel shows it, and above the schema's bound
        (2, "Drift pr. m² pr. år", "må højst være 5000 (fik '150000000000000000000')"),
        (2, "Indretning (kr.)", "skal være et tal (fik '=B2*2')"),  # formulas are not run
    ]
    assert upload.rejected[["Husleje pr. m² pr. år", "Drift pr. m² pr. år"]].values.tolist() == [
        ["0,00001", "150000000000000000000"]
    ]


def test_csv_with_an_endless_field():
    raw = csv_bytes([HEADER]) + b'NY-X;"' + b"x" * 200_000 + b"\r\n"
    assert _message(read(raw)) == (
        "lokaler.csv: kan ikke læses som CSV: et felt er for langt, eller et anførselstegn "
        "mangler sin afslutning"
    )


def test_xlsx_sheet_named_like_the_template_is_read_before_the_first():
    raw = xlsx_bytes([HEADER, *ROWS], sheets=("Forside", "LOKALITETER"), data_sheet="LOKALITETER")
    upload = read(raw, "lokaler.xlsx")
    assert upload.problems == []
    pd.testing.assert_frame_equal(upload.premises, EXPECTED)


# ---- formula-looking text --------------------------------------------------------------

FORMULAS = [HYPERLINK, "=1+1", "+4512345678", "-tekst", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_formula_looking_text_is_kept_as_plain_text(kind):
    rows = [HEADER]
    for number, text in enumerate(FORMULAS):
        row = list(ROWS[1])
        row[0], row[1], row[-1] = f"NY-F{number}", text, text
        rows.append(row)
    if kind == "csv":
        raw = csv_bytes([rows[0], *([danish(v) for v in row] for row in rows[1:])])
    else:
        raw = xlsx_bytes(rows)  # openpyxl stores '=...' as real formulas: read as their text
    upload = read(raw, f"lokaler.{kind}")
    assert upload.problems == []
    assert upload.premises["name"].tolist() == FORMULAS
    assert upload.premises["notes"].tolist() == FORMULAS


# ---- hostile and broken files ----------------------------------------------------------


def _message(upload) -> str:
    (message,) = upload.messages
    assert upload.premises.empty and upload.rows_read == 0
    return message


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "stor.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_UPLOAD_BYTES + 1)  # sparse: nothing to read, and nothing is read
    data = load_dataset(DEFAULT_DATA_DIR)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    assert _message(read_premises(path, data=data)) == (
        "stor.csv: filen er for stor (10 MB); den må højst fylde 10 MB. "
        "Del den op, eller fjern tomme rækker og andre ark"
    )


def test_uploaded_bytes_over_the_size_limit_are_refused():
    message = _message(read(b"a" * (MAX_UPLOAD_BYTES + 1)))
    assert message.startswith("lokaler.csv: filen er for stor")


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\r\n\r\n  "])
def test_empty_file(raw):
    assert _message(read(raw)) == "lokaler.csv: filen er tom"


@pytest.mark.parametrize("raw", [danish_csv().split(b"\r\n")[0] + b"\r\n", xlsx_bytes([HEADER])])
def test_header_only(raw):
    assert _message(read(raw)) == (
        "lokaler.csv: filen har kun overskrifter og ingen rækker med lokaliteter"
    )


NOT_A_TABLE = (
    "lokaler.csv: filen er hverken en CSV-fil eller en Excel-fil (.xlsx); brug skabelonen og "
    "gem som CSV (semikolonsepareret) eller Excel-projektmappe"
)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), id="png"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 64, id="elf"),
        pytest.param(b"\x80\x04\x95\x0b\x00\x00\x00\x00\x00\x00\x00\x8c\x01a\x94.", id="pickle"),
        pytest.param(b"Lokations-id;Navn\r\n\x81\x8d\x8f\x90\x9d\r\n", id="undecodable"),
        pytest.param(b"id;navn\x1b[31m\x07\r\n", id="control-characters"),
    ],
)
def test_binary_file_renamed_csv(raw):
    assert _message(read(raw)) == NOT_A_TABLE


def test_old_xls_or_encrypted_file():
    assert _message(read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)) == (
        "lokaler.csv: filen er i det gamle Excel-format (.xls) eller beskyttet med "
        "adgangskode; gem den som Excel-projektmappe (.xlsx) eller CSV uden adgangskode"
    )


def test_xlsx_renamed_csv_is_read_as_xlsx():
    upload = read(xlsx(), "lokaler.csv")
    assert upload.problems == []
    assert len(upload.premises) == 2


@pytest.mark.parametrize("raw", [b"PK\x03\x04" + b"\x00" * 100, xlsx()[:2000]])
def test_broken_xlsx(raw):
    assert _message(read(raw, "lokaler.xlsx")) == (
        "lokaler.xlsx: filen er ikke en gyldig Excel-fil (.xlsx); åbn og gem den igen i Excel"
    )


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hej.txt", "ikke et regneark")
    message = _message(read(buffer.getvalue(), "lokaler.xlsx"))
    assert message.startswith("lokaler.xlsx: filen er ikke en gyldig Excel-fil (.xlsx)")


def test_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(premises_upload, "MAX_UNPACKED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (2 * 1024 * 1024) + b"</a>")
    raw = buffer.getvalue()
    assert len(raw) < 10_000  # small packed, large unpacked
    unpacking = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: unpacking.append(a))
    assert _message(read(raw, "bombe.xlsx")) == (
        "bombe.xlsx: Excel-filen pakker ud til mere end 1 MB og læses ikke; "
        "gem kun arket med lokaliteterne, eller gem som CSV"
    )
    assert unpacking == []


def _with_sheet_xml(transform) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = transform(content)
            archive.writestr(item.filename, content)
    return buffer.getvalue()


def _after_declaration(doctype: bytes):
    def transform(content: bytes) -> bytes:
        if content.startswith(b"<?xml"):
            declaration, _, rest = content.partition(b"?>")
            return declaration + b"?>" + doctype + rest
        return doctype + content

    return transform


@pytest.mark.parametrize(
    "doctype",
    [
        pytest.param(
            b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;'
            b'&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
            id="billion-laughs",
        ),
        pytest.param(
            b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', id="external-entity"
        ),
        pytest.param(b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">', id="external-dtd"),
    ],
)
def test_xml_entity_tricks_are_refused(doctype):
    raw = _with_sheet_xml(_after_declaration(doctype))
    assert _message(read(raw, "lokaler.xlsx")) == (
        "lokaler.xlsx: Excel-filen indeholder XML med DTD eller entiteter, som ikke læses af "
        "sikkerhedshensyn; åbn og gem den igen i Excel, eller gem som CSV"
    )


def test_the_untouched_workbook_reads_after_the_same_rewrite():
    upload = read(_with_sheet_xml(lambda content: content), "lokaler.xlsx")
    assert upload.problems == []


def test_missing_file(tmp_path):
    assert _message(read_premises(tmp_path / "findes-ikke.csv")) == (
        "findes-ikke.csv: filen findes ikke"
    )


def test_a_folder_is_not_a_file(tmp_path):
    assert _message(read_premises(tmp_path)) == f"{tmp_path.name}: er en mappe, ikke en fil"


def test_one_hundred_thousand_rows_are_all_read():
    """A file of 100,000 rows (under the size limit) is read whole. Not timed: timings
    on a shared machine are noise in a test."""
    row = good_row(Navn="Lokale", Adresse="Vej 1", Noter="")
    raw = csv_bytes([HEADER, *([f"NY-{number}", *row[1:]] for number in range(100_000))])
    assert len(raw) < MAX_UPLOAD_BYTES
    upload = read(raw)
    assert upload.problems == []
    assert upload.rows_read == len(upload.premises) == 100_000
    assert upload.premises.index.is_unique


# ---- the command line ------------------------------------------------------------------


def test_cli_valid_file_exits_0(tmp_path, capsys):
    path = tmp_path / "lokaler.csv"
    path.write_bytes(danish_csv())
    assert main(["validate-premises", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == "OK: lokaler.csv (2 lokaliteter læst)\n" and err == ""


def test_cli_invalid_file_exits_2_with_the_same_words(tmp_path, capsys):
    path = tmp_path / "lokaler.csv"
    path.write_bytes(csv_bytes([HEADER, good_row(), good_row(Bydel="Nordvest")]))
    assert main(["validate-premises", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        *read_premises(path).messages,
        "lokaler.csv: 1 af 2 rækker er gyldige",
    ]


def test_cli_refused_file_exits_2(tmp_path, capsys):
    path = tmp_path / "tom.csv"
    path.write_bytes(b"")
    assert main(["validate-premises", str(path)]) == 2
    assert capsys.readouterr() == ("", "tom.csv: filen er tom\n")


def test_cli_template_then_validate_in_a_real_process(tmp_path):
    for suffix in (".xlsx", ".csv"):
        target = tmp_path / f"skabelon{suffix}"
        written = cli("premises-template", target)
        assert written.returncode == 0, written.stderr
        assert written.stdout == f"Skrevet: {target}\n"
        checked = cli("validate-premises", target)
        assert (checked.returncode, checked.stdout, checked.stderr) == (
            0,
            f"OK: skabelon{suffix} (1 lokalitet læst)\n",
            "",
        )
    broken = tmp_path / "ikke-en.csv"
    broken.write_bytes(b"\x00\x01\x02")
    refused = cli("validate-premises", broken)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr == NOT_A_TABLE.replace("lokaler.csv", "ikke-en.csv") + "\n"


def test_cli_template_with_an_unknown_suffix_exits_2(tmp_path, capsys):
    assert main(["premises-template", str(tmp_path / "skabelon.ods")]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'skabelon.ods'}: skabelonen kan skrives som .xlsx eller .csv, ikke '.ods'\n"
    )


# ---- numbers: the scenario schema's bounds, one set of limits (issue #12) ---------------

NUMBER_HEADERS = {
    "capacity_people": "Kapacitet (personer)",
    "workstations": "Arbejdspladser",
    "area_m2": "Areal (m²)",
    "rent_per_m2_year": "Husleje pr. m² pr. år",
    "running_cost_per_m2_year": "Drift pr. m² pr. år",
    "fitout_cost": "Indretning (kr.)",
}


@pytest.mark.parametrize("column", list(NUMBER_HEADERS))
def test_every_premises_number_has_the_schemas_upper_bound(column):
    high = field_bounds(PremisesOption, column).high
    assert high is not None, f"PremisesOption.{column} states no upper bound"
    header = NUMBER_HEADERS[column]
    upload = read_rows(
        [
            HEADER,
            good_row(**{"Lokations-id": "NY-AT", header: str(int(high))}),
            good_row(**{"Lokations-id": "NY-OVER", header: str(int(high) + 1)}),
        ]
    )
    assert found(upload) == [(3, header, f"må højst være {int(high)} (fik '{int(high) + 1}')")]
    assert upload.premises["premises_id"].tolist() == ["NY-AT"]
    # what the upload keeps is a valid candidate premises of a scenario
    (kept,) = upload.premises.to_dict("records")
    assert getattr(PremisesOption.model_validate(kept), column) == high


@pytest.mark.parametrize(
    ("header", "typed", "text"),
    [
        ("Kapacitet (personer)", "9" * 30, f"må højst være 10000 (fik '{'9' * 30}')"),
        ("Husleje pr. m² pr. år", "9" * 400, f"skal være et endeligt tal (fik '{'9' * 400}')"),
        ("Husleje pr. m² pr. år", "inf", "skal være et endeligt tal (fik 'inf')"),
        ("Areal (m²)", "-inf", "skal være et endeligt tal (fik '-inf')"),
        ("Indretning (kr.)", "1e400", "skal være et endeligt tal (fik '1e400')"),
        ("Breddegrad", "inf", "skal være et endeligt tal (fik 'inf')"),
    ],
    ids=["capacity-30-nines", "rent-400-nines", "inf", "minus-inf", "1e400", "latitude-inf"],
)
def test_hostile_numbers_are_refused_never_wrapped(header, typed, text):
    """30 nines as a capacity wrapped to −9.2e18 and was kept; 400 nines or 'inf' as a rent
    became inf, which a saved scenario could never be read back with."""
    upload = read_rows([HEADER, good_row(**{header: typed})])
    assert found(upload) == [(2, header, text)]
    assert upload.premises.empty


def test_the_size_limit_is_the_browsers_10_000_000_bytes(tmp_path):
    assert MAX_UPLOAD_BYTES == 10_000_000
    # a file the browser refuses (over 10,000,000 bytes) is refused here too
    message = _message(read(b"a" * 10_485_760))
    assert message == (
        "lokaler.csv: filen er for stor (10,5 MB); den må højst fylde 10 MB. "
        "Del den op, eller fjern tomme rækker og andre ark"
    )
    path = tmp_path / "stor.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_UPLOAD_BYTES + 1)
    assert _message(read_premises(path)).startswith("stor.csv: filen er for stor")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_cli_a_named_pipe_or_a_device_is_refused_without_waiting(tmp_path, kind):
    """A named pipe with no writer made the command wait for ever; /dev/zero has no end."""
    if kind == "fifo":
        path = tmp_path / "lokaler.csv"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    refused = cli("validate-premises", path, timeout=120)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr == (
        f"{path.name}: er ikke en almindelig fil (men fx en enhed eller en navngiven pipe) og "
        "læses ikke\n"
    )


def test_cli_template_onto_a_named_pipe_is_refused_without_waiting(tmp_path):
    path = tmp_path / "skabelon.csv"
    os.mkfifo(path)
    refused = cli("premises-template", path, timeout=120)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr == f"{path}: er ikke en almindelig fil og overskrives ikke\n"
    english = cli("--lang", "en", "premises-template", path, timeout=120)
    assert english.stderr == f"{path}: is not a regular file and is not overwritten\n"
