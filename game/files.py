"""Writing files: whole or not at all, and only where it can be done.

Every file the game writes — saves, replays, batch tables, plots, the
schema — is checked with `writable` before the work that fills it starts
(so a batch of a thousand games never ends in "cannot write"), and written
with `write_atomic`: a temporary file beside it, renamed into place, so a
crash mid-write leaves the old file whole.  `sweep_leftovers` removes the
temporary files of a write that was killed, and never a finished file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time

from game.scenario.problems import InputError, Problem

TEMP_PREFIX = ".tmp-"
APP_NAME = "dushanbe-1922"


def data_dir() -> str:
    """The user's data folder (platformdirs): saves, replays, settings, the server's games.
    `DUSHANBE_DATA_DIR` overrides it (the tests point it at a temporary folder)."""
    import platformdirs

    return os.environ.get("DUSHANBE_DATA_DIR") or platformdirs.user_data_dir(APP_NAME)
LEFTOVER_AGE = 60  # seconds: a temporary file older than this belongs to a write that died


def writable(path: str, suffixes: tuple[str, ...] = (), what: str = "file") -> str:
    """`path` if a `what` can be written there; otherwise an InputError saying why and what to do."""
    def fail(message: str) -> InputError:
        return InputError([Problem(path, None, message)])

    if not path:
        raise InputError([Problem("(no path)", None, f"give the {what} a file name")])
    if os.path.isdir(path):
        raise fail(f"is a folder; give the {what} a file name inside it")
    if suffixes and os.path.splitext(path)[1].lower() not in suffixes:
        raise fail(f"the {what} must be named with one of {', '.join(suffixes)} at the end "
                   f"(it says which format to write)")
    folder = os.path.dirname(written_at(path, what))
    if not os.path.isdir(folder):
        parent = folder
        while parent and not os.path.exists(parent):
            parent = os.path.dirname(parent)
        raise fail(f"the folder {folder} does not exist" if os.path.isdir(parent)
                   else f"{parent} is not a folder, so nothing can be written under it")
    try:
        fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise fail(f"cannot write in the folder {folder}: {_reason(exc)}") from None
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise fail(f"the {what} is there and may not be overwritten (permission denied)")
    return path


def written_at(path: str, what: str = "file") -> str:
    """The file a write to `path` replaces: a link's own file (the link is kept); InputError if `path` is there and
    is not a plain file (a device such as /dev/null, a pipe: a file written whole cannot go there) or is read-only."""
    target = os.path.realpath(path)
    if os.path.exists(target) and not os.path.isfile(target) and not os.path.isdir(target):
        raise InputError([Problem(path, None, f"is not a plain file (a device or a pipe); give the {what} a file name")])
    if os.path.isfile(target) and not os.stat(target).st_mode & 0o222:
        raise InputError([Problem(path, None, f"the {what} is there and read-only; make it writable or give another name")])
    return target


def writable_folder(folder: str, what: str = "folder") -> str:
    """`folder` if it is, or can be made, a folder to write in; otherwise an InputError saying why."""
    if not folder:
        raise InputError([Problem("(no path)", None, f"give the {what} a folder name")])
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise InputError([Problem(folder, None, f"is a file; the {what} is a folder (give a new folder's name)")])
    parent = os.path.abspath(folder)
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise InputError([Problem(folder, None, f"{parent} is not a folder, so nothing can be written under it")])
    try:
        writable(os.path.join(parent, "probe"), what=what)
    except InputError as exc:
        raise InputError([Problem(folder, None, p.message) for p in exc.problems]) from None
    return folder


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "it is on a read-only file system"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.ENOENT:
        return "it takes no new files (a folder of the system's own)"
    return exc.strerror or str(exc)


def ensure_folder(folder: str) -> None:
    """Make `folder` (and its parents) if it is not there; InputError if it cannot be."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise InputError([Problem(folder, None, f"cannot make the folder: {_reason(exc)}")]) from None


def write_atomic(path: str, text: str, newline: str | None = None) -> None:
    """Write a file so that a crash mid-write leaves the old one whole (a link's file is written, the link kept; the
    file keeps its permissions); InputError if it cannot be written.  `newline` as `open` takes it ("" for CSV)."""
    target = written_at(path)
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    except OSError as exc:
        raise InputError([Problem(path, None, f"cannot write in the folder {folder}: {_reason(exc)}")]) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode) if os.path.isfile(target) else 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise InputError([Problem(path, None, f"cannot write the file: {_reason(exc)}")]) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def sweep_leftovers(folder: str, now: float | None = None) -> list[str]:
    """Remove the temporary files that writes killed midway left in `folder`; return their names.

    Only files named like our temporary files and older than a minute go (a
    write in progress in another window is younger); a finished save never does.
    """
    now = time.time() if now is None else now
    gone = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return gone
    for name in names:
        path = os.path.join(folder, name)
        try:
            if name.startswith(TEMP_PREFIX) and os.path.isfile(path) and not os.path.islink(path) \
                    and now - os.path.getmtime(path) > LEFTOVER_AGE:
                os.unlink(path)
                gone.append(name)
        except OSError:
            continue
    return gone
