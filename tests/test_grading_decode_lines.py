"""A line decoded from the sandbox answers the matplotlib calls the figure checks make."""

from __future__ import annotations


def test_a_decoded_line_is_read_left_to_right_like_a_live_one():
    from kamtrain.checks.figures import _in_x_order
    from kamtrain.grading.decode import LineData

    # Years drawn backwards: the check reads them with get_xdata(orig=False), as on a live line.
    line = LineData({"xdata": [2024, 2023, 2022], "ydata": [3.0, 2.0, 1.0]})
    assert _in_x_order(line) == [1.0, 2.0, 3.0]
