"""Where the games run: here, in local processes, or on a Dask cluster; rows back in task order."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections import deque
from typing import Iterator

from game.scenario.problems import InputError, Problem
from game.sim.tasks import Job, Task, game_seed, play_game, play_remote, prepare


IN_FLIGHT_PER_WORKER = 4
WORKERS_PER_CPU = 2  # more processes than this only share the same CPUs and cost memory


def workers_for(asked: int, games: int, cpus: int | None = None) -> int:
    """The worker processes a batch gets: no more than its games, nor than a few per CPU (saying so)."""
    cpus = cpus or os.cpu_count() or 1
    most = min(games, WORKERS_PER_CPU * cpus)
    if asked > most:
        why = f"{games} game{'s' if games != 1 else ''}" if games <= WORKERS_PER_CPU * cpus else f"{cpus} CPUs"
        print(f"dushanbe: --workers {asked} is more than {why} can use; running {most}", file=sys.stderr)
        return most
    return asked


def run_games(job: Job, games: int, seed: int, workers: int) -> Iterator[dict]:
    """Rows of games 0..games-1, in game order, as they finish."""
    return run_tasks(job, (Task(i, game_seed(seed, i)) for i in range(games)), workers)


def run_tasks(job: Job, tasks, workers: int, cluster: str | None = None) -> Iterator[dict]:
    """The rows of the tasks' games, in task order, as they finish: here, in local processes, or on a cluster."""
    if cluster:
        yield from run_on_cluster(job, tasks, cluster)
        return
    if workers <= 1:
        prepare(job)
        for task in tasks:
            yield play_game(task)
        return
    with worker_pool(workers, prepare, (job,)) as pool:
        pending: deque = deque()
        for task in tasks:
            pending.append(pool.apply_async(play_game, (task,)))
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER or (pending and pending[0].ready()):
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


@contextlib.contextmanager
def worker_pool(workers: int, initializer=None, initargs: tuple = ()):
    """Local worker processes, closed as they finish their work (stopped at once if the run is cut short).
    Forked when this process runs no other thread (quick: the children start with the scenario loaded); else from
    a fork server, since a child forked beside other threads can hang for good on a lock one of them held (a
    window's seats, a test runner's, a Dask client's); spawned on Windows."""
    import multiprocessing
    import threading

    if sys.platform == "win32":
        method = "spawn"
    elif threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver"
    pool = multiprocessing.get_context(method).Pool(workers, initializer=start_worker,
                                                    initargs=(initializer, *initargs))
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()  # each worker ends when the work is done: no signal needed
    finally:
        pool.join()


def start_worker(initializer, *initargs) -> None:
    """A worker stops when it is told to (SIGTERM), whatever its parent did with the signal: a pool is stopped by
    it, and a child forked from a process that had opened a window inherits SDL's handler, which only notes it
    (closing the pool then waited for that child for good)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)


def run_on_cluster(job: Job, tasks, address: str) -> Iterator[dict]:
    """The games on a Dask distributed cluster: the job sent once to every worker, rows back in task order;
    ClusterLost if the scheduler goes away."""
    client = connect(address)
    done = 0
    try:
        sent = client.scatter(job, broadcast=True)
        slots = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
        pending: deque = deque()
        for task in tasks:
            pending.append(client.submit(play_remote, sent, task, pure=False))
            while len(pending) >= slots or (pending and pending[0].done()):
                yield pending.popleft().result()
                done += 1
        while pending:
            yield pending.popleft().result()
            done += 1
    except LOST_CLUSTER as exc:
        raise ClusterLost(address, done, exc) from None
    finally:
        quietly_close(client)


class ClusterLost(InputError):
    """The cluster went away in the middle of a run (its scheduler stopped, the network failed)."""

    def __init__(self, address: str, done: int, cause: BaseException, kept: str = ""):
        self.address, self.done, self.cause = address, done, cause
        reason = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        said = (f"the cluster at {address} went away after {done} game{'s' if done != 1 else ''} of this run "
                f"({reason[:200]})" + (f"; {kept}" if kept else ""))
        super().__init__([Problem("--cluster", None, said)])

    def kept(self, what: str) -> "ClusterLost":
        """The same loss, saying what of the run was kept."""
        return ClusterLost(self.address, self.done, self.cause, what)


def _lost_cluster() -> tuple[type[BaseException], ...]:
    """What a Dask client raises when its scheduler goes away: futures cancelled, connections closed."""
    from concurrent.futures import CancelledError

    kinds: list[type[BaseException]] = [CancelledError, OSError, TimeoutError]
    try:
        from distributed.comm.core import CommClosedError
        from distributed.scheduler import KilledWorker

        kinds += [CommClosedError, KilledWorker]
    except ImportError:
        pass
    return tuple(kinds)


LOST_CLUSTER = _lost_cluster()


SCHEMES = ("tcp",)  # the transports the game can use without more set-up (tls needs certificates, ucx a GPU stack)


def connect(address: str):
    """A client of the cluster's scheduler, or an InputError saying why there is none."""
    scheme = address.split("://", 1)[0].lower() if "://" in address else "tcp"
    if scheme not in SCHEMES:
        raise InputError([Problem("--cluster", None, f"{scheme}:// addresses are not supported; give the "
                                                     "scheduler's address as tcp://HOST:PORT")])
    try:
        from distributed import Client
    except ImportError:
        raise InputError([Problem("--cluster", None, "Dask is not installed: `.venv/bin/pip install -e '.[cluster]'`")]) from None
    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # our own message says what went wrong
    try:
        return Client(address, timeout="5s")
    except Exception as exc:  # an address Dask cannot use, or a scheduler not there: input, not a bug
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError([Problem("--cluster", None, f"cannot reach the scheduler at {address}: {reason[:300]}")]) from None


def quietly_close(client) -> None:
    """Close the client; one whose scheduler is gone may only complain."""
    try:
        client.close(timeout=5)
    except Exception:
        pass
