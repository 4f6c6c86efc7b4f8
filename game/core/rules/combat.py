"""Combat: fire power, situational factors, losses as a share of men, retreat.

Sources: Lanchester (1916) for fire power as men with rifles plus weapons;
T. N. Dupuy, Numbers, Predictions and War (1979) for the posture, terrain and
weather multipliers, the higher loss rates of small forces, and losses as a
share of strength that grows with the odds.  The exact numbers are in
rules.yaml `combat` (design choices where marked).

One roll (0..9999) decides an engagement: a high roll is good for the
attacker.  `outcome()` maps a roll to losses; `forecast()` runs the same
function over equally likely rolls, so the preview the player sees is the
rule that resolves the attack.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.core.dice import ROLL_SIDES
from game.core.hexgrid import Hex
from game.core.rules import supply
from game.core.state import State, Unit


@dataclass(frozen=True)
class Matchup:
    """Everything about an engagement that is known before the roll."""
    attackers: tuple[str, ...]
    defenders: tuple[str, ...]
    attacker_power: float
    defender_power: float
    attacker_men: int
    defender_men: int
    casualty_factor: float
    surprise: float = 1.0  # attacker's surprise multiplier (ambush rule)
    victim_losses: float = 1.0  # extra loss factor on the surprised defenders


@dataclass(frozen=True)
class Outcome:
    attacker_rate: float  # share of the attackers' men lost
    defender_rate: float
    retreat: bool  # the defenders fall back


@dataclass(frozen=True)
class Hands:
    """How a unit's men are employed in a fight: gun crews first, then rifles, the rest in melee."""
    machine_guns: int
    cannons: int
    riflemen: int
    melee: int


