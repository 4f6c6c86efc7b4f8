"""Scenario validation: every bad input is a FILE:LINE: problem saying what to fix, never a traceback."""

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from game.scenario.problems import InputError
from game.scenario.validate import base_rules_data, load_scenario
from game.scenario.textfile import MAX_BYTES, MAX_DEPTH

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "data" / "mini.yaml"
TEXT = MINI.read_text(encoding="utf-8")
LINE_RE = re.compile(r"^(?P<file>.+?):(?:(?P<line>[1-9]\d*):)? (?P<message>.+)$")  # no line number, or a real one: never FILE:0:


# -- helpers -------------------------------------------------------------------
def edit(old: str, new: str, text: str = TEXT) -> str:
    """`text` with the one occurrence of `old` replaced."""
    assert text.count(old) == 1, f"{old!r} is not unique in the fixture"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line of `text` containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}"
    return hits[0]


def write(tmp_path: Path, content: str | bytes, name: str = "scenario.yaml") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return str(path)


def problems(path: str) -> list:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    found = info.value.problems
    assert found, "an InputError must carry at least one problem"
    assert all(p.file == path for p in found), found
    return found


def one_problem(path: str, line: int, *words: str):
    """The single error in `path`: on `line`, its message containing each of `words`."""
    found = [p for p in problems(path) if p.severity == "error"]
    assert len(found) == 1, "\n".join(map(str, found))
    problem = found[0]
    assert problem.line == line, str(problem)
    for word in words:
        assert word.lower() in problem.message.lower(), f"{word!r} not in {problem}"
    return problem


