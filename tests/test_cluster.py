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
