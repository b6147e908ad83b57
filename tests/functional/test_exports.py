"""Exports of a comparison for the meeting room: the Excel workbook (numbers stay numbers
with Danish-readable formats, user text never becomes a formula) and the self-contained
HTML report (parseable, escaped, nothing fetched from the web), and the comparison charts."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from sim.analysis import compare as K
from sim.reports.files import ILLUSTRATIVE_NOTE, excel_safe, excel_text
from sim.reports.sentences import summary_lines
from sim.reports.workbook import comparison_workbook
from tests.functional.test_compare import small_runs
from ui.exports.report_html import comparison_html
from ui.figures import charts

HOSTILE = '=HYPERLINK("http://x")'
SCRIPT = "<script>alert('x')</script>"


def renamed(tables: dict[str, pd.DataFrame], description: str, premises_name: str) -> dict:
    """A copy of a run's tables whose description and premises names are hostile text, with
    a placement (so the premises name is shown)."""
    out = {name: table.copy() for name, table in tables.items()}
    out["placements"] = pd.DataFrame(
        [{"team": "SOF-HP-NOR-BIS", "premises": "SUF-P-03", "start": "2026-09-01", "end": ""}]
    )
    assumptions = out["assumptions"]
    assumptions.loc[assumptions["key"] == "description", "value"] = description
    out["premises"]["name"] = premises_name
    return out


@pytest.fixture(scope="module")
def runs():
    base = small_runs()
    return {
        "Basis": base["Basis"],
        "Nørrebro": base["Nørrebro"],
        HOSTILE: renamed(base["Andre seeds"], "+SUM(1;2)", "@evil"),
    }


@pytest.fixture(scope="module")
def workbook(runs):
    return load_workbook(io.BytesIO(comparison_workbook(runs, "Basis", "da")))


@pytest.fixture(scope="module")
def report(runs):
    hostile = dict(runs)
    hostile[SCRIPT] = renamed(hostile.pop(HOSTILE), SCRIPT, "<img src=http://x/y.png>")
    return comparison_html(hostile, "Basis", "da", made=dt.datetime(2026, 11, 24, 9, 30))


# ---- Excel ----------------------------------------------------------------------------

SHEETS = [
    "Resumé",
    "Nøgletal",
    "Forskelle",
    "Pr. måned",
    "Udgifter",
    "Udgiftsforskelle og budget",
    "Placeringer",
    "Antagelser",
    "Kørsler og seeds",
]


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows()]


def find(sheet, value):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in {sheet.title}")


def test_the_workbook_has_a_sheet_per_table(workbook):
    assert workbook.sheetnames == SHEETS
    summary = workbook["Resumé"]
    assert summary["A1"].value == "Sammenligning af scenarier"
    assert summary["A2"].value == ILLUSTRATIVE_NOTE["da"]
    assert summary["A5"].value.startswith("Nørrebro ")
    for sheet in workbook:  # the illustrative note ends every sheet
        assert any(c.value == ILLUSTRATIVE_NOTE["da"] for row in sheet.iter_rows() for c in row)


def test_numbers_are_numbers_with_danish_readable_formats(workbook, runs):
    kpis = workbook["Nøgletal"]
    assert [kpis.cell(1, c).value for c in (3, 6, 9)] == ["Basis", "Nørrebro", "'" + HOSTILE]
    on_time = find(kpis, "Besøg til tiden")
    mean = kpis.cell(on_time.row, 3)
    assert isinstance(mean.value, float) and 0.5 < mean.value <= 1
    assert mean.number_format == "0.0%"
    missed = kpis.cell(find(kpis, "Aflyste besøg").row, 4)
    assert isinstance(missed.value, float) and missed.number_format == "#,##0"
    differences = workbook["Forskelle"]
    row = next(
        r
        for r in rows_of(differences)
        if r[0].value == "Nørrebro" and r[1].value == "Besøg til tiden"
    )
    assert isinstance(row[2].value, float) and row[2].number_format.endswith('" procentpoint"')
    assert row[5].value == "Ja" and row[8].value.startswith("Parret pr. seed")
    unpaired = next(r for r in rows_of(differences) if r[0].value == "'" + HOSTILE)
    assert unpaired[5].value == "Nej" and unpaired[8].value.startswith("Uparret (Welch)")
    costs = workbook["Udgifter"]
    total = next(r for r in rows_of(costs) if r[1].value == "I alt")
    assert total[0].value == 2026 and total[2].number_format == "#,##0" and total[2].value > 1e8
    budget = workbook["Udgiftsforskelle og budget"]
    verdict = next(
        r
        for r in rows_of(budget)
        if isinstance(r[-1].value, str) and r[-1].value.startswith("2026 (aug.–sep.): ")
    )
    assert verdict[0].value == "Nørrebro" and verdict[1].value == "2026 (aug.–sep.)"
    assert isinstance(verdict[5].value, float) and verdict[5].number_format == "#,##0"
    assert "Service mod Basis: " in verdict[-1].value
    assert verdict[-1].value == K.run_verdicts(runs, "da")["sentence"].iloc[0]
    month = workbook["Pr. måned"]
    assert {month.cell(r, 1).value for r in range(3, 10)} <= {"2026-08", "2026-09"}
    placements = workbook["Placeringer"]
    start = placements.cell(find(placements, "SUF-P-03").row, 5)
    assert start.value == dt.datetime(2026, 9, 1) and start.number_format == "dd-mm-yyyy"


def test_user_text_is_never_a_formula(workbook):
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [
        c for c in cells if isinstance(c.value, str) and c.value[:1] in ("=", "+", "-", "@")
    ]
    name = workbook["Kørsler og seeds"].cell(1, 4)
    assert name.value == "'" + HOSTILE and name.data_type == "s"
    summary = workbook["Resumé"]
    assert find(summary, "'+SUM(1;2)").data_type == "s"  # a description
    assert find(workbook["Placeringer"], "'@evil").data_type == "s"  # a premises name
    assert excel_text("-1") == "'-1" and excel_text(1.5) == 1.5
    assert excel_safe(pd.DataFrame({"a": ["=1", "ok"]}))["a"].tolist() == ["'=1", "ok"]


def test_the_workbook_speaks_english_too(runs):
    book = load_workbook(io.BytesIO(comparison_workbook(runs, "Basis", "en")))
    assert book.sheetnames[:3] == ["Summary", "Indicators", "Differences"]
    assert book["Summary"]["A2"].value == ILLUSTRATIVE_NOTE["en"]
    kpis = book["Indicators"]
    assert kpis.cell(find(kpis, "Visits on time").row, 3).number_format == "0.0%"


# ---- HTML ---------------------------------------------------------------------------------

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "wbr", "source"}


class Checker(HTMLParser):
    """Collects tags and text and checks that every element is closed in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if not self.stack or self.stack[-1] != "script":
            self.text.append(data)