def hands(state: State, unit: Unit) -> Hands:
    c = state.rules.combat
    men = unit.men
    guns = min(unit.machine_guns, men // c.crew_per_machine_gun if c.crew_per_machine_gun else unit.machine_guns)
    men -= guns * c.crew_per_machine_gun
    cannons = min(unit.cannons, men // c.crew_per_cannon if c.crew_per_cannon else unit.cannons)
    men -= cannons * c.crew_per_cannon
    riflemen = min(men, unit.rifles)
    return Hands(guns, cannons, riflemen, men - riflemen)


def ready_to_attack(state: State, unit: Unit) -> bool:
    """The unit may still attack this turn: it has not, and it has some way to fight."""
    return not unit.attacked and fire_power(state, unit) > 0


def fire_power(state: State, unit: Unit) -> float:
    """A unit's raw fire power: crewed machine guns and cannons, riflemen, and the rest in melee."""
    c = state.rules.combat
    h = hands(state, unit)
    melee = state.rules.unit_types[unit.type].melee * h.melee
    power = h.riflemen * c.rifle + h.machine_guns * c.machine_gun + h.cannons * c.cannon
    if unit.ammunition <= 0:
        power *= c.out_of_ammunition
    return power + melee


def morale_factor(state: State, unit: Unit) -> float:
    floor = state.rules.combat.morale_floor
    return floor + (1.0 - floor) * unit.morale / 100


def leader_factor(state: State, unit: Unit) -> float:
    """A fit leader adds his full bonus, a wounded one half of it."""
    bonus = [l.combat if l.status == "fit" else l.combat / 2 for l in state.leaders_with(unit.id)]
    return 1.0 + max(bonus, default=0) / 100


def unit_power(state: State, unit: Unit, role: str) -> float:
    """Fire power with morale, leaders, supply and shock; `role` is attack or defence."""
    power = fire_power(state, unit) * morale_factor(state, unit) * leader_factor(state, unit)
    power *= supply.combat_factor(state, unit, role)
    if unit.shaken > 0:
        power *= state.rules.ambush.shaken_power
    return power


def defence_factor(state: State, unit: Unit, attacker_hexes: set[Hex]) -> float:
    """Terrain, posture and river multipliers for a defender (`defence_reasons`, multiplied in turn)."""
    factor = 1.0
    for _, times in defence_reasons(state, unit, attacker_hexes):
        factor *= times
    return factor


def defence_reasons(state: State, unit: Unit, attacker_hexes: set[Hex]) -> list[tuple[str, float]]:
    """What multiplies a defender's power, in words and numbers: its ground, its posture (dug in), and a river
    hex it holds against attackers none of whom stand on the river (one who does takes that away)."""
    rules = state.rules
    terrain = state.board.terrain[unit.hex]
    reasons = [(terrain, rules.terrain[terrain].defence), (unit.posture, rules.combat.posture[unit.posture])]
    rivers = state.board.rivers
    if unit.hex in rivers and not any(h in rivers for h in attacker_hexes):
        reasons.append(("river", rules.combat.river_defence))
    return reasons


def matchup(state: State, attacker_ids: tuple[str, ...], target: Hex, surprise: float = 1.0,
            victim_losses: float = 1.0, in_column: bool = False) -> Matchup:
    """The engagement before the roll; `in_column` defenders get no terrain or posture."""
    attackers = [state.units[uid] for uid in sorted(attacker_ids)]
    side = attackers[0].side
    defenders = [u for u in state.units_at(target) if u.side != side]
    from_hexes = {u.hex for u in attackers}
    weather = state.rules.weather[state.weather]
    attack = sum(unit_power(state, u, "attack") for u in attackers) * weather.attack * surprise
    defend = sum(unit_power(state, u, "defence") * (1.0 if in_column else defence_factor(state, u, from_hexes))
                 for u in defenders)
    return Matchup(
        attackers=tuple(u.id for u in attackers), defenders=tuple(u.id for u in defenders),
        attacker_power=attack, defender_power=defend,
        attacker_men=sum(u.men for u in attackers), defender_men=sum(u.men for u in defenders),
        casualty_factor=weather.casualties, surprise=surprise, victim_losses=victim_losses,
    )


def outcome(state: State, m: Matchup, roll: int) -> Outcome:
    """Losses for one roll.  Only + - * / and sqrt: exact on every machine."""
    c = state.rules.combat
    luck = (roll + 0.5) / ROLL_SIDES  # 0..1, high favours the attacker
    ratio = max(m.attacker_power, 0.01) / max(m.defender_power, 0.01)
    defender = c.base_loss * math.sqrt(ratio) * (0.5 + luck) * m.casualty_factor * m.victim_losses
    attacker = c.base_loss * math.sqrt(1 / ratio) * (1.5 - luck) * m.casualty_factor / m.surprise
    if m.defender_men < c.small_force_men:
        defender *= c.small_force_factor
    if m.attacker_men < c.small_force_men:
        attacker *= c.small_force_factor
    defender, attacker = min(defender, c.max_loss), min(attacker, c.max_loss)
    return Outcome(attacker, defender, retreat=defender >= c.retreat_loss and defender > attacker)


def share(men: int, rate: float) -> int:
    """Men lost at `rate`, rounded down, never more than there are."""
    return min(men, int(men * rate))


@dataclass(frozen=True)
class Forecast:
    """The outcome distribution of an attack, for the player and the AI."""
    matchup: Matchup
    outcomes: tuple[Outcome, ...]  # equally likely

    @property
    def retreat_chance(self) -> float:
        return sum(o.retreat for o in self.outcomes) / len(self.outcomes)

    @property
    def expected_attacker_losses(self) -> float:
        return sum(self.matchup.attacker_men * o.attacker_rate for o in self.outcomes) / len(self.outcomes)

    @property
    def expected_defender_losses(self) -> float:
        return sum(self.matchup.defender_men * o.defender_rate for o in self.outcomes) / len(self.outcomes)

    @property
    def odds(self) -> float:
        return self.matchup.attacker_power / max(self.matchup.defender_power, 0.01)


def forecast(state: State, attacker_ids: tuple[str, ...], target: Hex, surprise: float = 1.0) -> Forecast:
    """What the same rule gives over `forecast_buckets` equally spaced rolls."""
    m = matchup(state, attacker_ids, target, surprise)
    n = state.rules.combat.forecast_buckets
    rolls = [int((i + 0.5) * ROLL_SIDES / n) for i in range(n)]
    return Forecast(m, tuple(outcome(state, m, r) for r in rolls))