def run_cli(*files: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", "validate", *files], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def impassable_pair() -> tuple[str, str]:
    """(terrain, unit type) from the shipped rules where that unit type cannot go."""
    rules = base_rules_data()
    for terrain, t in rules["terrain"].items():
        for kind, u in rules["unit_types"].items():
            if t["cost"].get(u["mover"], 0) is None:
                return terrain, kind
    pytest.fail("the rules have no impassable terrain at all")


# -- the good file -------------------------------------------------------------
def test_the_fixture_is_valid():
    loaded = load_scenario(str(MINI))
    assert loaded.scenario.id == "mini" and loaded.warnings == []
    assert loaded.rules.combat.base_loss == base_rules_data()["combat"]["base_loss"]


def test_a_utf8_bom_and_crlf_line_ends_are_fine(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode())
    assert load_scenario(path).scenario.title == "A small test"


def test_lines_are_right_in_a_crlf_file(tmp_path):
    text = edit("posture: entrenched", "postur: entrenched")
    path = write(tmp_path, text.replace("\n", "\r\n"))
    one_problem(path, line_of(text, "postur:"), "did you mean 'posture'")


def test_rule_overrides_that_are_right_are_used(tmp_path):
    loaded = load_scenario(write(tmp_path, TEXT + "rules: {combat: {base_loss: 0.07}}\n"))
    assert loaded.rules.combat.base_loss == 0.07
    assert loaded.rules.combat.max_loss == base_rules_data()["combat"]["max_loss"]


# -- reading the file ----------------------------------------------------------
def test_a_directory_is_not_a_file(tmp_path):
    one_problem(str(tmp_path), None, "directory")


def test_a_missing_file(tmp_path):
    one_problem(str(tmp_path / "nowhere.yaml"), None, "no such file")


def test_a_file_too_large_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    one_problem(str(path), None, "too large")


@pytest.mark.parametrize("content", ["", "   \n\n", "# only a comment\n  # and another\n", "---\n"])
def test_an_empty_file(tmp_path, content):
    one_problem(write(tmp_path, content), None, "empty")


def test_binary_garbage_names_the_line_of_the_first_nul(tmp_path):
    noise = bytes(random.Random(1922).randrange(256) for _ in range(4000))
    raw = b"id: mini\ntitle: x\n" + noise.replace(b"\x00", b"") + b"\x00" + noise
    one_problem(write(tmp_path, raw), raw[: raw.index(b"\x00")].count(b"\n") + 1, "binary")


def test_non_utf8_bytes_name_their_line(tmp_path):
    raw = edit("title: A small test", "title: A small t\xe9st").encode("latin-1")
    one_problem(write(tmp_path, raw), line_of(TEXT, "title:"), "not UTF-8")


def test_utf16_says_save_as_utf8(tmp_path):
    one_problem(write(tmp_path, TEXT.encode("utf-16")), None, "UTF-16", "UTF-8")


@pytest.mark.parametrize("content, kind", [("- a\n- b\n", "list"), ("just words\n", "str"), ("42\n", "int")])
def test_the_top_level_must_be_a_mapping(tmp_path, content, kind):
    one_problem(write(tmp_path, content), 1, "mapping", kind)


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    for text in (f'!!python/object/apply:os.system ["touch {marker}"]\n',
                 edit("title: A small test", f'title: !!python/object/apply:os.system ["touch {marker}"]')):
        path = write(tmp_path, text)
        one_problem(path, line_of(text, "!!python"), "!!python/object/apply:os.system", "not allowed")
    assert not marker.exists()


def test_an_unclosed_bracket_names_the_line_it_opens_on(tmp_path):
    text = edit("start_dates: [{date: 1922-02-08}]", "start_dates: [{date: 1922-02-08}")
    one_problem(write(tmp_path, text), line_of(text, "start_dates"), "']'", "missing", f"line {line_of(text, 'end_date')}")


def test_an_unclosed_quote_names_the_line_it_opens_on(tmp_path):
    text = edit('colour: "#c62828"', 'colour: "#c62828')
    one_problem(write(tmp_path, text), line_of(text, "#c62828"), "quote", "missing")


def test_tab_indentation_says_use_spaces(tmp_path):
    text = edit("  hex_km: 5", "\thex_km: 5")
    one_problem(write(tmp_path, text), line_of(text, "hex_km"), "tab", "spaces")


def test_a_duplicate_key_names_both_lines(tmp_path):
    text = edit("  hex_km: 5", "  hex_km: 5\n  hex_km: 6")
    one_problem(write(tmp_path, text), line_of(text, "hex_km: 6"), "duplicate key 'hex_km'",
                f"line {line_of(text, 'hex_km: 5')}")


def test_keys_equal_as_data_are_duplicates(tmp_path):
    text = edit('"h": hills', '"h": hills, 7: village, 0x7: hills')
    one_problem(write(tmp_path, text), line_of(text, "0x7"), "duplicate key")


def test_several_documents_are_refused(tmp_path):
    text = TEXT + "---\nid: other\n"
    one_problem(write(tmp_path, text), line_of(text, "---"), "single document")


def test_a_control_character_is_refused_at_its_line(tmp_path):
    text = edit("title: A small test", "title: A \x07small test")
    one_problem(write(tmp_path, text), line_of(text, "title:"), "#x0007")


@pytest.mark.parametrize("tagged", ["!!binary aGVsbG8=", "!!set {a: null}", "!!omap [a: 1]"])
def test_a_yaml_tag_no_game_file_needs_is_refused_at_its_line(tmp_path, tagged):
    text = edit("title: A small test", f"title: {tagged}")
    one_problem(write(tmp_path, text), line_of(text, "title:"), f"YAML tag {tagged.split()[0]} is not allowed")


def test_ten_thousand_nested_lists(tmp_path):
    text = TEXT + "description: " + "[" * 10_000 + "]" * 10_000 + "\n"
    one_problem(write(tmp_path, text), line_of(text, "description:"), f"more than {MAX_DEPTH} levels")


def test_deeply_nested_mappings_name_the_line_that_is_too_deep(tmp_path):
    text = "".join(" " * depth + f"k{depth}:\n" for depth in range(3000))
    one_problem(write(tmp_path, text), MAX_DEPTH, f"more than {MAX_DEPTH} levels")


def test_a_recursive_alias(tmp_path):
    one_problem(write(tmp_path, "description: &a [*a]\n"), 1, f"more than {MAX_DEPTH} levels")


def test_billion_laughs(tmp_path):
    letters = "abcdefghij"
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip(letters, letters[1:]))
    found = problems(write(tmp_path, text))
    assert len(found) == 1 and "too many values" in found[0].message
    assert "*" in text.splitlines()[found[0].line - 1], "the line of an alias that expands"


