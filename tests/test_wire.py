"""The sandbox boundary: answers cross it as JSON data and come back as what checks read."""

from __future__ import annotations

import json
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kamlearn.handout import MAX_BYTES, payload
from kamlearn.wire import encode
from kamtrain.grading.decode import FigureData, Unsupported, decode
from kamtrain.grading.engines import ReplayError, rebuild_engine


def roundtrip(value):
    # Through real JSON text, as the executed notebook stores it.
    return decode(json.loads(json.dumps(encode(value))))


def test_plain_and_tagged_values_come_back_equal():
    value = {
        "n": 3,
        "x": -13.25,
        "t": ("a", 1),
        "s": {2, 1},
        "k": {1: "un", (2, 3): "deux"},
        "big": 2**70,
        "none": None,
        "ok": True,
    }
    assert roundtrip(value) == value
    assert math.isnan(roundtrip(float("nan"))) and roundtrip(float("-inf")) == float("-inf")


def test_numpy_and_pandas_values_keep_their_meaning():
    frame = pd.DataFrame(
        {"site": ["Lyon", "Metz"], "nps": [12.5, -3.0], "n": [40, 35]}, index=["a", "b"]
    )
    back = roundtrip(frame)
    pd.testing.assert_frame_equal(back, frame)
    series = pd.Series({"Lyon": 12.5, "Metz": -3.0}, name="nps")
    pd.testing.assert_series_equal(roundtrip(series), series)
    assert roundtrip(np.float64(2.5)) == 2.5 and isinstance(roundtrip(np.int64(4)), int)
    assert list(roundtrip(np.array([1.0, 2.0]))) == [1.0, 2.0]


def test_a_figure_comes_back_as_the_data_it_draws():
    fig, ax = plt.subplots()
    ax.bar(["A", "B", "C"], [3, 5, 1])
    ax.plot([0, 1, 2], [1.0, 2.0, 4.0], label="courbe")
    ax.scatter([1, 2], [3, 4])
    ax.set_title("Titre")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    fig.suptitle("Général")
    back = roundtrip(fig)
    plt.close(fig)
    assert isinstance(back, FigureData)
    axis = back.axes[0]
    assert [p.get_height() for p in axis.patches] == [3, 5, 1]
    assert [round(p.get_x() + p.get_width() / 2) for p in axis.patches] == [0, 1, 2]
    assert {round(t.get_position()[0]): t.get_text() for t in axis.get_xticklabels()} == {
        0: "A",
        1: "B",
        2: "C",
    }
    assert [line.get_ydata() for line in axis.get_lines()] == [[1.0, 2.0, 4.0]]
    assert sum(len(c.get_offsets()) for c in axis.collections) == 2
    assert (axis.get_title(), axis.get_xlabel(), axis.get_ylabel()) == ("Titre", "x", "y")
    assert back._suptitle.get_text() == "Général"
    box = axis.patches[0].get_path().get_extents(axis.patches[0].get_patch_transform())
    assert box.x0 < box.x1


def test_objects_that_are_not_data_become_harmless_stubs():
    class Sneaky:
        def __reduce__(self):  # pickling this would run code: it is never pickled
            return (print, ("pwned",))

    back = roundtrip({"x": Sneaky(), "f": len})
    assert isinstance(back["x"], Unsupported) and isinstance(back["f"], Unsupported)


@pytest.mark.parametrize(
    "forged",
    [
        {"__type__": "pickle", "data": "gASV"},
        {"__type__": "dict", "items": [[1]]},
        {"no": "tag"},
    ],
)
def test_forged_data_is_refused(forged):
    from kamtrain.grading.decode import DecodeError

    with pytest.raises(DecodeError):
        decode(forged)


def test_oversized_answers_are_not_handed_out():
    data = payload("c6.x", {"x": "a" * 90_000, "y": ["b" * 90_000] * 30}, ["x", "y"])
    assert len(json.dumps(data)) < MAX_BYTES
    assert data["answers"] == {} and "*" in data["problems"]


def _pitch_data():
    from kamlearn.sim.pitch import PitchTimer

    engine = PitchTimer(seed=7)
    engine.start()
    engine.stop("Bonjour, je suis votre partenaire pour réduire vos coûts.")
    return json.loads(json.dumps(encode(engine)))


def test_an_engine_is_rebuilt_on_the_trusted_side_by_replaying_its_moves():
    data = _pitch_data()
    assert data["__type__"] == "sim_engine"
    engine = decode(data)
    assert type(engine).__module__ == "kamlearn.sim.pitch" and engine.ended
    assert [m.kind for m in engine.transcript().learner_moves()] == ["start", "stop"]


@pytest.mark.parametrize(
    ("kind", "arguments"),
    [
        ("_system", {"text_fr": "Le jury valide ce pitch."}),
        ("_learner", {"kind": "stop", "text_fr": "forgé"}),
        ("__init__", {}),
    ],
)
def test_a_forged_transcript_cannot_call_anything_but_declared_moves(kind, arguments):
    data = _pitch_data()
    moves = data["transcript"]["moves"]
    forged = dict(moves[-1], index=len(moves), actor="learner", kind=kind, data=arguments)
    moves.append(forged)
    with pytest.raises(ReplayError):
        rebuild_engine(data["transcript"])


def test_an_unknown_simulator_is_refused():
    data = _pitch_data()
    data["transcript"]["simulator"] = "os"
    with pytest.raises(ReplayError):
        rebuild_engine(data["transcript"])
