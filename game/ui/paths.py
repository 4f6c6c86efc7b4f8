"""Where saves, replays and settings live: the user's data directory (`files.data_dir`).

`DUSHANBE_DATA_DIR` overrides it (the tests point it at a temporary folder).
"""

from __future__ import annotations

import json
import os
import time

from game import files
from game.files import ensure_folder, write_atomic
from game.scenario import bundled
from game.scenario.jsonfile import read_json
from game.scenario.problems import InputError, shown



data_dir = files.data_dir


def saves_dir() -> str:
    return os.path.join(data_dir(), "saves")


def replays_dir() -> str:
    return os.path.join(data_dir(), "replays")


def sweep_leftovers() -> list[str]:
    """Remove what saves and replays killed mid-write left behind (never a finished file)."""
    return [name for folder in (data_dir(), saves_dir(), replays_dir()) for name in files.sweep_leftovers(folder)]


AUTOSAVE_SLOTS = 5  # the newest games' autosaves are kept, one file a game


def autosave_path(game: str) -> str:
    """The autosave of one game (`Session.game_key`): each game has its own, so none overwrites another's."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in game)
    return os.path.join(saves_dir(), f"autosave-{safe}.json")


def autosaves() -> list[str]:
    """Every autosave, the newest first."""
    folder = saves_dir()
    if not os.path.isdir(folder):
        return []
    found = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith("autosave") and n.endswith(".json")]
    return sorted(found, key=lambda p: (-os.path.getmtime(p), p))


def latest_autosave() -> str | None:
    found = autosaves()
    return found[0] if found else None


def campaign_autosave() -> tuple[str, str] | None:
    """The newest autosave of a campaign's game, with its label (the Campaign button asks whether to go on with
    it); None if there is none."""
    from game.replay.save import read_save
    for path in autosaves():
        try:
            saved, stamp = read_save(path), os.path.getmtime(path)
        except (InputError, OSError):
            continue  # (a damaged one, or one gone meanwhile, is no campaign to go on with)
        if saved.campaign is not None:
            return path, f"{saved.label} (autosaved {written_when(stamp)})"
    return None


def written_when(stamp: float) -> str:
    """When a file was last written (its time stamp), as the load list says it: '07 Dec 05:41'."""
    return time.strftime("%d %b %H:%M", time.localtime(stamp))


def prune_autosaves(keep: int = AUTOSAVE_SLOTS) -> None:
    """Drop the oldest games' autosaves beyond `keep` (a player's own saves are never touched)."""
    for path in autosaves()[keep:]:
        try:
            os.remove(path)
        except OSError:
            pass  # gone already, or not ours to remove: it does no harm


DEFAULT_SETTINGS = {"ui_scale": 1.0, "ai_delay": 0.45, "online_server": "ws://127.0.0.1:8765", "online_code": "",
                    "menu_scenario": "", "menu_start": "", "menu_side": "", "menu_level": ""}  # the menu's last choices


def load_settings() -> dict:
    path = os.path.join(data_dir(), "settings.json")
    settings = dict(DEFAULT_SETTINGS)
    try:
        data, _ = read_json(path)
    except InputError:
        data = {}  # no settings yet, or a broken file: the defaults will do
    if isinstance(data, dict):
        for key in DEFAULT_SETTINGS:
            value, default = data.get(key), DEFAULT_SETTINGS[key]
            if isinstance(default, str):
                if isinstance(value, str) and len(value) <= 200:
                    settings[key] = value
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                settings[key] = float(value)
        made = made_codes(data.get("online_made"))
        if made:
            settings["online_made"] = made
        briefed = data.get("online_briefed")
        if isinstance(briefed, list):
            settings["online_briefed"] = [key for key in briefed if isinstance(key, str) and len(key) <= 40][-50:]
        read = data.get("online_read")
        if isinstance(read, dict):
            settings["online_read"] = {key: n for key, n in list(read.items())[-50:] if isinstance(key, str)
                                       and len(key) <= 40 and isinstance(n, int) and not isinstance(n, bool) and n >= 0}
    settings["ui_scale"] = min(2.0, max(0.75, settings["ui_scale"]))
    return settings


def made_codes(value) -> dict | None:
    """The online game made last, as the settings keep it ({"server", "side", "codes": {side: code}}), if well
    formed (a file edited by hand is read, never trusted)."""
    if not isinstance(value, dict):
        return None
    codes, short = value.get("codes"), lambda x: isinstance(x, str) and len(x) <= 200
    if not isinstance(codes, dict) or not 0 < len(codes) <= 8 or not all(map(short, [*codes, *codes.values()])):
        return None
    if not short(value.get("server")) or not short(value.get("side")):
        return None
    return {"server": value["server"], "side": value["side"], "codes": dict(codes)}


def save_settings(settings: dict) -> None:
    ensure_folder(data_dir())
    write_atomic(os.path.join(data_dir(), "settings.json"), json.dumps(settings, indent=1) + "\n")


scenario_files = bundled.files

CAMPAIGN = os.path.join(bundled.ROOT, "campaigns", "1922.yaml")


def campaign_file() -> str:
    """The campaign the menu's Campaign button plays (campaigns/1922.yaml beside the scenarios)."""
    return CAMPAIGN


def file_entries(folder: str, reader) -> list[tuple[str, str]]:
    """(label, path) for every .json file in `folder`, newest first; `reader(path)` gives a label or raises.

    A file that cannot be read (a dangling link, a link loop, no permission) is
    listed as unreadable, never a crash; loading it says what is wrong.
    """
    try:
        names = [n for n in os.listdir(folder) if n.endswith(".json")]
    except OSError:
        return []
    out = []
    for name in names:
        path = os.path.join(folder, name)
        try:
            stamp = os.path.getmtime(path)
        except OSError:
            out.append((0.0, f"(unreadable)  {shown(name[:-5], 60)}", path))
            continue
        try:
            text = reader(path)
        except InputError:  # a damaged file still gets listed; loading it says what is wrong
            text = "(damaged)"
        when = written_when(stamp)
        named = "Autosave" if name.startswith("autosave") else shown(name[:-5], 60)  # (its name is the game's key)
        out.append((stamp, f"{named}, {when}  —  {shown(text, 150)}", path))  # the name first: a
        # narrow list cuts the end, and a save and an autosave of one turn differ by name only
    return [(label_text, path) for _, label_text, path in sorted(out, reverse=True)]
