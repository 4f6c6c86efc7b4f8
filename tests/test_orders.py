"""Orders as plain data: dict round trips, and clear errors for bad dicts.

Decisions on what counts as a hex (`to`, `target`): a list or tuple of exactly
two ints.  Booleans are refused even though Python counts them as ints (JSON
`true` is not a coordinate), and so are floats, even whole ones like 1.0.
"""

import json

import pytest
from hypothesis import given, settings, strategies as st

from game.core.hexgrid import Hex
from game.core.orders import (
    ORDER_TYPES, Attack, CallWireless, EndPhase, Entrench, Hide, LeaveMap, Move, order_from_dict, order_to_dict,
)

FAST = settings(max_examples=150, deadline=None)

ids = st.text(min_size=1, max_size=12)
hexes = st.builds(Hex, st.integers(-10_000, 10_000), st.integers(-10_000, 10_000))
orders = st.one_of(
    st.builds(Move, unit=ids, to=hexes),
    st.builds(Attack, units=st.lists(ids, min_size=1, max_size=6).map(tuple), target=hexes),
    st.builds(Entrench, unit=ids),
    st.builds(Hide, unit=ids),
    st.builds(CallWireless, unit=ids, station=ids),
    st.builds(LeaveMap, unit=ids),
    st.builds(EndPhase, side=ids),
)

VALID = {
    "move": {"kind": "move", "unit": "red-1", "to": [3, -2]},
    "attack": {"kind": "attack", "units": ["red-1", "red-2"], "target": [0, 4]},
    "entrench": {"kind": "entrench", "unit": "basmachi-1"},
    "hide": {"kind": "hide", "unit": "basmachi-2"},
    "call_wireless": {"kind": "call_wireless", "unit": "red-3", "station": "dushanbe"},
    "leave_map": {"kind": "leave_map", "unit": "basmachi-3"},
    "end_phase": {"kind": "end_phase", "side": "red"},
}


def error_of(data) -> str:
    with pytest.raises(ValueError) as info:
        order_from_dict(data)
    return str(info.value)


# -- round trips --------------------------------------------------------------


def test_every_order_type_is_covered():
    assert set(VALID) == set(ORDER_TYPES)


@FAST
@given(orders)
def test_round_trip(order):
    data = order_to_dict(order)
    assert data["kind"] == order.kind
    back = order_from_dict(data)
    assert back == order and type(back) is type(order)


@FAST
@given(orders)
def test_dict_form_is_plain_json_data(order):
    data = order_to_dict(order)
    for key in ("to", "target", "units"):
        if key in data:
            assert type(data[key]) is list  # not a Hex or tuple
    text = json.dumps(data, sort_keys=True)
    assert order_from_dict(json.loads(text)) == order


def test_known_dict_forms():
    assert order_to_dict(Move("red-1", Hex(3, -2))) == VALID["move"]
    assert order_to_dict(Attack(("red-1", "red-2"), Hex(0, 4))) == VALID["attack"]
    assert order_to_dict(EndPhase("red")) == VALID["end_phase"]


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_examples_load(kind):
    order = order_from_dict(VALID[kind])
    assert order.kind == kind
    assert order_to_dict(order) == VALID[kind]


def test_hex_fields_become_hexes():
    order = order_from_dict({"kind": "move", "unit": "u", "to": (1, 2)})
    assert order.to == Hex(1, 2) and isinstance(order.to, Hex)
    attack = order_from_dict({"kind": "attack", "units": ("a",), "target": [5, -5]})
    assert attack.target == Hex(5, -5) and attack.units == ("a",)


# -- rejections ---------------------------------------------------------------


@pytest.mark.parametrize("data, type_name", [
    (None, "NoneType"), ([["kind", "move"]], "list"), ("move", "str"), (3, "int"),
    (Move("u", Hex(0, 0)), "Move"),
])
def test_rejects_non_dicts(data, type_name):
    assert type_name in error_of(data)


@pytest.mark.parametrize("kind", ["fly", "Move", "", 3, None, ["move"]])
def test_rejects_unknown_kinds(kind):
    message = error_of({"kind": kind, "unit": "u", "to": [0, 0]})
    assert "kind" in message and repr(kind) in message


def test_rejects_missing_kind():
    assert "kind" in error_of({"unit": "u", "to": [0, 0]})


@pytest.mark.parametrize("kind", sorted(VALID))
def test_rejects_each_missing_field(kind):
    for field in VALID[kind]:
        if field == "kind":
            continue
        data = {k: v for k, v in VALID[kind].items() if k != field}
        message = error_of(data)
        assert "missing" in message and field in message, message


@pytest.mark.parametrize("kind", sorted(VALID))
def test_rejects_extra_fields(kind):
    message = error_of({**VALID[kind], "speed": 3})
    assert "unknown" in message and "speed" in message


def test_rejects_extra_and_missing_together():
    message = error_of({"kind": "move", "unit": "u", "dest": [0, 0]})
    assert "dest" in message and "to" in message


def test_rejects_extra_field_with_non_string_key():
    # YAML happily produces int keys; the error must still be a ValueError.
    message = error_of({"kind": "hide", "unit": "u", 7: "x", "zz": 1})
    assert "7" in message and "zz" in message


@pytest.mark.parametrize("to", [
    [1], [1, "a"], [True, 2], [1, False], [1.0, 2], [1, 2.5], [1, 2, 3], [], "12", None, 12,
    {"q": 1, "r": 2}, [None, None],
])
@pytest.mark.parametrize("kind, field", [("move", "to"), ("attack", "target")])
def test_rejects_bad_hexes(to, kind, field):
    message = error_of({**VALID[kind], field: to})
    assert field in message and "hex" in message


@pytest.mark.parametrize("units", [[], (), "red-1", ["red-1", 2], [None], None, {"red-1": 1}])
def test_rejects_bad_unit_lists(units):
    assert "units" in error_of({**VALID["attack"], "units": units})


@pytest.mark.parametrize("kind, field", [
    ("move", "unit"), ("entrench", "unit"), ("hide", "unit"), ("call_wireless", "unit"),
    ("call_wireless", "station"), ("end_phase", "side"),
])
@pytest.mark.parametrize("value", [3, None, ["u"], True])
def test_rejects_non_string_names(kind, field, value):
    message = error_of({**VALID[kind], field: value})
    assert field in message and "string" in message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
keys = st.sampled_from(["kind", "unit", "units", "to", "target", "station", "side"]) | st.text(max_size=5) | st.integers()


@FAST
@given(st.dictionaries(keys, json_values | st.sampled_from(sorted(VALID)), max_size=5) | json_values)
def test_junk_is_an_order_or_a_value_error(data):
    try:
        order = order_from_dict(data)
    except ValueError as error:
        assert str(error)
    else:
        assert order_from_dict(order_to_dict(order)) == order
