"""One upload limit, said in the user's language, and uploads let go of once read (issue
#12): the browser, the app and the command line agree on 10,000,000 bytes for premises
files; a file over an uploader's limit reaches the app and is refused in Danish (English
in English) naming the file; the limit is written under every uploader; and after a file
is read neither Streamlit's upload manager nor the session keeps its bytes.

The memory check reads the real server's own accounting (``/_stcore/metrics``: the bytes
its upload manager holds, and the size of the session state), once, after the last upload
was read and the script had finished: a count, not a timing or a resident-memory figure
(freed memory is not always given back to the operating system, so RSS would not show it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import urllib.request

import pytest
from streamlit.testing.v1 import AppTest

from sim.inputs.premises_upload import MAX_UPLOAD_BYTES, read_premises
from tests.apptest import app, open_page
from tests.browsers import streamlit_server, wait_until_idle
from tests.conftest import ROOT
from tests.functional.test_premises_upload import danish_csv

APP = str(ROOT / "app.py")
BINARY = b"\x89PNG\r\n\x1a\n"  # refused at once as neither CSV nor Excel


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, content, "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


# ---- one limit ----------------------------------------------------------------------------


def test_the_app_and_the_command_line_read_up_to_10_000_000_bytes(tmp_path):
    assert MAX_UPLOAD_BYTES == 10_000_000
    at_limit = read_premises(BINARY + bytes(MAX_UPLOAD_BYTES - len(BINARY)), "a.csv")
    assert "for stor" not in " ".join(at_limit.messages)  # refused, but for what it is
    over = read_premises(bytes(MAX_UPLOAD_BYTES + 1), "a.csv")
    assert "for stor" in " ".join(over.messages)
    for size, too_big in ((MAX_UPLOAD_BYTES, False), (MAX_UPLOAD_BYTES + 1, True)):
        path = tmp_path / f"stor-{size}.csv"
        with path.open("wb") as handle:
            handle.truncate(size)
        result = subprocess.run(
            [sys.executable, "-m", "sim", "validate-premises", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 2 and ("for stor" in result.stderr) is too_big, result


def test_the_browser_lets_a_file_just_over_every_limit_reach_the_app():
    """server.maxUploadSize is in MB: 1,000,000 bytes in the browser on Linux and macOS,
    1,048,576 on Windows and on the server. Above every uploader's own limit in all of them,
    the app's check is the one that speaks."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    megabytes = config["server"]["maxUploadSize"]
    assert megabytes * 1_000_000 > MAX_UPLOAD_BYTES, "a file just over the limit must reach the app"
    assert megabytes * 1_000_000 <= 20_000_000, "but no large files into memory"


def test_a_premises_file_over_the_limit_is_refused_in_danish_naming_it():
    at = open_page(app(), "ui/pages/premises.py")
    upload(at, "kandidater.csv", bytes(MAX_UPLOAD_BYTES + 1))
    assert [e.value for e in at.error] == [
        "Filen blev ikke læst:\n\n- Filen 'kandidater.csv' er for stor (10.000.001 bytes); den "
        "må højst fylde 10 MB (10.000.000 bytes). Del den op, eller fjern tomme rækker og "
        "andre ark."
    ]
    assert not [b for b in at.button if b.label == "Gem forslagssæt"]
    upload(at, "kandidater.csv", danish_csv())  # the next file is read as usual
    assert any(m.value == "2 af 2 rækker er gyldige." for m in at.markdown)
    assert not at.error


def test_a_premises_file_over_the_limit_is_refused_in_english():
    at = open_page(app("en"), "ui/pages/premises.py")
    upload(at, "candidates.xlsx", bytes(MAX_UPLOAD_BYTES + 1))
    (message,) = [e.value for e in at.error]
    assert message.endswith(
        "- The file 'candidates.xlsx' is too big (10,000,001 bytes); it may be at most 10 MB "
        "(10,000,000 bytes). Split it, or remove empty rows and other sheets."
    )


def test_a_scenario_file_over_its_limit_is_refused_in_danish_naming_it():
    at = open_page(app(), "ui/pages/scenario.py")
    upload(at, "forslag.yaml", b"name: x\n" + b"#" * (MAX_UPLOAD_BYTES - 7))
    (message,) = [e.value for e in at.error]
    assert message == (
        "Scenariefilen blev ikke indlæst (dit scenarie er uændret):\n\n- Filen 'forslag.yaml' "
        "er for stor (10.000.001 bytes); den må højst fylde 10 MB (10.000.000 bytes). En "
        "scenariefil fylder normalt få kilobytes. Tjek, at det er den rigtige fil."
    )
    assert at.session_state["draft"]["name"] == "Basis"


