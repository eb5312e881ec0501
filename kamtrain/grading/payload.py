"""What a notebook's grading sends to a remote worker, and what it reads back: data only.

A worker of a Dask cluster shares no folder with the trainer. It receives:

- the **bundle** of its notebook, built once per run and sent with each task: the
  notebook's cell definitions (:mod:`kamtrain.grading.cell_book`) and the non-notebook
  files of ``source/<assignment>/``, which nbgrader copies over the learner's files;
- the **common** settings: :class:`~kamtrain.grading.execute.ExecutionSettings` without
  its local paths and gradebook URL, plus the versions the worker must run;
- one **task** per notebook: its job key, learner, assignment, notebook name, the staged
  notebook's bytes and the other files of the staged submission folder.

It returns one JSON document (bytes): the executed notebook's text and the outcome's
fields. :func:`decode_result` reads it strictly: every field typed and bounded, the job
key it claims must be the one sent, and the executed notebook is written where the local
route writes it, from the trainer's own job (a path from the worker is never used).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
from dataclasses import asdict
from pathlib import Path, PurePosixPath

from kamlearn.errors import GradingError
from kamtrain.grading.model import ExecutionOutcome, NotebookJob, Problem

WIRE_VERSION = 1
#: Largest submission folder (notebook and files) sent to a worker; stage() caps at 200 MiB.
MAX_TASK_BYTES = 256 * 1024 * 1024
#: Largest result read back (an executed notebook; outputs are bounded by execute.py).
MAX_RESULT_BYTES = 128 * 1024 * 1024
MAX_TEXT = 2_000
RESULT_KEYS = frozenset(
    {
        "wire",
        "key",
        "notebook",
        "seconds",
        "kernel_seconds",
        "started_at",
        "ended_at",
        "problems",
        "verdicts",
        "worker",
    }
)
PROBLEM_KEYS = frozenset({"kind", "message", "notebook", "residual_risk"})
VERDICT_KEYS = frozenset({"item", "grade_id", "cell_index", "earned", "max_points", "messages"})
KIND = re.compile(r"[a-z_]{1,40}")


class ResultRefused(GradingError):
    """A worker's result is not a well-formed result of the job it was sent."""


def versions() -> dict[str, str]:
    """The packages whose versions must match between the trainer and its workers.

    numpy draws the learners' data; kamlearn holds the case generators and data, kamtrain
    the checks and expected answers; nbgrader's sanitize step shapes the notebook that
    runs. ``code`` is a digest of kamlearn's and kamtrain's files: the version number
    alone stays the same across commits that change the cases or the checks, so a worker
    on another checkout would score against other expected values without it.
    """
    from importlib.metadata import version

    import kamtrain

    return {
        "kamtrain": kamtrain.__version__,
        "code": code_digest(),
        "numpy": version("numpy"),
        "nbgrader": version("nbgrader"),
    }


#: The files that decide a verdict: code and case data (what the wheel carries).
CODE_SUFFIXES = frozenset({".py", ".yml", ".yaml", ".csv", ".json", ".txt"})


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of this process's kamlearn and kamtrain packages (code and case data)."""
    import importlib.util

    roots = {}
    for name in ("kamlearn", "kamtrain"):
        spec = importlib.util.find_spec(name)
        roots[name] = Path(next(iter(spec.submodule_search_locations)))
    return tree_digest(roots)


