"""Checked scenarios kept on disk (game/cache.py): read back only when nothing they came from changed."""

import os
import shutil

import pytest

from game import cache
from game.scenario import validate
from game.scenario.validate import load_scenario

MAIN = "scenarios/dushanbe_1922.yaml"


@pytest.fixture
def cached(tmp_path, monkeypatch):
    """An empty cache of this test's own; the in-memory one forgotten; checks counted."""
    monkeypatch.setenv("DUSHANBE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(validate, "_LOADED", {})
    checks = []
    real = validate.load_scenario_text
    monkeypatch.setattr(validate, "load_scenario_text", lambda text, path: checks.append(path) or real(text, path))
    return tmp_path / "cache", checks


def load_again(path):
    validate._LOADED.clear()  # as a new process would
    return load_scenario(path)


def test_a_scenario_checked_once_is_read_back_the_same_without_checking(cached):
    folder, checks = cached
    first = load_scenario(MAIN)
    again = load_again(MAIN)
    assert checks == [MAIN]
    assert again is not first and again == first
    assert len(os.listdir(folder)) == 1


def test_a_game_from_the_kept_scenario_is_the_same_game(cached):
    from game.ai.players import make_player
    from game.sim.simulate import play

    def digests(loaded):
        setup = validate.start_setup(loaded, None)
        record = play(setup, 5, {side: make_player("normal", side, 5) for side in setup.sides})
        return [t.digest for t in record.turns]

    fresh = digests(load_scenario(MAIN))
    assert digests(load_again(MAIN)) == fresh


def test_a_changed_scenario_or_game_is_checked_again(cached, tmp_path, monkeypatch):
    _, checks = cached
    copy = tmp_path / "siege.yaml"
    shutil.copy(MAIN, copy)
    load_scenario(str(copy))
    copy.write_text(copy.read_text(encoding="utf-8").replace("title:", "title: Another", 1), encoding="utf-8")
    changed = load_again(str(copy))
    assert changed.scenario.title.startswith("Another")
    monkeypatch.setattr(cache, "game_fingerprint", lambda: "another game")  # a changed rule, AI or loader
    load_again(str(copy))
    assert checks == [str(copy)] * 3


def test_a_damaged_cache_file_is_checked_again_and_mended(cached):
    folder, checks = cached
    good = load_scenario(MAIN)
    (kept,) = folder.iterdir()
    kept.write_bytes(kept.read_bytes()[:100])
    assert load_again(MAIN) == good
    assert load_again(MAIN) == good
    assert checks == [MAIN, MAIN]


def test_a_cache_that_cannot_be_written_or_is_off_costs_only_time(cached, tmp_path, monkeypatch):
    _, checks = cached
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("DUSHANBE_CACHE_DIR", str(blocked / "cache"))
    assert load_scenario(MAIN).scenario.id
    monkeypatch.setenv("DUSHANBE_CACHE_DIR", "off")
    assert load_again(MAIN).scenario.id
    assert checks == [MAIN, MAIN]
    assert not (tmp_path / "cache").exists()


def test_a_scenario_sharing_a_map_is_checked_again_when_the_map_changes(cached, tmp_path):
    _, checks = cached
    owner, sharer = tmp_path / "dushanbe_1922.yaml", tmp_path / "february_campaign.yaml"  # `map: same_as` the siege
    shutil.copy(MAIN, owner)
    shutil.copy("scenarios/february_campaign.yaml", sharer)
    first = load_scenario(str(sharer))
    assert load_again(str(sharer)) == first and checks.count(str(sharer)) == 1
    owner.write_text(owner.read_text(encoding="utf-8").replace("title:", "title: Changed", 1), encoding="utf-8")
    again = load_again(str(sharer))
    assert again.shared[1] != first.shared[1]
    assert checks.count(str(sharer)) == 2


def test_the_cache_keeps_the_files_written_last_and_no_leftovers(cached, tmp_path, monkeypatch):
    import time

    folder, _ = cached
    monkeypatch.setattr(cache, "MOST_FILES", 3)
    text = open(MAIN, encoding="utf-8").read()
    copies = []
    for k in range(5):
        copy = tmp_path / f"siege{k}.yaml"
        copy.write_text(text.replace("title:", f"title: Copy {k}", 1), encoding="utf-8")
        copies.append(copy)
        load_scenario(str(copy))
        time.sleep(0.02)  # (distinct modification times)
    leftover = folder / ".tmp-killed"
    leftover.write_bytes(b"half")
    os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    load_again(MAIN)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and ".tmp-killed" not in names
    validate._LOADED.clear()
    _, checks = cached
    checks.clear()
    load_scenario(str(copies[-1]))  # written last: still kept
    load_scenario(str(copies[0]))  # the oldest: gone, checked again
    assert checks == [str(copies[0])]


def test_a_batch_worker_given_the_scenario_text_does_not_check_it_again(cached):
    """A worker is sent the scenario's text (a cluster's worker could not open the path): forked from the process
    that loaded it, or on a machine whose cache holds it, it takes the checked scenario as it is."""
    from game.sim.tasks import _WORKER, Job, prepare

    _, checks = cached
    loaded = load_scenario(MAIN)
    job = Job(MAIN, None, (("basmachi", "normal"), ("soviet", "normal")), loaded.text)
    prepare(job)
    assert _WORKER["loaded"] is loaded and checks == [MAIN]
    validate._LOADED.clear()  # a worker on another machine: the cache of checked files answers
    prepare(job)
    assert _WORKER["loaded"] == loaded and checks == [MAIN]
    prepare(Job(MAIN, None, job.levels, loaded.text + "\n# edited\n"))  # another text is checked
    assert checks == [MAIN, MAIN]
