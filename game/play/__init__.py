"""A game in progress without a window: the session the window, the server and its clients share (no pygame)."""
