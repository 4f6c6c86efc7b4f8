"""`dushanbe report REPLAY --out report.html`, and the victory screen's Report button: the after-action report
(play/report.py) with the map at each decisive moment drawn by the window's own code, off screen."""

from __future__ import annotations

import io
import os
import sys

from game.files import writable, write_atomic
from game.scenario.problems import InputError, Problem

MAP_BOX = (1040, 640)  # the largest a moment's map is drawn


def write_report(replay_path: str, out: str, scenario: str | None = None) -> str:
    """Write the report of a replay file to `out` (InputError naming the file if the replay is bad or `out`
    cannot be written); the path written."""
    from game.play.replaybook import ReplayBook
    from game.play.report import moments, page

    writable(out, what="report")  # before the pictures are drawn
    book = ReplayBook(replay_path, scenario)
    if out_of_sync(book):
        print(out_of_sync(book), file=sys.stderr)
    pictures = {m.index: map_at(book, m.index) for m in moments(book)}
    text = page(book, pictures)
    try:
        write_atomic(out, text)
    except OSError as exc:
        raise InputError([Problem(out, None, f"the report cannot be written here: {exc.strerror or exc}")]) from None
    return out


def map_at(book, index: int) -> bytes:
    """The whole map at a frame of the book, all revealed, what happened that turn flashed: a PNG."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # drawn off screen; no window opens
    import pygame

    from game.play.happenings import happenings
    from game.ui.mapview import FLASH_SECONDS, Marks
    from game.ui.picture import Picture

    was = book.index
    book.go(index)
    try:
        frame = book.frames[index]
        marks = Marks(happenings=[[x, FLASH_SECONDS * 0.8] for p in frame.played
                                  for x in happenings(p.events, p.before, p.after, "")])
        objectives = book.state.setup.scenario.victory.objectives
        board = book.state.board
        at = [x.at for x, _ in marks.happenings] or [board.places[o.place].hex for o in objectives[:1]]
        surface = Picture(book.loaded.scenario, board, MAP_BOX).draw(book, "", marks, focus=at)  # close on what
        # happened (or, at the end, on the first objective)
        buffer = io.BytesIO()
        pygame.image.save(surface, buffer, "moment.png")
        return buffer.getvalue()
    finally:
        book.go(was)


def cmd_report(args) -> int:
    out = args.out or os.path.splitext(os.path.basename(args.replay))[0] + "-report.html"
    print(write_report(args.replay, out, args.scenario))
    return 0


def out_of_sync(book) -> str:
    """A warning if the replay's orders no longer give the game it records ("" if they do): the report shows the
    game as played again, which is then not the one recorded."""
    turns = [i - 1 for i, frame in enumerate(book.frames) if not frame.in_sync]
    if not turns:
        return ""
    return (f"warning: {book.replay.path}: from turn {turns[0]} the game played again differs from the record "
            f"(`dushanbe replay` says how); the report shows the game as played again")
