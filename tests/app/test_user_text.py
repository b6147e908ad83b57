"""User text is shown as text everywhere (issue #12): names, descriptions, file names and
the messages that quote them never become Markdown (links, images that the browser
fetches, icons, colours, LaTeX) in Streamlit, nor HTML (links, styles) in plotly figures.

AppTest checks what each page hands to Streamlit's Markdown; headless Chromium checks what
the real app renders: no request to a URL in a name, no link or image made of user text.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sim.inputs.scenario import load_scenario
from store.access import Actor
from tests.apptest import app, open_page
from tests.browsers import wait_until_idle
from tests.conftest import BASELINE, ROOT
from tests.functional.test_compare import small_runs
from tests.functional.test_premises_upload import HEADER, csv_bytes, good_row
from tests.functional.test_saved_runs import SHORT, save_run
from ui.exports.report_html import comparison_html
from ui.figures import charts
from ui.i18n import WORD_JOINER, bullets, escape_markdown, t, t_plain

APP = str(ROOT / "app.py")
NAME = "Plan ![x](http://127.0.0.1:9/x) [klik](http://evil.example) :red[rød] $x$ <b>fed</b>"
# what would make Markdown of NAME or FILE_NAME: an image, a link, a colour, LaTeX, HTML
RAW = ["![x](", "[klik](", ":red[", "$x$", "<b>"]
PREMISES_NAME = '<a href="http://127.0.0.1:9/a">Lok</a> <b>fed</b> <span style="color:red">r</span>'
PREMISES_ID = "NY-<b>X</b>"
# a file name has no slashes, but a relative image is fetched from the app's own server
FILE_NAME = "kandidater ![x](evil.png) [klik](evil.html) :red[x] $x$ <b>fed.csv"


def unescape(text: str) -> str:
    """CommonMark's backslash escapes undone and the invisible word joiners left out: what
    a reader of the Markdown sees."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(WORD_JOINER, "")


# ---- the escaping function --------------------------------------------------------------

SAMPLES = [
    NAME,
    "![](http://127.0.0.1:9/x)",
    "<img src=http://127.0.0.1:9/i> <a href='http://evil.example'>x</a> &lt;b&gt;",
    ":material/home: :smile: :blue-background[x] :small[y]",
    "$$\\frac{1}{2}$$ `code` **fed** _kursiv_ ~~streg~~ a|b",
    "www.evil.example, mail@evil.example, https://evil.example, <https://evil.example>",
    "# Overskrift",
    "- punkt",
    "+ punkt",
    "1. punkt",
    "12) punkt",
    "> citat",
    "---",
    "- - -",
    "-1,5 og 10.000.000",
    "to\nlinjer\r\n# og en overskrift",
    "back\\slash \\*",
    "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_escaped_text_reads_as_the_text_and_starts_no_markdown(text):
    escaped = escape_markdown(text)
    flat = re.sub(r"\s*[\r\n]+\s*", " ", text)
    assert unescape(escaped) == flat, "a reader sees the text itself"
    assert "\n" not in escaped and "\r" not in escaped
    # every character that starts a construct is escaped
    assert not re.search(r"(?<!\\)[\[\]<>&$:|#`*_~]", escaped.replace("\\\\", "")), escaped
    # GFM finds web and e-mail addresses in the text after the escapes are read
    read = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped)
    assert not re.search(r"(?i)https?://|\bwww\.|@[-\w]", read), "no autolink"
    assert ":material/" not in escaped, "Streamlit reads icons before the Markdown"
    assert not re.match(r"\s*([-+](\s|$)|\d+[.)](\s|$)|-{3})", escaped), "no list or rule"


def test_the_catalogue_escapes_its_values_for_markdown_and_plain_text_keeps_them():
    assert t("scenario.saved", name=NAME, version=2) == (
        f"Gemt som '{escape_markdown(NAME)}', version 2."
    )
    assert t_plain("scenario.saved_label", name=NAME, version=1) == f"{NAME} (gemt, version 1)"
    assert bullets([NAME, "b"]) == f"- {escape_markdown(NAME)}\n- b"


# ---- what each page hands to Markdown (AppTest) ------------------------------------------


