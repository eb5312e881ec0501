"""Decode answers handed out of the sandbox (see :mod:`kamlearn.wire`), on the trusted side.

Values are rebuilt from data only: pandas objects from their rows, figures as
read-only :class:`FigureData` that answer the few matplotlib calls the checks make, and
simulator engines rebuilt by replaying their transcript on a fresh engine here, so no
object made by the learner's code reaches a check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kamlearn.errors import KamtrainError


class DecodeError(KamtrainError):
    """Handed-out data that does not follow the wire format."""


class Unsupported:
    """An object the learner's kernel could not hand out as data."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<objet non transmissible : {self.type_name}>"


def decode(data: Any, depth: int = 0) -> Any:
    if depth > 40:
        raise DecodeError("structure trop profonde")
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v, depth + 1) for v in data]
    if not isinstance(data, dict) or "__type__" not in data:
        raise DecodeError(f"donnée inattendue : {type(data).__name__}")
    kind = data["__type__"]
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise DecodeError(f"type inconnu : {kind!r}")
    return handler(data, depth + 1)


def _list(data, depth):
    items = data.get("items", [])
    if not isinstance(items, list):
        raise DecodeError("'items' doit être une liste")
    return [decode(v, depth) for v in items]


def _dict(data, depth):
    out = {}
    for pair in data.get("items", []):
        if not isinstance(pair, list) or len(pair) != 2:
            raise DecodeError("paire clé-valeur attendue")
        key = decode(pair[0], depth)
        if isinstance(key, list):
            key = tuple(key)
        out[key] = decode(pair[1], depth)
    return out


def _float(data, _depth):
    return float(str(data.get("value")))


def _set(data, depth):
    items = _list(data, depth)
    try:
        return set(items)
    except TypeError:  # unhashable members: keep them as a list
        return items


def _series(data, depth):
    import pandas as pd

    return pd.Series(
        [decode(v, depth) for v in data.get("values", [])],
        index=[_hashable(decode(v, depth)) for v in data.get("index", [])] or None,
        name=_hashable(decode(data.get("name"), depth)),
        dtype=None if data.get("values") else object,
    )


def _frame(data, depth):
    import pandas as pd

    columns = [_hashable(decode(v, depth)) for v in data.get("columns", [])]
    rows = [[decode(v, depth) for v in row] for row in data.get("rows", [])]
    index = [_hashable(decode(v, depth)) for v in data.get("index", [])]
    frame = pd.DataFrame(rows, columns=columns, index=index or None)
    # Rebuilt from Python values, columns hold objects: let pandas infer the dtypes back.
    return frame.infer_objects()


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _timestamp(data, _depth):
    import pandas as pd

    return pd.Timestamp(str(data.get("value")))


def _engine(data, _depth):
    from kamtrain.grading.engines import rebuild_engine

    return rebuild_engine(data.get("transcript"))


# --- figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    position: tuple = (0.0, 0.0)

    def get_text(self) -> str:
        return self.text

    def get_position(self) -> tuple:
        return self.position


def _tick(raw) -> Text:
    """A tick label handed out as ``[text, [x, y]]`` (or a bare text)."""
    if isinstance(raw, list) and len(raw) == 2 and isinstance(raw[1], list):
        x, y = (float(decode(v)) for v in raw[1][:2])
        return Text(str(raw[0]), (x, y))
    return Text(str(raw))


@dataclass(frozen=True)
class Box:
    x0: float
    x1: float
    y0: float
    y1: float


@dataclass(frozen=True)
class PathData:
    box: Box

    def get_extents(self, _transform=None) -> Box:
        return self.box


def _box(values) -> Box | None:
    if isinstance(values, list) and len(values) == 4:
        return Box(*(float(v) for v in values))
    return None


#: The patch getters the wire hands out, by their key; a patch answers only those it had.
PATCH_GETTERS = {"get_x": "x", "get_y": "y", "get_width": "width", "get_height": "height"}


