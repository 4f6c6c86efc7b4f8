"""The AI levels by name: what a command line, a menu or a file may ask for, without loading the AI itself
(game/ai/players.py makes the players; docs/ai.md describes each level)."""

LEVELS = ("simple", "easy", "normal", "hard", "historical")
DEFAULT_LEVEL = "normal"  # the commander a side gets when nobody chooses
