"""The model's fingerprint changes with any model source file (found recursively) and
with SimPy's and the holidays package's versions, and not with the words, the formats or
the command line."""

from __future__ import annotations

import shutil

from sim import __version__
from sim.run.fingerprint import PACKAGE, fingerprint, model_sources, model_version


def copy_of_the_model(tmp_path):
    root = tmp_path / "sim"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    return root


def test_changing_one_constant_in_the_model_changes_the_fingerprint(tmp_path):
    root = copy_of_the_model(tmp_path)
    before = fingerprint(root, "4.1.2")
    assert fingerprint(root, "4.1.2") == before, "the same sources give the same hash"
    day = root / "model" / "day.py"
    day.write_text(day.read_text() + "\nSOME_CONSTANT = 2\n")
    after = fingerprint(root, "4.1.2")
    day.write_text(day.read_text().replace("SOME_CONSTANT = 2", "SOME_CONSTANT = 3"))
    assert len({before, after, fingerprint(root, "4.1.2")}) == 3


def test_a_module_in_a_subpackage_counts_and_words_do_not(tmp_path):
    root = copy_of_the_model(tmp_path)
    before = fingerprint(root, "4.1.2")
    (root / "text" / "formats.py").write_text("# another way to write numbers\n")
    (root / "__main__.py").write_text("# another command line\n")
    assert fingerprint(root, "4.1.2") == before
    (root / "engine_parts").mkdir()
    (root / "engine_parts" / "queue.py").write_text("LIMIT = 1\n")
    assert fingerprint(root, "4.1.2") != before
    assert root / "engine_parts" / "queue.py" in model_sources(root)


def test_another_simpy_is_another_model(tmp_path):
    root = copy_of_the_model(tmp_path)
    assert fingerprint(root, "4.1.2") != fingerprint(root, "4.1.1")


def test_another_holidays_package_is_another_model(tmp_path):
    """Its data say which days run as weekend days."""
    root = copy_of_the_model(tmp_path)
    assert fingerprint(root, "4.1.2", "0.105") != fingerprint(root, "4.1.2", "0.104")


def test_the_model_version_is_the_release_and_the_fingerprint():
    release, _, short = model_version().partition("+")
    assert release == __version__ and short == fingerprint()[:12]
    assert len(model_version()) <= 40  # the store's column


def test_a_run_saved_by_the_model_before_a_change_is_shown_as_made_by_another(tmp_path):
    from sim.inputs.scenario import load_scenario
    from store import open_store, run_staleness
    from tests.conftest import BASELINE

    root = copy_of_the_model(tmp_path)
    before = f"{__version__}+{fingerprint(root)[:12]}"
    assert before == model_version(), "the copy is today's model"
    day = root / "model" / "day.py"
    day.write_text(day.read_text() + "\nSOME_CONSTANT = 2\n")
    changed = f"{__version__}+{fingerprint(root)[:12]}"

    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        scenario = load_scenario(BASELINE)
        today = store.load_run(store.start_run(scenario, "d" * 16))
        other = store.load_run(store.start_run(scenario, "d" * 16, model_version=changed))
    finally:
        store.close()
    assert today.model_version == model_version() and run_staleness(today, "d" * 16) == []
    assert run_staleness(other, "d" * 16) == [
        f"Modellen er ændret, siden kørslen blev lavet (version {changed}, nu {model_version()})."
    ]
