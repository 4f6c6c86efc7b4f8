"""A fresh process that loads a save and lets the AI play on: `python -m tests.resume_child SAVE UNTIL_TURN`.

Prints the state digest after every order, one a line, until the game ends or turn UNTIL_TURN
begins (tests/test_resume.py compares them with the unbroken game).
"""

import sys

from game.core.digest import state_digest
from game.play.session import Session


def main(path: str, until_turn: int) -> int:
    session = Session.load(path)
    last = until_turn
    while session.ai_to_move and session.state.turn < last:
        session.ai_step()
        print(state_digest(session.state))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
