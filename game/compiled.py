"""The compiled engine and AI: a compiled module runs only while its source is the one it was compiled from.

The build (setup.py) compiles game/core and game/ai with Cython where it can and lists each module it compiled,
with its source's fingerprint, in game/compiled.json.  Python loads a compiled module before its source, so after
an edit to a rule the old rule would run; `Fresh`, first among the import system's finders for those packages,
runs such a module from its source instead (`pip install -e .` compiles it again).  Nothing here changes what a game does:
the compiled modules and their sources play the same games.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

PACKAGES = ("game.core", "game.ai")  # what the build compiles: the rules engine and the AI that plays it
MANIFEST = Path(__file__).with_name("compiled.json")
COMPILED_SUFFIXES = tuple(importlib.machinery.EXTENSION_SUFFIXES)


def fingerprint(path: Path) -> str:
    """A source file's fingerprint: the SHA-256 of its bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def source_of(name: str, beside: str | Path) -> Path:
    """The source file of module `name`, in the folder of `beside` (its compiled file, or any file there)."""
    return Path(beside).with_name(name.rpartition(".")[2] + ".py")


class Fresh:
    """Finds the modules of `packages`: compiled where the compiled module's source is unchanged since the build
    (`built`: module -> its source's fingerprint then), else from the source; notes which ran from which."""

    def __init__(self, built: dict[str, str], packages: tuple[str, ...] = PACKAGES):
        self.built, self.prefix = built, tuple(package + "." for package in packages)
        self.compiled: list[str] = []
        self.changed: list[str] = []  # compiled, but their source changed since: run from the source

    def find_spec(self, name: str, path=None, target=None):
        if not name.startswith(self.prefix):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not (spec.origin or "").endswith(COMPILED_SUFFIXES):
            return spec
        source = source_of(name, spec.origin)
        if self.changed_since(name, source):
            self.changed.append(name)
            return importlib.util.spec_from_file_location(name, source)
        self.compiled.append(name)
        return spec

    def changed_since(self, name: str, source: Path) -> bool:
        """Whether module `name` was not compiled from `source` as it is now (a compiled module without its source
        is trusted)."""
        return source.exists() and self.built.get(name) != fingerprint(source)

    def invalidate_caches(self) -> None:
        """(The import system's call: nothing kept to forget.)"""


def pure() -> bool:
    """DUSHANBE_PURE is set: the build compiles nothing, the game trusts nothing compiled."""
    return os.environ.get("DUSHANBE_PURE", "") not in ("", "0")


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """The modules the build compiled, with their sources' fingerprints (none if it compiled none, or the list
    cannot be read: then no compiled module is trusted)."""
    try:
        built = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return built if isinstance(built, dict) else {}


def guard() -> Fresh:
    """Put the finder first among the import system's (once) and return it.  With DUSHANBE_PURE=1 it trusts no
    compiled module: the engine runs from its source (to profile it, or to read a traceback line by line)."""
    for finder in sys.meta_path:
        if isinstance(finder, Fresh):
            return finder
    finder = Fresh({} if pure() else read_manifest())
    sys.meta_path.insert(0, finder)
    return finder


def engine() -> str:
    """How the rules engine runs, in words (`dushanbe --version`, the benchmarks)."""
    finder = guard()
    built = finder.built
    if not built:
        return "Python (DUSHANBE_PURE is set)" if pure() else "Python (not compiled; setup.py says when it is)"
    root = Path(__file__).resolve().parent.parent
    changed = sorted(name for name in built if finder.changed_since(name, root / (name.replace(".", "/") + ".py")))
    modules = f"{len(built)} module{'s' if len(built) != 1 else ''}"
    if not changed:
        return f"compiled ({modules})"
    return f"compiled ({modules}), but {len(changed)} changed since and run from their source " \
           f"(pip install -e . compiles them again): {', '.join(changed)}"