# -- the shape -----------------------------------------------------------------
SHAPE_CASES = {
    # name: (old, new, needle naming the line, words in the message)
    "enormous men": ("men: 500,", f"men: {10**30},", "id: r1", ["men", "larger than the limit"]),
    "a number of 5000 digits": ("men: 500,", "men: " + "9" * 5000 + ",", "id: r1", ["too large"]),
    "negative men": ("men: 500,", "men: -5,", "id: r1", ["men", "negative"]),
    "range backwards": ("men: 300..400", "men: 800..700", "id: g1", ["backwards", "'700..800'"]),
    "range with junk": ("men: 300..400", "men: 7000..lots", "id: g1", ["7000..lots", "range like '7000..8000'"]),
    "boolean men": ("men: 500,", "men: yes,", "id: r1", ["men", "not true/false"]),
    "boolean hex_km": ("hex_km: 5", "hex_km: true", "hex_km", ["hex_km", "number", "true"]),
    "boolean morale": ("rifles: 250}", "rifles: 250, morale: false}", "id: g1", ["morale", "number", "false"]),
    "number for a flag": ("rifles: 250}", "rifles: 250, hidden: 1}", "id: g1", ["hidden", "true or false"]),
    "word for a flag": ("rifles: 250}", "rifles: 250, hidden: \"yes\"}", "id: g1", ["hidden", "true or false", "'yes'"]),
    "unknown key, near miss": ("posture: entrenched", "postur: entrenched", "postur", ["unknown key 'postur'", "did you mean 'posture'"]),
    "unknown key in the map": ("  hex_km: 5", "  hex_km: 5\n  legnd: {}", "legnd", ["did you mean 'legend'"]),
    "missing nested key": ("name: Band, ", "", "id: g1", ["units[0].name", "required"]),
    "wrong type of value": ("  hex_km: 5", "  hex_km: five", "hex_km", ["hex_km", "number", "five"]),
    "start after end": ("end_date: 1922-02-10", "end_date: 1922-02-01", "end_date", ["1922-02-08", "after", "1922-02-01"]),
    "impossible date": ("end_date: 1922-02-10", "end_date: 1922-02-30", "end_date", ["1922-02-30", "day is out of range"]),
    "rows of unequal width": ('- ".h..v."', '- ".h..v"', '".h..v"', ["rows[2]", "equally long", "[5, 6]"]),
    "bad colour": ('"#c62828"', '"red"', 'colour: "red"', ["colour", "pattern"]),
}


@pytest.mark.parametrize("name", SHAPE_CASES)
def test_shape_problems(tmp_path, name):
    old, new, needle, words = SHAPE_CASES[name]
    text = edit(old, new)
    one_problem(write(tmp_path, text), line_of(text, needle), *words)


def test_an_unknown_key_without_a_near_miss_lists_the_allowed_keys(tmp_path):
    text = edit("posture: entrenched", "zzqqxx: entrenched")
    problem = one_problem(write(tmp_path, text), line_of(text, "zzqqxx"), "unknown key 'zzqqxx'", "allowed keys", "posture")
    assert "did you mean" not in problem.message


def test_a_missing_required_section(tmp_path):
    text = TEXT[: TEXT.index("victory:")]
    one_problem(write(tmp_path, text), 1, "victory", "required")


def test_weather_chances_must_add_up_to_100(tmp_path):
    text = TEXT + "weather:\n  - start: 1922-02-08\n    end: 1922-02-10\n    chances: {clear: 50, snow: 40}\n"
    one_problem(write(tmp_path, text), line_of(text, "chances"), "add up to 100", "90")


