"""The app, page by page, with Streamlit's AppTest (a real script run, no browser)."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

import pytest
from streamlit.testing.v1 import AppTest

from sim.analysis.verdict import verdict_sentence
from store.access import Actor
from tests.apptest import app, open_page, until
from ui import keys
from ui.runs import registry

PAGES = [
    "ui/pages/overview.py",
    "ui/pages/scenario.py",
    "ui/pages/premises.py",
    "ui/pages/results.py",
    "ui/pages/compare.py",
    "ui/pages/map.py",
    "ui/pages/method.py",
]
SHORT = {
    "start": "2026-06-01",
    "end": "2026-07-31",
    "flyt1": "2026-06-01",
    "flyt2": "2026-07-01",
    "physical_merge": "2026-07-15",
}


def metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return values[0]


def short_draft(at: AppTest, **changes) -> None:
    """Make the session's draft quick to run (the draft exists once a page has used it)."""
    at.session_state["draft"]["calendar"] = dict(SHORT)
    at.session_state["draft"]["replications"] = 2
    for key, value in changes.items():
        at.session_state["draft"][key] = value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(page):
    at = open_page(app(), page)
    assert at.title, "every page has a title"


def test_overview_shows_the_plan_and_the_baselines_headline_results():
    at = app()
    assert metric(at, "Borgere der flytter") == "5.000"
    assert metric(at, "Budget flyttet (helår 2026)") == "721.432.000 kr."
    until(at, lambda a: any(s.value.startswith("Færdig") for s in a.success))
    on_time = metric(at, "Besøg til tiden")
    assert re.fullmatch(r"\d{2},\d %", on_time), on_time
    assert 80 < float(on_time.split()[0].replace(",", ".")) <= 100
    assert any("Illustrative data" in c.value for c in at.caption)


def add_placement(at: AppTest, team: str, premises: str, start: str, end: str) -> AppTest:
    """Use the 'Flyt en enhed' form, as a leader would."""
    at.selectbox(key="move-team").set_value(team)
    at.selectbox(key="move-premises").set_value(premises)
    at.date_input(key="move-start").set_value(dt.date.fromisoformat(start))
    at.date_input(key="move-end").set_value(dt.date.fromisoformat(end))
    next(b for b in at.button if b.label == "Tilføj placering").click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_invalid_placement_is_explained_and_the_edits_are_kept():
    at = open_page(app(), "ui/pages/scenario.py")
    at.text_input[0].set_value("Mit scenarie").run()
    add_placement(at, "SOF-HP-NOR-BIS", "NY-NOR", "2026-06-01", "2026-12-31")
    text = " ".join(e.value for e in at.error)
    assert "placements.0.start" in text and "først ledig fra 2026-09-01" in text
    add_placement(at, "SOF-HP-NOR-BIS", "SUF-P-03", "2026-10-01", "2027-01-31")
    text = " ".join(e.value for e in at.error)
    assert "placements.1" in text and "allerede placeret 2026-10-01" in text
    placements = at.session_state["draft"]["placements"]
    assert [p["premises"] for p in placements] == ["NY-NOR", "SUF-P-03"]
    assert at.session_state["draft"]["name"] == "Mit scenarie"
    at = open_page(at, "ui/pages/results.py")
    assert any("ugyldigt" in w.value for w in at.warning)
    # fixing the first placement's date makes the scenario valid, the rest kept
    at = open_page(at, "ui/pages/scenario.py")
    at.session_state["draft"]["placements"] = [
        dict(placements[0], start="2026-09-01", end="2026-09-30"),
        placements[1],
    ]
    at.session_state["placements_rev"] = 99
    at.run()
    assert not at.error and any("gyldigt" in s.value for s in at.success)


def test_run_shows_kpis_with_confidence_intervals_and_reuses_a_finished_run():
    at = open_page(app(), "ui/pages/results.py")
    move = {
        "team": "SOF-HP-NOR-BIS",
        "premises": "SUF-P-03",
        "start": "2026-06-15",
        "end": "2026-07-31",
    }
    short_draft(at, placements=[move])
    at.run()
    at.button[0].click().run()
    until(at, lambda a: any(s.value.startswith("Færdig: 2") for s in a.success))
    assert re.fullmatch(r"\d{2},\d %", metric(at, "Besøg til tiden"))
    assert float(metric(at, "Spidsbelægning / kapacitet").replace(",", ".")) > 1
    assert any(c.value.startswith("95 %-KI") for c in at.caption)
    # costs by budget year, and the verdict against the baseline run with the same seeds
    until(at, lambda a: any("budget" in m.value for m in [*a.success, *a.warning]))
    verdicts = [m.value for m in [*at.success, *at.warning] if "budget" in m.value]
    assert any(v.startswith("2026 (jun.–jul.)\\: ") for v in verdicts), verdicts
    assert all("Service mod Basis\\: " in v for v in verdicts), verdicts
    # the sentence the verdict module makes of the verdict stored with the run
    handle = registry().get(at.session_state[keys.RUN])
    stored = [verdict_sentence(row, "da") for row in handle.verdicts().to_dict("records")]
    assert [v.replace("\\", "") for v in verdicts] == stored
    costs = next(df.value for df in at.dataframe if df.value.index.name == "Post")
    assert list(costs.columns) == ["2026 (jun.–jul.)"]
    # the same scenario again: the finished run is shown at once, not computed twice
    at.button[0].click().run()
    assert any("kørt før" in i.value for i in at.info)
    at = open_page(at, "ui/pages/map.py")
    assert not at.info or all("Kør scenariet" not in i.value for i in at.info)


