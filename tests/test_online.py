"""Online play: the server referees, each side is told only what it may know, and nothing acknowledged is lost.

Every test starts `dushanbe serve` on 127.0.0.1 on a free port (tests/serving.py) and stops it."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time

import pytest
from websockets.asyncio.client import connect

from game.ai.players import make_player
from game.core.observe import observe
from game.core.rules.sight import in_sight
from game.core.setup import new_game
from game.online import client
from game.core.orders import order_from_dict
from game.online.protocol import dumps, versions
from game.online.session import log_line
from game.play.log import log_lines
from game.replay.rerun import rerun
from game.scenario.validate import load_scenario, start_setup
from game.sim.simulate import play
from game.ui.texts import line_html
from tests.serving import ROOT, Server

SCENARIOS = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path / "games.sqlite").start()
    yield s
    s.stop()


def ai(level: str, seed: int):
    players: dict = {}

    def decide(observation):
        if observation.side not in players:
            players[observation.side] = make_player(level, observation.side, seed)
        return players[observation.side].next_order(observation)
    return decide


async def play_apart(url: str, scenario: str, seed: int, level: str = "normal", traces: dict | None = None,
                     wait: float = 60.0) -> tuple[dict, dict]:
    """Create a game and play both sides with the AI through the server: (the replay message, the seats)."""
    loaded = load_scenario(str(ROOT / "scenarios" / scenario))
    made = await client.create(url, loaded, None, seed)
    seats = {side: client.Seat(url, code, wait=wait, trace=(traces or {}).get(side))
             for side, code in made["codes"].items()}
    games = await asyncio.wait_for(asyncio.gather(*(seat.play(ai(level, seed)) for seat in seats.values())), 180)
    assert games[0].replay["replay"] == games[1].replay["replay"]
    return games[0].replay, seats


def digests(replay: dict) -> list[str]:
    return [t["digest"] for t in json.loads(replay["replay"])["turns"]]


def simulated(scenario: str, seed: int, level: str = "normal") -> list[str]:
    loaded = load_scenario(str(ROOT / "scenarios" / scenario))
    setup = start_setup(loaded)
    record = play(setup, seed, {s: make_player(level, s, seed) for s in setup.sides})
    return [t.digest for t in record.turns]


# -- the same game over the wire ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def apart(tmp_path_factory):
    """One game of each scenario played apart through one server (seed 2), with every message each side was sent:
    (replay, traces).  The tests that it plays as simulate does and that nothing leaks share it."""
    s = Server(tmp_path_factory.mktemp("apart") / "games.sqlite").start()
    played: dict = {}

    def game(scenario: str):
        if scenario not in played:
            traces = {"basmachi": [], "soviet": []}
            replay, _ = asyncio.run(play_apart(s.url, scenario, seed=2, traces={x: t.append for x, t in traces.items()}))
            played[scenario] = replay, traces
        return played[scenario]

    yield game
    s.stop()


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_two_ai_clients_through_the_server_play_the_game_simulate_plays(apart, scenario):
    replay, _ = apart(scenario)
    assert digests(replay) == simulated(scenario, 2)


# -- nothing leaks over the wire ------------------------------------------------------------------------------

def leaks(message: dict, state, side: str) -> list[str]:
    """What `message`, sent to `side` while the game stood at `state`, tells that the side may not know: an enemy
    unit it neither sees nor remembers, or the game's generator."""
    text = json.dumps(message)
    known = set(in_sight(state, side)) | set(state.sightings.get(side, {}))
    found = [f"enemy unit {u.id} (out of sight)" for u in state.units.values()
             if u.side != side and u.id not in known and f'"{u.id}"' in text]
    if str(state.dice.state) in text or "dice" in text:
        found.append("the game's generator")
    return found


def check_trace(scenario: str, seed: int, trace: list[dict], side: str) -> int:
    """Every state message of `trace` against the true state at its order; the number checked."""
    loaded = load_scenario(str(ROOT / "scenarios" / scenario))
    replay = next(m for m in trace if m["kind"] == "replay")
    orders = [[o for o in t["orders"]] for t in json.loads(replay["replay"])["turns"]]
    from game.core.orders import order_from_dict

    state, _ = new_game(start_setup(loaded), seed)
    states = [state] + [p.after for p in rerun(state, [[order_from_dict(o) for o in t] for t in orders])]
    checked = 0
    for message in trace:
        if message["kind"] == "state":
            truth = states[message["seq"]]
            assert leaks(message, truth, side) == [], (side, message["seq"])
            assert message["observation"] == observe(truth, side).to_dict()
            checked += 1
        elif message["kind"] != "replay":
            assert leaks(message, states[-1], side) == []
    return checked


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_message_a_side_receives_holds_an_enemy_it_does_not_see_nor_the_dice(apart, scenario):
    _, traces = apart(scenario)
    for side, trace in traces.items():
        assert check_trace(scenario, 2, trace, side) > 20