# -- references ----------------------------------------------------------------
REFERENCE_CASES = {
    "misspelled unit type": ("type: horsemen", "type: horsemn", "id: g1", ["horsemn", "did you mean 'horsemen'"]),
    "misspelled terrain": ('"h": hills', '"h": hils', "legend", ["hils", "did you mean 'hills'"]),
    "row letter not in the legend": ('"..v..."', '"x.v..."', '"x.v..."', ["'x'", "legend", "column 0"]),
    "unit off the map": ("at: [0, 3], men", "at: [9, 3], men", "id: g1", ["[9, 3]", "off the map", "6 x 4"]),
    "unit at an unknown place": ("at: town, men", "at: tonw, men", "id: r1", ["tonw", "did you mean 'town'"]),
    "duplicate unit id": ("{id: r1,", "{id: g1,", "Garrison", ["'g1'", "twice"]),
    "leader with a missing unit": ("with_unit: g1", "with_unit: g9", "with_unit", ["'g9'", "does not exist"]),
    "leader with the enemy's unit": ("with_unit: g1", "with_unit: r1", "with_unit", ["'r1'", "of red"]),
    "unknown side to win ties": ("tie_goes_to: red", "tie_goes_to: rde", "tie_goes_to", ["rde", "did you mean 'red'"]),
    "unknown side in objectives": ("points: {green: 10, red: 10}", "points: {green: 10, redd: 10}", "points", ["redd", "did you mean 'red'"]),
    "unknown place in victory": ("control: [town]", "control: [twon]", "control", ["twon", "did you mean 'town'"]),
    "unknown supply side": ("supply_source: [red]", "supply_source: [rde]", "id: town", ["rde", "did you mean 'red'"]),
    "lat/lon without an origin": ("at: [4, 2]}", "at: {lat: 38.5, lon: 68.7}}", "id: hamlet", ["map.origin"]),
}


@pytest.mark.parametrize("name", REFERENCE_CASES)
def test_reference_problems(tmp_path, name):
    old, new, needle, words = REFERENCE_CASES[name]
    text = edit(old, new)
    one_problem(write(tmp_path, text), line_of(text, needle), *words)


def test_a_bad_row_letter_leaves_the_rest_of_the_row_on_the_map(tmp_path):
    text = edit('"..v..."', '"x.v..."')  # the town at [2, 1] is still on the map
    assert len(problems(write(tmp_path, text))) == 1


def test_a_unit_on_impassable_terrain(tmp_path):
    terrain, kind = impassable_pair()
    text = edit('"M": mountains', f'"M": {terrain}')
    text = edit("type: horsemen, at: [0, 3]", f"type: {kind}, at: [0, 0]", text)
    one_problem(write(tmp_path, text), line_of(text, "id: g1"), f"({kind})", terrain, "cannot go")


def test_unknown_weather(tmp_path):
    text = TEXT + "weather:\n  - start: 1922-02-08\n    end: 1922-02-10\n    weather: sonw\n"
    one_problem(write(tmp_path, text), line_of(text, "sonw"), "sonw", "did you mean 'snow'")


def test_unknown_weather_in_chances_names_its_line(tmp_path):
    text = TEXT + "weather:\n  - start: 1922-02-08\n    end: 1922-02-10\n    chances:\n      clear: 50\n      sonw: 50\n"
    one_problem(write(tmp_path, text), line_of(text, "sonw"), "did you mean 'snow'")


def test_every_reference_problem_is_reported_at_once(tmp_path):
    text = edit("type: horsemen", "type: horsemn")
    text = edit("at: town, men", "at: tonw, men", text)
    text = edit("tie_goes_to: red", "tie_goes_to: rde", text)
    found = problems(write(tmp_path, text))
    assert [p.line for p in found] == [line_of(text, n) for n in ("horsemn", "tonw", "rde")]


# -- rule overrides --------------------------------------------------------------
RULE_CASES = {
    "out of range": ("rules: {combat: {base_loss: 5}}", ["rules.combat.base_loss", "less than or equal to 1"]),
    "misspelled": ("rules: {combat: {base_los: 0.07}}", ["did you mean 'base_loss'"]),
    "boolean": ("rules: {combat: {base_loss: true}}", ["base_loss", "number"]),
    "not a mapping": ("rules: {combat: 5}", ["rules.combat", "dictionary"]),
    "new terrain without all costs": (
        "rules: {terrain: {swamp: {cost: {foot: 2}, defence: 1.2, cover: true, source: x}}}", ["swamp", "horse", "wheeled"]),
}


@pytest.mark.parametrize("name", RULE_CASES)
def test_wrong_rule_overrides_are_reported_at_the_rules_line(tmp_path, name):
    rules, words = RULE_CASES[name]
    text = TEXT + rules + "\n"
    one_problem(write(tmp_path, text), line_of(text, "rules:"), *words)


