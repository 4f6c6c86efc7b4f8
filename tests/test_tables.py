"""A sweep's table survives: after kills, damage and reruns it holds exactly the rows of an unbroken run.

Each case damages or interrupts a run as a user would meet it (a row cut by a
kill, garbage, a NUL byte, a header cut short, a kill between the Parquet
table and its journal, a second run on the same file) and compares the final
table with an unbroken run's, byte for byte (CSV) or row for row (Parquet).
"""

import os
import subprocess
import sys

import pytest

from game.cli import main
from game.sim.table import held
from tests.test_books import ROOT
from tests.test_sweep import PARAMS, RELIEF

ARGS = ["sweep", RELIEF, *PARAMS, "--design", "lhs", "--points", "3", "--games", "2", "--seed", "5"]


@pytest.fixture(scope="module")
def unbroken(tmp_path_factory):
    """The table of an unbroken run: its bytes."""
    out = tmp_path_factory.mktemp("unbroken") / "sweep.csv"
    assert main(ARGS + ["--out", str(out)]) == 0
    return out.read_bytes()


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def rerun(out, capsys) -> tuple[int, str]:
    capsys.readouterr()
    status = main(ARGS + ["--out", str(out)])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("damage, said", [
    (lambda rows: rows[:4] + [rows[4][:25]], "1 damaged line dropped (5: cut short"),  # a kill mid-row
    (lambda rows: rows[:3] + [b"garbage, nothing like a row\r\n"] + rows[3:5], "1 damaged line dropped (4"),
    (lambda rows: rows[:2] + [rows[2][:30] + b"\x00" + rows[2][31:]] + rows[3:], "1 damaged line dropped (3"),
    (lambda rows: [rows[0][:20] + b"\r\n"] + rows[1:4], "line 1 (the header) was damaged"),
    (lambda rows: [rows[0][:20]], "line 1 (the header) was cut short"),
    (lambda rows: rows[:3] + rows[2:3] + rows[3:5], ""),  # a row written twice: one row
])
def test_a_damaged_table_is_repaired_to_the_unbroken_runs_rows(tmp_path, capsys, unbroken, damage, said):
    out = tmp_path / "sweep.csv"
    out.write_bytes(b"".join(damage(lines_of(unbroken))))
    status, err = rerun(out, capsys)
    assert status == 0 and said in err and "Traceback" not in err
    assert out.read_bytes() == unbroken


@pytest.mark.parametrize("column, value, said", [
    ("seed", b"12345", "another seed"),
    ("ai", b"basmachi=easy soviet=hard", "this sweep by"),  # other --ai-... levels
    ("scenario", b"0123456789abcdef", "the file has changed since"),  # the scenario file edited
    ("start_date", b"1922-02-08", "(--start-date)"),
])
def test_a_row_of_another_sweep_is_refused_at_its_line(tmp_path, capsys, unbroken, column, value, said):
    out = tmp_path / "sweep.csv"
    rows = lines_of(unbroken)
    other = rows[3].split(b",")
    other[rows[0].split(b",").index(column.encode())] = value  # another sweep's game
    out.write_bytes(b"".join(rows[:3] + [b",".join(other)]))
    status, err = rerun(out, capsys)
    assert status == 2 and f"{out}:4:" in err and said in err and "Traceback" not in err
    assert out.read_bytes() == b"".join(rows[:3] + [b",".join(other)])  # left as it was


def test_a_table_whose_columns_are_the_start_of_this_runs_is_another_tables_and_kept(tmp_path, capsys, unbroken):
    """A table of another scenario with one column fewer (its header the start of this run's) is not a header
    cut short: it is refused and left whole (its rows were dropped as damage)."""
    out = tmp_path / "sweep.csv"
    shorter = b"".join(line.rstrip(b"\r\n").rsplit(b",", 1)[0] + b"\r\n" for line in lines_of(unbroken))
    out.write_bytes(shorter)
    status, err = rerun(out, capsys)
    assert status == 2 and "a table of another scenario" in err and "Traceback" not in err
    assert out.read_bytes() == shorter


def run_killed(out, moment: str) -> int:
    """The sweep in its own process, killed (as by SIGKILL) at `moment`."""
    env = dict(os.environ, DUSHANBE_FAULT=moment)
    return subprocess.run([sys.executable, "-m", "game", *ARGS, "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, timeout=600).returncode


def test_a_run_killed_after_three_games_resumes_to_the_same_table(tmp_path, capsys, unbroken):
    out = tmp_path / "sweep.csv"
    assert run_killed(out, "table.row:3") == -9
    assert len(lines_of(out.read_bytes())) == 4 and os.path.exists(str(out) + ".lock")
    status, err = rerun(out, capsys)
    assert status == 0 and out.read_bytes() == unbroken
    assert not os.path.exists(str(out) + ".lock")


def parquet_as_csv(path) -> list[dict]:
    from game.sim.sweep import read_rows

    return read_rows(str(path))


def test_a_parquet_table_killed_before_its_journal_was_removed_holds_each_row_once(tmp_path, capsys, unbroken):
    flat = tmp_path / "flat.csv"
    flat.write_bytes(unbroken)
    table = tmp_path / "sweep.parquet"
    assert run_killed(table, "table.parquet-written") == -9
    assert table.exists() and os.path.exists(str(table) + ".rows.csv")
    status, err = rerun(table, capsys)
    assert status == 0 and not os.path.exists(str(table) + ".rows.csv")
    assert parquet_as_csv(table) == parquet_as_csv(flat)


def test_a_parquet_journal_cut_mid_row_is_repaired(tmp_path, capsys, unbroken):
    flat = tmp_path / "flat.csv"
    flat.write_bytes(unbroken)
    table = tmp_path / "sweep.parquet"
    journal = tmp_path / "sweep.parquet.rows.csv"
    journal.write_bytes(b"".join(lines_of(unbroken)[:3]) + b"2,0.1,\x00\x00")
    status, err = rerun(table, capsys)
    assert status == 0 and "1 damaged line dropped (4" in err and "Traceback" not in err
    assert parquet_as_csv(table) == parquet_as_csv(flat)


def test_a_second_run_on_the_same_table_is_refused_at_once(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    with held(str(out)):
        status, err = rerun(out, capsys)
    assert status == 2 and "another run is writing this table" in err and str(os.getpid()) in err
    assert not out.exists()  # the first run's table, untouched
