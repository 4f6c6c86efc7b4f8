"""The OpenSpiel playthrough of the siege, written again: run after a deliberate change to the rules, the
scenario or the research environment (game/env).

    .venv/bin/python -m tests.playthroughs.regenerate

A playthrough, as OpenSpiel keeps one for each of its games, is a game of random legal actions from a fixed
seed with everything OpenSpiel's interface says at each state (observations, information states, legal actions,
returns).  The test suite plays the same actions again and asks for the same text, byte for byte.
"""

from __future__ import annotations

import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FILE = os.path.join(HERE, "python_dushanbe_1922.txt")
# The Kampchi raid: the smallest map and the shortest game, so the file stays readable (half a megabyte).
GAME = "python_dushanbe_1922(scenario=kampchi_raid,seed=3)"
ACTIONS_SEED = 1  # OpenSpiel's random choice of the actions


def written(game_string: str = GAME, actions: list[int] | None = None, seed: int = ACTIONS_SEED) -> str:
    """The playthrough's text: of `actions` if given, else of random ones from `seed`."""
    import game.env.openspiel  # noqa: F401  (registers the game)
    from open_spiel.python.algorithms import generate_playthrough

    return generate_playthrough.playthrough(game_string, actions, seed=seed)


def recorded(path: str = FILE) -> tuple[str, str, list[int]]:
    """A playthrough file's text, its game and its actions (OpenSpiel's own `replay` reads the same lines)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    game_string = re.search(r"^game: (.*)$", text, re.M).group(1)
    return text, game_string, [int(a) for a in re.findall(r"^action: (\d+)$", text, re.M)]


def main() -> None:
    from game.files import write_atomic

    text = written()
    write_atomic(FILE, text)
    print(f"{os.path.relpath(FILE)}: {text.count('# State')} states, {len(text):,} characters")


if __name__ == "__main__":
    main()
