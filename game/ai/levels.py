"""The AI levels by name: what a command line, a menu or a file may ask for, without loading the AI itself
(game/ai/players.py makes the players; docs/ai.md describes each level)."""

LEVELS = ("simple", "easy", "normal", "hard", "historical")
DEFAULT_LEVEL = "normal"  # the commander a side gets when nobody chooses
WHAT_EACH_DOES = {  # a line a level, for the menu's tooltip (docs/ai.md says more)
    "simple": "the first built-in player, for quick tests",
    "easy": "marches straight at its aims and attacks on poor odds",
    "normal": "rings the town, lays ambushes, calls for help (the default)",
    "hard": "a ring that stands, relief kept out of ambushes, sorties that strike",
    "historical": "the commanders' recorded plans, as the record has them",
}
