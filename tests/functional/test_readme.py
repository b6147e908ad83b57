"""Docs that run: the README's commands exist and its command-line examples work."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_exist_and_ci_calls_the_test_command():
    assert "./run.sh" in README and "./test.sh" in README
    for script in ("run.sh", "test.sh", "scripts/setup.sh", ".ci/run"):
        path = ROOT / script
        assert path.exists(), script
        assert path.stat().st_mode & 0o111, f"{script} is not executable"
    assert "test.sh" in (ROOT / ".ci" / "run").read_text()
    assert "pytest" in (ROOT / "test.sh").read_text()


def test_every_shipped_scenario_is_listed_in_the_readme():
    for path in (ROOT / "scenarios").glob("*.yaml"):
        assert f"`{path.name}`" in README, path.name


def test_readme_command_line_examples_parse_and_validate():
    examples = re.findall(r"^\.venv/bin/python -m sim (.+)$", README, flags=re.MULTILINE)
    assert len(examples) >= 3
    for example in examples:
        words = shlex.split(example)
        if words[0] == "run":  # check the scenario and options without running it
            words = ["validate", words[1]]
        done = subprocess.run(
            [sys.executable, "-m", "sim", *words],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, (example, done.stderr)


def test_the_readmes_python_example_runs():
    (block,) = re.findall(r"```pycon\n(.*?)```", README, flags=re.DOTALL)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 10
