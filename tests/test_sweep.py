"""Sweeps: points within the rules' ranges, seeds from the point and game, rows that resume, a report."""

import csv
import os

import pytest

from game.cli import main
from game.scenario.validate import load_scenario
from game.sim.sweep import design, point_seed
from tests.test_books import ROOT

RELIEF = os.path.join(ROOT, "scenarios", "denov_relief_column.yaml")
PARAMS = ["--param", "ambush.surprise", "--param", "ambush.panic_chance", "--param", "supply.path_cost"]


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("kind, points, expected", [("lhs", 7, 7), ("sobol", 4, 4 * (3 + 2)), ("morris", 3, 3 * (3 + 1))])
def test_every_design_stays_inside_the_ranges_and_rounds_whole_numbers(kind, points, expected):
    loaded = load_scenario(RELIEF)
    params = [loaded.ranges[n] for n in ("ambush.surprise", "ambush.panic_chance", "supply.path_cost")]
    grid = design(kind, params, points, seed=5)
    assert len(grid) == expected
    for row in grid:
        for value, p in zip(row, params):
            assert p.low <= value <= p.high
        assert isinstance(row[2], int)
    assert design(kind, params, points, seed=5) == grid and design(kind, params, points, seed=6) != grid


def test_game_seeds_come_from_the_point_and_the_game():
    seeds = {point_seed(3, p, g) for p in range(4) for g in range(4)}
    assert len(seeds) == 16 and point_seed(3, 1, 2) == point_seed(3, 1, 2) != point_seed(3, 2, 1)


def test_the_rows_are_the_same_whatever_the_workers_and_a_rerun_resumes(tmp_path, capsys):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    args = ["sweep", RELIEF, *PARAMS, "--design", "lhs", "--points", "4", "--games", "2", "--seed", "7"]
    assert main(args + ["--out", str(one), "--workers", "1"]) == 0
    assert main(args + ["--out", str(two), "--workers", "2"]) == 0
    assert one.read_text() == two.read_text()
    rows = rows_of(one)
    assert [(int(r["point"]), int(r["game"])) for r in rows] == [(p, g) for p in range(4) for g in range(2)]
    assert {int(r["seed"]) for r in rows} == {point_seed(7, p, g) for p in range(4) for g in range(2)}
    # cut the file after three games, as if the run had been killed, and run it again
    lines = one.read_text().splitlines(keepends=True)
    one.write_text("".join(lines[:4]))
    capsys.readouterr()
    assert main(args + ["--out", str(one)]) == 0
    assert "5 played now, 3 there already" in capsys.readouterr().out
    assert one.read_text() == two.read_text()


def test_the_report_names_what_moves_the_outcome_and_the_points_nearest_the_record(tmp_path, capsys):
    out, report = tmp_path / "s.csv", tmp_path / "report"
    assert main(["sweep", RELIEF, *PARAMS, "--design", "morris", "--points", "2", "--games", "2",
                 "--out", str(out), "--report", str(report)]) == 0
    assert {p.name for p in report.iterdir()} == {"sensitivity.csv", "sensitivity.md", "sensitivity.png", "closest.csv"}
    table = rows_of(report / "sensitivity.csv")
    assert {r["parameter"] for r in table} == {"ambush.surprise", "ambush.panic_chance", "supply.path_cost"}
    assert {"mu_star", "mu_star_conf", "sigma"} <= set(table[0])
    moved = [r for r in table if r["outcome"] == "men lost soviet" and r["mu_star"] not in ("", "nan")]
    assert moved and any(float(r["mu_star"]) > 0 for r in moved)
    closest = rows_of(report / "closest.csv")
    distances = [float(r["distance from the record"]) for r in closest]
    assert distances == sorted(distances)


@pytest.mark.parametrize("args, words", [
    (["--param", "defection.nonsense"], "not a number with a range"),
    (["--param", "ambush.surprise", "--design", "sobol", "--points", "5"], "power of 2"),
    (["--param", "ambush.surprise", "--param", "ambush.surprise"], "named once"),
])
def test_a_wrong_sweep_says_what_to_fix(tmp_path, capsys, args, words):
    assert main(["sweep", RELIEF, *args, "--out", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_a_file_of_another_sweep_is_not_overwritten(tmp_path, capsys):
    out = tmp_path / "s.csv"
    out.write_text("point,other.param,game\n0,1,0\n")
    assert main(["sweep", RELIEF, *PARAMS, "--points", "2", "--games", "1", "--out", str(out)]) == 2
    assert "another sweep" in capsys.readouterr().err and out.read_text() == "point,other.param,game\n0,1,0\n"


def test_calibrate_finds_the_same_values_twice_and_writes_a_block_a_scenario_takes(tmp_path, capsys):
    block = tmp_path / "calibrated.yaml"
    args = ["calibrate", RELIEF, "--param", "ambush.surprise", "--param", "supply.path_cost", "--games", "2",
            "--rounds", "1", "--population", "4", "--seed", "3"]
    assert main(args + ["--write", str(block)]) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    again = capsys.readouterr().out
    assert first.splitlines()[:4] == again.splitlines()[:4] and "distance from the record" in first
    text = block.read_text()
    assert text in again and text.startswith("# calibrated")
    scenario = tmp_path / "relief.yaml"
    scenario.write_text(open(RELIEF, encoding="utf-8").read() + "\n" + text, encoding="utf-8")
    loaded = load_scenario(str(scenario))
    written = [line.split(": ")[1] for line in text.splitlines() if "path_cost" in line]
    assert loaded.rules.supply.path_cost == int(written[0])


def test_a_parquet_table_holds_the_same_rows_and_resumes_from_its_journal(tmp_path, capsys):
    import pyarrow.parquet as pq

    from game.sim.sweep import read_rows

    table, flat = tmp_path / "sweep.parquet", tmp_path / "sweep.csv"
    args = ["sweep", RELIEF, *PARAMS, "--design", "lhs", "--points", "3", "--games", "2", "--seed", "7", "--workers", "1"]
    assert main(args + ["--out", str(flat)]) == 0
    assert main(args + ["--out", str(table)]) == 0
    assert not os.path.exists(str(table) + ".rows.csv")  # the journal is gone once the table is written
    read = pq.read_table(str(table))
    assert read.num_rows == 6 and str(read.schema.field("seed").type) == "uint64"
    assert read.column("ambush.surprise").type == "double"
    assert read_rows(str(table)) == rows_of(flat)
    # killed after four games: the journal holds them, the table is not there yet
    os.remove(table)
    journal = tmp_path / "sweep.parquet.rows.csv"
    journal.write_text("".join(flat.read_text().splitlines(keepends=True)[:5]))
    capsys.readouterr()
    assert main(args + ["--out", str(table)]) == 0
    assert "2 played now, 4 there already" in capsys.readouterr().out
    assert read_rows(str(table)) == rows_of(flat) and not journal.exists()


def test_a_damaged_parquet_table_is_refused_naming_it(tmp_path, capsys):
    table = tmp_path / "sweep.parquet"
    table.write_bytes(b"PAR1 not really")
    args = ["sweep", RELIEF, *PARAMS, "--design", "lhs", "--points", "2", "--games", "1", "--out", str(table)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert str(table) in err and "cannot read the earlier rows" in err and "Traceback" not in err