def test_every_uploader_says_its_limit_in_the_users_language():
    for lang, premises, scenario in (
        (
            "da",
            "Højst 10 MB (10.000.000 bytes) pr. fil · CSV, XLSX, TXT",
            "Højst 10 MB (10.000.000 bytes) pr. fil · YAML, YML",
        ),
        (
            "en",
            "At most 10 MB (10,000,000 bytes) per file · CSV, XLSX, TXT",
            "At most 10 MB (10,000,000 bytes) per file · YAML, YML",
        ),
    ):
        at = open_page(app(lang), "ui/pages/premises.py")
        assert len(at.file_uploader) == 1 and premises in [c.value for c in at.caption]
        at = open_page(at, "ui/pages/scenario.py")
        assert len(at.file_uploader) == 1 and scenario in [c.value for c in at.caption]


# ---- uploads let go of ----------------------------------------------------------------------


def test_after_a_file_is_read_the_uploader_is_empty_and_the_session_keeps_no_bytes():
    at = open_page(app(), "ui/pages/premises.py")
    first = at.file_uploader[0].key
    upload(at, "kandidater.csv", danish_csv())
    assert any(m.value == "2 af 2 rækker er gyldige." for m in at.markdown)
    assert at.file_uploader[0].key != first and at.file_uploader[0].value is None
    held = {
        key: type(value).__name__
        for key, value in at.session_state.to_dict().items()
        if isinstance(value, bytes | bytearray | memoryview)
        or type(value).__name__ == "UploadedFile"
    }
    assert not held, held
    # what was read stays: the planner can still save the set
    next(b for b in at.button if b.label == "Gem forslagssæt").click().run()
    assert any("er gemt med 2 lokaliteter" in s.value for s in at.success)


# ---- in a real browser, against the real server ----------------------------------------------


@pytest.fixture(scope="module")
def server():
    # the session state's size in the metrics is its deep size only with this option
    with streamlit_server("--server.enableExpensiveMemoryStats", "true") as url:
        yield url


def memory(url: str) -> dict[str, int]:
    """The server's cache_memory_bytes metrics by cache type (uploads, session state …)."""
    with urllib.request.urlopen(url + "/_stcore/metrics?families=cache_memory_bytes") as r:
        text = r.read().decode()
    found = re.findall(r'cache_memory_bytes\{cache_type="([^"]+)",cache="[^"]*"\} (\d+)', text)
    totals: dict[str, int] = {}
    for kind, size in found:
        totals[kind] = totals.get(kind, 0) + int(size)
    return totals


def file_input(page):
    return page.locator('[data-testid="stFileUploader"] input[type="file"]')


def test_uploads_are_refused_in_danish_and_let_go_of(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/premises")
    page.get_by_text("Hent skabelon (Excel)").wait_for(timeout=60_000)
    # the limit in Danish under the uploader, and not Streamlit's English line
    page.get_by_text("Højst 10 MB (10.000.000 bytes) pr. fil · CSV, XLSX, TXT").wait_for()
    instructions = page.locator('[data-testid="stFileUploaderDropzoneInstructions"]')
    instructions.wait_for(state="attached")  # the uploader is drawn once its code has loaded
    instructions.wait_for(state="hidden", timeout=10_000)  # once the page's style applies
    assert instructions.count() == 1
    assert "per file" not in page.locator("body").inner_text()

    # just over the limit: the app, not the browser, refuses it, in Danish
    file_input(page).set_input_files(
        {"name": "stor.csv", "mimeType": "text/csv", "buffer": bytes(MAX_UPLOAD_BYTES + 1)}
    )
    page.get_by_text(
        "Filen 'stor.csv' er for stor (10.000.001 bytes); den må højst fylde 10 MB "
        "(10.000.000 bytes)."
    ).wait_for(timeout=60_000)
    assert page.get_by_text("File must be").count() == 0

    # files of 9.5 MB, one after another, each read and let go of
    for n in range(6):
        content = os.urandom(9_500_000)
        file_input(page).set_input_files(
            {"name": f"fil-{n}.csv", "mimeType": "text/csv", "buffer": content}
        )
        page.get_by_text(f"fil-{n}.csv: filen er hverken en CSV-fil").wait_for(timeout=60_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Scenarie", exact=True).click()
    page.get_by_text("Højst 10 MB (10.000.000 bytes) pr. fil · YAML, YML").wait_for(timeout=60_000)
    for n in range(2):
        file_input(page).set_input_files(
            {"name": f"forslag-{n}.yaml", "mimeType": "text/yaml", "buffer": bytes(10_000_001)}
        )
        page.get_by_text(f"Filen 'forslag-{n}.yaml' er for stor (10.000.001 bytes)").wait_for(
            timeout=60_000
        )
    wait_until_idle(page)
    held = memory(server)
    assert held.get("UploadedFileManager", 0) == 0, held
    assert held.get("st_session_state", 0) < 9_500_000, held  # no file in the session
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
