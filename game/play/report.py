"""The after-action report: one page a player can keep or share, from a replay.

The course of the game by turn (men, morale, men cut off, places held and points for each side) beside the
record's dates, the map at the decisive moments (drawn by the window's own code: `ui/report.py` passes the
pictures in), the points line by line and the whole log.  Pure but for the plots (matplotlib, off screen);
the page is one HTML file with its pictures inside it.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

from game.core.narrate import day_text, when_text
from game.core.rules import victory
from game.core.state import State
from game.play.replaybook import ReplayBook
from game.play.log import side_name

PARTS = ("course", "moments", "points", "log")  # the page's parts, each a section with this id


@dataclass(frozen=True)
class Point:
    """One turn of the course: each side's numbers after it."""
    turn: int
    label: str  # '9 Feb, night'
    men: dict[str, int]
    morale: dict[str, int]  # weighted by men
    cut_off: dict[str, int]  # men without a supply line
    places: dict[str, int]  # places held
    points: dict[str, int]  # as the scenario would score it then


def course(book: ReplayBook) -> list[Point]:
    return [point(frame.state) for frame in book.frames]


def point(state: State) -> Point:
    sides = state.setup.sides
    units = {s: state.units_of(s) for s in sides}
    men = {s: state.men(s) for s in sides}
    morale = {s: round(sum(u.morale * u.men for u in units[s]) / men[s]) if men[s] else 0 for s in sides}
    cut = {s: sum(u.men for u in units[s] if not u.supplied) for s in sides}
    places = {s: sum(1 for holder in state.control.values() if holder == s) for s in sides}
    turn = min(state.turn, state.setup.total_turns - 1)
    return Point(state.turn, when_text(state, turn).replace(" 1922", ""), men, morale, cut, places, victory.points(state))


@dataclass(frozen=True)
class Moment:
    index: int  # the book's frame
    title: str


def moments(book: ReplayBook) -> list[Moment]:
    """The decisive moments: the first place taken, the bloodiest turn, the end (each once, in order)."""
    found: dict[int, str] = {}
    taken = [(i, e) for i, f in enumerate(book.frames) for p in f.played for e in p.events if e.kind == "place_taken"]
    if taken:
        i, e = taken[0]
        found[i] = f"{book.state.board.places[e.place].name} taken by the {side_name(book.state, e.side)}"
    losses = [(sum(e.attacker_losses + e.defender_losses for p in f.played for e in p.events if e.kind == "combat"), i)
              for i, f in enumerate(book.frames)]
    worst, i = max(losses) if losses else (0, 0)
    if worst:
        found.setdefault(i, f"The bloodiest turn: {worst:,} men lost in fights")
    last = len(book.frames) - 1
    found.setdefault(last, "The end")
    return [Moment(i, title) for i, title in sorted(found.items())]


def played_in(index: int, final: State) -> int:
    """The turn a frame of the book shows the end of (frame 0 is the start: the first turn), as the log dates it
    (the state after a turn is already the next turn's)."""
    return min(max(0, index - 1), final.setup.total_turns - 1)


