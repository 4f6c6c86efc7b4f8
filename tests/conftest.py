"""Shared test set-up: no screen and no sound device are needed."""

import os
import sys

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")  # SDL would catch SIGTERM in every test process that opens a window

if "DUSHANBE_CACHE_DIR" not in os.environ:  # checked scenarios are kept in a folder of the test run's, not the user's
    import tempfile

    os.environ["DUSHANBE_CACHE_DIR"] = tempfile.mkdtemp(prefix="dushanbe-cache-")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


import subprocess  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def campaign_record(tmp_path_factory):
    """One campaign of 1922 played headless and recorded (seed 4): (its folder, what `--json` printed).
    Tests that damage it work on a copy."""
    out = tmp_path_factory.mktemp("campaign") / "run"
    result = subprocess.run([sys.executable, "-m", "game", "campaign", "campaigns/1922.yaml", "--seed", "4", "--json",
                             "--record", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return out, result.stdout


@pytest.fixture(autouse=True)
def no_briefing(request, monkeypatch):
    """The window tests start at the map and play on without the enemy phase's account; a test marked
    `briefing` sees the briefing every game opens with, one marked `account` the account."""
    if request.node.module.__name__.rpartition(".")[2].startswith("test_ui"):
        if request.node.get_closest_marker("briefing") is None:
            monkeypatch.setattr("game.ui.play.GameScreen.BRIEF_AT_START", False)
        if request.node.get_closest_marker("account") is None:
            monkeypatch.setattr("game.ui.play.GameScreen.TELL_ENEMY_PHASE", False)


@pytest.fixture(autouse=True)
def seats_closed(request, monkeypatch):
    """The online tests' seats are closed after each test: a seat left open keeps a thread trying to reach a
    server long stopped, for the rest of the test process (a thread beside which forking is not safe)."""
    if request.node.module.__name__.rpartition(".")[2] not in ("test_online", "test_ui_online"):
        yield
        return
    from game.online.remote import Remote

    opened, made = [], Remote.__init__

    def kept(self, *args, **kwargs):
        made(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(Remote, "__init__", kept)
    yield
    for seat in opened:
        seat.close()
