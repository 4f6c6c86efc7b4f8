"""Many campaigns played headless: how often each branch is taken, and how the chain ends.

`dushanbe batch CAMPAIGN` plays `--games` whole campaigns (campaign k from the
k-th child seed of `--seed`, as a batch of games does) in local processes,
writes one row a campaign (`--out`) and prints, for every step, how often it
was played and who won it, how often each way out of it was taken, and the
outcomes at the end: the last step reached, its winner, the men each side had.
"""

from __future__ import annotations

import csv
from collections import Counter
from statistics import median

from game.sim.batch import open_csv
from game.sim.tally import progress_bar
from game.sim.tasks import game_seed

_WORKER: dict = {}


def prepare(path: str, levels: tuple[tuple[str, str], ...]) -> None:
    from game.scenario.campaign import load_campaign

    _WORKER["loaded"] = load_campaign(path)
    _WORKER["levels"] = dict(levels)


def play_one(task: tuple[int, int]) -> dict:
    """One whole campaign, as its row."""
    from game.ai.players import make_player
    from game.sim.campaign import play_campaign

    index, seed = task
    loaded, levels = _WORKER["loaded"], _WORKER["levels"]
    record = play_campaign(loaded, seed, lambda setup, s: {side: make_player(levels.get(side, "normal"), side, s)
                                                           for side in setup.sides}, levels)
    final = record.final
    row = {"campaign": index, "seed": seed, "path": ">".join(p.step.id for p in record.played),
           "steps_played": len(record.played), "last_step": record.played[-1].step.id, "winner": final.winner}
    for side in sorted(levels):
        row[f"men_{side}_end"] = final.men(side)
    won = {p.step.id: p.record.final.winner for p in record.played}
    for step in loaded.campaign.steps:
        row[f"winner_{step.id}"] = won.get(step.id, "")
    return row


def run_campaign_batch(loaded, levels: tuple[tuple[str, str], ...], games: int, workers: int, seed: int,
                       out: str | None = None, progress: bool = False) -> int:
    tasks = [(i, game_seed(seed, i)) for i in range(games)]
    bar = progress_bar(games, "campaigns", progress)
    rows = []
    handle = open_csv(out) if out else None
    writer = None
    try:
        for row in rows_of(loaded.path, levels, tasks, workers):
            if handle is not None:
                writer = writer or csv.DictWriter(handle, fieldnames=list(row))
                if handle.tell() == 0:
                    writer.writeheader()
                writer.writerow(row)
                handle.flush()
            rows.append(row)
            bar.update()
    finally:
        if handle is not None:
            handle.close()
        bar.close()
    print(summary_text(loaded, rows, levels, seed))
    return 0


def rows_of(path: str, levels, tasks, workers: int):
    if workers <= 1:
        prepare(path, levels)
        for task in tasks:
            yield play_one(task)
        return
    from game.sim.runner import worker_pool

    with worker_pool(workers, prepare, (path, levels)) as pool:
        yield from pool.imap(play_one, tasks)


def summary_text(loaded, rows: list[dict], levels, seed: int) -> str:
    n = len(rows)
    pct = lambda k: f"{100 * k / n:.0f}%"  # noqa: E731
    lines = [f"{loaded.campaign.title}: {n} campaigns from seed {seed}, "
             + ", ".join(f"{side} {level}" for side, level in levels), "", "Steps and branches:"]
    for step in loaded.campaign.steps:
        winners = Counter(r[f"winner_{step.id}"] for r in rows if r[f"winner_{step.id}"])
        played = sum(winners.values())
        if not played:
            lines.append(f"  {step.id}: never played")
            continue
        won = ", ".join(f"{side} {100 * k / played:.0f}%" for side, k in winners.most_common())
        lines.append(f"  {step.id}: played in {pct(played)} ({won})")
        ways = Counter()
        for r in rows:
            steps = r["path"].split(">")
            if step.id in steps:
                i = steps.index(step.id)
                ways[steps[i + 1] if i + 1 < len(steps) else "end"] += 1
        lines.append("    then: " + ", ".join(f"{to} {100 * k / played:.0f}%" for to, k in ways.most_common()))
    lines += ["", "At the end:"]
    lines.append("  last step: " + ", ".join(f"{s} {pct(k)}" for s, k in Counter(r["last_step"] for r in rows).most_common()))
    lines.append("  its winner: " + ", ".join(f"{s} {pct(k)}" for s, k in Counter(r["winner"] for r in rows).most_common()))
    for side, _ in levels:
        men = [r[f"men_{side}_end"] for r in rows]
        lines.append(f"  {side} men left: median {median(men):g} (range {min(men)} to {max(men)})")
    lines.append("  paths: " + "; ".join(f"{p} {pct(k)}" for p, k in Counter(r["path"] for r in rows).most_common(5)))
    return "\n".join(lines)
