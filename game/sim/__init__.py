"""Headless play: whole games without a window, for tests, replays and batches."""
