"""What the window shows of a game: each viewer's own view of it, and the overlays drawn from that."""

from __future__ import annotations

from game.core.hexgrid import Hex
from game.core.observe import known_state, observe
from game.core.rules import movement, supply
from game.core.state import State


class Watched:
    """What the window shows of a game (a session, or a replay's frame): the state as each viewer knows it
    (`known_state(observe(state, viewer))`, made once per state and viewer), and the overlays drawn from that, so the map,
    the panels, the overlays and the hot-seat hand-over show no unit the viewer cannot see, nor its zone of
    control.  A viewer of "" sees everything (AI against AI, or a replay shown whole)."""

    _sight: tuple = (None, {})

    def seen(self, viewer: str) -> State:
        """The game as `viewer` knows it: what it sees (the map's counters, the panels, the overlays)."""
        return self._view(viewer, "seen")

    def reckoned(self, viewer: str) -> State:
        """The same, with the enemy it last saw or was told of standing where it was last known: what its
        judgements reckon with (the siege box), never drawn as units."""
        return self._view(viewer, "reckoned")

    def _view(self, viewer: str, kind: str) -> State:
        state = self.state
        if self._sight[0] is not state:
            self._sight = (state, {})
        views = self._sight[1]
        if (viewer, kind) not in views:
            if not viewer:
                views[viewer, kind] = state
            else:
                obs = observe(state, viewer)
                views[viewer, "seen"] = known_state(obs)
                views[viewer, "reckoned"] = known_state(obs, remembered=True)
        return views[viewer, kind]

    def supply_network(self, side: str) -> dict[Hex, str]:
        return supply.network(self.seen(side), side)

    def enemy_zoc(self, side: str) -> set[Hex]:
        return movement.enemy_zoc(self.seen(side), side)

    _trace: tuple = (None, None, None)

    def supply_trace(self, side: str, h: Hex, viewer: str) -> supply.Trace:
        """`side`'s supply line to hex `h` as `viewer` knows the map: its own lines, or the enemy's as far as it
        sees the enemy's units and places (kept per state until asked for another)."""
        key = (side, h, viewer)
        if self._trace[0] is not self.state or self._trace[1] != key:
            self._trace = (self.state, key, supply.trace(self.seen(viewer) if viewer else self.state, side, h))
        return self._trace[2]
