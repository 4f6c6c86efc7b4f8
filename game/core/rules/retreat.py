"""Retreat and advance after combat.

Source: classic hex-wargame retreat (SPI; ASL "rout"), design choices for the
details: a beaten defender falls back one hex, away from its attackers, into
a hex with no enemies and, if it can, out of enemy zones of control.  A unit
with nowhere to go is cut down instead (loses `cut_down_loss` of its men
again).  Winners advance only to take a place the defenders left empty, so a
garrison that beats off an assault stays behind its walls.
"""

from __future__ import annotations

from game.core.events import Advanced, CutDown, Event, Retreated
from game.core.hexgrid import Hex, distance
from game.core.rules.losses import take_losses
from game.core.rules.movement import in_enemy_zoc, own_stack_full, passable
from game.core.state import State, Unit


def retreat_hex(state: State, unit: Unit, attacker_hexes: set[Hex]) -> Hex | None:
    """The best hex to fall back to, or None."""
    mover = state.rules.unit_types[unit.type].mover
    options = []
    for h in state.board.neighbours(unit.hex):
        if not passable(state, h, mover):
            continue
        if any(u.side != unit.side for u in state.units.at(h)):
            continue
        if own_stack_full(state, unit, h):
            continue
        away = sum(distance(h, a) for a in sorted(attacker_hexes))
        options.append((in_enemy_zoc(state, unit.side, h), -away, h))
    return min(options)[2] if options else None


def fall_back(state: State, unit_id: str, attacker_hexes: set[Hex]) -> list[Event]:
    unit = state.units.get(unit_id)
    if unit is None:
        return []
    to = retreat_hex(state, unit, attacker_hexes)
    if to is None:
        lost = take_losses(state, unit, int(unit.men * state.rules.combat.cut_down_loss))
        return [CutDown(unit.id, lost["men"])]
    state.put(unit.but(hex=to, posture="none", hidden=False, moves_left=0))
    return [Retreated(unit.id, tuple(unit.hex), tuple(to))]


def advance(state: State, attacker_ids: tuple[str, ...], target: Hex) -> list[Event]:
    """Attackers take the place their enemies left, as far as stacking allows."""
    if target not in state.board.place_at or any(u.side != state.units[attacker_ids[0]].side for u in state.units_at(target)):
        return []
    events: list[Event] = []
    for uid in attacker_ids:
        unit = state.units.get(uid)
        if unit is None or own_stack_full(state, unit, target):
            continue
        mover = state.rules.unit_types[unit.type].mover
        if not passable(state, target, mover):
            continue
        state.put(unit.but(hex=target, posture="none", moves_left=0))
        events.append(Advanced(uid, tuple(target)))
    return events