def parsed(text: str) -> Checker:
    checker = Checker()
    checker.feed(text)
    checker.close()
    return checker


EXTERNAL = [
    r"<script[^>]*\bsrc\s*=",
    r"<link[^>]*\bhref\s*=\s*[\"']?\s*(https?:)?//",
    r"<img[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//",
    r"<iframe",
    r"url\(\s*[\"']?\s*(https?:)?//",
    r"@import",
    r"fonts\.googleapis",
]


def test_the_report_is_parseable_html_with_the_tables(report, runs):
    checker = parsed(report)
    assert not checker.problems and checker.stack == []
    tags = [tag for tag, _ in checker.tags]
    assert tags.count("table") >= 6  # KPIs, costs, budget, placements, assumptions, run sheet
    text = " ".join(checker.text)
    for heading in (
        "Resumé",
        "Nøgletal side om side",
        "Udgifter pr. budgetår",
        "Budget og service mod Basis (samme dage og seeds)",
        "Figurer",
        "Placeringer",
        "Antagelser",
        "Kørselsark (STRESS-DES)",
    ):
        assert f"{heading}" in text, heading
    assert ILLUSTRATIVE_NOTE["da"] in text
    # the sentence the one sentence function makes for these runs, whichever way it goes
    assert summary_lines(runs, "Basis", "da")["Nørrebro"] in text
    assert "Parret pr. seed (fælles tilfældige tal), 3 par" in text
    assert "Uparret (Welch): kørslerne har forskellige seeds" in text
    assert "0, 1, 2" in text and "50, 51" in text  # the seeds of every run
    assert "Besøg til tiden" in text and re.search(r"\d,\d %", text)
    assert "SOF-HP-NOR-BIS" in text and "01-09-2026" in text
    assert "Lavet 24-11-2026 09:30" in text


