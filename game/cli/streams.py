"""The command's output streams: what a reader that goes away, or a disk that fills, does to them.

A command's exit status says how its work went, whatever happened to its output: `dushanbe validate ... | head`
still exits 2 when a file is broken.  A reader that leaves (a closed pipe) ends the output there, as `head`
means; an output that cannot be written (a full disk) is said on the error stream once, exit status 2.
"""

from __future__ import annotations

import errno
import sys
from contextlib import contextmanager
from typing import Iterator


class Kept:
    """A standard stream whose writes never raise: the first failure is kept, later writes are dropped."""

    def __init__(self, stream):
        self.stream = stream
        self.lost: OSError | None = None

    def write(self, text: str) -> int:
        if self.lost is None:
            try:
                self.stream.write(text)
                self.stream.flush()  # now, while the command can still say so: not at the interpreter's exit
            except OSError as exc:
                self.lost = exc
        return len(text)

    def flush(self) -> None:
        if self.lost is None:
            try:
                self.stream.flush()
            except OSError as exc:
                self.lost = exc

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


@contextmanager
def kept_streams() -> Iterator[tuple[Kept, Kept]]:
    """Standard output and error as `Kept` streams while the block runs (then as they were)."""
    was = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err = Kept(was[0]), Kept(was[1])
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = was


def unwritten(out: Kept) -> str:
    """Why the output could not be written ("" if it was, or if its reader only left early: a closed pipe)."""
    if out.lost is None or out.lost.errno == errno.EPIPE:
        return ""
    return "the disk is full" if out.lost.errno == errno.ENOSPC else (out.lost.strerror or str(out.lost))
