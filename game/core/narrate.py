"""The event log in plain words: one line per event, with the date and day or night.

Pure: an event and the states around it in, a sentence out.  The window's log,
and later the command line, read games through these lines, e.g.
"7 Feb 1922, day: 72 men of the Bukharan Red Army company defect to Enver's
band (Enver Pasha) with 60 rifles".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from game.core.events import Event
from game.core.hexgrid import Hex, distance
from game.core.state import State

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
GEAR_WORDS = (("rifles", "rifle", "rifles"), ("machine_guns", "machine gun", "machine guns"),
              ("cannons", "gun", "guns"), ("ammunition", "round", "rounds"), ("horses", "horse", "horses"),
              ("food", "ration", "rations"))


def day_text(date: dt.date) -> str:
    """'7 Feb 1922' (no locale: the same words on every machine)."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def when_text(state: State, turn: int | None = None) -> str:
    """'7 Feb 1922, day' for a turn of `state`'s game (its current turn by default)."""
    turn = state.turn if turn is None else turn
    setup = state.setup
    date = setup.date_of(turn)
    part = "night" if setup.turns_per_day == 2 and turn % 2 == 1 else "day"
    return f"{day_text(date)}, {part}"


def count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


POSTURE_WORDS = {"none": "not dug in", "hasty": "dug in (hasty)", "entrenched": "entrenched", "fortified": "fortified"}


def posture_words(posture: str) -> str:
    """A unit's posture as the log, the panel and the roster say it ('dug in (hasty)')."""
    return POSTURE_WORDS.get(posture, posture)


def time_of(turns: int, turns_per_day: int) -> str:
    """A number of turns as time: 'half a day', '1 day', '1.5 days' (how long a unit has been cut off)."""
    days = turns / turns_per_day
    if days == 0.5:
        return "half a day"
    return f"{days:g} day{'' if days == 1 else 's'}"


def time_between(low: int, high: int, turns_per_day: int) -> str:
    """A span of turns as time: '6 to 12 days', 'half a day to 2 days'; one time when both ends are the same."""
    if low == high:
        return time_of(low, turns_per_day)
    start = time_of(low, turns_per_day)
    if low * 2 != turns_per_day:  # (not 'half a day': the unit is said once, at the end)
        start = f"{low / turns_per_day:g}"
    return f"{start} to {time_of(high, turns_per_day)}"


def listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class Names:
    """Names of units, sides, leaders and places, looked up in the states given (first hit wins)."""

    def __init__(self, *states: State):
        self.states = [s for s in states if s is not None]
        self.state = self.states[0]

    def side(self, side_id: str) -> str:
        """A side's short name: 'Basmachi' for 'Basmachi (Enver Pasha)'."""
        for spec in self.state.setup.scenario.sides:
            if spec.id == side_id:
                return spec.name.split(" (")[0]
        return side_id or "nobody"

    def unit(self, uid: str, with_leader: bool = True) -> str:
        name = self._unit_name(uid)
        if with_leader:
            leaders = [l.name for s in self.states[:1] for l in s.leaders_with(uid) if l.status == "fit"]
            if leaders:
                name += f" ({', '.join(leaders)})"
        return name

    def _unit_name(self, uid: str) -> str:
        for s in self.states:
            if uid in s.units:
                return s.units[uid].name
            for units in s.reserves.values():
                for u in units:
                    if u.id == uid:
                        return u.name
        for side in self.state.setup.scenario.sides:
            for spec in list(side.units) + [u for r in side.reinforcements for u in r.units]:
                if spec.id == uid:
                    return spec.name
        return uid

    def does(self, uid: str, singular: str, plural: str, with_leader: bool = True) -> str:
        """The unit and its verb in agreement: 'Hisor band moves', 'Regar villagers move'."""
        return f"{self.unit(uid, with_leader)} {self.verb(uid, singular, plural)}"

    def verb(self, uid: str, singular: str, plural: str) -> str:
        return agree(self._unit_name(uid), singular, plural)

    def units(self, uids: Iterable[str]) -> str:
        return listing([self.unit(u) for u in uids])

    def kind_of(self, uid: str) -> str:
        """What people see of a unit they cannot name: 'horsemen', 'riflemen', 'guns'."""
        kind = next((s.units[uid].type for s in self.states if uid in s.units), "")
        return KIND_WORDS.get(kind, "armed men")

    def leader(self, lid: str) -> str:
        for s in self.states:
            if lid in s.leaders:
                return s.leaders[lid].name
        return lid

    def place(self, at) -> str:
        """'Dushanbe', 'near Kampçı', or 'in the open' for a hex."""
        h = Hex(*at)
        board = self.state.board
        if h in board.place_at:
            return board.places[board.place_at[h]].name
        near = sorted((distance(p.hex, h), p.name) for p in board.places.values() if distance(p.hex, h) <= 3)
        if near:
            return f"near {near[0][1]}"
        terrain = board.terrain.get(h, "open")
        return f"in the {terrain}" if terrain not in ("plain", "farmland", "desert") else "in the open"

    def at(self, at) -> str:
        """'at Dushanbe', 'near Kampçı' or 'in the open'."""
        where = self.place(at)
        return f"at {where}" if where[:1].isupper() else where

    def to(self, at) -> str:
        """'to Dushanbe', 'to a hex near Kampçı' or 'into the open'."""
        where = self.place(at)
        if where[:1].isupper():
            return f"to {where}"
        return f"to a hex {where}" if where.startswith("near") else f"into {where[3:]}"

    def station(self, station: str) -> str:
        return station.replace("_", " ").title()


