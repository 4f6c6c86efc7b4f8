"""Batch and sweep on a Dask distributed cluster give the same bytes as on local processes.

The test starts its own cluster (a scheduler and two worker processes on
127.0.0.1) and stops it.
"""


import pytest

from game.cli import main
from tests.test_sweep import PARAMS, RELIEF

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as local:
        yield local.scheduler_address


def test_a_batch_on_the_cluster_writes_what_local_processes_write(tmp_path, cluster):
    here, there = tmp_path / "here.csv", tmp_path / "there.csv"
    args = ["batch", RELIEF, "--games", "6", "--seed", "4"]
    assert main(args + ["--workers", "2", "--out", str(here)]) == 0
    assert main(args + ["--cluster", cluster, "--out", str(there)]) == 0
    assert here.read_bytes() == there.read_bytes()


def test_a_sweep_on_the_cluster_writes_what_local_processes_write(tmp_path, cluster):
    here, there = tmp_path / "here.csv", tmp_path / "there.csv"
    args = ["sweep", RELIEF, *PARAMS, "--points", "3", "--games", "2", "--seed", "8"]
    assert main(args + ["--out", str(here)]) == 0
    assert main(args + ["--cluster", cluster, "--out", str(there)]) == 0
    assert here.read_bytes() == there.read_bytes()


def test_a_cluster_that_is_not_there_is_one_clear_message(tmp_path, capsys):
    status = main(["batch", RELIEF, "--games", "2", "--cluster", "tcp://127.0.0.1:9", "--out", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert status == 2 and "cannot reach the scheduler at tcp://127.0.0.1:9" in err and "Traceback" not in err


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def doomed_cluster():
    """A scheduler and one worker in processes of their own, so the test can kill the scheduler mid-run."""
    import subprocess
    import sys

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], **quiet)
    worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "1",
                               "--nthreads", "1", "--no-dashboard"], **quiet)
    try:
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        yield address, scheduler
    finally:
        for process in (worker, scheduler):
            process.kill()
            process.wait()


def kill_after(monkeypatch, scheduler, rows: int) -> None:
    """Kill the scheduler once `rows` rows of the table are written."""
    from game import faults

    seen = []

    def reached(moment):
        if moment == "table.row":
            seen.append(moment)
            if len(seen) == rows:
                scheduler.kill()
                scheduler.wait()

    monkeypatch.setattr(faults, "reached", reached)


def test_a_sweep_whose_scheduler_dies_keeps_its_rows_and_resumes_locally(tmp_path, capsys, monkeypatch, doomed_cluster):
    address, scheduler = doomed_cluster
    args = ["sweep", RELIEF, *PARAMS, "--points", "3", "--games", "2", "--seed", "8"]
    whole = tmp_path / "whole.csv"
    assert main(args + ["--out", str(whole)]) == 0
    out = tmp_path / "out.csv"
    kill_after(monkeypatch, scheduler, 2)
    capsys.readouterr()
    assert main(args + ["--cluster", address, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"the cluster at {address} went away" in err and "run the same command again" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert len(out.read_text().splitlines()) >= 3  # the header and the games finished before
    monkeypatch.undo()
    assert main(args + ["--out", str(out)]) == 0
    assert out.read_bytes() == whole.read_bytes()


def test_a_batch_whose_scheduler_dies_says_so_and_keeps_its_games(tmp_path, capsys, monkeypatch, doomed_cluster):
    address, scheduler = doomed_cluster
    out = tmp_path / "out.csv"
    kill_after(monkeypatch, scheduler, 1)
    status = main(["batch", RELIEF, "--games", "6", "--seed", "4", "--cluster", address, "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and f"the cluster at {address} went away" in err and f"are in {out}" in err
    assert "Traceback" not in err and len(out.read_text().splitlines()) >= 2


@pytest.mark.parametrize("address, said", [("ucx://127.0.0.1:1", "ucx:// addresses are not supported"),
                                           ("tls://127.0.0.1:1", "tls:// addresses are not supported"),
                                           ("tcp://127.0.0.1:notaport", "cannot reach the scheduler")])
def test_an_address_the_game_cannot_use_is_refused(tmp_path, capsys, address, said):
    status = main(["batch", RELIEF, "--games", "2", "--cluster", address, "--out", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert status == 2 and said in err and "Traceback" not in err