def test_english_labels():
    at = app()
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Merging home care and nursing"
    assert metric(at, "Citizens moving") == "5,000"


def test_two_sessions_are_isolated():
    first, second = open_page(app(), "ui/pages/results.py"), app()
    short_draft(first, name="Første brugers scenarie")
    first.run()
    first.button[0].click().run()
    second = open_page(second, "ui/pages/results.py")
    assert second.session_state["draft"]["name"] == "Basis"
    assert "run_key" not in second.session_state
    assert any("ikke kørt" in i.value for i in second.info)
    until(first, lambda a: any(s.value.startswith("Færdig") for s in a.success))


def test_a_saved_option_set_goes_into_the_scenario_and_onto_the_map():
    """An option set saved earlier (a planner's upload) is listed, taken into the draft,
    offered in the placement form, and drawn on the map; an id already used is skipped."""
    from sim.inputs.premises_upload import read_premises, template_bytes
    from store import open_store

    upload = read_premises(template_bytes(".xlsx"), "kandidater.xlsx")
    assert upload.ok
    store = open_store()
    ida = Actor("ida@kk.dk", "Ida", "planner")
    store.save_option_set("Kandidater AppTest", "kandidater.xlsx", upload.premises, actor=ida)
    at = open_page(app(), "ui/pages/premises.py")
    listed = next(df.value for df in at.dataframe if "Fil" in df.value.columns)
    assert "Kandidater AppTest" in set(listed["Navn"]) and "Ida" in set(listed["Af"])
    chosen = next(s for s in at.selectbox if s.label == "Forslagssæt")
    set_id = max(s.id for s in store.list_option_sets() if s.name == "Kandidater AppTest")
    chosen.set_value(set_id).run()
    next(b for b in at.button if b.label == "Brug i scenariet").click().run()
    assert not at.exception, at.exception
    assert any("1 lokaliteter fra 'Kandidater AppTest'" in s.value for s in at.success)
    options = at.session_state["draft"]["premises_options"]
    assert [o["premises_id"] for o in options] == ["NY-EKSEMPEL"]
    assert options[0]["option_set"] == "Kandidater AppTest"
    # the same set again: the id is taken, so nothing changes silently
    next(b for b in at.button if b.label == "Brug i scenariet").click().run()
    assert any("NY-EKSEMPEL" in w.value for w in at.warning)
    assert len(at.session_state["draft"]["premises_options"]) == 1
    # the scenario page offers the option and a placement in it validates
    at = open_page(at, "ui/pages/scenario.py")
    offered = at.selectbox(key="move-premises").options
    assert "Kandidat Amager Vest (eksempel) (80 pladser) – forslag" in offered
    add_placement(at, "SUF-HP-10", "NY-EKSEMPEL", "2027-01-01", "2027-05-31")
    assert not at.error and any("gyldigt" in s.value for s in at.success)
    at = open_page(at, "ui/pages/map.py")
    shown = next(m for m in at.multiselect if m.label == "Vis forslag fra")
    assert set_id in shown.value
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    diamonds = [d for d in figure["data"] if d.get("name") == "Forslag"]
    assert diamonds == [] or "NY-EKSEMPEL" not in str(diamonds), "used options are not options"


def test_saving_asks_before_replacing_and_a_conflict_is_explained():
    from store import open_store
    from ui.state import SAVED

    at = open_page(app(), "ui/pages/scenario.py")
    name = f"Gemt i AppTest {time.time_ns()}"
    at.session_state["draft"]["name"] = name
    at.session_state["draft_version"] += 1  # the form starts afresh from the draft
    at.run()
    save = next(b for b in at.button if b.label == "Gem scenarie")
    save.click().run()
    assert any(f"Gemt som '{name}', version 1." in s.value for s in at.success)
    # someone else saves the same name meanwhile: this session's save is a conflict
    store = open_store()
    other = store.load_scenario(name).with_overrides(description="fra en kollega")
    colleague = Actor("kollega@kk.dk", "Kollega", "planner")
    store.save_scenario(other, replace=True, expected_version=1, actor=colleague)
    next(b for b in at.button if b.label == "Gem scenarie").click().run()
    assert any("gemt af en anden i mellemtiden (version 2)" in e.value for e in at.error)
    assert [v.version for v in store.scenario_versions(name)] == [1, 2]
    # a fresh session saving the name asks first, then replaces and keeps the earlier ones
    second = open_page(app(), "ui/pages/scenario.py")
    second.session_state["draft"]["name"] = name
    second.session_state["draft_version"] += 1
    second.run()
    next(b for b in second.button if b.label == "Gem scenarie").click().run()
    assert any("findes allerede et scenarie" in w.value for w in second.warning)
    assert [v.version for v in store.scenario_versions(name)] == [1, 2]
    next(b for b in second.button if b.label.startswith("Erstat")).click().run()
    assert any(f"Gemt som '{name}', version 3." in s.value for s in second.success)
    assert [v.author for v in store.scenario_versions(name)][1] == "Kollega"
    # the saved scenario can be picked as a starting point
    second.run()
    picker = second.selectbox[0]
    assert f"{name} (gemt, version 3)" in picker.options
    assert picker.value == SAVED + name, "the draft is now the saved scenario"


