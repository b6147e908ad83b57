"""``sim.model.day`` and ``sim.model.engine`` compiled with Cython: the same sources as two C
extensions, about a fifth faster (bench/bench_model.py --speed measures both).

The extensions are named after a hash of ``sim/model/engine.py`` and ``sim/model/day.py``, so an
edited source is never run from a stale build: until it is built again, the pure Python
modules run (with the same results, which tests/unit/test_compiled.py checks). The compiled
day imports the compiled engine: its copy's one ``from sim.model.engine import`` line names the
engine's extension instead (the engine's fast mode is most of a day's hot path).
``./run.sh`` and ``./test.sh`` build them; by hand:

    python -m sim.model.compiled          # build for the current source (if not built yet)
    python -m sim.model.compiled --check  # which one runs

Without a C compiler the build says so and everything runs as pure Python.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import shutil
import sys
import tempfile
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import ModuleType

SOURCE = Path(__file__).with_name("day.py")
ENGINE_SOURCE = Path(__file__).with_name("engine.py")
ENGINE_IMPORT = "from sim.model.engine import "  # in sim/model/day.py, exactly once
PACKAGE = "sim.model._compiled"
TARGET = Path(__file__).with_name("_compiled")
# Cython's own inference of C types for locals (doubles in the carers' arithmetic); the
# integers it may make C integers are positions and ids, far below 2**63
DIRECTIVES = {"language_level": 3, "infer_types": True}


def _sources_hash() -> str:
    digests = [hashlib.sha256(path.read_bytes()).digest() for path in (ENGINE_SOURCE, SOURCE)]
    return hashlib.sha256(b"".join(digests)).hexdigest()[:16]


def compiled_name() -> str:
    """The day's extension's module name for the current sources of ``sim/model/engine.py`` and
    ``sim/model/day.py``."""
    return "day_" + _sources_hash()


def engine_name() -> str:
    """The engine's extension's module name for the same sources."""
    return "engine_" + _sources_hash()


def day_source() -> str:
    """The source of ``sim/model/day.py`` as compiled: importing the compiled engine."""
    text = SOURCE.read_text()
    if text.count(ENGINE_IMPORT) != 1:
        raise RuntimeError(f"sim/model/day.py must have exactly one line {ENGINE_IMPORT!r}...")
    return text.replace(ENGINE_IMPORT, f"from {PACKAGE}.{engine_name()} import ")


@functools.cache
def day_module() -> ModuleType:
    """``sim.model.day`` compiled from its current sources if built, else ``sim.model.day``
    itself."""
    try:
        return importlib.import_module(f"{PACKAGE}.{compiled_name()}")
    except ImportError:
        return importlib.import_module("sim.model.day")


def is_compiled(module: ModuleType) -> bool:
    return module.__name__.startswith(PACKAGE + ".")


def build() -> Path:
    """Compile ``sim/model/engine.py`` and ``sim/model/day.py`` into ``sim/model/_compiled``
    (unless built for these sources already) and remove the builds of earlier sources. Returns the
    day's extension's path."""
    names = (engine_name(), compiled_name())
    built = [TARGET / (name + EXTENSION_SUFFIXES[0]) for name in names]  # this Python's kind
    if all(path.exists() for path in built):
        return built[1]
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    with tempfile.TemporaryDirectory() as tmp:
        engine, day = (Path(tmp) / f"{name}.py" for name in names)
        shutil.copy(ENGINE_SOURCE, engine)
        day.write_text(day_source())
        extensions = [
            Extension(f"{PACKAGE}.{name}", [str(source)])
            for name, source in zip(names, (engine, day), strict=True)
        ]
        modules = cythonize(extensions, compiler_directives=DIRECTIVES, build_dir=tmp, quiet=True)
        distribution = Distribution({"ext_modules": modules})
        command = distribution.get_command_obj("build_ext")
        command.build_lib = tmp
        command.build_temp = tmp
        distribution.run_command("build_ext")
        outputs = [next(Path(tmp).rglob(path.name)) for path in built]
        for old in [*TARGET.glob("day_*.so"), *TARGET.glob("engine_*.so")]:
            old.unlink()
        for output, path in zip(outputs, built, strict=True):
            shutil.copy(output, path)
        return built[1]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        module = day_module()
        print(f"{module.__name__}: {'compiled' if is_compiled(module) else 'pure Python'}")
        return 0
    try:
        path = build()
    except Exception as error:  # noqa: BLE001 - no compiler or headers: pure Python runs
        print(f"sim.model.day not compiled ({error}); it runs as pure Python", file=sys.stderr)
        return 0
    print(f"sim.model.day and sim.model.engine compiled: {path.relative_to(TARGET.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
