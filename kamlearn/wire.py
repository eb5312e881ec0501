"""Encode a learner's answers as JSON-safe data, to cross the sandbox boundary.

Plain JSON values travel as they are. Everything else is a tagged object
``{"__type__": ...}``: tuples, sets, dicts (keys of any JSON-safe type), numbers that
JSON cannot hold (NaN, infinities), numpy scalars and arrays, pandas Series and
DataFrames, matplotlib figures (a data summary of what is drawn) and simulator engines
(their transcript). Nothing is pickled: the grader decodes data, never code.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

MAX_DEPTH = 12
MAX_ITEMS = 20_000
MAX_TEXT = 100_000


class WireError(ValueError):
    """A value cannot be handed out as data."""


def _float(value: float) -> Any:
    if math.isnan(value):
        return {"__type__": "float", "value": "nan"}
    if math.isinf(value):
        return {"__type__": "float", "value": "inf" if value > 0 else "-inf"}
    return value


def _items(values, depth: int) -> list:
    values = list(values)
    if len(values) > MAX_ITEMS:
        raise WireError(f"plus de {MAX_ITEMS} éléments")
    return [encode(v, depth + 1) for v in values]


def _type_name(value: Any) -> str:
    cls = type(value)
    return f"{cls.__module__}.{cls.__qualname__}"


def encode(value: Any, depth: int = 0) -> Any:
    """Return ``value`` as JSON-safe data; unsupported objects become a tagged stub."""
    if depth > MAX_DEPTH:
        raise WireError("structure trop profonde")
    if value is None or isinstance(value, bool | int | str):
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise WireError(f"texte de plus de {MAX_TEXT} caractères")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63:
            return {"__type__": "bigint", "value": str(value)}
        return value
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list):
        return _items(value, depth)
    if isinstance(value, tuple | set | frozenset):
        kind = "tuple" if isinstance(value, tuple) else "set"
        items = list(value) if kind == "tuple" else sorted(value, key=repr)
        return {"__type__": kind, "items": _items(items, depth)}
    if isinstance(value, dict):
        pairs = list(value.items())
        if len(pairs) > MAX_ITEMS:
            raise WireError(f"plus de {MAX_ITEMS} éléments")
        return {
            "__type__": "dict",
            "items": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in pairs],
        }
    name = _type_name(value)
    if name.startswith("numpy."):
        return _numpy(value, depth)
    if name.startswith("pandas."):
        return _pandas(value, name, depth)
    if name.startswith("matplotlib.") and hasattr(value, "get_axes"):
        return _figure(value)
    if name.startswith("matplotlib.") and hasattr(getattr(value, "figure", None), "get_axes"):
        return _figure(value.figure)  # the Axes `Series.plot.bar()` returns: its figure
    transcript = getattr(value, "transcript", None)
    if callable(transcript) and name.startswith("kamlearn.sim."):
        from kamlearn.sim.records import transcript_to_dict

        return {"__type__": "sim_engine", "transcript": transcript_to_dict(transcript())}
    return {"__type__": "unsupported", "type": name[:200]}


def _numpy(value: Any, depth: int) -> Any:
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:
        return {"__type__": "ndarray", "items": _items(value.tolist(), depth)}
    item = value.item() if hasattr(value, "item") else value
    if type(item).__module__.startswith("numpy"):
        return {"__type__": "unsupported", "type": _type_name(value)}
    return encode(item, depth + 1)


def _pandas(value: Any, name: str, depth: int) -> Any:
    if name.endswith(".Series"):
        return {
            "__type__": "Series",
            "name": encode(value.name, depth + 1),
            "index": _items(value.index.tolist(), depth),
            "values": _items(value.tolist(), depth),
        }
    if name.endswith(".DataFrame"):
        if value.size > MAX_ITEMS:
            raise WireError(f"tableau de plus de {MAX_ITEMS} cellules")
        return {
            "__type__": "DataFrame",
            "columns": _items(value.columns.tolist(), depth),
            "index": _items(value.index.tolist(), depth),
            "rows": [_items(row, depth + 1) for row in value.itertuples(index=False)],
        }
    if name.endswith(".Timestamp"):
        return {"__type__": "Timestamp", "value": value.isoformat()}
    if hasattr(value, "tolist"):  # an Index
        return _items(value.tolist(), depth)
    return {"__type__": "unsupported", "type": name[:200]}


def _extent(path, transform=None) -> list[float]:
    box = path.get_extents(transform) if transform is not None else path.get_extents()
    return [float(box.x0), float(box.x1), float(box.y0), float(box.y1)]


def _patch(patch) -> dict:
    data = {"kind": type(patch).__name__, "label": str(patch.get_label())}
    for attr in ("get_x", "get_y", "get_width", "get_height"):
        getter = getattr(patch, attr, None)
        if callable(getter):
            data[attr[4:]] = _float(float(getter()))
    # An exotic patch simply has no extent.
    with contextlib.suppress(Exception):
        data["extent"] = _extent(patch.get_path(), patch.get_patch_transform())
    return data


def _numbers(values) -> list:
    out = []
    for v in list(values)[:MAX_ITEMS]:
        try:
            out.append(_float(float(v)))
        except (TypeError, ValueError):
            out.append(str(v)[:200])
    return out


def _collection(collection) -> dict:
    data: dict = {"kind": type(collection).__name__, "label": str(collection.get_label())}
    offsets = getattr(collection, "get_offsets", None)
    if callable(offsets):
        data["offsets"] = [_numbers(p) for p in list(offsets())[:MAX_ITEMS]]
    paths = getattr(collection, "get_paths", None)
    if callable(paths):
        data["paths"] = [_extent(p) for p in list(paths())[:2000] if len(p.vertices)]
    return data


def _text(text) -> list:
    """A tick label: its text and its position in data coordinates."""
    x, y = text.get_position()
    return [text.get_text(), _numbers([x, y])]


def _axes(ax) -> dict:
    legend = ax.get_legend()
    return {
        "title": ax.get_title(),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "xticklabels": [_text(t) for t in ax.get_xticklabels()],
        "yticklabels": [_text(t) for t in ax.get_yticklabels()],
        "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
        "texts": [t.get_text() for t in ax.texts][:200],
        "patches": [_patch(p) for p in ax.patches[:MAX_ITEMS]],
        "lines": [
            {
                "label": str(line.get_label()),
                "xdata": _numbers(line.get_xdata()),
                # Where the points sit: text x (categories, even « 2024 ») at their drawn rank.
                "xpos": _numbers(line.get_xdata(orig=False)),
                "ydata": _numbers(line.get_ydata()),
            }
            for line in ax.get_lines()
        ],
        "collections": [_collection(c) for c in ax.collections],
    }


def _figure(fig) -> dict:
    sup = getattr(fig, "_suptitle", None)
    return {
        "__type__": "Figure",
        "suptitle": sup.get_text() if sup is not None else "",
        "axes": [_axes(ax) for ax in fig.get_axes()],
    }
