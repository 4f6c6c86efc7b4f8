"""Frame time of the game window: 1920x1080, the whole map visible, the Siege of Dushanbe.

Run: .venv/bin/python benchmarks/bench_render.py [--frames N] [--size 1920x1080]
(SDL_VIDEODRIVER=dummy by default; set SDL_VIDEODRIVER=x11 with DISPLAY to
include the cost of showing the frame on a real X server, e.g. Xvfb.)
Numbers go in docs/performance.md, section "Rendering".  The target is
60 frames a second: 16.7 ms a frame.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("DUSHANBE_DATA_DIR", tempfile.mkdtemp(prefix="dushanbe-bench-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import pygame  # noqa: E402

from game.ui.app import App  # noqa: E402

SCENARIO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scenarios", "dushanbe_1922.yaml")


def measure(app: App, frames: int, each=None) -> tuple[list[float], list[float]]:
    """CPU time (this process, steady on a busy machine) and wall time of each frame, in ms."""
    cpu, wall = [], []
    for i in range(frames):
        if each:
            each(i)
        c, w = time.process_time(), time.perf_counter()
        app.frame(1 / 60)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return cpu, wall


def row(name: str, measured: tuple[list[float], list[float]]) -> str:
    times, wall = sorted(measured[0]), sorted(measured[1])
    p95 = times[int(len(times) * 0.95) - 1]
    return (f"| {name} | {statistics.mean(times):.2f} | {statistics.median(times):.2f} | {p95:.2f} | {times[-1]:.2f} "
            f"| {1000 / statistics.mean(times):.0f} | {statistics.median(wall):.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))
    app = App(SCENARIO, size=(w, h), players={"basmachi": "human", "soviet": "simple"}, threaded=False, ai_delay=0)
    screen = app.screen
    cam = screen.camera
    start = time.perf_counter()
    cam.fit()
    app.frame(1 / 60)
    first = (time.perf_counter() - start) * 1000
    whole = cam.world_size()[0] <= cam.view[2] and cam.world_size()[1] <= cam.view[3]
    print(f"window {w}x{h}, map view {cam.view[2]}x{cam.view[3]}, hex size {cam.size:.0f} px, whole map visible: {whole}")
    print(f"first frame at this zoom (draws and caches the static map): {first:.1f} ms")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("| case | CPU mean ms | CPU median ms | CPU p95 ms | CPU max ms | frames/s (CPU mean) | wall median ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(row("whole map, idle", measure(app, args.frames)))
    session = screen.session
    session.select(session.state.units_of("basmachi")[0].id)
    unit_hex = session.state.units[session.selected].hex
    screen.hover = unit_hex
    print(row("unit selected: range, path, panel", measure(app, args.frames)))
    screen.view.shown |= {"supply", "zoc", "support"}
    print(row("supply + ZOC + support overlays", measure(app, args.frames)))
    screen.view.shown.clear()
    session.select(None)
    state = session.state
    weather, turn = state.weather, state.turn
    state.weather, state.turn = "snow", 1  # a snowy night: the sky layer over the whole map
    print(row("snowy night (the weather and night layer)", measure(app, args.frames)))
    state.weather, state.turn = "smoke", 0
    print(row("smoke and snow by day", measure(app, args.frames)))
    state.weather, state.turn = weather, turn

    def wiggle(i):
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(300 + i % 400, 300 + i % 200), rel=(1, 1), buttons=(0, 0, 0)))
    print(row("mouse moving over the map (hex panel updates)", measure(app, args.frames, wiggle)))
    cam.zoom_to(26)

    def pan(i):
        cam.pan(7 if i % 200 < 100 else -7, 3 if i % 200 < 100 else -3)
    app.frame(1 / 60)
    print(row("zoomed in (26 px hexes), panning every frame", measure(app, args.frames, pan)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