def test_a_side_reads_the_log_it_was_sent_as_it_would_read_the_same_game_at_one_screen(apart):
    """Each line with its kind and the side it is a gain for: the window colours, bolds and hides (the dice) the
    lines of a game played apart as those of a game at one screen."""
    replay, traces = apart("kampchi_raid.yaml")
    setup = start_setup(load_scenario(str(ROOT / "scenarios" / "kampchi_raid.yaml")))
    state, events = new_game(setup, 2)
    turns = [[order_from_dict(o) for o in t["orders"]] for t in json.loads(replay["replay"])["turns"]]
    at_one_screen = log_lines(events, state, None, "")
    for p in rerun(state, turns):
        at_one_screen += log_lines(p.events, p.after, p.before, p.before.side)
    for side, trace in traces.items():
        sent: list[dict] = []
        for message in trace:
            if message["kind"] == "state":
                del sent[message["log_from"]:]
                sent.extend(message["log"])
        apart_lines = [line for line in (log_line(s, side) for s in sent) if line.read_by(side)]
        local = [line for line in at_one_screen if line.read_by(side)]
        assert [(l.text, l.kind, l.gainer) for l in apart_lines] == [(l.text, l.kind, l.gainer) for l in local]
        assert {"combat", "unit_moved"} <= {l.kind for l in local} and any(l.gainer for l in local)
        assert [line_html(a, setup.sides) for a in apart_lines] == [line_html(b, setup.sides) for b in local]


def test_the_leak_check_catches_a_server_that_sends_the_whole_state():
    loaded = load_scenario(str(ROOT / "scenarios" / "dushanbe_1922.yaml"))
    state, _ = new_game(start_setup(loaded), 1)
    whole = {"kind": "state", "units": [{"id": u.id, "side": u.side} for u in state.units.values()]}
    assert any("out of sight" in leak for leak in leaks(whole, state, "soviet"))
    assert leaks({"kind": "state", "dice": state.dice.state}, state, "soviet") == ["the game's generator"]
    assert leaks({"kind": "state", "observation": observe(state, "soviet").to_dict()}, state, "soviet") == []


# -- nothing lost -------------------------------------------------------------------------------------------------

class Acks:
    """Every acknowledgement either side was sent, and every state after it that forgot the order acknowledged."""

    def __init__(self):
        self.highest, self.count, self.forgotten = -1, 0, []

    def __call__(self, message: dict) -> None:
        if message["kind"] == "ack":
            self.highest, self.count = max(self.highest, message["seq"]), self.count + 1
        elif message["kind"] == "state" and message["seq"] <= self.highest:
            self.forgotten.append((self.highest, message["seq"]))


def killed_and_restarted(server: Server, kills, scenario: str, seed: int):
    """Play a game through `server` while `kills(server)` kills and restarts it: (replay, seats, acks)."""
    acks = Acks()

    async def game():
        watching = asyncio.create_task(kills(server))
        replay, seats = await play_apart(server.url, scenario, seed=seed, traces={"basmachi": acks, "soviet": acks})
        await watching
        return replay, seats

    try:
        replay, seats = asyncio.run(game())
    finally:
        server.stop()
    return replay, seats, acks


async def reseated(server: Server, seats_before: int, seconds: float = 30.0) -> None:
    """Until both seats have taken their seats again after a restart (so that the next kill finds them playing, on
    a machine however busy)."""
    deadline = time.monotonic() + seconds
    while server.log.read_text().count(": seated at game") < seats_before + 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


def test_a_server_killed_at_random_moments_loses_no_acknowledged_order(tmp_path):
    async def kills(server):
        rng = random.Random(7)
        for _ in range(3):
            await asyncio.sleep(rng.uniform(0.4, 1.2))
            seats_before = server.log.read_text().count(": seated at game")
            await asyncio.to_thread(server.kill)
            await asyncio.sleep(rng.uniform(0.0, 0.5))
            await asyncio.to_thread(server.restart)
            await reseated(server, seats_before)

    replay, seats, acks = killed_and_restarted(Server(tmp_path / "games.sqlite").start(), kills,
                                               "dushanbe_1922.yaml", 4)
    assert sum(seat.reconnects for seat in seats.values()) >= 3
    assert acks.count > 100 and acks.forgotten == []
    assert digests(replay) == simulated("dushanbe_1922.yaml", 4)


