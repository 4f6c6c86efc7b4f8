"""A table of games that survives: one writer, rows read back strictly, finished whole.

A sweep is hours of games, and its table must end holding exactly the rows
an unbroken run writes, whatever happened on the way: a run killed mid-row,
a full disk, a line of garbage, a Parquet table written but its journal not
yet removed, a second run started on the same file.

- **One writer.** `held(out)` takes an exclusive lock on `OUT.lock` for the
  run (released by the system if the run is killed); a second run on the
  same table is refused at once.
- **Read back strictly.** Each line of the journal is a whole row of this
  run or it is damage. A row is kept only when it ends in a line break, has
  every column, and `Rows.check` finds it a game of this run (its key, seed
  and settings). Damaged lines are dropped — their games are played again —
  and said in one line; a whole row of another run is refused at its line.
- **Finished whole.** `finish` writes the rows in key order to a temporary
  file renamed into place (the order an unbroken run writes them in), and
  only then drops a Parquet table's journal; rows found in both are one.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from game.files import TEMP_PREFIX, write_atomic, written_at
from game.scenario.problems import InputError, Problem

Key = tuple[int, ...]


@dataclass(frozen=True)
class Rows:
    """What a run's rows look like: its columns, and how to tell its rows from damage and from other runs'."""
    columns: list[str]
    fixed: int  # how many leading columns name the run (point and settings): other names there mean another run
    key: Callable[[dict[str, str]], Key]  # ValueError for a row whose key cannot be read
    check: Callable[[dict[str, str]], str]  # "" for a game of this run, else why it is another run's


@dataclass
class Earlier:
    """The rows an earlier run left, by key, in the order they were found; and what was repaired."""
    rows: dict[Key, dict[str, str]] = field(default_factory=dict)
    repaired: list[str] = field(default_factory=list)
    journal_clean: bool = True  # the journal can be appended to as it is


def journal_of(out: str) -> str:
    """Where rows go as games finish: the CSV itself, or beside a Parquet file (which cannot grow row by row)."""
    return out + ".rows.csv" if is_parquet(out) else out


def is_parquet(out: str) -> bool:
    return out.lower().endswith(".parquet")


# -- one writer -------------------------------------------------------------------------

@contextmanager
def held(out: str) -> Iterator[None]:
    """Hold `OUT.lock` while the block runs; InputError at once if another run holds it."""
    path = out + ".lock"
    try:
        handle = open(path, "a+", encoding="utf-8")
    except OSError as exc:
        raise InputError([Problem(path, None, f"cannot make the table's lock file: {exc.strerror or exc}")]) from None
    try:
        if not _lock(handle):
            handle.seek(0)
            who = handle.read().strip()
            raise InputError([Problem(out, None, f"another run is writing this table{f' (process {who})' if who else ''}"
                                                 "; wait for it to end, or give another --out")])
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            _remove(path)
    finally:
        handle.close()


def _lock(handle) -> bool:
    """Take an exclusive lock on the open file without waiting; False if another process has it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


# -- reading back ----------------------------------------------------------------------------