def markdown_texts(at: AppTest) -> list[str]:
    """Every text the page gives to Streamlit's Markdown: text elements and alerts, the
    labels and help texts of widgets, expanders and metrics, and st.table's cells."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption"):
        texts += [e.value for e in getattr(at, kind)]
    for kind in ("error", "warning", "info", "success"):
        texts += [e.value for e in getattr(at, kind)]
    for kind in (
        "button",
        "checkbox",
        "radio",
        "selectbox",
        "multiselect",
        "text_input",
        "text_area",
        "number_input",
        "date_input",
        "toggle",
        "file_uploader",
        "metric",
        "expander",
    ):
        for element in getattr(at, kind):
            texts += [element.label, getattr(element, "help", "") or ""]
    for element in at.radio:
        texts += [str(o) for o in element.options]
    for table in at.table:
        texts += [str(v) for v in table.value.to_numpy().ravel()]
        texts += [str(v) for v in table.value.index]
    return texts


def assert_as_text(at: AppTest, *shown: str) -> None:
    """No Markdown made of user text anywhere on the page, and each of ``shown`` is there
    as text (escaped)."""
    texts = markdown_texts(at)
    raw = [text for text in texts if any(fragment in text for fragment in RAW)]
    assert not raw, f"user text as Markdown: {raw[:3]}"
    for text in shown:
        assert any(escape_markdown(text) in value for value in texts), text


@pytest.fixture(scope="module")
def store():
    from store import open_store

    return open_store()


@pytest.fixture(scope="module")
def saved(store):
    """A scenario named NAME in the store (saved by an author with a hostile name)."""
    scenario = load_scenario(BASELINE).with_overrides(name=NAME, description=NAME)
    hostile = "Ida ![a](http://127.0.0.1:9/a)"
    store.save_scenario(scenario, actor=Actor(hostile, hostile, "planner"))
    return scenario


def test_scenario_page_shows_names_and_messages_as_text(saved):
    at = open_page(app(), "ui/pages/scenario.py")
    picker = at.selectbox[0]
    assert f"{NAME} (gemt, version 1)" in picker.options, "a select box shows plain text"
    picker.set_value("saved:" + NAME).run()
    assert not at.exception, at.exception
    assert at.session_state["draft"]["name"] == NAME
    next(b for b in at.button if b.label == "Gem scenarie").click().run()
    assert any("version 2" in s.value for s in at.success)
    assert_as_text(at, NAME)
    # another session saving the name is asked first: the question quotes the name
    second = open_page(app(), "ui/pages/scenario.py")
    second.session_state["draft"]["name"] = NAME
    second.session_state["draft_version"] += 1
    second.run()
    next(b for b in second.button if b.label == "Gem scenarie").click().run()
    assert any("findes allerede" in w.value for w in second.warning)
    assert_as_text(second, NAME)
    # a placement in unknown premises: the message quotes what was typed
    second.session_state["draft"]["placements"] = [
        {"team": "SOF-HP-NOR-BIS", "premises": NAME, "start": "2026-09-01", "end": "2026-12-31"}
    ]
    second.session_state["placements_rev"] = 7
    second.run()
    assert any("ukendt lokation" in e.value for e in second.error)
    assert_as_text(second, NAME)


def test_scenario_files_from_a_colleague_are_quoted_as_text():
    at = open_page(app(), "ui/pages/scenario.py")
    good = f"base: baseline.yaml\nname: {json.dumps(NAME)}\n".encode()
    at.file_uploader[0].set_value((FILE_NAME.replace(".csv", ".yaml"), good, "text/yaml")).run()
    assert not at.exception, at.exception
    assert any("er indlæst fra" in s.value for s in at.success)
    assert_as_text(at, NAME, FILE_NAME.replace(".csv", ".yaml"))
    bad = b"name: \xff\xfe\n"  # not UTF-8: the message names the file
    at.file_uploader[0].set_value((FILE_NAME.replace(".csv", ".yaml"), bad, "text/yaml")).run()
    assert any("blev ikke indlæst" in e.value for e in at.error)
    assert_as_text(at, FILE_NAME.replace(".csv", ".yaml"))


def test_run_sensitivity_and_method_pages_show_the_scenario_name_as_text():
    at = open_page(app(), "ui/pages/results.py")
    at.session_state["draft"]["name"] = NAME
    at.run()
    assert_as_text(at, NAME)
    assert_as_text(open_page(at, "ui/pages/sensitivity.py"), NAME)
    at = open_page(at, "ui/pages/method.py")
    sheet = at.table[0].value
    assert sheet.loc["Scenarie"].iloc[0] == escape_markdown(NAME), "st.table reads Markdown"
    assert_as_text(at, NAME)


def test_premises_page_quotes_file_and_set_names_as_text(store):
    at = open_page(app(), "ui/pages/premises.py")
    rows = [HEADER, good_row(**{"Navn": PREMISES_NAME})]
    at.file_uploader[0].set_value((FILE_NAME, csv_bytes(rows), "text/csv")).run()
    assert not at.exception, at.exception
    assert any("1 af 1 rækker er gyldige" in m.value for m in at.markdown)
    assert at.text_input[0].value == FILE_NAME.removesuffix(".csv"), "a field keeps plain text"
    next(b for b in at.button if b.label == "Gem forslagssæt").click().run()
    assert any("er gemt med 1 lokaliteter" in s.value for s in at.success)
    assert_as_text(at, FILE_NAME.removesuffix(".csv"))
    chosen = next(s for s in at.selectbox if s.label == "Forslagssæt")
    assert f"{FILE_NAME.removesuffix('.csv')} ({FILE_NAME})" in chosen.options  # plain
    set_id = max(s.id for s in store.list_option_sets() if s.file_name == FILE_NAME)
    chosen.set_value(set_id).run()
    next(b for b in at.button if b.label == "Brug i scenariet").click().run()
    assert any("kan nu vælges" in s.value for s in at.success)
    next(b for b in at.button if b.label == "Brug i scenariet").click().run()
    assert any("Sprunget over" in w.value for w in at.warning)
    assert_as_text(at, FILE_NAME.removesuffix(".csv"))
    # a file that cannot be read: the message quotes its name
    at.file_uploader[0].set_value((FILE_NAME, b"\x89PNG\r\n\x1a\n" + bytes(256), "text/csv"))
    at.run()
    assert any("Filen blev ikke læst" in e.value for e in at.error)
    assert_as_text(at, FILE_NAME)
    # the map: the premises' name (now in the scenario) in the hover text is text
    at = open_page(at, "ui/pages/map.py")
    found = strings(json.loads(at.get("plotly_chart")[0].proto.spec))
    assert not [s for s in found if any(fragment in s for fragment in HTML_RAW)]
    assert any(charts.plotly_text(PREMISES_NAME) in s for s in found)


@pytest.fixture(scope="module")
def stored_runs(store):
    def short(name, **changes):
        changes = {"calendar": SHORT, "replications": 2, **changes}
        return load_scenario(BASELINE).with_overrides(name=name, **changes)

    return save_run(store, short("Basis kort")), save_run(store, short(NAME))


def test_compare_page_shows_run_names_and_sentences_as_text(stored_runs):
    basis, hostile = stored_runs
    at = open_page(app(), "ui/pages/compare.py")
    at.multiselect(key="compare-runs").set_value([basis, hostile]).run()
    at.selectbox(key="compare-reference").set_value(basis).run()
    assert not at.exception, at.exception
    options = at.multiselect(key="compare-runs").options
    assert any(o.startswith(f"{NAME} – kørsel #{hostile}") for o in options), "plain text"
    lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert lines and lines[0].startswith("- " + escape_markdown(NAME)), lines
    assert any(m.value == f"**{escape_markdown(NAME)}**" for m in at.markdown)
    assert_as_text(at, NAME)
    # the table and the charts show the name as it is: no backslashes
    assert NAME in at.dataframe[0].value.columns
    for chart in at.get("plotly_chart"):
        spec = chart.proto.spec
        assert "\\\\[" not in spec and "<b>fed" not in spec.replace("\\u003c", "<")


# ---- plotly figures: charts, maps and the HTML report -------------------------------------


def strings(value) -> list[str]:
    """Every string in a figure's JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