KIND_WORDS = {"cavalry": "horsemen", "horsemen": "horsemen", "infantry": "riflemen", "militia": "militiamen",
              "foot_band": "men on foot", "machine_gun": "men with machine guns", "artillery": "men with guns"}


def agree(name: str, singular: str, plural: str) -> str:
    """The verb that agrees with a unit's name: 'moves' for 'Hisor band', 'move' for 'Regar villagers'."""
    return plural if plural_name(name) else singular


def plural_name(name: str) -> bool:
    """A unit named for its men ('Lakai horsemen', 'Regar villagers') takes a plural verb; 'Detachment of Enver's
    horsemen' and 'Red cavalry regiment (counterattack)' do not."""
    head = re.sub(r"\s*\(.*?\)", "", name).split(" of ")[0].split()
    last = head[-1].lower() if head else ""
    return last.endswith("men") or (last.endswith("s") and not last.endswith("ss"))


def odds(ratio: float) -> str:
    """Odds as the log and the attack's forecast say them: '2.4', '0.4', and '0.03' under a tenth (never '0.0')."""
    return f"{ratio:.1f}" if ratio >= 0.095 else f"{ratio:.2f}"


def chance(hundredths: int) -> str:
    """A chance given in hundredths of a percent, as the log says it: '9%', '0.4%', '0.04%' (a chance that came
    off never reads '0%')."""
    places = 0 if hundredths >= 100 else 1 if hundredths >= 10 else 2
    text = f"{hundredths / 100:.{places}f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def gear_list(amounts: dict[str, int]) -> str:
    return listing([count(amounts[key], one, many) for key, one, many in GEAR_WORDS if amounts.get(key)])


def glimpse(event: Event, state: State, before: State | None = None) -> str:
    """A move as a side that saw it set off and lost it from sight tells it: where it set off from, not where it
    went (core/audience.py: part_seen)."""
    n = Names(state, before)
    return f"{n.does(event.unit, 'moves', 'move')} out of sight, last seen {n.at(event.path[0])}"


