"""Imports run one way: every import in game/ (inside functions too) is one the layer table allows, and the table in
docs/architecture.md says the same."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVERYTHING = {"core", "cache", "scenario", "ai", "files", "faults", "sim", "replay", "play", "online", "env", "ui",
              "cli"}
# Each part of the game, and the parts it may import (game/__init__.py, the version numbers, is open to all).
ALLOWED = {
    "core": set(),
    "cache": set(),
    "scenario": {"core", "cache"},
    "ai": {"core", "cache"},
    "files": {"scenario"},
    "faults": set(),
    "sim": {"core", "ai", "scenario", "files", "faults"},
    "replay": {"core", "scenario", "files", "faults", "sim", "ai"},
    "play": {"core", "scenario", "files", "faults", "sim", "ai", "replay"},
    "online": {"core", "scenario", "files", "faults", "sim", "ai", "replay", "play"},
    "env": {"core", "scenario", "ui"},
    "ui": EVERYTHING - {"ui", "cli", "env"},
    "cli": EVERYTHING - {"cli"},
}
PARTS = {"__main__": "cli"}


def part(module: str) -> str | None:
    names = module.split(".")
    if names[0] != "game" or len(names) == 1:
        return None
    return PARTS.get(names[1], names[1])


def imports() -> dict[str, set[tuple[str, str]]]:
    """For each part, the parts it imports and where."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in sorted((ROOT / "game").rglob("*.py")):
        me = part(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                other = part(name)
                if me and other and other != me:
                    found.setdefault(me, set()).add((other, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def test_no_part_imports_one_above_it():
    wrong = [f"{where}: {me} imports {other}" for me, seen in imports().items() for other, where in sorted(seen)
             if other not in ALLOWED[me]]
    assert not wrong, "\n".join(wrong)


def test_the_scanner_sees_imports_inside_functions():
    found = imports()
    assert any(other == "sim" and "chain" in where for other, where in found["replay"])  # in verify_chain()
    assert any(other == "ai" and "formats" in where for other, where in found["replay"])  # inside _player()


def test_the_architecture_table_says_what_the_code_allows():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`game/"):
            name = re.match(r"`game/(\w+)", cells[0]).group(1)
            rows[PARTS.get(name, name)] = cells[2]
    for me, allowed in ALLOWED.items():
        cell = rows[me]
        said = EVERYTHING - {me} - set(re.findall(r"but (\w+)", cell.split(";")[0])) if cell.startswith("everything") else \
            {p for p in EVERYTHING if re.search(rf"\b{p}\b", cell.split(";")[0])}
        said -= {"cli"} if me != "cli" else set()
        assert said == allowed, f"docs/architecture.md says {me} may import {sorted(said)}; the code allows {sorted(allowed)}"


WITHOUT_PYGAME = ("game.ui.texts", "game.ui.words", "game.ui.sighttext", "game.ui.palette", "game.ui.unittypes")  # what the panels say


def test_what_the_panels_and_dialogs_say_is_built_without_pygame():
    """The unit, hex, siege, points and result texts (and the words and colours they use) are plain functions of
    the state: a fresh process imports them, and they build a panel's text, with pygame never loaded."""
    import subprocess
    import sys

    script = ("import sys\n"
              f"import {', '.join(WITHOUT_PYGAME)}\n"
              "from game.core.setup import make_setup, new_game\n"
              "from game.scenario.validate import load_scenario\n"
              "loaded = load_scenario('scenarios/dushanbe_1922.yaml')\n"
              "state, _ = new_game(make_setup(loaded.scenario, loaded.rules), 1)\n"
              "unit = next(iter(state.units.values()))\n"
              "assert 'men' in game.ui.texts.unit_html(state, unit, own=True)\n"
              "assert 'How points are earned' in game.ui.texts.standing_html(state)\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygame', 'pygame_gui')))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout


HEAVY = ("numpy", "scipy", "pandas", "matplotlib", "dask", "pygame")  # each costs a tenth of a second or more to load


def test_a_headless_game_loads_no_heavy_library():
    """`dushanbe simulate` plays a whole game without numpy, scipy and the rest (their loading alone took longer
    than the start-up's budget of 0.3 s): the core, the AI and the game loop use the standard library."""
    import subprocess
    import sys

    script = ("import sys\n"
              "from game.cli import main\n"
              "main(['simulate', 'scenarios/dushanbe_1922.yaml', '--seed', '3'])\n"
              f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout
