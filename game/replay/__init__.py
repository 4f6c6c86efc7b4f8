"""Replays: the start (scenario, seed, start date) plus every order, with digests."""