def read_back(out: str, rows: Rows) -> Earlier:
    """The rows an earlier run of this table wrote (the Parquet table's, then its journal's)."""
    earlier = Earlier()
    if is_parquet(out) and os.path.exists(out):
        for number, row in enumerate(parquet_rows(out), start=1):
            keep(earlier, rows, out, None, row, f"row {number}")
    journal = journal_of(out)
    if os.path.exists(journal):
        try:
            with open(journal, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise InputError([Problem(journal, None, f"cannot read the earlier rows to resume: {exc.strerror or exc}")]) \
                from None
        read_journal(raw, journal, rows, earlier)
    return earlier


def read_journal(raw: bytes, path: str, rows: Rows, earlier: Earlier) -> None:
    """Each line of the journal: the header, a whole row of this run, or damage (dropped and said)."""
    if not raw:
        return
    lines = raw.split(b"\n")
    cut = lines.pop()  # text after the last line break: a row cut short by a kill (or nothing)
    damaged: list[int] = []
    if not lines:  # not even the header was finished
        earlier.repaired.append(f"{path}: line 1 (the header) was cut short; it is written again")
        earlier.journal_clean = False
        return
    header = cells(lines[0])
    if header != rows.columns:
        refuse_header(header, path, rows, [found for line in lines[1:] if (found := cells(line)) is not None])
        earlier.repaired.append(f"{path}: line 1 (the header) was damaged; it is written again")
        earlier.journal_clean = False
    for number, line in enumerate(lines[1:], start=2):
        found = cells(line)
        if found is None or len(found) != len(rows.columns):
            damaged.append(number)
            continue
        if not keep(earlier, rows, path, number, dict(zip(rows.columns, found)), f"line {number}"):
            damaged.append(number)
    if cut:
        damaged.append(len(lines) + 1)
    if damaged:
        earlier.journal_clean = False
        earlier.repaired.append(f"{path}: {len(damaged)} damaged line{'s' if len(damaged) > 1 else ''} dropped "
                                f"({', '.join(map(str, damaged[:8]))}{' ...' if len(damaged) > 8 else ''}: cut short "
                                "or not a row); their games are played again")


def cells(line: bytes) -> list[str] | None:
    """The cells of one line of CSV, or None if it is no line of text (a NUL, bytes that are not UTF-8)."""
    if b"\x00" in line:
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        parsed = list(csv.reader([text.removesuffix("\r")], strict=True))
    except csv.Error:
        return None
    return parsed[0] if len(parsed) == 1 else None


def refuse_header(header: list[str] | None, path: str, rows: Rows, below: list[list[str]]) -> None:
    """A header that is another table's is refused; one cut short or garbled is repaired by the caller.  (A
    header that is the start of this run's, followed by rows as long as it, is another table's: a scenario
    with fewer columns, not damage.)"""
    if header is None:
        return
    line = ",".join(header)
    if ",".join(rows.columns).startswith(line) and not any(len(row) == len(header) for row in below):
        return  # cut short
    if header[: rows.fixed] != rows.columns[: rows.fixed]:
        raise InputError([Problem(path, 1, "this file holds another sweep (other columns); give another --out, "
                                           "or remove it to start again")])
    if len(header) == len(rows.columns) or len(header) > rows.fixed + 2:
        raise InputError([Problem(path, 1, "its columns are not this run's (a table of another scenario, or made by "
                                           "another version of the game); give another --out, or remove it to start again")])


def keep(earlier: Earlier, rows: Rows, path: str, line: int | None, row: dict[str, str], where: str) -> bool:
    """Keep a whole row of this run (False: it is damage); InputError if it is another run's."""
    try:
        key = rows.key(row)
    except (ValueError, KeyError):
        return False
    why = rows.check(row)
    if why:
        raise InputError([Problem(path, line, f"{'' if line else where + ': '}{why}: the table holds another run's "
                                              "rows; give another --out, or remove the file to start again")])
    if key in earlier.rows:  # a game written twice (in the Parquet table and its journal): one row
        earlier.journal_clean = earlier.journal_clean and line is None
    else:
        earlier.rows[key] = row
    return True


def parquet_rows(path: str) -> list[dict[str, str]]:
    """A Parquet table's rows as text (empty cells for nothing); InputError if it cannot be read."""
    pq = parquet_module(path)
    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError([Problem(path, None, f"cannot read the earlier rows to resume: {exc}")]) from None
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in table.to_pylist()]


def parquet_module(path: str):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError([Problem(path, None, "a .parquet table needs pyarrow: pip install -e '.[parquet]', "
                                  "or name the table .csv")]) from None
    return pq


# -- writing -----------------------------------------------------------------------------------

def start_journal(out: str, rows: Rows, earlier: Earlier):
    """The journal open for appending rows, written again first if the earlier run left it damaged."""
    journal = journal_of(out)
    for line in earlier.repaired:
        print(f"dushanbe: {line}", file=sys.stderr)
    if not earlier.journal_clean or not os.path.exists(journal) or os.path.getsize(journal) == 0:
        in_journal = earlier.rows.values() if not is_parquet(out) else journal_only(out, rows, earlier)
        write_atomic(journal, csv_text(rows.columns, in_journal), newline="")
    return open(journal, "a", newline="", encoding="utf-8")


def journal_only(out: str, rows: Rows, earlier: Earlier) -> list[dict[str, str]]:
    """The earlier rows the Parquet table does not hold (they stay in the journal)."""
    held_keys = {rows.key(r) for r in parquet_rows(out)} if os.path.exists(out) else set()
    return [r for k, r in earlier.rows.items() if k not in held_keys]


def append(handle, rows: Rows, row: dict[str, Any]) -> None:
    """One finished game's row, whole, on the disk before the next."""
    csv.DictWriter(handle, fieldnames=rows.columns).writerow(row)
    handle.flush()


def finish(out: str, rows: Rows) -> list[dict[str, str]]:
    """Write the whole table in key order (CSV or Parquet), then drop a Parquet table's journal; the rows."""
    earlier = read_back(out, rows)
    ordered = [earlier.rows[k] for k in sorted(earlier.rows)]
    if is_parquet(out):
        write_parquet(out, rows.columns, ordered)
        from game import faults

        faults.reached("table.parquet-written")
        os.remove(journal_of(out))
    else:
        write_atomic(out, csv_text(rows.columns, ordered), newline="")
    return ordered


def csv_text(columns: list[str], rows) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_parquet(out: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    """The rows as a Parquet table, numbers typed, written whole."""
    import pyarrow as pa

    pq = parquet_module(out)
    table = pa.table({c: column(pa, [typed(r.get(c, "")) for r in rows]) for c in columns}) if rows else pa.table({})
    out = written_at(out)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=os.path.dirname(out))
    os.close(fd)
    try:
        pq.write_table(table, temp)
        os.replace(temp, out)
    except BaseException:
        _remove(temp)
        raise


def column(pa, values: list):
    """A Parquet column of the values: numbers where they all are (seeds are unsigned 64-bit), else text."""
    try:
        return pa.array(values)
    except (OverflowError, pa.ArrowInvalid, pa.ArrowTypeError):
        if all(isinstance(v, int) and v >= 0 for v in values):
            return pa.array(values, type=pa.uint64())
        return pa.array(["" if v == "" else str(v) for v in values])


def typed(text: str) -> Any:
    """A CSV cell as the number it is, or the text (empty for nothing)."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