@dataclass(frozen=True)
class PatchData:
    raw: dict

    def __getattr__(self, name: str):
        # Like matplotlib's patches, a wedge has no ``get_height``: ``hasattr`` must say so.
        key = PATCH_GETTERS.get(name)
        raw = self.__dict__.get("raw", {})
        if key is None or key not in raw:
            raise AttributeError(name)
        return lambda: float(decode(raw[key]))

    def get_label(self) -> str:
        return str(self.raw.get("label", ""))

    def get_path(self) -> PathData:
        box = _box(self.raw.get("extent"))
        if box is None:
            raise DecodeError("forme sans étendue")
        return PathData(box)

    def get_patch_transform(self):
        return None


@dataclass(frozen=True)
class LineData:
    raw: dict

    # As in matplotlib, ``orig=False`` gives where the points sit (text x at their drawn
    # rank); data handed out without those positions answers with the x values.
    def get_xdata(self, orig: bool = True) -> list:
        key = "xdata" if orig or "xpos" not in self.raw else "xpos"
        return [decode(v) for v in self.raw.get(key, [])]

    def get_ydata(self, orig: bool = True) -> list:
        return [decode(v) for v in self.raw.get("ydata", [])]

    def get_label(self) -> str:
        return str(self.raw.get("label", ""))


@dataclass(frozen=True)
class CollectionData:
    raw: dict

    def get_offsets(self) -> list:
        return [[decode(v) for v in point] for point in self.raw.get("offsets", [])]

    def get_paths(self) -> list[PathData]:
        return [PathData(b) for b in map(_box, self.raw.get("paths", [])) if b is not None]

    def get_label(self) -> str:
        return str(self.raw.get("label", ""))


@dataclass
class AxesData:
    raw: dict
    figure: Any = None
    patches: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    collections: list = field(default_factory=list)

    def __post_init__(self):
        self.patches = [PatchData(p) for p in self.raw.get("patches", [])]
        self.lines = [LineData(line) for line in self.raw.get("lines", [])]
        self.collections = [CollectionData(c) for c in self.raw.get("collections", [])]
        self.texts = [Text(str(t)) for t in self.raw.get("texts", [])]

    def get_title(self) -> str:
        return str(self.raw.get("title", ""))

    def get_xlabel(self) -> str:
        return str(self.raw.get("xlabel", ""))

    def get_ylabel(self) -> str:
        return str(self.raw.get("ylabel", ""))

    def get_lines(self) -> list:
        return list(self.lines)

    def get_xticklabels(self) -> list[Text]:
        return [_tick(t) for t in self.raw.get("xticklabels", [])]

    def get_yticklabels(self) -> list[Text]:
        return [_tick(t) for t in self.raw.get("yticklabels", [])]

    # Tick positions are those of their labels, as in matplotlib.
    def get_xticks(self) -> list[float]:
        return [t.get_position()[0] for t in self.get_xticklabels()]

    def get_yticks(self) -> list[float]:
        return [t.get_position()[1] for t in self.get_yticklabels()]

    def legend_texts(self) -> list[str]:
        return [str(t) for t in self.raw.get("legend", [])]


class FigureData:
    """What a learner's matplotlib figure drew, read-only, as the checks query it."""

    def __init__(self, raw: dict):
        self.raw = raw
        self._suptitle = Text(str(raw.get("suptitle", ""))) if raw.get("suptitle") else None
        self.axes = [AxesData(a, figure=self) for a in raw.get("axes", []) if isinstance(a, dict)]

    def get_axes(self) -> list[AxesData]:
        return list(self.axes)


def _figure(data, _depth):
    return FigureData(data)


_HANDLERS = {
    "tuple": lambda d, depth: tuple(_list(d, depth)),
    "set": _set,
    "dict": _dict,
    "float": _float,
    "bigint": lambda d, _depth: int(str(d.get("value"))),
    "ndarray": lambda d, depth: (
        __import__("numpy").asarray(_list(d, depth), dtype=object)
        if any(isinstance(v, str | dict | list) for v in d.get("items", []))
        else __import__("numpy").asarray(_list(d, depth))
    ),
    "Series": _series,
    "DataFrame": _frame,
    "Timestamp": _timestamp,
    "Figure": _figure,
    "sim_engine": _engine,
    "unsupported": lambda d, _depth: Unsupported(str(d.get("type", "?"))),
}
