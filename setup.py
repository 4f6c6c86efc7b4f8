"""The build: the game is Python; its rules engine and AI (game/core, game/ai) are also compiled by Cython where
they can be.

Compiled, the engine applies orders about a tenth faster and a batch runs a seventh faster (docs/performance.md),
and they play the same games: the modules are Cython's translation of the same source, and the golden games are
checked against them.  Where there is
no C compiler, on Windows (whose C `long` is 32 bits, which Cython's arithmetic was not tested with), or with
`DUSHANBE_PURE=1`, the game installs as Python alone.  A module that fails to compile is left as Python.

The build lists each module it compiled with its source's fingerprint in game/compiled.json; game/compiled.py
runs a compiled module only while its source is still the one it was compiled from (so an edit to a rule after
`pip install -e .` is run, from the source, until the next install compiles it again).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
READ: dict[str, str] = {}  # module -> its source's fingerprint when Cython read it (an edit after is not vouched for)


def sources() -> dict[str, str]:
    """module name -> its source file (relative), for every module of the compiled packages but the packages'
    own __init__ files."""
    found = {}
    for package in checker().PACKAGES:
        for path in sorted((ROOT / package.replace(".", "/")).rglob("*.py")):
            if path.name != "__init__.py":
                relative = path.relative_to(ROOT)
                found[".".join(relative.with_suffix("").parts)] = relative.as_posix()
    return found


def wanted() -> str:
    """Why the engine is not compiled ("" if it is to be)."""
    if checker().pure():
        return "DUSHANBE_PURE is set"
    if sys.platform == "win32":
        return "not on Windows"
    if sys.implementation.name != "cpython":
        return f"not on {sys.implementation.name}"
    try:
        import Cython  # noqa: F401
    except ImportError:
        return "Cython is not installed"
    return ""


class BuildEngine(build_ext):
    """build_ext, in parallel, quickly (the modules spend their time in Python's own calls: -O1 runs as fast as -O3
    and compiles in a third of the time), each module optional, then the list of what was compiled."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1

    def build_extensions(self) -> None:
        if self.compiler.compiler_type == "unix":
            for ext in self.extensions:
                ext.extra_compile_args = ["-O1", "-g0"]
        super().build_extensions()
        self.write_manifest()

    def run(self) -> None:
        try:
            super().run()  # (setuptools builds in build_lib, then copies the modules into the source tree if in place)
        except Exception as exc:  # (no compiler could be set up at all)
            not_compiled(str(exc))
            return
        if self.inplace and self.extensions:
            self.copy_file(*self.manifest_copy())

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # (setuptools skips an optional module that fails to compile, not a missing compiler)
            print(f"{ext.name} is not compiled ({exc}): it runs as Python", file=sys.stderr)

    def manifest_copy(self) -> tuple[str, str]:
        """Where the build writes game/compiled.json, and where it goes when built in place (an editable install)."""
        name = checker().MANIFEST.name
        in_source = Path(self.get_finalized_command("build_py").get_package_dir("game")) / name
        return str(Path(self.build_lib) / "game" / name), str(in_source)

    def get_output_mapping(self) -> dict[str, str]:
        built, in_source = self.manifest_copy()
        return {**super().get_output_mapping(), **({built: in_source} if self.extensions and self.inplace else {})}

    def get_outputs(self) -> list[str]:
        extra = [self.manifest_copy()[0]] if self.extensions and not self.inplace else []
        return super().get_outputs() + extra

    def write_manifest(self) -> None:
        """game/compiled.json where the modules were put: each compiled module and its source's fingerprint."""
        done = {name: mark for name, mark in READ.items() if Path(self.get_ext_fullpath(name)).exists()}
        target = Path(self.manifest_copy()[0])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(done, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"compiled {len(done)} of {len(sources())} modules of the rules engine and the AI", file=sys.stderr)


def not_compiled(why: str) -> None:
    print(f"the rules engine and the AI are not compiled ({why}): the game runs as Python alone", file=sys.stderr)


def extensions() -> list[Extension]:
    why = wanted()
    if why:
        not_compiled(why)
        return []
    from Cython.Build import cythonize

    modules = [Extension(name, [source], optional=True) for name, source in sources().items()]
    READ.update({name: checker().fingerprint(ROOT / source) for name, source in sources().items()})
    try:
        return cythonize(modules, build_dir="build/cython", quiet=True, nthreads=os.cpu_count() or 1,
                         compiler_directives={"language_level": 3, "annotation_typing": False})
    except Exception as exc:  # (Cython could not translate a module: the game is whole without any)
        not_compiled(f"Cython: {exc}")
        return []


@functools.cache
def checker():
    """game/compiled.py, loaded by its path (the build does not import the game): its fingerprint is the one the
    game checks."""
    spec = importlib.util.spec_from_file_location("_dushanbe_compiled", ROOT / "game" / "compiled.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildEngine})
