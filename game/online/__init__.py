"""Play apart: the server that referees online games, and its clients (docs/online.md)."""
