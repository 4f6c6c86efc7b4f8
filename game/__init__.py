"""Siege of Dushanbe 1922: a turn-based historical wargame."""

from game import compiled as _compiled

__version__ = "0.1.0"
ENGINE_VERSION = "1"

_compiled.guard()  # a compiled rule runs only while its source is the one it was compiled from
