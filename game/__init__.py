"""Siege of Dushanbe 1922: a turn-based historical wargame."""

__version__ = "0.1.0"
ENGINE_VERSION = "1"
