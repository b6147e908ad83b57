import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = ROOT / "scenarios" / "baseline.yaml"

from tests.browsers import browser, server  # noqa: E402, F401 - fixtures for every module


def pytest_configure(config):
    """Tests never touch the user's database: the app's store is a fresh SQLite file per
    test process (the store's own tests pass their URLs explicitly)."""
    folder = tempfile.mkdtemp(prefix="kapacitet-test-")
    os.environ["KAPACITET_DATABASE_URL"] = f"sqlite:///{folder}/app.sqlite"
    os.environ.pop("KAPACITET_DASK_SCHEDULER", None)
