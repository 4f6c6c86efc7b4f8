"""The report of a sweep: which numbers move which outcomes, and which points come closest to the record.

Each point's outcome is the mean over its games: how often each side wins
and the town falls, the day it falls (a town that holds counts as falling
the day after the end, so every point has a value), men lost, men defected,
rifles taken.  Sensitivity comes from SALib (Sobol first- and total-order
indices, Morris mu*/sigma) or, for a Latin hypercube, Spearman's rank
correlation.  Closeness to the record is a stated score: the mean, over the
`history` targets the scenario gives, of how far a point's median falls
outside the recorded range, in units of that range (inside is 0).
"""

from __future__ import annotations

import csv
import math
import os
import statistics
from collections import defaultdict

from game.files import ensure_folder, write_atomic


def outcomes(sweep, rows: list[dict]) -> dict[str, list[float]]:
    """Each outcome's mean per point, in point order."""
    sides = sweep.setup.sides
    days = (sweep.setup.total_turns // sweep.setup.turns_per_day) + 1
    by_point: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_point[int(row["point"])].append(row)
    measures = {f"{sides[0]} wins": lambda r: float(r["winner"] == sides[0]),
                "town falls": lambda r: float(r["fell"] == "1"),
                "days to the fall": lambda r: float(r["fell_day"]) if r["fell_day"] != "" else float(days)}
    for side in sides:
        measures[f"men lost {side}"] = lambda r, s=side: float(r[f"losses_{s}"])
        measures[f"men defected to {side}"] = lambda r, s=side: float(r[f"defected_to_{s}"])
        measures[f"rifles taken by {side}"] = lambda r, s=side: float(r[f"captured_{s}_rifles"])
    return {name: [statistics.fmean(f(r) for r in by_point[p]) for p in sorted(by_point)]
            for name, f in measures.items()}


def sensitivity(sweep, grid, values: list[float]) -> dict[str, dict[str, float]]:
    """Per parameter, its indices for one outcome (NaN where the outcome does not vary)."""
    import numpy as np

    from game.sim.sweep import MORRIS_LEVELS, problem_of

    y = np.asarray(values, dtype=float)
    names = [p.name for p in sweep.params]
    if np.ptp(y) == 0:
        keys = {"sobol": ("S1", "S1_conf", "ST", "ST_conf"), "morris": ("mu_star", "mu_star_conf", "sigma"),
                "lhs": ("spearman",)}[sweep.kind]
        return {n: {k: math.nan for k in keys} for n in names}
    if sweep.kind == "sobol":
        from SALib.analyze import sobol

        found = sobol.analyze(problem_of(sweep.params), y, calc_second_order=False, seed=sweep.seed % 2**32)
        return {n: {k: float(found[k][i]) for k in ("S1", "S1_conf", "ST", "ST_conf")}  # _conf: the 95% half-width
                for i, n in enumerate(names)}
    if sweep.kind == "morris":
        from SALib.analyze import morris

        found = morris.analyze(problem_of(sweep.params), np.asarray(grid, dtype=float), y, num_levels=MORRIS_LEVELS,
                               seed=sweep.seed % 2**32)
        return {n: {k: float(found[k][i]) for k in ("mu_star", "mu_star_conf", "sigma")} for i, n in enumerate(names)}
    from scipy.stats import spearmanr

    x = np.asarray(grid, dtype=float)
    return {n: {"spearman": float(spearmanr(x[:, i], y).statistic) if np.ptp(x[:, i]) else math.nan}
            for i, n in enumerate(names)}


def distance_outside(value: float, low: float, high: float) -> float:
    """How far `value` lies outside [low, high], in units of the range's width (at least 1): 0 inside."""
    width = max(high - low, 1.0)
    return max(low - value, value - high, 0.0) / width


def closeness(sweep, rows_of_point: list[dict]) -> float:
    """The point's distance from the record (0: every target inside the recorded range).

    With the scenario's `history.targets`: the mean of how far each falls outside
    its target, in units of the target's width (game/sim/targets.py); without
    them, the same over the history block's figures."""
    h = sweep.loaded.scenario.history
    if h.targets:
        from game.sim.tally import Tally
        from game.sim.targets import miss

        tally = Tally()
        for row in rows_of_point:
            tally.add({k: int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else v for k, v in row.items()})
        return statistics.fmean(miss(t, tally, sweep.setup.start) for t in h.targets)
    parts = []
    if h.place_taken:
        parts.append(1 - statistics.fmean(float(r["fell"] == "1") for r in rows_of_point))
    if h.fell_on:
        fell = [float(r["fell_day"]) for r in rows_of_point if r["fell_day"] != ""]
        record = (h.fell_on - sweep.setup.start).days
        parts.append(distance_outside(statistics.median(fell), record, record) if fell else 1.0)
    for key, column in ((h.losses, "losses_{}"), (h.defections_to, "defected_to_{}")):
        for side, men in key.items():
            low, high = (men.low, men.high) if hasattr(men, "low") else (men * 0.5, men * 2.0)
            parts.append(distance_outside(statistics.median(float(r[column.format(side)]) for r in rows_of_point),
                                          low, high))
    return statistics.fmean(parts) if parts else math.nan


def write_report(sweep, csv_path: str, folder: str) -> list[str]:
    """Write sensitivity.csv, sensitivity.md, sensitivity.png and closest.csv to `folder`; say what was written."""
    from game.sim.sweep import read_rows

    rows = read_rows(csv_path)
    grid = sweep.grid()
    ensure_folder(folder)
    table = []
    for name, values in outcomes(sweep, rows).items():
        for param, indices in sensitivity(sweep, grid, values).items():
            table.append({"outcome": name, "parameter": param, **indices})
    keys = [k for k in table[0] if k not in ("outcome", "parameter")] if table else []
    write_atomic(os.path.join(folder, "sensitivity.csv"), _csv(table))
    md = [f"| outcome | parameter | {' | '.join(keys)} |", "| --- | --- |" + " --- |" * len(keys)]
    md += [f"| {t['outcome']} | {t['parameter']} | " + " | ".join(_num(t[k]) for k in keys) + " |" for t in table]
    write_atomic(os.path.join(folder, "sensitivity.md"), "\n".join(md) + "\n")
    by_point: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_point[int(row["point"])].append(row)
    ranked = sorted((closeness(sweep, by_point[p]), p) for p in by_point)
    closest = [{"point": p, "distance from the record": round(d, 4),
                **{param.name: _short(v) for param, v in zip(sweep.params, grid[p])}} for d, p in ranked[:10]]
    write_atomic(os.path.join(folder, "closest.csv"), _csv(closest))
    plot(table, keys[0] if keys else "", os.path.join(folder, "sensitivity.png"))
    best = closest[0] if closest else {}
    return [f"report written to {folder}: sensitivity.csv, sensitivity.md, sensitivity.png, closest.csv",
            "closest to the record: " + ", ".join(f"{k} {v}" for k, v in best.items())]


def _short(x: float) -> float:
    return x if isinstance(x, int) else float(f"{x:.4g}")


def _num(x: float) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def _csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def plot(table: list[dict], key: str, path: str) -> None:
    """One panel per outcome: a bar per parameter, its main index."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted({t["outcome"] for t in table})
    cols = 3
    fig, axes = plt.subplots(math.ceil(len(names) / cols) or 1, cols, figsize=(13, 3 * math.ceil(len(names) / cols)),
                             squeeze=False)
    for ax, name in zip(axes.flat, names):
        rows = [t for t in table if t["outcome"] == name]
        ax.barh([t["parameter"] for t in rows], [0 if math.isnan(t[key]) else t[key] for t in rows], color="#b8860b")
        ax.set_title(name, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_xlabel(key, fontsize=8)
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