def narrate(event: Event, state: State, before: State | None = None) -> str:
    """The event in plain words, without the date.  `state` is the state after it, `before` the one before."""
    n = Names(state, before) if before is not None else Names(state)
    e = event
    kind = e.kind
    if kind == "turn_began":
        weather = e.weather if e.roll < 0 else f"{e.weather} (weather roll {e.roll})"
        return f"the {e.part} begins: {weather}"
    if kind == "phase_ended":
        return f"the {n.side(e.side)} end their moves"
    if kind == "unit_moved":
        steps = len(e.path) - 1
        return f"{n.does(e.unit, 'moves', 'move')} {count(steps, 'hex', 'hexes')} {n.to(e.path[-1])} (cost {e.cost})"
    if kind == "move_stopped":
        return f"{n.does(e.unit, 'is', 'are')} stopped {n.at(e.at)}: {e.reason}"
    if kind == "entrenched":
        return f"{n.does(e.unit, 'digs', 'dig')} in ({e.posture})"
    if kind == "combat":
        verb = "attack" if len(e.attackers) > 1 else n.verb(e.attackers[0], "attacks", "attack")
        return (f"{n.units(e.attackers)} {verb} {n.units(e.defenders)} {n.at(e.target)}: "
                f"the {n.side(e.attacker_side)} lose {count(e.attacker_losses, 'man', 'men')}, "
                f"the {n.side(e.defender_side)} {count(e.defender_losses, 'man', 'men')}; {fight_result(e, state)} "
                f"(roll {e.roll}, odds {odds(e.attacker_power / max(e.defender_power, 1))} to 1{fired(e)})")
    if kind == "retreated":
        return f"{n.does(e.unit, 'falls', 'fall')} back {n.to(e.to_hex)}"
    if kind == "cut_down":
        return f"{n.unit(e.unit)}, with nowhere to fall back, {n.verb(e.unit, 'loses', 'lose')} {count(e.men, 'man', 'men')} more"
    if kind == "advanced":
        return f"{n.does(e.unit, 'advances', 'advance')} {n.to(e.to_hex)}"
    if kind == "unit_destroyed":
        return f"{n.does(e.unit, 'is', 'are', with_leader=False)} wiped out {n.at(e.at)}"
    if kind == "place_taken":
        name = state.board.places[e.place].name if e.place in state.board.places else e.place
        taken_from = f" from the {n.side(e.previous)}" if e.previous else ""
        return f"the {n.side(e.side)} take {name}{taken_from}"
    if kind == "reinforcements_arrived":
        return (f"{n.side(e.side)} reinforcements arrive {n.at(e.at)}: {count(e.men, 'man', 'men')} "
                f"({n.units(e.units)})")
    if kind == "reinforcements_delayed":
        return f"{n.side(e.side)} reinforcements are held up: {e.reason}"
    if kind == "game_over":
        points = ", ".join(f"{n.side(side)} {score}" for side, score in e.points)
        return f"the game is over: the {n.side(e.winner)} win ({e.reason}); points: {points}"
    if kind == "hid":
        unit = state.units.get(e.unit)
        where = f" {n.at(unit.hex)}" if unit else ""
        return f"{n.does(e.unit, 'hides', 'hide')}{where}"
    if kind == "spotted":
        how = "right next to it" if e.roll < 0 else f"{e.distance} hexes off (roll {e.roll})"
        return f"{n.does(e.by, 'spots', 'spot')} {n.unit(e.unit)}, {how}"
    if kind == "ambush":
        verb = "fall" if len(e.ambushers) > 1 else n.verb(e.ambushers[0], "falls", "fall")
        return f"ambush! {n.units(e.ambushers)} {verb} on {n.unit(e.victim)} {n.at(e.at)}"
    if kind == "panicked":
        return f"{n.does(e.unit, 'panics and runs', 'panic and run')}, dropping weapons (roll {e.roll})"
    if kind == "surrendered":
        return (f"{count(e.men, 'man', 'men')} of {n.unit(e.unit, with_leader=False)} "
                f"{'surrenders' if e.men == 1 else 'surrender'} to the {n.side(e.to_side)}")
    if kind == "cut_off":
        return f"{n.does(e.unit, 'is', 'are')} cut off from supply"
    if kind == "resupplied":
        return f"{n.does(e.unit, 'has', 'have')} a supply line again after {count(e.turns_cut_off, 'turn', 'turns')} cut off"
    if kind == "attrition":
        cause = e.cause.replace("cut off", "being cut off")  # "cut off", "hunger", or "cut off and hunger"
        return f"{n.does(e.unit, 'loses', 'lose')} {count(e.men, 'man', 'men')} to {cause}"
    if kind == "defected":
        gear = gear_list({"rifles": e.rifles, "machine_guns": e.machine_guns})
        return (f"{count(e.men, 'man', 'men')} of the {n.unit(e.unit, with_leader=False)} "
                f"{'defects' if e.men == 1 else 'defect'} to "
                f"{n.unit(e.to_unit)}" + (f" with {gear}" if gear else "") +
                f" (chance {chance(e.chance)}, roll {e.roll})")
    if kind == "captured":
        gear = gear_list({k: getattr(e, k) for k, _, _ in GEAR_WORDS})
        if e.stores:
            return f"the {n.side(e.side)} seize the {n.side(e.from_side)} stores of {place_name(state, e.stores)}: {gear}"
        return f"the {n.side(e.side)} pick up {gear} the {n.side(e.from_side)} left on the field {n.at(e.at)}"  # the dead's and the fleeing's
    if kind == "supplied":
        line = f"along {n.verb(e.unit, 'its', 'their')} supply line"
        source = line if e.source == "rear" else f"from the stores of {place_name(state, e.source)}"
        return f"{n.does(e.unit, 'draws', 'draw')} {count(e.ammunition, 'round', 'rounds')} {source}"
    if kind == "wireless_call":
        return (f"{n.does(e.unit, 'wires', 'wire')} {n.station(e.station)} for help: "
                f"reinforcements expected {when_text(state, e.arrives_turn)} (delay drawn: {e.delay} turns)")
    if kind == "leader_hit":
        return f"{n.leader(e.leader)} is {e.fate} (roll {e.roll})"
    if kind == "leader_moved":
        if not e.to_unit:
            return f"{n.leader(e.leader)} is captured"
        return f"{n.leader(e.leader)} joins {n.unit(e.to_unit, with_leader=False)}"
    if kind == "left_map":
        return f"{n.does(e.unit, 'leaves', 'leave', with_leader=False)} the map with {count(e.men, 'man', 'men')}"
    if kind == "way_opened":
        hexes = sorted(state.board.exits[e.exit][1]) if e.exit < len(state.board.exits) else []
        names = [state.board.places[state.board.place_at[h]].name for h in hexes if h in state.board.place_at]
        at = f" at {names[0]}" if names else ""
        return f"the way out{at} opens for the {n.side(e.side)}: units on it may leave the map"
    if kind == "dice":
        who = n.leader(e.subject) if e.purpose.startswith("leader") else n.unit(e.subject, with_leader=False)
        if e.needed < 0:
            return f"dice: {e.purpose} for {who}: drew {e.roll}"
        return f"dice: {e.purpose} for {who}: roll {e.roll}, needed under {e.needed}, {'yes' if e.success else 'no'}"
    if kind == "sighted":
        return f"the {n.side(e.side)} see {n.unit(e.unit, with_leader=False)} {n.at(e.at)}, about {count(e.men, 'man', 'men')}"
    if kind == "reported":
        place = state.board.places[e.place].name if e.place in state.board.places else e.place
        return (f"the people of {place} tell the {n.side(e.side)} of about {e.men:,} {n.kind_of(e.unit)} "
                f"{n.at(e.at)} (a report; roll {e.roll})")
    if kind == "recruited":
        place = state.board.places[e.place].name if e.place in state.board.places else e.place
        return f"{count(e.men, 'man', 'men')} from {place} join {n.unit(e.unit)}"
    return kind.replace("_", " ")


