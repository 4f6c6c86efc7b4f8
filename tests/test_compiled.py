"""The compiled rules engine (setup.py, game/compiled.py): a compiled module runs only while its source is the one
it was compiled from; the engine says how it runs."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys

import pytest

from game import compiled
from game.cli import main

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


@pytest.fixture
def package(tmp_path):
    """A package `rulesx` with a module `rule` as source, and a file where its compiled form would be."""
    root = tmp_path / "rulesx"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "rule.py").write_text("SAYS = 'source'\n")
    (root / f"rule{SUFFIX}").write_bytes(b"not a real module: never loaded by these tests")
    return root


def test_a_compiled_module_whose_source_is_unchanged_is_the_one_found(package):
    finder = compiled.Fresh({"rulesx.rule": compiled.fingerprint(package / "rule.py")}, packages=("rulesx",))
    spec = finder.find_spec("rulesx.rule", [str(package)])
    assert spec.origin.endswith(SUFFIX)
    assert finder.compiled == ["rulesx.rule"] and finder.changed == []


@pytest.mark.parametrize("built", [{"rulesx.rule": "0" * 64}, {}], ids=["source changed", "not in the list"])
def test_a_compiled_module_not_vouched_for_runs_from_its_source(package, built):
    finder = compiled.Fresh(built, packages=("rulesx",))
    spec = finder.find_spec("rulesx.rule", [str(package)])
    assert spec.origin == str(package / "rule.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.SAYS == "source"
    assert finder.changed == ["rulesx.rule"] and finder.compiled == []


def test_the_finder_leaves_other_modules_and_uncompiled_ones_alone(package):
    (package / f"rule{SUFFIX}").unlink()
    finder = compiled.Fresh({}, packages=("rulesx",))
    assert finder.find_spec("rulesx.rule", [str(package)]).origin == str(package / "rule.py")
    assert finder.find_spec("json", None) is None
    assert finder.compiled == [] and finder.changed == []


def test_the_game_runs_each_engine_module_compiled_exactly_while_its_source_is_unchanged():
    import game.ai.players  # noqa: F401  (the AI, and most of the engine)

    built = compiled.guard().built
    loaded = {name: module for name, module in sys.modules.items()
              if name.startswith(("game.core.", "game.ai.")) and getattr(module, "__file__", None)}
    assert "game.core.rules.supply" in loaded and "game.ai.commander" in loaded
    for name, module in loaded.items():
        source = compiled.source_of(name, module.__file__)
        fresh = name in built and compiled.fingerprint(source) == built[name]
        assert module.__file__.endswith(compiled.COMPILED_SUFFIXES) == fresh, name


def test_the_version_says_how_the_engine_runs(capsys, monkeypatch):
    finder = compiled.guard()
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    said = capsys.readouterr().out
    assert said.startswith("dushanbe ") and f"rules engine: {compiled.engine()}" in said
    root = compiled.Path(compiled.__file__).resolve().parent.parent
    supply = root / "game" / "core" / "rules" / "supply.py"
    monkeypatch.setattr(finder, "built", {"game.core.rules.supply": compiled.fingerprint(supply)})
    assert compiled.engine() == "compiled (1 module)"
    monkeypatch.setattr(finder, "built", {"game.core.rules.supply": "0" * 64})
    assert compiled.engine().endswith("run from their source (pip install -e . compiles them again): "
                                      "game.core.rules.supply")
    monkeypatch.setattr(finder, "built", {})
    assert compiled.engine().startswith("Python (not compiled")


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", ""], ids=["broken", "not a table", "empty"])
def test_a_list_of_compiled_modules_that_cannot_be_read_trusts_none(tmp_path, package, text):
    broken = tmp_path / "compiled.json"
    broken.write_text(text)
    finder = compiled.Fresh(compiled.read_manifest(broken), packages=("rulesx",))
    assert finder.find_spec("rulesx.rule", [str(package)]).origin == str(package / "rule.py")
    assert compiled.read_manifest(tmp_path / "missing.json") == {}
