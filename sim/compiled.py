"""``sim.day`` compiled with Cython: the same source as a C extension, about a fifth
faster (bench/bench_model.py --speed measures both).

The extension is named after a hash of ``sim/day.py``, so an edited source is never run
from a stale build: until it is built again, the pure Python module runs (with the same
results, which tests/test_compiled.py checks). ``./run.sh`` and ``./test.sh`` build it;
by hand:

    python -m sim.compiled          # build for the current source (if not built yet)
    python -m sim.compiled --check  # which one runs

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
PACKAGE = "sim._compiled"
TARGET = Path(__file__).with_name("_compiled")
# Cython's own inference of C types for locals (doubles in the carers' arithmetic); the
# integers it may make C integers are positions and ids, far below 2**63
DIRECTIVES = {"language_level": 3, "infer_types": True}


def compiled_name() -> str:
    """The extension's module name for the current source of ``sim/day.py``."""
    return "day_" + hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]


@functools.cache
def day_module() -> ModuleType:
    """``sim.day`` compiled from its current source if built, else ``sim.day`` itself."""
    try:
        return importlib.import_module(f"{PACKAGE}.{compiled_name()}")
    except ImportError:
        return importlib.import_module("sim.day")


def is_compiled(module: ModuleType) -> bool:
    return module.__name__.startswith(PACKAGE + ".")


def build() -> Path:
    """Compile ``sim/day.py`` into ``sim/_compiled`` (unless built for this source
    already) and remove the builds of earlier sources. Returns the extension's path."""
    name = compiled_name()
    built = TARGET / (name + EXTENSION_SUFFIXES[0])  # this Python's own kind of extension
    if built.exists():
        return built
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.py"
        shutil.copy(SOURCE, source)
        extension = Extension(f"{PACKAGE}.{name}", [str(source)])
        modules = cythonize([extension], compiler_directives=DIRECTIVES, build_dir=tmp, quiet=True)
        distribution = Distribution({"ext_modules": modules})
        command = distribution.get_command_obj("build_ext")
        command.build_lib = tmp
        command.build_temp = tmp
        distribution.run_command("build_ext")
        (output,) = Path(tmp).rglob(built.name)
        for old in TARGET.glob("day_*.so"):
            old.unlink()
        return Path(shutil.copy(output, built))


def main(argv: list[str]) -> int:
    if "--check" in argv:
        module = day_module()
        print(f"{module.__name__}: {'compiled' if is_compiled(module) else 'pure Python'}")
        return 0
    try:
        path = build()
    except Exception as error:  # no compiler, no headers: the pure module runs instead
        print(f"sim.day not compiled ({error}); it runs as pure Python", file=sys.stderr)
        return 0
    print(f"sim.day compiled: {path.relative_to(TARGET.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