def fired(e: Event) -> str:
    """'; 1,200 and 800 rounds fired' (attackers', then defenders'), or nothing when neither fired."""
    if not (e.attacker_rounds or e.defender_rounds):
        return ""
    return f"; {e.attacker_rounds:,} and {e.defender_rounds:,} rounds fired"


def fight_result(e: Event, state: State) -> str:
    """How a fight ended, in words that tell a failed attack from a successful one."""
    if not any(uid in state.units for uid in e.defenders):
        return "none of the defenders is left"
    if e.retreat:
        return "the defenders fall back"
    if not any(uid in state.units and state.units[uid].hex == Hex(*e.target) for uid in e.defenders):
        return "the defenders give up the ground"
    if e.winner == e.defender_side:
        return "the attack is beaten off"
    return "the defenders lose a greater share of their men but hold their ground"


def place_name(state: State, place_id: str) -> str:
    return state.board.places[place_id].name if place_id in state.board.places else place_id


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", ")")) else ".")


def narrate_events(events: Iterable[Event], after: State, before: State | None = None) -> list[str]:
    """Log lines for the events of one order: 'DATE, PART: Sentence.'

    Events before a `turn_began` belong to the turn of `before` (upkeep at the
    end of a turn); a `turn_began` moves the date on.
    """
    turn = (before or after).turn
    lines = []
    for e in events:
        if e.kind == "turn_began":
            turn = e.turn
        lines.append(f"{when_text(after, turn)}: {sentence(narrate(e, after, before))}")
    return lines