def test_a_new_terrain_with_all_costs_is_usable(tmp_path):
    text = edit('"h": hills', '"h": swamp') + (
        "rules: {terrain: {swamp: {cost: {foot: 2, horse: 3, wheeled: null}, defence: 1.2, cover: true, source: x}}}\n")
    assert load_scenario(write(tmp_path, text)).rules.terrain["swamp"].cost["horse"] == 3


# -- the command line ------------------------------------------------------------
def assert_clean(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr
    for line in result.stderr.splitlines():
        assert LINE_RE.match(line), f"not FILE:LINE: message: {line!r}"


def test_cli_valid_file_exits_0():
    result = run_cli(str(MINI))
    assert_clean(result)
    assert result.returncode == 0 and "valid" in result.stdout and result.stderr == ""


def test_cli_bad_file_prints_file_line_message_and_exits_2(tmp_path):
    text = edit("posture: entrenched", "postur: entrenched")
    path = write(tmp_path, text)
    result = run_cli(path)
    assert_clean(result)
    assert result.returncode == 2
    match = LINE_RE.match(result.stderr.splitlines()[0])
    assert match["file"] == path and int(match["line"]) == line_of(text, "postur")
    assert "did you mean 'posture'" in match["message"]


def test_cli_one_good_one_bad_reports_both(tmp_path):
    bad = write(tmp_path, edit("with_unit: g1", "with_unit: g9"), "bad.yaml")
    result = run_cli(str(MINI), bad)
    assert_clean(result)
    assert result.returncode == 2
    assert f"{MINI}: valid" in result.stdout
    assert result.stderr.startswith(f"{bad}:")


def test_cli_survives_every_kind_of_junk_at_once(tmp_path):
    (tmp_path / "dir.yaml").mkdir()
    marker = tmp_path / "ran"
    junk = {
        "empty.yaml": b"",
        "binary.yaml": bytes(range(256)) * 4,
        "latin1.yaml": "title: caf\xe9\n".encode("latin-1"),
        "tag.yaml": f'!!python/object/apply:os.system ["touch {marker}"]\n'.encode(),
        "deep.yaml": b"[" * 10_000 + b"]" * 10_000,
        "big.yaml": edit("men: 500,", f"men: {10**30},").encode(),
        "negative.yaml": edit("men: 500,", "men: -1,").encode(),
        "list.yaml": b"- 1\n- 2\n",
    }
    paths = [write(tmp_path, content, name) for name, content in junk.items()]
    paths += [str(tmp_path / "dir.yaml"), str(tmp_path / "missing.yaml"), str(MINI)]
    result = run_cli(*paths)
    assert_clean(result)
    assert result.returncode == 2
    reported = {LINE_RE.match(line)["file"] for line in result.stderr.splitlines()}
    assert reported == set(paths) - {str(MINI)}
    assert f"{MINI}: valid" in result.stdout
    assert not marker.exists()


# -- properties: no input makes anything but an InputError ------------------------
YAMLISH = st.text(alphabet=st.sampled_from(list("[]{}:,-#&*!|>?'\"%@`~ \n\t.0123456789abcexyz<=\\")), max_size=200)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def loads_or_explains(path: str, raw: bytes) -> None:
    try:
        load_scenario(path)
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file == path and (p.line is None or 1 <= p.line <= raw.count(b"\n") + 2) and p.message, p


@FUZZ
@given(st.text(max_size=300))
def test_any_text(tmp_path, text):
    raw = text.encode("utf-8", "surrogatepass")
    loads_or_explains(write(tmp_path, raw), raw)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes(tmp_path, raw):
    loads_or_explains(write(tmp_path, raw), raw)


@FUZZ
@given(YAMLISH)
def test_any_yaml_punctuation(tmp_path, text):
    raw = text.encode()
    loads_or_explains(write(tmp_path, raw), raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(TEXT)), st.integers(0, 40), YAMLISH | st.text(max_size=20))
def test_the_fixture_with_any_slice_replaced(tmp_path, start, length, junk):
    raw = (TEXT[:start] + junk + TEXT[start + length:]).encode("utf-8", "surrogatepass")
    loads_or_explains(write(tmp_path, raw), raw)


# -- map lines, shared hexes and cover ----------------------------------------
RIVER = "  places:"