HTML_RAW = ["<a ", "<b>", "<span", "$x$", "%{text}"]


def assert_figure_text(figure, *names: str) -> None:
    """No plotly markup made of user text, and each of ``names`` shown as it is."""
    found = strings(json.loads(figure.to_json()))
    raw = [s for s in found if any(fragment in s for fragment in HTML_RAW)]
    assert not raw, raw[:3]
    for name in names:
        assert any(charts.plotly_text(name) in s for s in found), name


def test_plotly_text_is_shown_as_the_text():
    for text in [*SAMPLES, PREMISES_NAME, "100 % af %{text}", "a &amp; b"]:
        escaped = charts.plotly_text(text)
        assert html.unescape(escaped) == text
        assert not re.search(r"[<>$%]|&(?!amp;|lt;|gt;|#36;|#37;)", escaped), escaped


def test_charts_escape_user_text_in_names_categories_and_hover_texts():
    placements = pd.DataFrame(
        [
            {
                "team": NAME,
                "premises": "%{text} " + PREMISES_ID,
                "start": "2026-09-01",
                "end": "2026-12-31",
            }
        ]
    )
    assert_figure_text(charts.placements_gantt(placements, {"premises": ""}, "da"), NAME)
    summary = pd.DataFrame({"area": [1], "mean": [0.9], "ci_low": [0.8], "ci_high": [1.0]})
    figure = charts.kpi_by_group(summary, "area", "Til tiden", "share", "da", {1: PREMISES_NAME})
    assert_figure_text(figure, PREMISES_NAME)
    heat = pd.DataFrame({"premises": [PREMISES_ID], "month": ["2026-09"], "ratio": [1.2]})
    assert_figure_text(charts.premises_heatmap(heat, "da"), PREMISES_ID)
    costs = pd.DataFrame(
        {"year": [2026], "run": [NAME], "mean": [1e6], "ci_low": [0], "ci_high": [2e6]}
    )
    assert_figure_text(charts.cost_by_year(costs, "da"), NAME)