def test_compare_saved_runs_paired_and_unpaired_and_run_one_again():
    from store import open_store
    from tests.functional.test_saved_runs import MOVE, save_run, short
    from tests.functional.test_saved_runs import SHORT as SHORT_RUN

    store = open_store()
    basis = save_run(store, short("Basis kort"))
    moved = save_run(store, short("Flyt Nørrebro", placements=[MOVE]))
    shorter = {**SHORT_RUN, "end": "2026-06-25"}  # another period too
    other_seeds = save_run(store, short("Basis, andre seeds", seed=100, calendar=shorter))
    at = open_page(app(), "ui/pages/compare.py")
    at.multiselect(key="compare-runs").set_value([basis, moved]).run()
    at.selectbox(key="compare-reference").set_value(basis).run()
    assert not at.exception, at.exception
    lines = [m.value for m in at.markdown if m.value.startswith("- Flyt Nørrebro")]
    assert len(lines) == 1 and "Basis kort (95 %-KI" in lines[0], lines
    assert any("parrede" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Basis kort", "Flyt Nørrebro", "Flyt Nørrebro − reference"]
    assert table.index.name == "Nøgletal" and "Besøg til tiden" in table.index
    assert re.fullmatch(r"\d{2},\d %( \(.+\))?", table.loc["Besøg til tiden", "Basis kort"])
    # a run with other seeds cannot be paired: it says so
    at.multiselect(key="compare-runs").set_value([basis, moved, other_seeds]).run()
    assert not at.exception, at.exception
    assert any("kan ikke parres" in w.value for w in at.warning)
    assert any("forskellige perioder" in w.value for w in at.warning)
    assert any("uden for kørslens periode" in c.value for c in at.caption)
    # a saved run can be run again: its scenario becomes the draft on the run page
    at.selectbox(key="compare-again").set_value(moved).run()
    next(b for b in at.button if b.label == "Indlæs og kør igen").click().run()
    assert not at.exception, at.exception
    assert at.session_state["draft"]["name"] == "Flyt Nørrebro"
    assert at.session_state["draft"]["placements"][0]["premises"] == "SUF-P-03"
    # ... simulated again from scratch (not the stored result), and said to be identical
    assert not any("resultatet er hentet" in i.value for i in at.info)
    at.switch_page("ui/pages/results.py")  # AppTest's next run is the page it was on
    until(at, lambda a: any("Kørt igen fra bunden" in s.value for s in a.success), 300)
    assert any(f"identisk med den gemte kørsel #{moved}." in s.value for s in at.success)


def test_sensitivity_tornado_runs_in_the_background_and_stores_its_points():
    from store import open_store

    at = open_page(app(), "ui/pages/sensitivity.py")
    short_draft(at, calendar={**SHORT, "end": "2026-06-30", "flyt2": "2026-06-20"})
    at.session_state["draft"]["calendar"]["physical_merge"] = "2026-06-25"
    at.run()
    at.multiselect(key="sweep-picked-one-at-a-time").set_value(
        ["parameters.absence_rate", "parameters.staff_multiplier"]
    ).run()
    at.number_input(key="sweep-reps").set_value(2).run()
    assert any(c.value == "5 punkter, 10 replikationer i alt." for c in at.caption)
    before = len(open_store().list_runs(limit=10_000))
    next(b for b in at.button if b.label == "Start analysen").click().run()
    until(at, lambda a: any(s.value == "Færdig: 5 punkter." for s in a.success))
    table = next(df.value for df in at.dataframe if "Antagelse" in df.value.columns)
    assert set(table["Antagelse"]) == {
        "Fravær (andel af vagter)",
        "Bemanding i forhold til vagtplan",
    }
    assert all(re.fullmatch(r"[+-]\d+,\d .*pp", v) for v in table["Effekt ved høj (95 %-KI)"])
    assert any(c.value == "5 punkter er gemt som kørsler." for c in at.caption)
    assert len(open_store().list_runs(limit=10_000)) == before + 5


def test_a_sensitivity_analysis_can_be_stopped_and_saves_nothing():
    from store import open_store

    at = open_page(app(), "ui/pages/sensitivity.py")
    short_draft(at)
    at.run()
    before = len(open_store().list_runs(limit=10_000))
    next(b for b in at.button if b.label == "Start analysen").click().run()
    stop = next(b for b in at.button if b.label == "Stop")
    stop.click().run()
    until(at, lambda a: any(w.value.startswith("Stoppet efter") for w in a.warning))
    assert not any(s.value.startswith("Færdig") for s in at.success)
    assert len(open_store().list_runs(limit=10_000)) == before
