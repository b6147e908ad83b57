"""End to end in a real browser: Debian's Chromium driven by Playwright, against the app
served by `streamlit run` on localhost. A leader moves a team, runs, and reads the result.
"""

from __future__ import annotations

import re
import time

from tests.browsers import wait_until_idle


def test_leader_moves_a_team_runs_and_sees_results_and_map(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + "/scenario")
    page.get_by_text("Flyt en enhed").wait_for(timeout=60_000)

    # move SOF home care Nørrebro/Bispebjerg into SUF's Nørrebro premises from 1 Sep 2026
    form = page.locator('[data-testid="stForm"]')
    form.locator('[data-testid="stSelectbox"]').nth(0).click()
    page.keyboard.type("SOF Hjemmepleje Nørrebro")
    page.keyboard.press("Enter")
    form.locator('[data-testid="stSelectbox"]').nth(1).click()
    page.keyboard.type("SUF Hjemme- og sygepleje Nørrebro")
    page.keyboard.press("Enter")
    form.locator('[data-testid="stDateInput"]').nth(0).locator('[data-type="day"]').click()
    page.keyboard.type("01092026")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Tilføj placering").click()
    page.get_by_text("Scenariet er gyldigt").wait_for(timeout=30_000)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.get_by_text("SUF-P-03").wait_for(state="attached", timeout=10_000)  # canvas grid
    replications = page.get_by_label("Replikationer")
    replications.fill("3")
    replications.press("Enter")
    time.sleep(1)

    page.locator('[data-testid="stSidebarNav"]').get_by_text("Kør / Resultater").click()
    page.get_by_role("button", name="Kør").click()
    page.get_by_text(re.compile(r"Færdig: 3 replikationer")).wait_for(timeout=180_000)
    on_time = page.locator('[data-testid="stMetric"]').filter(has_text="Besøg til tiden")
    assert re.search(r"\d{2},\d %", on_time.inner_text())
    peak = page.locator('[data-testid="stMetric"]').filter(has_text="Spidsbelægning")
    value = float(re.search(r"(\d+,\d+)", peak.inner_text()).group(1).replace(",", "."))
    assert value > 1, "99 people at 07:00 in premises for 62 are over capacity"

    page.locator('[data-testid="stSidebarNav"]').get_by_text("Kort").click()
    # the map's own chart (the results page's charts linger while the page changes), with
    # its district shapes drawn: waits for the 21st path (ten districts, premises, lines)
    shapes = page.locator(".st-key-district-map .js-plotly-plot path")
    shapes.nth(20).wait_for(state="attached", timeout=60_000)
    assert page.get_by_text("Kør scenariet for at farve").count() == 0  # coloured by results
    external = [
        u
        for u in requests
        if not u.startswith(server) and not u.startswith("data:") and not u.startswith("blob:")
    ]
    assert not external, f"the app asked the internet for {external[:3]}"