@pytest.mark.parametrize("moment", ["online.checked", "online.committed"])
def test_a_server_killed_between_checking_committing_and_acknowledging_an_order_continues_the_same_game(
        tmp_path, moment):
    async def kills(server):  # the fault kills it at its 30th order; it comes back without the fault
        while server.process.poll() is None:
            await asyncio.sleep(0.05)
        server.fault = ""
        await asyncio.to_thread(server.restart)

    replay, seats, acks = killed_and_restarted(Server(tmp_path / "games.sqlite", fault=f"{moment}:30").start(), kills,
                                               "kampchi_raid.yaml", 4)
    assert sum(seat.reconnects for seat in seats.values()) >= 1
    assert acks.forgotten == []
    assert digests(replay) == simulated("kampchi_raid.yaml", 4)


# -- bad input never harms the server or a game --------------------------------------------------------------

async def seat_of(url: str, code: str):
    ws = await connect(url, max_size=None)
    await ws.send(dumps({"kind": "hello", **versions(), "code": code}))
    return ws


async def until(ws, kind: str) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 20))
        if message["kind"] == kind:
            return message


async def new_codes(url: str) -> dict:
    loaded = load_scenario(str(ROOT / "scenarios" / "kampchi_raid.yaml"))
    return (await client.create(url, loaded, None, 1))["codes"]


def test_a_wrong_code_another_version_and_a_first_message_that_is_not_hello_are_refused_in_words(server):
    async def go():
        async with connect(server.url) as ws:
            await ws.send(dumps({"kind": "hello", **versions(), "code": "0" * 40}))
            assert "no game has this join code" in (await until(ws, "error"))["reason"]
        codes = await new_codes(server.url)
        async with connect(server.url) as ws:
            await ws.send(dumps({"kind": "hello", **{**versions(), "engine_version": "0"}, "code": codes["soviet"]}))
            reason = (await until(ws, "error"))["reason"]
            assert "engine version" in reason and "install" in reason
        async with connect(server.url) as ws:
            await ws.send(dumps({"kind": "hello", **{**versions(), "rules_sha256": "f" * 64}, "code": codes["soviet"]}))
            assert "rules" in (await until(ws, "error"))["reason"]
        async with connect(server.url) as ws:
            await ws.send(dumps({"kind": "ping"}))
            assert "first message" in (await until(ws, "error"))["reason"]
    asyncio.run(go())


def test_a_side_cannot_order_for_the_other_and_a_refused_order_says_the_engines_reason(server):
    async def go():
        codes = await new_codes(server.url)
        soviet, basmachi = await seat_of(server.url, codes["soviet"]), await seat_of(server.url, codes["basmachi"])
        state = await until(basmachi, "state")
        mover = state["observation"]["to_move"]
        waiting = soviet if mover == "basmachi" else basmachi
        await waiting.send(dumps({"kind": "order", "seq": state["seq"], "order": {"kind": "end_phase", "side": mover}}))
        assert "phase, not yours" in (await until(waiting, "refused"))["reason"]
        moving = basmachi if mover == "basmachi" else soviet
        enemy = next(u for u in (await until(waiting, "state"))["observation"]["units"])
        await moving.send(dumps({"kind": "order", "seq": state["seq"], "order": {"kind": "entrench", "unit": enemy["id"]}}))
        assert (await until(moving, "refused"))["reason"] == f"you have no unit '{enemy['id']}'"
        await moving.send(dumps({"kind": "order", "seq": state["seq"] + 5, "order": {"kind": "end_phase", "side": mover}}))
        assert "moved on" in (await until(moving, "refused"))["reason"]
        for ws in (soviet, basmachi):
            await ws.close()
    asyncio.run(go())