def tree_digest(roots: dict[str, Path]) -> str:
    """SHA-256 (16 hex digits) of the :data:`CODE_SUFFIXES` files under each named root."""
    digest = hashlib.sha256()
    for name, root in sorted(roots.items()):
        files = sorted(
            path
            for path in Path(root).rglob("*")
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file()
        )
        for path in files:
            digest.update(f"{name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def regular_files(folder: Path) -> dict[str, bytes]:
    """The non-notebook regular files under ``folder`` (what a kernel's folder receives)."""
    out: dict[str, bytes] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if ".ipynb_checkpoints" in rel.parts or path.suffix == ".ipynb":
            continue
        if path.is_file() and not path.is_symlink():
            out[rel.as_posix()] = path.read_bytes()
    return out


def bundle(
    *, db_url: str, course_id: str, course_dir: Path, assignment: str, notebook: str
) -> dict:
    """What every submission of ``notebook`` needs from the trainer's side."""
    from kamtrain.nbgrader_adapter.cell_book import cell_book

    return {
        "assignment": assignment,
        "notebook": notebook,
        "gradebook": cell_book(
            db_url=db_url, course_id=course_id, assignment=assignment, notebook=notebook
        ),
        "source_files": regular_files(Path(course_dir) / "source" / assignment),
    }


def common(settings) -> dict:
    """``settings`` (an ExecutionSettings) without local paths, gradebook URL or other learners."""
    return {
        "course_id": settings.course_id,
        "cohort_key": settings.cohort_key,
        "timeout": settings.timeout,
        "notebook_timeout": settings.notebook_timeout,
        "kernel_name": settings.kernel_name,
        "sandbox": asdict(settings.sandbox),
        "versions": versions(),
    }


def task(job: NotebookJob, settings, *, key: str) -> dict:
    """One notebook's task: its staged notebook and the other files of its folder.

    Raises:
        GradingError: the submission folder is larger than :data:`MAX_TASK_BYTES`.
    """
    files = regular_files(job.staged_path.parent)
    notebook = job.staged_path.read_bytes()
    size = len(notebook) + sum(len(b) for b in files.values())
    if size > MAX_TASK_BYTES:
        raise GradingError(
            f"{job.staged_path.parent}: {size} bytes, more than the "
            f"{MAX_TASK_BYTES} bytes a cluster task carries"
        )
    return {
        "key": key,
        "learner": job.learner,
        "assignment": job.assignment,
        "notebook": job.notebook,
        "execute": job.execute,
        "accommodations": list(settings.accommodations.get(job.learner, ())),
        "notebook_bytes": notebook,
        "files": files,
    }


def safe_relative(name: str) -> PurePosixPath:
    """``name`` as a relative path that stays inside its folder, or GradingError."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(p in ("", ".", "..") for p in path.parts):
        raise GradingError(f"refused file name in a cluster task: {name!r}")
    return path


def encode_result(outcome: ExecutionOutcome, *, key: str, worker: dict) -> bytes:
    """The worker's answer: the outcome's fields and the executed notebook, as JSON."""
    notebook = None
    if outcome.executed_path is not None and Path(outcome.executed_path).is_file():
        notebook = Path(outcome.executed_path).read_text(encoding="utf-8")
    return json.dumps(
        {
            "wire": WIRE_VERSION,
            "key": key,
            "notebook": notebook,
            "seconds": outcome.seconds,
            "kernel_seconds": outcome.kernel_seconds,
            "started_at": outcome.started_at,
            "ended_at": outcome.ended_at,
            "problems": [asdict(p) for p in outcome.problems],
            "verdicts": [asdict(v) for v in outcome.verdicts],
            "worker": worker,
        },
        ensure_ascii=False,
    ).encode("utf-8")


# --- the trainer's side: strict reading -----------------------------------------------


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise ResultRefused(f"worker result refused: {what}")


def _number(value, what: str) -> float:
    _need(
        isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value),
        f"{what} is not a finite number",
    )
    return float(value)


def _text(value, what: str, limit: int = MAX_TEXT) -> str:
    from kamtrain.grading.score import printable

    _need(isinstance(value, str) and len(value) <= limit, f"{what} is not a short text")
    return printable(value)


def _exact(record, keys: frozenset, what: str) -> dict:
    _need(isinstance(record, dict) and set(record) == keys, f"{what} has other fields")
    return record


def _problem(record, job: NotebookJob) -> Problem:
    record = _exact(record, PROBLEM_KEYS, "a problem")
    kind = _text(record["kind"], "a problem's kind", 40)
    _need(KIND.fullmatch(kind) is not None, f"unknown problem kind {kind!r}")
    _need(record["notebook"] in ("", job.notebook), "a problem names another notebook")
    return Problem(
        kind,
        _text(record["message"], "a problem's message"),
        record["notebook"],
        _text(record["residual_risk"], "a problem's residual risk"),
    )


def _verdict(record):
    from kamtrain.grading.score import ItemVerdict

    record = _exact(record, VERDICT_KEYS, "a verdict")
    index = record["cell_index"]
    _need(isinstance(index, int) and not isinstance(index, bool) and index >= 0, "cell index")
    earned = _number(record["earned"], "points earned")
    most = _number(record["max_points"], "points available")
    _need(0 <= earned <= most, "points earned outside 0..max")
    messages = record["messages"]
    _need(isinstance(messages, list) and len(messages) <= 100, "a verdict's messages")
    return ItemVerdict(
        item=_text(record["item"], "an item", 200),
        grade_id=_text(record["grade_id"], "a grade id", 200),
        cell_index=index,
        earned=earned,
        max_points=most,
        messages=tuple(_text(m, "a verdict's message") for m in messages),
    )


def _notebook_text(value) -> str | None:
    if value is None:
        return None
    _need(isinstance(value, str), "the executed notebook is not text")
    try:
        data = json.loads(value)
    except ValueError:
        raise ResultRefused("worker result refused: the executed notebook is not JSON") from None
    _need(
        isinstance(data, dict)
        and isinstance(data.get("cells"), list)
        and data.get("nbformat") == 4,
        "the executed notebook is not an nbformat 4 notebook",
    )
    return value


def decode_result(
    raw, *, key: str, job: NotebookJob, executed_root: Path
) -> tuple[ExecutionOutcome, str]:
    """Read a worker's result for ``job`` (sent as ``key``); write its executed notebook.

    Returns the outcome and the worker it names (``host:pid``, for the report).

    Nothing is written unless the whole result is well formed. The notebook goes to
    ``executed_root/<learner>/<assignment>/<notebook>.ipynb`` from ``job``, as on the
    local route.

    Raises:
        ResultRefused: the result is malformed, too large, or claims another job.
    """
    _need(isinstance(raw, bytes) and len(raw) <= MAX_RESULT_BYTES, "not bytes, or too large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ResultRefused("worker result refused: not UTF-8 JSON") from None
    data = _exact(data, RESULT_KEYS, "the result")
    _need(data["wire"] == WIRE_VERSION, f"wire version {data['wire']!r}")
    _need(data["key"] == key, f"it claims job {data['key']!r}, not {key!r}")
    problems = data["problems"]
    verdicts = data["verdicts"]
    _need(isinstance(problems, list) and len(problems) <= 1000, "problems")
    _need(isinstance(verdicts, list) and len(verdicts) <= 1000, "verdicts")
    text = _notebook_text(data["notebook"])
    outcome_fields = {
        "seconds": _number(data["seconds"], "seconds"),
        "kernel_seconds": _number(data["kernel_seconds"], "kernel seconds"),
        "started_at": _number(data["started_at"], "start time"),
        "ended_at": _number(data["ended_at"], "end time"),
        "problems": tuple(_problem(p, job) for p in problems),
        "verdicts": tuple(_verdict(v) for v in verdicts),
    }
    worker = _exact(data["worker"], frozenset({"host", "pid"}), "the worker")
    _need(isinstance(worker["pid"], int), "the worker's pid")
    ran_on = f"{_text(worker['host'], 'the worker host', 255)}:{worker['pid']}"
    out = None
    if text is not None:
        out = Path(executed_root) / job.learner / job.assignment / f"{job.notebook}.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(f".{out.name}.{os.getpid()}.part")
        part.write_text(text, encoding="utf-8")
        part.replace(out)
    return ExecutionOutcome(
        job.learner, job.assignment, job.notebook, out, **outcome_fields
    ), ran_on