def with_river(waypoints: str) -> str:
    return edit(RIVER, f"  rivers:\n    - name: Wanderer\n      hexes: [[0, 1],\n        {waypoints}]\n{RIVER}")


def test_a_river_along_the_map_is_valid(tmp_path):
    assert load_scenario(write(tmp_path, with_river("[5, 3]")))


def test_a_river_line_that_leaves_the_map_is_named_at_its_waypoint(tmp_path):
    # Both waypoints are on the map, but along the ragged east edge of odd-r rows the
    # straight hex line from [5, 1] to [5, 3] passes [6, 2], off the map.
    text = with_river("[5, 1],\n        [5, 3]")
    one_problem(write(tmp_path, text), line_of(text, "[5, 3]"), "leaves the map at [6, 2]", "add a waypoint")


def test_two_places_on_one_hex_are_refused(tmp_path):
    text = edit("{id: hamlet, name: Hamlet, at: [4, 2]}", "{id: hamlet, name: Hamlet, at: [2, 1]}")
    one_problem(write(tmp_path, text), line_of(text, "id: hamlet"), "same hex as 'town'")


def test_a_unit_hidden_outside_cover_is_a_warning_not_an_error(tmp_path):
    text = edit("men: 300..400, rifles: 250}", "men: 300..400, rifles: 250, hidden: true}")
    loaded = load_scenario(write(tmp_path, text))
    assert [w.line for w in loaded.warnings if "no cover" in w.message] == [line_of(text, "hidden: true")]


