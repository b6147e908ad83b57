"""Debian's Chromium driven by Playwright, against the app served by ``streamlit run`` on
localhost: the pieces every browser test shares (the fixtures ``server`` and ``browser``
are given to every test module by tests/conftest.py)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args: list[str], env: dict, url: str) -> subprocess.Popen:
    """``streamlit run`` in the project with ``args`` (and ``env`` added to this one's);
    returns once ``url`` answers its health check."""
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", *args, "--server.headless", "true"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
    )
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            pass
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode())
        assert time.time() < deadline, "the app did not start"
        time.sleep(0.5)


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


@contextlib.contextmanager
def streamlit_server(*options: str, env: dict | None = None) -> Iterator[str]:
    """The app (app.py) on a free port of 127.0.0.1 with Streamlit ``options``; its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_server(
        ["app.py", "--server.port", str(port), "--server.address", "127.0.0.1", *options],
        env or {},
        url,
    )
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert os.path.exists(CHROMIUM), "Debian's chromium is needed: ./test.sh installs it"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def wait_until_idle(page) -> None:
    """Until the app's script has finished its run (after a widget changed)."""
    page.locator('[data-test-script-state="notRunning"]').wait_for(state="attached", timeout=60_000)