def test_malformed_unknown_and_oversized_messages_and_a_flood_leave_other_games_playing(server):
    async def go():
        codes = await new_codes(server.url)
        rude = await seat_of(server.url, codes["soviet"])
        await until(rude, "state")
        for bad, words in (("{not json", "not JSON"), ('{"kind": "teleport"}', "unknown kind"), ("[1, 2]", "JSON object"),
                           ('{"kind": "order", "seq": -1, "order": {}}', "seq"),
                           ('{"kind": "plan", "go_to": [["s1", "far", 3]]}', "plan: go_to.0.1"),
                           (dumps({"kind": "plan", "go_to": [["s1", 0, 0]] * 501}), "plan: go_to")):
            await rude.send(bad)
            assert words in (await until(rude, "error"))["reason"]
        for _ in range(1000):  # a flood: read at the server's pace, told once a second, nothing else harmed
            await rude.send(dumps({"kind": "ping"}))
        replay, _ = await play_apart(server.url, "kampchi_raid.yaml", seed=5)  # another game meanwhile
        assert digests(replay) == simulated("kampchi_raid.yaml", 5)
        assert "too many messages" in (await until(rude, "error"))["reason"]
        await rude.send("x" * (10 * 1024 * 1024))  # 10 MB: over the limit, the connection is closed cleanly
        with pytest.raises(Exception):
            await until(rude, "never")
        assert rude.close_code == 1009
    asyncio.run(go())
    assert server.process.poll() is None
    deadline = time.monotonic() + 20  # (the flood is still being read at the server's pace)
    while "a message over" not in server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.log.read_text()
    assert "not JSON" in log and "too many messages" in log and "a message over" in log


def test_a_client_that_vanishes_mid_phase_is_waited_for_and_resumes_where_it_was(server):
    async def go():
        codes = await new_codes(server.url)
        first = await seat_of(server.url, codes["basmachi"])
        state = await until(first, "state")
        await first.close()  # gone, mid-phase
        other = await seat_of(server.url, codes["soviet"])
        presence = await until(other, "presence")
        assert presence["connected"] == {"basmachi": False, "soviet": True}
        again = await seat_of(server.url, codes["basmachi"])
        resumed = await until(again, "state")
        assert resumed["seq"] == state["seq"] and resumed["log"] == state["log"]
        assert (await until(other, "presence"))["connected"]["basmachi"] is True
        for ws in (other, again):
            await ws.close()
    asyncio.run(go())


# -- the command line --------------------------------------------------------------------------------------