def test_the_map_escapes_premises_and_option_names():
    from sim.inputs.dataset import load_dataset, with_premises_options
    from sim.inputs.scenario import PremisesOption
    from ui.figures.maps import scenario_map

    scenario = load_scenario(BASELINE)
    data = load_dataset(scenario.resolve_data_dir())
    option = PremisesOption(
        premises_id=PREMISES_ID,
        name=PREMISES_NAME,
        district=3,
        latitude=55.69,
        longitude=12.55,
        capacity_people=80,
        available_from=dt.date(2026, 6, 1),
        option_set=NAME,
    )
    options = pd.DataFrame([option.model_dump()])
    figure = scenario_map(scenario, data, SHORT_DAY, "on_time_share", None, options)
    assert_figure_text(figure, PREMISES_NAME, NAME)
    placed = with_premises_options(data, [option])
    figure = scenario_map(scenario, placed, SHORT_DAY, "on_time_share", {3: 0.9})
    assert_figure_text(figure, PREMISES_NAME)


SHORT_DAY = pd.Timestamp("2026-09-01").date()


def report_figures(report: str) -> list[dict]:
    """The data and layout of every figure the report draws (Plotly.newPlot's arguments)."""
    decoder = json.JSONDecoder()
    figures = []
    for match in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', report):
        data, end = decoder.raw_decode(report, match.end())
        layout, _ = decoder.raw_decode(report, report.index("{", end))
        figures.append({"data": data, "layout": layout})
    return figures


def test_the_html_reports_figures_escape_names():
    base = small_runs()
    hostile = {name: table.copy() for name, table in base["Nørrebro"].items()}
    hostile["premises"]["name"] = PREMISES_NAME
    runs = {"Basis": base["Basis"], NAME: hostile}
    report = comparison_html(runs, "Basis", "da")
    figures = report_figures(report)
    assert len(figures) >= 4
    found = [s for figure in figures for s in strings(figure)]
    raw = [s for s in found if any(fragment in s for fragment in HTML_RAW)]
    assert not raw, raw[:3]
    assert any(charts.plotly_text(NAME) in s for s in found)
    assert any(charts.plotly_text(PREMISES_NAME) in s for s in found)
    # and a hover template never carries the name itself (plotly would read %{...} in it)
    templates = [d.get("hovertemplate", "") for f in figures for d in f["data"]]
    assert not [h for h in templates if "Plan" in h or "Lok" in h]


# ---- in a real browser: nothing fetched, no link or image made of user text ----------------


class _Counter(BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self):  # the name http.server calls
        type(self).paths.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def listener():
    """A local HTTP server that counts every request made to it (URLs in names point here)."""
    counter = type("Counter", (_Counter,), {"paths": []})
    http = ThreadingHTTPServer(("127.0.0.1", 0), counter)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield http.server_address[1], counter.paths
    http.shutdown()
    http.server_close()


FIND_USER_MARKUP = """port => [...document.querySelectorAll('a, img, image, iframe, source')]
    .map(e => [e.getAttribute('href') || e.getAttribute('xlink:href') || e.getAttribute('src')
               || '', e.closest('p, li, div')?.outerHTML.slice(0, 2000)])
    .filter(([url]) => url.includes(':' + port) || url.includes('evil'))"""


