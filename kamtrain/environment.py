"""Is this grader's environment the one the cohort's notebooks were generated with?

Every number a learner sees is drawn from numpy's seeded random streams, and grading
recomputes the expected answers from the same streams. Another numpy may draw other
numbers: the learner's data and the grader's expected answers would silently disagree.
So numpy is pinned exactly in ``pyproject.toml`` (for learner kernels and the grader
alike), every generated notebook records the numpy it was made with under
``metadata["kamtrain"]["generation"]["numpy"]``, and :func:`check_numpy` refuses to grade
when either differs from the numpy running here.

Only metadata and small JSON reads: no numpy or nbformat import.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from kamlearn.errors import EnvironmentMismatchError

DISTRIBUTION = "kamtrain"


def running_numpy() -> str:
    """The version of the numpy installed beside this kamtrain."""
    return metadata.version("numpy")


def pinned_numpy() -> str | None:
    """The exact numpy version kamtrain's metadata pins (``numpy==X``), or None."""
    for requirement in metadata.requires(DISTRIBUTION) or ():
        text = requirement.split(";", 1)[0].replace(" ", "")
        if text.startswith("numpy=="):
            return text.removeprefix("numpy==")
    return None


def recorded_numpy(notebook: Path) -> str | None:
    """The numpy version ``notebook`` records it was generated with (None if absent)."""
    try:
        document = json.loads(Path(notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    generation = document.get("metadata", {}).get("kamtrain", {}).get("generation", {})
    return generation.get("numpy") if isinstance(generation, dict) else None


def check_numpy(course_dir: Path, *, assignment: str | None = None) -> str:
    """Refuse to grade when numpy differs from the pin or from the generated notebooks'.

    Looks at ``course_dir/source/<assignment>/*.ipynb`` (every assignment by default).
    Returns the running numpy version.

    Raises:
        EnvironmentMismatchError: naming the notebook, the recorded and the running versions,
            and what to do.
    """
    running = running_numpy()
    pinned = pinned_numpy()
    if pinned is not None and pinned != running:
        raise EnvironmentMismatchError(
            f"numpy {running} is installed, but kamtrain pins numpy {pinned}: the learners' "
            f"data would not match the expected answers. Reinstall kamtrain "
            f"(`pip install -e .` or `make install`) so that numpy {pinned} is used."
        )
    source = Path(course_dir) / "source"
    folders = [source / assignment] if assignment else sorted(source.glob("*"))
    for folder in folders:
        for notebook in sorted(folder.glob("*.ipynb")):
            recorded = recorded_numpy(notebook)
            if recorded is None:
                raise EnvironmentMismatchError(
                    f"{notebook}: metadata.kamtrain.generation.numpy is missing, so kamtrain "
                    f"cannot tell which numpy drew the learners' data. Regenerate the "
                    f"cohort's notebooks with this kamtrain (`kamtrain cohort regenerate DIR`)."
                )
            if recorded != running:
                raise EnvironmentMismatchError(
                    f"{notebook}: generated with numpy {recorded}, but this grader runs numpy "
                    f"{running}; the learners' data would not match the expected answers. "
                    f"Grade with numpy {recorded} (the kamtrain release the cohort was "
                    f"generated with), or regenerate the cohort if no learner has started."
                )
    return running
