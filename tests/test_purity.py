"""The rules core stays pure: no pygame, no I/O, no clock, no global random.

See docs/architecture.md: `game.core` never imports pygame, does no I/O, reads no clock
and never touches the global `random` module; only `game.ui` imports pygame.
"""

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"
CORE = GAME / "core"
UI = GAME / "ui"

# Modules the core must not import at all, and why.
CORE_BANNED_MODULES = {
    "random": "the global random generator (use the state's Dice)",
    "secrets": "an unseeded random source",
    "time": "the clock",
    "os": "the operating system (files, environment)",
    "io": "file I/O",
    "pathlib": "file I/O",
    "shutil": "file I/O",
    "tempfile": "file I/O",
    "glob": "file I/O",
    "socket": "the network",
    "urllib": "the network",
    "http": "the network",
    "subprocess": "other processes",
    "importlib": "dynamic imports that dodge this scan",
    "pygame": "the UI library",
    "pygame_gui": "the UI library",
}
CORE_BANNED_CALLS = {
    "open": "file I/O",
    "print": "output (return events instead)",
    "input": "console input",
    "__import__": "dynamic imports that dodge this scan",
}
CLOCK_ATTRS = {"now", "utcnow", "today"}  # datetime.now(), date.today(), ...
FILE_METHODS = {"open", "read_text", "write_text", "read_bytes", "write_bytes"}  # Path(...).open() etc.
SYS_CONSTANTS = {"maxsize", "float_info", "version_info"}  # harmless sys.* reads
UI_MODULES = {"pygame", "pygame_gui"}


def _py_files(top: Path):
    return sorted(p for p in top.rglob("*.py") if "__pycache__" not in p.parts)


def _where(path: Path, node: ast.AST) -> str:
    try:
        name = path.relative_to(ROOT)
    except ValueError:
        name = path
    return f"{name}:{node.lineno}"


