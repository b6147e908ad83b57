"""The app under Streamlit's AppTest (no browser): open it, go to a page, wait for a run."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def app(lang: str = "da") -> AppTest:
    """The app's first page in ``lang`` ("da" or "en")."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if lang != "da":
        at.session_state["lang"] = lang
        at.run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def until(at: AppTest, done, seconds: float = 180) -> AppTest:
    """Rerun the page until ``done(at)`` (a background run finishing)."""
    deadline = time.time() + seconds
    while not done(at):
        assert time.time() < deadline, "timed out waiting for the run"
        time.sleep(0.5)
        at.run()
        assert not at.exception, at.exception
    return at