def test_switching_to_english_relabels_the_form_without_losing_it(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/scenario")
    page.get_by_text("Flyt en enhed").wait_for(timeout=60_000)
    assert page.get_by_role("combobox", name="Transportform").input_value() == "Cykel"
    page.get_by_text("English").click()
    page.get_by_text("Move a team").wait_for(timeout=30_000)
    assert page.get_by_role("combobox", name="Travel mode").input_value() == "Bicycle"
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_planner_uploads_an_invalid_then_a_valid_premises_file(server, browser, tmp_path):
    """Through the Lokaliteter page: every problem named by row and column, the valid rows
    kept only when the planner says so, a refused file changes nothing, and the saved sets
    are listed with their file names."""
    from playwright.sync_api import expect

    from tests.functional.test_premises_upload import HEADER, csv_bytes, danish_csv, good_row

    invalid = tmp_path / "kandidater-med-fejl.csv"
    invalid.write_bytes(
        csv_bytes(
            [
                HEADER,
                good_row(),
                good_row(**{"Lokations-id": "NY-X", "Kapacitet (personer)": "0"}),
                good_row(**{"Lokations-id": "NY-Y", "Bydel": "12"}),
            ]
        )
    )
    valid = tmp_path / "kandidater.csv"
    valid.write_bytes(danish_csv())
    binary = tmp_path / "billede.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/premises")
    page.get_by_text("Hent skabelon (Excel)").wait_for(timeout=60_000)
    upload = page.locator('[data-testid="stFileUploader"] input[type="file"]')

    upload.set_input_files(str(invalid))
    page.get_by_text("1 af 3 rækker er gyldige.").wait_for(timeout=30_000)
    page.get_by_text("Filen har 2 problem(er)").wait_for()
    problems = page.locator('[data-testid="stDataFrame"]').first
    problems.get_by_text(
        "kandidater-med-fejl.csv, række 3, kolonne 'Kapacitet (personer)': må ikke være under 1",
        exact=False,
    ).wait_for(state="attached", timeout=10_000)
    problems.get_by_text("række 4, kolonne 'Bydel': ukendt bydel", exact=False).wait_for(
        state="attached"
    )
    save = page.get_by_role("button", name="Gem forslagssæt")
    assert save.is_disabled(), "invalid rows are not saved without the planner's choice"
    page.get_by_text("Gem kun de 1 gyldige rækker").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('button')].some("
        "b => b.innerText.includes('Gem forslagssæt') && !b.disabled)"
    )
    save.click()
    page.get_by_text("Forslagssættet 'kandidater-med-fejl' er gemt med 1 lokaliteter.").wait_for(
        timeout=30_000
    )

    upload.set_input_files(str(binary))
    page.get_by_text("Filen blev ikke læst").wait_for(timeout=30_000)
    expect(page.get_by_role("button", name="Gem forslagssæt")).to_have_count(0)

    upload.set_input_files(str(valid))
    page.get_by_text("2 af 2 rækker er gyldige.").wait_for(timeout=30_000)
    page.get_by_role("button", name="Gem forslagssæt").click()
    page.get_by_text("Forslagssættet 'kandidater' er gemt med 2 lokaliteter.").wait_for(
        timeout=30_000
    )
    sets = page.locator('[data-testid="stDataFrame"]').filter(has_text="Uploadet").first
    # listed (the served app's store is shared by the tests of one process: an earlier
    # test may have saved a set from a file of the same name)
    sets.get_by_text("kandidater.csv", exact=True).first.wait_for(state="attached", timeout=10_000)
    sets.get_by_text("kandidater-med-fejl.csv", exact=True).first.wait_for(state="attached")
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_a_scenario_file_from_a_colleague_is_validated_before_it_replaces_the_draft(
    server, browser, tmp_path
):
    """Scenario page: an invalid YAML file is explained and changes nothing; a valid one
    becomes the scenario being built."""
    from playwright.sync_api import expect

    invalid = tmp_path / "fra-kollega-med-fejl.yaml"
    invalid.write_text(
        "base: baseline.yaml\nname: Kollegas forslag\nparameters:\n  absence_rate: 0.9\n",
        encoding="utf-8",
    )
    valid = tmp_path / "fra-kollega.yaml"
    valid.write_text(
        "base: merged-may-2027.yaml\nname: Kollegas forslag\nreplications: 3\n", encoding="utf-8"
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/scenario")
    page.get_by_text("Flyt en enhed").wait_for(timeout=60_000)
    upload = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    upload.set_input_files(str(invalid))
    page.get_by_text("Scenariefilen blev ikke indlæst (dit scenarie er uændret)").wait_for(
        timeout=30_000
    )
    page.get_by_text("felt 'parameters.absence_rate': må højst være", exact=False).wait_for()
    wait_until_idle(page)  # the page's run is over: no stale uploader or field beside it
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Basis")
    upload.set_input_files(str(valid))
    page.get_by_text("Scenariet 'Kollegas forslag' er indlæst fra fra-kollega.yaml.").wait_for(
        timeout=30_000
    )
    wait_until_idle(page)
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Kollegas forslag")
    expect(page.get_by_label("Replikationer")).to_have_value("3")
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