def _imported_modules(node: ast.AST) -> list[str]:
    """Absolute module names an import statement brings in (top level first)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        # `from x import y` may import submodule x.y too.
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def _banned(module: str, banned) -> str | None:
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        if ".".join(parts[:i]) in banned:
            return ".".join(parts[:i])
    if "random" in parts[1:]:  # numpy.random and the like
        return "random"
    return None


def core_offences(path: Path, source: str) -> list[str]:
    """Every impurity in one core source file, as 'file:line: what'."""
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        for module in _imported_modules(node):
            hit = _banned(module, CORE_BANNED_MODULES)
            if hit:
                reason = CORE_BANNED_MODULES.get(hit, CORE_BANNED_MODULES["random"])
                found.append(f"{_where(path, node)}: imports {module} ({reason})")
                break
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CORE_BANNED_CALLS:
            found.append(f"{_where(path, node)}: calls {node.func.id}() ({CORE_BANNED_CALLS[node.func.id]})")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in CLOCK_ATTRS:
                found.append(f"{_where(path, node)}: reads the clock (.{node.func.attr}())")
            elif node.func.attr in FILE_METHODS:
                found.append(f"{_where(path, node)}: file I/O (.{node.func.attr}())")
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in ("os", "random", "time", "sys")
                and not (node.value.id == "sys" and node.attr in SYS_CONSTANTS)):
            found.append(f"{_where(path, node)}: uses {node.value.id}.{node.attr}")
    return sorted(set(found), key=lambda s: (s.split(":")[0], int(s.split(":")[1])))


def ui_import_offences(path: Path, source: str) -> list[str]:
    """Every import of pygame or pygame_gui in one file, as 'file:line: what'."""
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        for module in _imported_modules(node):
            if module.split(".")[0] in UI_MODULES:
                found.append(f"{_where(path, node)}: imports {module} (only game/ui may)")
                break
        if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str) and node.args[0].value.split(".")[0] in UI_MODULES
                and ((isinstance(node.func, ast.Name) and node.func.id == "__import__")
                     or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"))):
            found.append(f"{_where(path, node)}: imports {node.args[0].value} dynamically (only game/ui may)")
    return found


# -- the scanners themselves catch what they should ---------------------------

BAD_CORE = textwrap.dedent("""\
    import random
    from random import randint
    import time
    from time import perf_counter
    import datetime as dt
    when = dt.datetime.now()
    day = dt.date.today()
    f = open("x")
    import os
    os.remove("x")
    import socket
    import subprocess
    print("hi")
    import numpy.random
    from os import path
    text = some_path.read_text()
    """)


def test_core_scanner_catches_each_offence_on_its_line():
    offences = core_offences(Path("bad.py"), BAD_CORE)
    lines = {int(o.split(":")[1]) for o in offences}
    assert lines == set(range(1, 17)) - {5}, offences
    assert all(o.startswith("bad.py:") for o in offences)


def test_core_scanner_passes_clean_code():
    clean = textwrap.dedent("""\
        import math
        import datetime as dt
        from dataclasses import dataclass
        from game.core.dice import Dice
        start = dt.date(1922, 1, 20) + dt.timedelta(days=3)
        rolled = Dice.seeded(1).roll()
        """)
    assert core_offences(Path("clean.py"), clean) == []


def test_ui_scanner_catches_pygame_imports():
    source = textwrap.dedent("""\
        import os
        import pygame
        from pygame_gui.elements import UIButton
        import pygame.locals as pl
        import importlib
        mod = importlib.import_module("pygame_gui")
        from game.ui import app
        """)
    offences = ui_import_offences(Path("bad.py"), source)
    assert [int(o.split(":")[1]) for o in offences] == [2, 3, 4, 6], offences


# -- the real tree ------------------------------------------------------------


def test_core_files_exist():
    names = {p.name for p in _py_files(CORE)}
    assert {"hexgrid.py", "dice.py", "orders.py", "engine.py", "state.py"} <= names


def test_core_is_pure():
    offences = [o for path in _py_files(CORE) for o in core_offences(path, path.read_text(encoding="utf-8"))]
    assert not offences, "impure code in game/core:\n" + "\n".join(offences)


def test_only_ui_imports_pygame():
    outside = [p for p in _py_files(GAME) if UI not in p.parents]
    assert any(CORE in p.parents for p in outside)
    offences = [o for path in outside for o in ui_import_offences(path, path.read_text(encoding="utf-8"))]
    assert not offences, "pygame imported outside game/ui:\n" + "\n".join(offences)


IMPORT_ALL_CORE = """
import importlib, json, pkgutil, sys
import game.core
names = ["game.core"]
for info in pkgutil.walk_packages(game.core.__path__, "game.core."):
    importlib.import_module(info.name)
    names.append(info.name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def test_importing_core_leaves_pygame_out():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_CORE], cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    imported, loaded = report["imported"], set(report["loaded"])
    expected = {"game.core." + p.relative_to(CORE).with_suffix("").as_posix().replace("/", ".")
                for p in _py_files(CORE) if p.name != "__init__.py"}
    assert expected <= set(imported), sorted(expected - set(imported))
    leaked = sorted(m for m in loaded if m.split(".")[0] in UI_MODULES or m == "game.ui" or m.startswith("game.ui."))
    assert not leaked, f"importing game.core loaded {leaked}"


def test_a_setup_holds_nothing_of_the_scenario_file():
    """make_setup reads the validated scenario into the core's own frozen data (core/brief.py): the rules never
    touch the file's pydantic objects."""
    import dataclasses

    import pydantic

    from game.core.brief import Brief
    from game.core.setup import make_setup
    from game.scenario.validate import load_scenario

    def walk(value, where):
        assert not isinstance(value, pydantic.BaseModel), f"{where} is the file's {type(value).__name__}"
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f"{where}.{f.name}")
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}[{k!r}]")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")

    for name in ("dushanbe_1922", "denov_relief_column", "flight_1926"):
        loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
        setup = make_setup(loaded.scenario, loaded.rules)
        assert isinstance(setup.scenario, Brief)
        walk(setup.scenario, name)
        walk(setup.board, f"{name} board")
