"""The one catalogue of words (sim.text.catalogue): every entry has both languages with the
same placeholders, every key the sources ask for is in it, and no code outside sim/text
chooses its words by comparing the language ("da"/"en") itself. Read from the sources'
syntax trees, not by grep."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sim.text.catalogue import CATALOGUE, Phrase, placeholders, text

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE_CODES = {"da", "en"}
# Functions that look words up by a key the caller is given (``t(key)``), not by a literal.
LOOKUPS = {"t", "t_plain", "text", "Phrase"}
# The modules that hold them: module name -> file.
CATALOGUE_MODULES = {"sim.text.catalogue": "sim/text/catalogue.py", "ui.i18n": "ui/i18n.py"}


def sources() -> list[Path]:
    found = [ROOT / "app.py"]
    for top in ("sim", "ui", "store"):
        found += [
            p
            for p in sorted((ROOT / top).rglob("*.py"))
            if "__pycache__" not in p.parts and "migrations" not in p.parts
        ]
    return found


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def language_comparisons(source: str, filename: str = "<probe>") -> list[str]:
    """Where ``source`` compares something with "da" or "en" (``lang == "da"``, ``"en" !=
    x``, ``lang in ("da", "en")``): the way words get chosen outside the catalogue."""
    found = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        constants = []
        for operand in operands:
            items = (
                operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else [operand]
            )
            constants += [c.value for c in items if isinstance(c, ast.Constant)]
        if LANGUAGE_CODES & {c for c in constants if isinstance(c, str)}:
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)}")
    return found


def _catalogue_names(tree: ast.AST, filename: str) -> tuple[set[str], set[str]]:
    """(functions, modules): the names under which ``tree`` reaches the catalogue's
    look-ups (``from ui.i18n import t``) and the modules that hold them (``from sim.text
    import catalogue``), so that e.g. SQLAlchemy's ``text("SELECT …")`` is left alone."""
    functions: set[str] = set()
    modules: set[str] = set()
    if filename in CATALOGUE_MODULES.values():
        functions |= LOOKUPS
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if node.module in CATALOGUE_MODULES and alias.name in LOOKUPS:
                    functions.add(alias.asname or alias.name)
                elif full in CATALOGUE_MODULES:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in CATALOGUE_MODULES:
                    modules.add(alias.asname or alias.name)
    return functions, modules


def looked_up_keys(source: str, filename: str = "<probe>") -> list[tuple[str, int, str]]:
    """(key, line, call) for every ``t("…")``, ``t_plain("…")``, ``text("…", …)`` and
    ``Phrase("…")`` with a literal key (also as ``i18n.t("…")``), the names resolved by
    the file's imports."""
    tree = ast.parse(source, filename)
    functions, modules = _catalogue_names(tree, filename)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func, first = node.func, node.args[0]
        if isinstance(func, ast.Name) and func.id in functions:
            name = func.id
        elif (
            isinstance(func, ast.Attribute)
            and func.attr in LOOKUPS
            and isinstance(func.value, ast.Name)
            and func.value.id in modules
        ):
            name = f"{func.value.id}.{func.attr}"
        else:
            continue
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((first.value, node.lineno, name))
    return found


def test_no_language_comparisons_outside_sim_text():
    found = []
    for path in sources():
        name = shown(path)
        if name.startswith("sim/text/"):
            continue
        found += language_comparisons(path.read_text(), name)
    assert not found, "words chosen by language outside the catalogue:\n" + "\n".join(found)


def test_the_checker_finds_a_ternary_in_a_probe():
    probe = (
        "def label(lang):\n"
        '    word = "tom værdi" if lang == "da" else "empty value"\n'
        '    other = {"da": 0}["en" if lang != "en" else "da"]\n'
        '    if lang in ("da", "en"):\n'
        "        return word\n"
        '    return t("page.results")\n'
    )
    found = language_comparisons(probe)
    assert sorted(line.split(":")[1] for line in found) == ["2", "3", "4"]
    assert language_comparisons('def f(x):\n    return x == "dansk"\n') == []


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert isinstance(entry, tuple) and len(entry) == 2, key
    da, en = entry
    assert isinstance(da, str) and da.strip(), f"{key}: no Danish text"
    assert isinstance(en, str) and en.strip(), f"{key}: no English text"
    assert placeholders(da) == placeholders(en), key


def test_every_literal_key_in_the_sources_is_in_the_catalogue():
    missing = []
    for path in sources():
        for key, line, call in looked_up_keys(path.read_text(), shown(path)):
            if key not in CATALOGUE:
                missing.append(f"{shown(path)}:{line}: {call}({key!r})")
    assert not missing, "keys not in the catalogue:\n" + "\n".join(missing)


def test_the_key_checker_finds_a_missing_key_in_a_probe():
    probe = (
        "from sqlalchemy import text as sql\n"
        "from sim.text.catalogue import text\n"
        "from ui import i18n\n"
        "from ui.i18n import t\n"
        'a = t("page.results")\n'
        'b = text("no.such.key", "da")\n'
        "c = i18n.t_plain(name)\n"
        'd = sql("SELECT 1")\n'
        'e = i18n.t_plain("page.map")\n'
    )
    keys = looked_up_keys(probe)
    assert sorted((line, k) for k, line, _ in keys) == [
        (5, "page.results"),
        (6, "no.such.key"),
        (9, "page.map"),
    ]
    assert [k for k, _, _ in keys if k not in CATALOGUE] == ["no.such.key"]


def test_text_in_both_languages_with_values():
    assert text("page.results", "da") == "Kør / Resultater"
    assert text("page.results", "en") == "Run / Results"
    assert text("admin.restored", "da", name="A") == "'A' er gendannet."
    assert text("admin.restored", "en", name=Phrase("kind.scenario")) == (
        "'scenario' has been restored."
    )


def test_a_missing_key_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="no.such.key"):
        text("no.such.key", "da")
    with pytest.raises(KeyError, match="no.such.key"):
        Phrase("no.such.key")
