from game.cli import run

raise SystemExit(run())