def test_a_pipe_is_refused_without_waiting_for_it(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    one_problem(str(fifo), None, "not a regular file")


# -- ranges of the rules' numbers -------------------------------------------------
def test_the_shipped_rules_give_ranges_that_hold_their_values():
    loaded = load_scenario(str(MINI))
    assert len(loaded.ranges) >= 90
    plain = loaded.rules.model_dump()
    for r in loaded.ranges.values():
        value = plain
        for part in r.path:
            value = value[part]
        assert r.low <= r.value <= r.high and r.value == value, r


def test_a_plain_override_keeps_the_range_and_a_scenario_may_give_its_own(tmp_path):
    loaded = load_scenario(write(tmp_path, TEXT + "rules: {defection: {base_local: 0.02, base_regular: "
                                            "{value: 0.01, range: [0.005, 0.02], source: 'a guess'}}}\n"))
    assert loaded.rules.defection.base_local == 0.02 and loaded.ranges["defection.base_local"].low == 0.01
    assert loaded.ranges["defection.base_regular"].high == 0.02 and loaded.rules.defection.base_regular == 0.01


@pytest.mark.parametrize("entry, words", [
    ("{value: 0.01, range: [0.02, 0.05]}", "outside its range"),
    ("{value: 0.03, range: [0.05, 0.02]}", "low end must be below"),
    ("{value: 0.03, range: [0.02]}", "two numbers"),
    ("{value: 0.5, range: [0.2, 1.5]}", "the high end 1.5 is not allowed here"),
    ("{value: 0.5, range: [-0.2, 0.8]}", "the low end -0.2 is not allowed here"),
])
def test_a_bad_range_is_refused_at_its_line(tmp_path, entry, words):
    text = TEXT + f"rules:\n  defection:\n    base_local: {entry}\n"
    one_problem(write(tmp_path, text), line_of(text, "base_local:"), "rules.defection.base_local", words)


def test_a_scenario_may_share_another_files_map_and_changes_with_it(tmp_path):
    """`map: {same_as: FILE}`: the whole map of another scenario; editing that file changes this scenario's hash
    (saves and replays of it are refused), and a bad reference is named at its line."""
    import shutil

    from game.scenario.problems import InputError
    from game.scenario.validate import load_scenario

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for name in ("denov_relief_column.yaml", "mirtyube_pursuit.yaml"):
        shutil.copy(os.path.join(root, "scenarios", name), tmp_path / name)
    pursuit = load_scenario(str(tmp_path / "mirtyube_pursuit.yaml"))
    relief = load_scenario(str(tmp_path / "denov_relief_column.yaml"))
    assert pursuit.scenario.map == relief.scenario.map
    other = tmp_path / "denov_relief_column.yaml"
    other.write_text(other.read_text().replace("hex_km: 3 ", "hex_km: 3  # edited "))
    assert load_scenario(str(tmp_path / "mirtyube_pursuit.yaml")).sha256 != pursuit.sha256
    text = (tmp_path / "mirtyube_pursuit.yaml").read_text()
    line = text.splitlines().index("  same_as: denov_relief_column.yaml   # the Hisor valley road, Dushanbe to Denov, 3 km hexes") + 1
    (tmp_path / "bad.yaml").write_text(text.replace("same_as: denov_relief_column.yaml", "same_as: nowhere.yaml"))
    with pytest.raises(InputError) as caught:
        load_scenario(str(tmp_path / "bad.yaml"))
    assert caught.value.problems[0].line == line and "no scenario file" in caught.value.problems[0].message
    relief_text = other.read_text()  # two files that take each other's map: one short message, not a runaway
    other.write_text(relief_text[:relief_text.index("\nmap:")] + "\nmap:\n  same_as: mirtyube_pursuit.yaml\n" +
                     relief_text[relief_text.index("\nsides:"):])
    with pytest.raises(InputError) as caught:
        load_scenario(str(tmp_path / "mirtyube_pursuit.yaml"))
    problem = caught.value.problems[0]
    assert problem.line == line and "shares its map too" in problem.message and len(str(problem)) < 300, problem


def test_too_few_or_too_many_items_say_how_many_in_the_games_words(tmp_path):
    """One side only read 'List should have at least 2 items after validation, not 1 (got [{...' (the library's)."""
    from game.scenario.problems import InputError
    from game.scenario.validate import load_scenario

    text = open("scenarios/kampchi_raid.yaml", encoding="utf-8").read()
    cut = text.index("\n  - id: soviet")
    rest = text.index("\n", text.index("\nvictory:") - 1) if "\nvictory:" in text[cut:] else len(text)
    one_side = tmp_path / "one_side.yaml"
    one_side.write_text(text[:cut] + text[rest:], encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(str(one_side))
    said = [p.message for p in caught.value.problems]
    assert "sides: give at least 2 here, not 1" in said and not any("List should" in m for m in said), said


def test_a_side_id_used_twice_is_told_once_not_at_every_line_that_names_the_lost_side(tmp_path):
    """Two sides with one id: every place, unit and objective of the side whose id was lost names it (forty lines
    on the main scenario); the same problem is told once, at its first line, naming the others."""
    main = (ROOT / "scenarios" / "dushanbe_1922.yaml").read_text(encoding="utf-8")
    broken = main.replace("  - id: soviet\n", "  - id: basmachi\n", 1)
    path = write(tmp_path, broken)
    found = problems(path)
    told = str(InputError(found)).splitlines()
    unknown = [p for p in found if p.message == "unknown side 'soviet'"]
    assert len(unknown) > 20  # the problems themselves are all kept...
    assert len(told) < 6 and any("side id 'basmachi' is used twice" in line for line in told)  # ...and told in a few lines
    first, *others = sorted(p.line for p in unknown)
    assert told[0] == f"{path}:{first}: unknown side 'soviet' (also at lines " + ", ".join(map(str, others[:8])) + \
        f" and {len(set(others)) - 8} more)"
    result = run_cli(path)
    assert result.returncode == 2 and result.stderr.count("unknown side 'soviet'") == 1, result.stderr


@pytest.mark.parametrize("written, said", [("No", "not false: unquoted, YAML reads a word such as No"),
                                           ("on", "not true: unquoted"), ("1922", "not the number 1922")])
def test_a_name_yaml_reads_as_true_false_or_a_number_is_told_to_be_quoted(tmp_path, written, said):
    """A unit called No (YAML 1.1 reads it as false) or 1922: the message says what YAML made of it and to quote it,
    not 'Input should be a valid string (got False)'."""
    main = (ROOT / "scenarios" / "dushanbe_1922.yaml").read_text(encoding="utf-8")
    path = write(tmp_path, main.replace("name: Hisor band,", f"name: {written},", 1))
    problem = one_problem(path, line_of(main, "name: Hisor band,"), said, 'put it in quotes')
    assert "valid string" not in problem.message
