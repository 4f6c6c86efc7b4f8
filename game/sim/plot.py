"""The batch plot: distributions of the simulated games, with history marked.

Drawn with matplotlib's file-only backend (Agg), never pygame: this runs
headless, in batch jobs and CI.
"""

from __future__ import annotations


def plot_batch(path: str, tally, scenario, setup) -> None:
    """`tally` is the batch's `Tally`: counts of each value, column by column."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    h = scenario.history
    sides = setup.sides
    panels = [("winner", None)]
    if h.place_taken:
        panels.append(("fell_day", (h.fell_on - setup.start).days if h.fell_on else None))
    panels += [(f"losses_{s}", h.losses.get(s)) for s in sides]
    panels += [(f"defected_to_{s}", h.defections_to.get(s)) for s in sides if s in h.defections_to]
    for s, caught in h.weapons_captured.items():
        panels += [(f"captured_{s}_{w}", v) for w, v in caught.items()]
    cols = 3
    rows_n = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows_n, cols, figsize=(4.2 * cols, 3.2 * rows_n), squeeze=False)
    for ax, (column, record) in zip(axes.flat, panels):
        if column == "winner":
            ax.bar(list(sides), [100 * tally.winners.get(s, 0) / max(1, tally.games) for s in sides],
                   color=["#2e7d32" if s == h.winner else "#c62828" for s in sides])
            ax.set_ylabel("% of games")
            ax.set_title(f"winner (history: {h.winner or '-'})")
            continue
        counted = tally.values(column)
        if counted:
            values = sorted(counted)
            ax.hist(values, weights=[counted[v] for v in values], bins=min(30, max(5, len(values))), color="#607d8b")
        mark(ax, record)
        title = column.replace("_", " ")
        if column == "fell_day":
            title = f"{h.place_taken} fell, days after {setup.start.isoformat()} ({sum(counted.values())} of {tally.games} games)"
        ax.set_title(title, fontsize=9)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle(f"{scenario.title}: {tally.games} games; history in orange", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def mark(ax, record) -> None:
    """History as a line (one number) or a band (a range)."""
    if record is None:
        return
    if hasattr(record, "low"):
        ax.axvspan(record.low, record.high, color="#ff9800", alpha=0.3)
    else:
        ax.axvline(record, color="#ff9800", linewidth=2)
