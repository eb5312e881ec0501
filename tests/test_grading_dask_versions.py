"""A cluster worker on another checkout is refused, even with the same version number.

kamtrain and kamlearn keep version 0.1.0 across commits that change the cases' data and
the checks (the golden values are rewritten in such commits). A worker started from an
older checkout would draw other data for the learners and score them against other
expected values, and nothing in the result would show it. The trainer and each worker
therefore compare a digest of both packages' code and case data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def _package(name: str) -> Path:
    import importlib.util

    return Path(next(iter(importlib.util.find_spec(name).submodule_search_locations)))


@pytest.fixture
def two_checkouts(tmp_path):
    """Two copies of kamlearn that differ by one case datum."""
    ignore = shutil.ignore_patterns("__pycache__")
    same = shutil.copytree(_package("kamlearn"), tmp_path / "a" / "kamlearn", ignore=ignore)
    other = shutil.copytree(_package("kamlearn"), tmp_path / "b" / "kamlearn", ignore=ignore)
    data = next(
        p for p in sorted((other / "data" / "cases").rglob("*.yml")) if "5" in p.read_text()
    )
    data.write_text(data.read_text("utf-8").replace("5", "6", 1), "utf-8")
    return same, other


def test_one_changed_case_datum_changes_the_digest(two_checkouts):
    from kamtrain.grading.payload import tree_digest

    same, other = two_checkouts
    mine = tree_digest({"kamlearn": _package("kamlearn")})
    assert tree_digest({"kamlearn": same}) == mine
    assert tree_digest({"kamlearn": other}) != mine
    # Bytecode caches are not part of it.
    (same / "__pycache__").mkdir(exist_ok=True)
    (same / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"junk")
    assert tree_digest({"kamlearn": same}) == mine


def test_a_worker_on_another_checkout_refuses_the_task(monkeypatch, two_checkouts):
    from kamtrain.grading import payload
    from kamtrain.grading.remote import WorkerMismatchError, run_task

    trainer = payload.versions()
    assert trainer["kamtrain"] and trainer["code"] == payload.code_digest()
    _, other = two_checkouts
    # The worker's kamlearn is the other checkout; its version number is the same.
    worker_digest = payload.tree_digest({"kamlearn": other, "kamtrain": _package("kamtrain")})
    monkeypatch.setattr(payload, "code_digest", lambda: worker_digest)
    assert payload.versions()["kamtrain"] == trainer["kamtrain"]
    with pytest.raises(WorkerMismatchError, match="install the trainer's kamtrain"):
        run_task({}, {"versions": trainer}, {})