def plots(points: list[Point], state: State, history=None) -> dict[str, bytes]:
    """One PNG a measure: each side's line by turn, the record's dates marked."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    sides = state.setup.sides
    colours = {s: f"C{i}" for i, s in enumerate(sides)}
    colours.update({sides[0]: "#0072b2", sides[-1]: "#d55e00"})  # the counters' colours (Okabe-Ito)
    marks = record_marks(state, history)
    out = {}
    for key, title in (("men", "Men on the map"), ("morale", "Morale (weighted by men)"),
                       ("cut_off", "Men cut off from supply"), ("places", "Places held"), ("points", "Points")):
        fig, ax = plt.subplots(figsize=(5.2, 2.9), dpi=100)
        xs = [p.turn for p in points]
        for side in sides:
            ax.plot(xs, [getattr(p, key)[side] for p in points], color=colours[side], label=side_name(state, side),
                    linewidth=2)
        for turn, words in marks:
            ax.axvline(turn, color="#888888", linestyle="--", linewidth=1)
            ax.annotate(words, (turn, 1), xycoords=("data", "axes fraction"), fontsize=8, rotation=90, va="top",
                        ha="right", color="#555555")
        ax.set_title(title)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # men, places and points are whole numbers
        ticks = day_ticks(state)
        ax.set_xticks([t for t, _ in ticks], [words for _, words in ticks], fontsize=8)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
        out[key] = buffer.getvalue()
    return out


def day_ticks(state: State, most: int = 8) -> list[tuple[int, str]]:
    """Turns where a day begins, every few days so that at most `most` are labelled: (turn, '28 Jan')."""
    per_day, total = state.setup.turns_per_day, state.setup.total_turns
    days = -(-total // per_day)
    step = max(1, -(-days // most))
    return [(d * per_day, day_text(state.setup.date_of(d * per_day)).rsplit(" ", 1)[0]) for d in range(0, days, step)]


def record_marks(state: State, history) -> list[tuple[int, str]]:
    """Turns the record names (the scenario's `history`): the day the place fell (if within the scenario)."""
    marks = []
    if history is not None and history.fell_on is not None:
        days = (history.fell_on - state.setup.start).days
        if 0 <= days * state.setup.turns_per_day < state.setup.total_turns:
            place = state.board.places[history.place_taken].name if history.place_taken in state.board.places else ""
            marks.append((days * state.setup.turns_per_day, f"in history: {place} falls, {day_text(history.fell_on)}"))
    return marks


def page(book: ReplayBook, pictures: dict[int, bytes]) -> str:
    """The whole report as one HTML page; `pictures`: the map (PNG) at each moment's frame."""
    final = book.frames[-1].state
    scenario = book.loaded.scenario
    points = course(book)
    head = (f"<h1>{esc(scenario.title)}</h1><p class=lead>{esc(outcome(final))}. Seed {book.seed}, from "
            f"{day_text(final.setup.start)}; {len(book.frames) - 1} turns played.</p>")
    course_html = "".join(f"<figure><img alt='{esc(k)}' src='{png(v)}'></figure>" for k, v in plots(points, final, scenario.history).items())
    moments_html = "".join(f"<figure><img alt='{esc(m.title)}' src='{png(pictures[m.index])}'><figcaption>"
                           f"{esc(when_text(final, played_in(m.index, final)))}: {esc(m.title)}</figcaption></figure>"
                           for m in moments(book) if m.index in pictures)
    score = "".join(f"<tr><td>{esc(side_name(final, s.side))}</td><td>{esc(s.what)}</td><td>{s.points}</td></tr>"
                    for s in victory.breakdown(final))
    totals = ", ".join(f"{esc(side_name(final, s))} {p}" for s, p in victory.points(final).items())
    log = "".join(f"<li>{esc(line.text)}</li>" for frame in book.frames for line in frame.lines if line.read_by(""))
    return TEMPLATE.format(title=esc(scenario.title), head=head, course=course_html, moments=moments_html,
                           score=score, totals=totals, log=log)


def outcome(state: State) -> str:
    if not state.over:
        return "The game was not finished"
    return f"The {side_name(state, state.winner)} win ({state.end_reason})"


def png(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def esc(text) -> str:
    return html.escape(str(text))


TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>After-action report: {title}</title>
<style>
body {{ font-family: "Noto Sans", "DejaVu Sans", sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #2b2620; background: #f7f3ea; }}
h1 {{ margin-bottom: 0.2em; }} .lead {{ font-size: 1.15em; }}
section {{ margin: 2em 0; }} figure {{ display: inline-block; margin: 0.5em; }}
figure img {{ max-width: 100%; border: 1px solid #c8bca4; }} figcaption {{ font-size: 0.95em; }}
table {{ border-collapse: collapse; }} td, th {{ border-bottom: 1px solid #d8ccb4; padding: 0.3em 0.8em; text-align: left; }}
ol.log {{ font-size: 0.9em; columns: 1; }}
</style></head><body>
{head}
<section id="course"><h2>The course of the game</h2>{course}</section>
<section id="moments"><h2>The decisive moments</h2>{moments}</section>
<section id="points"><h2>The points, line by line</h2><table><tr><th>Side</th><th>For</th><th>Points</th></tr>{score}</table>
<p>Totals: {totals}</p></section>
<section id="log"><h2>The log</h2><ol class="log">{log}</ol></section>
</body></html>
"""
