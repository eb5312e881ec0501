"""Bound what a kernel's outputs may cost the grader: a print loop must not fill its memory.

An nbclient ``NotebookClient`` subclass keeps at most :data:`MAX_STREAM_CHARS` of stream
and display output per cell (errors and results, what scores depend on, are always kept),
and gives each cell's hand-out of answers (:mod:`kamlearn.handout`) its own budget.
"""

from __future__ import annotations

from kamlearn.handout import MAX_BYTES as _HANDOUT_MAX
from kamlearn.handout import MIME

#: Stream text kept per cell; the rest is cut (scores depend only on errors, stderr and
#: results, which are kept).
MAX_STREAM_CHARS = 200_000
#: A hand-out output is at most kamlearn.handout.MAX_BYTES of JSON, plus its framing.
HANDOUT_BYTES = int(_HANDOUT_MAX * 1.2)


def bounded_client_class():
    """An nbclient ``NotebookClient`` that keeps at most MAX_STREAM_CHARS of output per cell.

    Without it a print loop fills the worker's memory with every message before any
    truncation could happen. Errors and results (what scores depend on) are always kept.
    """
    from nbclient import NotebookClient

    class BoundedClient(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            data = content.get("data")
            if msg["msg_type"] == "display_data" and isinstance(data, dict) and MIME in data:
                # A hand-out has its own budget (the answers, capped by kamlearn.handout).
                size = len(str(data))
                if size > HANDOUT_BYTES or self._kamtrain_handouts.get(cell_index, 0) >= 2:
                    self._kamtrain_dropped.add(cell_index)
                    return None
                self._kamtrain_handouts[cell_index] = self._kamtrain_handouts.get(cell_index, 0) + 1
                return super().output(outs, msg, display_id, cell_index)
            if msg["msg_type"] in ("stream", "display_data", "update_display_data"):
                text = content.get("text")
                size = len(text) if isinstance(text, str) else len(str(content.get("data", "")))
                before = self._kamtrain_used.get(cell_index, 0)
                self._kamtrain_used[cell_index] = before + size
                if before + size > MAX_STREAM_CHARS:
                    self._kamtrain_dropped.add(cell_index)
                    room = MAX_STREAM_CHARS - before
                    if not isinstance(text, str) or room <= 0:
                        return None
                    content["text"] = text[:room]
            return super().output(outs, msg, display_id, cell_index)

    BoundedClient._kamtrain_used = {}
    BoundedClient._kamtrain_dropped = set()
    BoundedClient._kamtrain_handouts = {}
    return BoundedClient
