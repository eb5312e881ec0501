"""The exercise kit: everything a check module (``c1`` … ``c18``) grades with, under one name.

A check module imports it once (``from kamtrain.checks import kit``) and spells each helper
``kit.score_item``, ``kit.Mistake``, ``kit.answer``…: the header stays one line whatever the
module uses, and a reader sees at a glance which names are the shared graders and which are
the module's own. The helpers live in :mod:`~kamtrain.checks.core` (results and answer access),
:mod:`~kamtrain.checks.answers` (readers), :mod:`~kamtrain.checks.scoring` and
:mod:`~kamtrain.checks.scoring_labels` (graders) and
:mod:`~kamtrain.checks.figures` (figure graders); this module only names them.
"""

from __future__ import annotations

from kamlearn.labels import normalise_label
from kamtrain.checks.answers import (
    as_numbers,
    code_reader,
    lookup,
    read_engine,
    read_mapping,
    read_numbers,
    within,
)
from kamtrain.checks.core import MISSING, CheckResult, answer, as_mapping, as_number, missing_result
from kamtrain.checks.figures import (
    bars_match,
    figure_axes,
    figure_check,
    figure_result,
    labels_score,
    score_bar_figure,
    score_line_figure,
    score_scatter_figure,
    score_series_bars,
    series_drawn,
)
from kamtrain.checks.scoring import (
    KNOCK_ON_CREDIT,
    Mistake,
    map_item,
    number_item,
    percent_map_item,
    result,
    score_each,
    score_item,
    score_number,
    score_number_map,
)
from kamtrain.checks.scoring_labels import (
    best_by_wrong_criterion,
    score_choice,
    score_labels,
    score_order,
    score_set,
    simulation_result,
)

__all__ = [
    "KNOCK_ON_CREDIT",
    "MISSING",
    "CheckResult",
    "Mistake",
    "answer",
    "as_mapping",
    "as_number",
    "as_numbers",
    "best_by_wrong_criterion",
    "bars_match",
    "code_reader",
    "figure_axes",
    "figure_check",
    "figure_result",
    "labels_score",
    "lookup",
    "map_item",
    "missing_result",
    "normalise_label",
    "number_item",
    "percent_map_item",
    "read_engine",
    "read_mapping",
    "read_numbers",
    "result",
    "score_bar_figure",
    "score_choice",
    "score_each",
    "score_item",
    "score_labels",
    "score_line_figure",
    "score_number",
    "score_number_map",
    "score_order",
    "score_scatter_figure",
    "score_series_bars",
    "score_set",
    "series_drawn",
    "simulation_result",
    "within",
]
