"""The checked-in JSON Schema is the one `dushanbe schema` prints, and it validates the scenarios."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_checked_in_schema_is_up_to_date():
    out = subprocess.run([sys.executable, "-m", "game", "schema"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0
    with open(os.path.join(ROOT, "scenarios", "scenario.schema.json")) as handle:
        checked_in = json.load(handle)
    assert json.loads(out.stdout) == checked_in, "run `dushanbe schema --out scenarios/scenario.schema.json`"


def test_schema_names_the_scenario_sections():
    with open(os.path.join(ROOT, "scenarios", "scenario.schema.json")) as handle:
        schema = json.load(handle)
    assert {"calendar", "map", "sides", "victory", "history", "rules"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_schema_lets_a_map_be_another_scenarios():
    with open(os.path.join(ROOT, "scenarios", "scenario.schema.json")) as handle:
        schema = json.load(handle)
    shapes = schema["properties"]["map"]["anyOf"]
    assert any(s.get("required") == ["same_as"] for s in shapes) and any("$ref" in s for s in shapes)
