"""Faults on purpose, for tests: the process killed at a chosen moment, every time.

What survives a kill can only be tested with the kill at a known moment.
`DUSHANBE_FAULT=MOMENT` (or `MOMENT:N`, the N-th time it comes) kills the
process there as SIGKILL would: nothing flushed, nothing cleaned up. The
moments are named where they are reached:

- `table.row`: a game's row has been written to a table's journal;
- `table.parquet-written`: a Parquet table is in place, its journal not yet removed;
- `chain.step-written`: a campaign record's step replay is written, its index not yet;
- `online.checked`: the server has checked an order, not yet committed it;
- `online.committed`: the server has committed an order, not yet acknowledged it.
"""

from __future__ import annotations

import os
import signal

_COUNTS: dict[str, int] = {}


def reached(moment: str) -> None:
    """Die here if DUSHANBE_FAULT names this moment (and this is the N-th time it comes)."""
    wanted = os.environ.get("DUSHANBE_FAULT", "")
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != moment:
        return
    _COUNTS[moment] = _COUNTS.get(moment, 0) + 1
    if _COUNTS[moment] >= int(nth or 1):
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)