def dushanbe(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_online_new_and_two_headless_players_end_in_the_result_simulate_prints_and_a_replay_that_verifies(
        server, tmp_path):
    made = dushanbe("online", "new", server.url, "scenarios/kampchi_raid.yaml", "--seed", "6", "--json")
    assert made.returncode == 0, made.stderr
    codes = json.loads(made.stdout)["codes"]
    assert set(codes) == {"basmachi", "soviet"} and all(len(c) >= 32 for c in codes.values())
    runs = [subprocess.Popen([sys.executable, "-m", "game", "online", "play", server.url, codes[side], "--ai", "normal",
                              "--seed", "6", "--json", *(["--record", str(tmp_path / "game.json")] if side == "soviet"
                                                          else ["--trace", str(tmp_path / "basmachi.jsonl")])],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for side in ("basmachi", "soviet")]
    outs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outs
    alone = json.loads(dushanbe("simulate", "scenarios/kampchi_raid.yaml", "--seed", "6", "--json").stdout)
    for out, _ in outs:
        assert json.loads(out) == alone
    verified = dushanbe("replay", str(tmp_path / "game.json"))
    assert verified.returncode == 0 and "every digest matches" in verified.stdout
    trace = [json.loads(line) for line in (tmp_path / "basmachi.jsonl").read_text().splitlines()]
    assert check_trace("kampchi_raid.yaml", 6, trace, "basmachi") > 10  # --trace: every message, none leaking


def test_online_commands_refuse_a_wrong_address_a_dead_server_and_a_wrong_code_with_exit_2(server):
    bad = dushanbe("online", "new", "http://127.0.0.1:1", "scenarios/kampchi_raid.yaml")
    assert bad.returncode == 2 and "ws://HOST:PORT" in bad.stderr and "Traceback" not in bad.stderr
    dead = dushanbe("online", "play", "ws://127.0.0.1:1", "0" * 40, "--ai", "easy", "--wait", "1")
    assert dead.returncode == 2 and "no game server answers at ws://127.0.0.1:1 (connection refused)" in dead.stderr
    assert "Errno" not in dead.stderr and "Connect call" not in dead.stderr  # (asyncio's own words, raw)
    wrong = dushanbe("online", "play", server.url, "0" * 40, "--ai", "easy")
    assert wrong.returncode == 2 and "no game has this join code" in wrong.stderr
    early = dushanbe("online", "replay", server.url, "0" * 40, "--out", "/nonexistent/dir/x.json")
    assert early.returncode == 2 and "/nonexistent/dir/x.json" in early.stderr


def test_serve_refuses_a_file_that_is_no_database_and_a_port_in_use_with_exit_2(server, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    refused = dushanbe("serve", "--port", "0", "--db", str(junk), timeout=30)
    assert refused.returncode == 2 and str(junk) in refused.stderr and "Traceback" not in refused.stderr
    taken = dushanbe("serve", "--port", str(server.port), "--db", str(tmp_path / "other.sqlite"), timeout=30)
    assert taken.returncode == 2 and "in use" in taken.stderr


def test_serve_on_a_fresh_install_makes_its_data_folder_for_its_games(tmp_path):
    """`dushanbe serve` as docs/online.md gives it, no --db, before the game was ever opened: the data folder is
    not there yet; the server makes it and keeps its games there (it refused: 'the folder ... does not exist')."""
    import os
    import signal
    import subprocess
    import sys

    fresh = tmp_path / "never" / "opened"
    env = {**os.environ, "DUSHANBE_DATA_DIR": str(fresh), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "game", "serve", "--host", "127.0.0.1", "--port", "0"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        assert "ws://127.0.0.1:" in line and str(fresh / "server.sqlite") in line, process.stderr.read()
        assert (fresh / "server.sqlite").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)


def test_a_note_sent_with_an_ended_phase_is_read_by_the_other_side_only(server):
    async def go():
        codes = await new_codes(server.url)
        basmachi, soviet = await seat_of(server.url, codes["basmachi"]), await seat_of(server.url, codes["soviet"])
        state = await until(basmachi, "state")
        await until(soviet, "state")
        mover = state["observation"]["to_move"]
        moving, waiting = (basmachi, soviet) if mover == "basmachi" else (soviet, basmachi)
        await moving.send(dumps({"kind": "order", "seq": state["seq"], "order": {"kind": "end_phase", "side": mover},
                                 "note": "Hold the bridge at Regar."}))
        assert (await until(moving, "ack"))["seq"] == state["seq"]
        told = await until(waiting, "state")
        assert {"text": f"Note from the {mover.capitalize()} commander: Hold the bridge at Regar.", "kind": "note",
                "gainer": ""} in told["log"]
        own = await until(moving, "state")
        assert not any("Hold the bridge" in line["text"] for line in own["log"])
        await moving.send(dumps({"kind": "order", "seq": told["seq"], "order": {"kind": "end_phase", "side": mover},
                                 "note": "x" * 501}))
        assert "note" in (await until(moving, "error"))["reason"]
        for ws in (basmachi, soviet):
            await ws.close()
    asyncio.run(go())


# -- the seat the window holds (a thread keeps the connection) ------------------------------------------------

def play_remotes(url: str, codes: dict, seed: int, until_over: float = 120.0, during=None) -> dict:
    """Both sides played by the AI through `Remote` seats, polled as a window's loop would; the replay."""
    from game.online.remote import Remote

    seats = {side: Remote(url, code) for side, code in codes.items()}
    decide = ai("normal", seed)
    deadline = time.monotonic() + until_over
    try:
        while time.monotonic() < deadline:
            if during:
                during()
            for seat in seats.values():
                now = seat.snapshot()
                assert now.status != "refused", now.problem
                if now.my_move:
                    seat.give(decide(now.observation))
            if all(s.snapshot().observation and s.snapshot().observation.over for s in seats.values()):
                break
            time.sleep(0.002)
        seat = seats["soviet"]
        seat.ask_replay()
        while seat.replay is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return seat.replay
    finally:
        for seat in seats.values():
            seat.close()


def test_two_window_seats_play_the_game_simulate_plays_and_survive_a_server_restart(tmp_path):
    server = Server(tmp_path / "games.sqlite").start()
    loaded = load_scenario(str(ROOT / "scenarios" / "kampchi_raid.yaml"))
    codes = asyncio.run(client.create(server.url, loaded, None, 8))["codes"]
    kill_at = [time.monotonic() + 1.0]

    def restart_once():
        if kill_at and time.monotonic() > kill_at[0]:
            kill_at.clear()
            server.kill()
            server.restart()

    try:
        replay = play_remotes(server.url, codes, 8, during=restart_once)
    finally:
        server.stop()
    assert not kill_at  # the server was killed and started again mid-game
    assert replay is not None and digests(replay) == simulated("kampchi_raid.yaml", 8)


def test_a_window_seat_with_a_wrong_code_says_so_and_stops(server):
    from game.online.remote import Remote

    seat = Remote(server.url, "0" * 40)
    try:
        deadline = time.monotonic() + 20
        while seat.snapshot().status != "refused" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert seat.snapshot().status == "refused" and "no game has this join code" in seat.snapshot().problem
    finally:
        seat.close()


def wait_for(what, seconds: float = 20.0) -> None:
    """Until `what()` is true (a window seat's thread brings news on its own)."""
    deadline = time.monotonic() + seconds
    while not what() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert what()


def test_an_order_given_while_the_server_is_down_is_sent_once_when_it_is_back(tmp_path):
    from game.online.remote import Remote

    server = Server(tmp_path / "games.sqlite").start()
    loaded = load_scenario(str(ROOT / "scenarios" / "kampchi_raid.yaml"))
    codes = asyncio.run(client.create(server.url, loaded, None, 8))["codes"]
    heard: dict[str, list] = {side: [] for side in codes}
    seats = {side: Remote(server.url, code, trace=heard[side].append) for side, code in codes.items()}

    try:
        wait_for(lambda: any(s.snapshot().my_move for s in seats.values()))
        mover = next(s for s in seats.values() if s.snapshot().my_move)
        before = mover.snapshot()
        server.kill()
        wait_for(lambda: mover.snapshot().status == "reconnecting")
        mover.give(ai("normal", 8)(before.observation))
        server.restart()
        wait_for(lambda: mover.snapshot().seq > before.seq and not mover.snapshot().waiting)
        time.sleep(1.0)  # (a second copy would be refused within this)
    finally:
        for seat in seats.values():
            seat.close()
        server.stop()
    assert not [m for side in heard for m in heard[side] if m["kind"] == "refused"]
    assert "refused" not in server.log.read_text()


def test_a_side_is_told_what_it_saw_of_the_other_sides_phase_as_at_one_screen(apart):
    """Each state a side is sent carries what it saw happen since its own last order (fights, ambushes, men going
    over...) — what the window tells over as the side's phase begins — the same as a game at one screen gives."""
    from game.online.client import happening
    from game.play.happenings import happenings

    replay, traces = apart("kampchi_raid.yaml")
    setup = start_setup(load_scenario(str(ROOT / "scenarios" / "kampchi_raid.yaml")))
    state, _ = new_game(setup, 2)
    steps = list(rerun(state, [[order_from_dict(o) for o in t["orders"]] for t in json.loads(replay["replay"])["turns"]]))

    def at_one_screen(seq: int, side: str) -> list:
        told: list = []
        for p in reversed(steps[:seq]):  # (as play/session.Session.account walks its steps)
            if p.before.side == side:
                break
            told[:0] = happenings(p.events, p.before, p.after, side)
        return told

    for side, trace in traces.items():
        states = [m for m in trace if m["kind"] == "state"]
        assert [[happening(h) for h in m["account"]] for m in states] == [at_one_screen(m["seq"], side) for m in states]
        assert any(m["account"] for m in states)
    assert any(h["kind"] == "combat" for trace in traces.values() for m in trace if m["kind"] == "state"
               for h in m["account"])


def test_a_seat_joined_again_elsewhere_is_held_by_the_newer_window_and_the_older_is_told(server):
    """Two windows with one code: the one that joined last holds the seat; the other is told in words, and does
    not come back by itself to take it again."""
    from game.online.remote import Remote

    codes = asyncio.run(new_codes(server.url))
    first = Remote(server.url, codes["basmachi"])

    try:
        wait_for(lambda: first.snapshot().status == "playing")
        second = Remote(server.url, codes["basmachi"])
        try:
            wait_for(lambda: second.snapshot().status == "playing" and first.snapshot().status == "refused")
            assert "taken by another window that joined with your code" in first.snapshot().problem
            time.sleep(1.0)  # (the older one does not reconnect and take the seat back)
            assert second.snapshot().status == "playing" and first.snapshot().status == "refused"
            wait_for(lambda: second.snapshot().my_move)
            before = second.snapshot().seq
            second.give(ai("normal", 1)(second.snapshot().observation))
            wait_for(lambda: second.snapshot().seq > before)
        finally:
            second.close()
    finally:
        first.close()
    assert "the basmachi seat joined again; its older connection is closed" in server.log.read_text()