def test_the_report_fetches_nothing_and_embeds_plotly_once(report):
    for pattern in EXTERNAL:
        assert not re.search(pattern, report, flags=re.IGNORECASE), pattern
    scripts = [attrs for tag, attrs in parsed(report).tags if tag == "script"]
    assert all("src" not in attrs for attrs in scripts)
    assert len(re.findall(r"\* plotly\.js v\d", report)) == 1  # the library's banner, once
    assert report.count("Plotly.newPlot(") >= 5  # months, costs, budget, premises
    assert report.count('"displaylogo": false') == report.count("Plotly.newPlot(")


def test_user_text_in_the_report_is_escaped(report):
    outside_scripts = re.sub(r"<script.*?</script>", "", report, flags=re.DOTALL)
    assert SCRIPT not in outside_scripts and "<img" not in outside_scripts
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in outside_scripts
    assert "&lt;img src=http://x/y.png&gt;" in outside_scripts
    # in the figures the names are JSON in a script, with < and / escaped by plotly
    inside = "".join(re.findall(r"<script.*?</script>", report, flags=re.DOTALL)[1:])
    assert "alert(" in inside and "<script>alert" not in inside


def test_the_report_in_english(runs):
    text = comparison_html(runs, "Basis", "en")
    checker = parsed(text)
    assert not checker.problems
    words = " ".join(checker.text)
    assert "Comparison of scenarios" in words and ILLUSTRATIVE_NOTE["en"] in words
    assert "Paired by seed (common random numbers), 3 pairs" in words
    assert '<html lang="en">' in text


# ---- charts ---------------------------------------------------------------------------


def test_comparison_charts_are_figures_with_a_trace_per_scenario(runs):
    by_month = K.compare_by(runs, "Basis", "month", "da", ["on_time_share"])
    figure = charts.kpi_by_month_compare(by_month, "Besøg til tiden", "share", "da")
    lines = [t for t in figure.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["Basis", "Nørrebro", HOSTILE]
    assert figure.layout.yaxis.ticksuffix == " %" and figure.layout.separators == ",."
    assert max(lines[0].y) <= 100 and min(lines[0].y) > 50  # shares drawn in per cent
    budget = K.run_verdicts(runs)
    figure = charts.cost_against_budget(budget, "da")
    assert isinstance(figure, go.Figure) and [t.name for t in figure.data] == ["Nørrebro"]
    costs = K.compare_costs(runs, "Basis")
    total = costs[(costs["line"] == "total") & ~costs["is_reference"]]
    figure = charts.cost_difference_by_year(total, "en", "Basis")
    assert list(figure.data[0].x) == ["2026"]
    assert figure.data[0].y[0] == pytest.approx(total["difference"].iloc[0] / 1e6)
    premises = K.compare_by(runs, "Basis", "premises", "da", ["premises_peak_ratio"])
    figure = charts.premises_occupancy_compare(premises, "da", {"SUF-P-03": "<b>Nørrebro</b>"})
    assert len(figure.data) == 3
    assert "&lt;b&gt;Nørrebro&lt;/b&gt;" in figure.data[0].y
    # the existing cost chart takes compare_costs' total rows as they are
    assert len(charts.cost_by_year(costs[costs["line"] == "total"], "da").data) == 3
