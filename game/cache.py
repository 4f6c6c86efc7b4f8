"""Data files read before, kept on disk checked: a scenario (or the AI's doctrine) is read again in a few
milliseconds instead of being parsed and checked afresh (about 80 ms for the main scenario, 30 for ai.yaml), so
every command starts sooner.

Safe by its key: the file's path and text, and a fingerprint of the game itself (the name, size and
modification time of every file of the `game` package: its code, its rules and its data), so a changed file,
rules file or game is never answered from the cache.  A cache file that cannot be read (cut short, from another
Python, tampered with) is taken as missing and written again; a cache folder that cannot be written leaves the
game working as before.  The folder keeps the `MOST_FILES` written last (a changed game leaves the old ones
unused).  `DUSHANBE_CACHE_DIR` says where it is (the tests point it at a temporary folder);
`DUSHANBE_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from typing import Any, Callable

APP_NAME = "dushanbe-1922"
VERSION = 1  # of the cache's own layout
MOST_FILES = 64  # kept in the folder; the oldest go (a checked scenario is about 130 kB)
LEFTOVER_AGE = 60  # seconds: a temporary file older than this is from a write that was killed


def cache_dir() -> str | None:
    """Where checked files are kept (None: turned off)."""
    chosen = os.environ.get("DUSHANBE_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return chosen
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir(APP_NAME), "checked")


@functools.cache
def game_fingerprint() -> str:
    """What the game is made of, as a hash: the name, size and modification time of every file of the package."""
    root = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.sha256(f"{VERSION}".encode())
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{os.path.relpath(os.path.join(folder, name), root)}:{stat.st_size}:{stat.st_mtime_ns}\n"
                          .encode())
    return digest.hexdigest()


def kept(path: str, text: str, build: Callable[[], Any], still_good: Callable[[Any], bool] = lambda value: True) -> Any:
    """`build()` for the file in `path` with this `text`, from the cache when it was built before and is
    `still_good` (what the text does not say, such as another file it names, may have changed since)."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.sha256(os.fsencode(os.path.abspath(path)) + f"\0{game_fingerprint()}\0{text}".encode("utf-8",
                                                                                                   "surrogateescape")).hexdigest()
    file = os.path.join(folder, f"{key}.pickle")
    try:
        with open(file, "rb") as f:
            value = pickle.load(f)
        if still_good(value):
            return value
    except Exception:  # missing, cut short or unreadable: built again below
        pass
    value = build()
    keep(folder, file, value)
    return value


def keep(folder: str, file: str, value: Any) -> None:
    """Write `value` to the cache whole or not at all (an unwritable cache only costs time)."""
    import tempfile  # (only when writing: it costs 4 ms to load)

    temporary = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)
        prune(folder)
    except Exception:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def prune(folder: str) -> None:
    """Keep the `MOST_FILES` cache files written last, and no leftovers of killed writes."""
    import time

    entries = [(entry.stat().st_mtime, entry.path, entry.name) for entry in os.scandir(folder) if entry.is_file()]
    kept_files = sorted((e for e in entries if e[2].endswith(".pickle")), reverse=True)
    old = [e[1] for e in kept_files[MOST_FILES:]]
    old += [e[1] for e in entries if e[2].startswith(".tmp-") and time.time() - e[0] > LEFTOVER_AGE]
    for path in old:
        try:
            os.unlink(path)
        except OSError:
            pass  # another process took it first
