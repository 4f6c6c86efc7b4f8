"""The siege for game-AI research: a PettingZoo environment (`dushanbe_v0`), built on what a side observes."""