def check_page(page, port: int, *literal: str) -> None:
    """No link or image to the listener or made of user text, the texts ``literal`` shown as
    they are, and no backslash of an escape visible."""
    assert page.evaluate(FIND_USER_MARKUP, port) == []
    body = page.locator("body").inner_text().replace(WORD_JOINER, "")
    for text in literal:
        assert text in body, text
    assert not re.search(r"\\[\[\]:$<>!*_`]", body), "an escape's backslash is shown"
    assert page.locator('[data-testid="stException"]').count() == 0


def go(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()


def test_pages_with_hostile_names_fetch_nothing_and_show_them_as_text(server, browser, listener):
    from store import open_store

    port, requests = listener
    name = (
        f"Plan ![x](http://127.0.0.1:{port}/md-image) [klik](http://127.0.0.1:{port}/md-link) "
        ":red[rød] $x$ <b>fed</b>"
    )
    marker = f"Lok{port}"  # unique: other tests' option sets are on the map too
    premises_name = f'<a href="http://127.0.0.1:{port}/plotly-link">{marker}</a> <b>fed</b>'
    option = {
        "premises_id": PREMISES_ID,
        "name": premises_name,
        "district": 3,
        "latitude": 55.718,
        "longitude": 12.585,
        "capacity_people": 40,
        "available_from": "2026-06-01",
        "available_to": "2027-12-31",
        "option_set": name,
    }
    move = {
        "team": "SOF-HP-NOR-BIS",
        "premises": PREMISES_ID,
        "start": "2026-06-10",
        "end": "2026-06-30",
    }
    scenario = load_scenario(BASELINE).with_overrides(
        name=name,
        description=name,
        calendar=SHORT,
        replications=2,
        premises_options=[option],
        placements=[move],
    )
    store = open_store()
    store.save_scenario(scenario, actor=Actor(name, name, "planner"))
    save_run(store, scenario)  # a stored run of that name for Sammenlign

    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server + "/scenario")
    page.get_by_text("Flyt en enhed").wait_for(timeout=60_000)
    # the picker's options are plain text: the name as it is
    page.get_by_role("combobox", name="Tag udgangspunkt i").click()
    page.get_by_role("option", name=f"{name} (gemt, version 1)").click()
    page.get_by_text("Placeringer over tid").wait_for(timeout=30_000)
    page.locator(".js-plotly-plot .bars path").first.wait_for(state="attached")
    check_page(page, port)

    go(page, "Kør / Resultater")
    page.get_by_role("button", name="Kør").click()
    page.get_by_text(re.compile(r"Færdig: 2 replikationer")).wait_for(timeout=180_000)
    check_page(page, port, name)
    # the heat map's premises: the id as text, not bold
    page.locator(".js-plotly-plot .ytick text").filter(has_text=PREMISES_ID).first.wait_for()
    wait_until_idle(page)  # the finished run's last redraw is over
    page.locator(".js-plotly-plot .ytick text").filter(has_text=PREMISES_ID).first.wait_for()
    check_page(page, port, name, PREMISES_ID)

    go(page, "Kort")
    plot = page.locator(".st-key-district-map .js-plotly-plot")
    plot.locator("path").nth(20).wait_for(state="attached", timeout=60_000)
    # hover over the premises marker: plotly's hover label is the name as text
    x, y = plot.evaluate(
        """(gd, name) => {
            const trace = gd._fullData.find(t => Array.isArray(t.text)
                && t.text.some(s => String(s).includes(name)));
            const i = trace.text.findIndex(s => String(s).includes(name));
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(trace.x[i]),
                    box.top + ya._offset + ya.l2p(trace.y[i])];
        }""",
        marker,
    )
    page.mouse.move(x, y)
    hover = plot.locator(".hoverlayer .hovertext")
    hover.first.wait_for(timeout=10_000)
    assert premises_name in hover.first.text_content()
    assert hover.first.locator("a").count() == 0 and hover.first.locator("b").count() == 0
    check_page(page, port)

    go(page, "Sammenlign")
    page.get_by_text("Kort fortalt").wait_for(timeout=60_000)
    page.locator(".js-plotly-plot .legendtext").first.wait_for(timeout=60_000)
    check_page(page, port, name)

    go(page, "Følsomhed")
    page.get_by_text("Udgangspunkt: scenariet").wait_for(timeout=60_000)
    check_page(page, port, name)
    page.close()
    assert requests == [], f"the browser fetched {requests[:3]} from a URL in a name"
