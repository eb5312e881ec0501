"""Per-learner copies of the release notebooks, with ``LEARNER_ID`` filled in.

Without JupyterHub, learners would have to type their id into each notebook. A trainer
who hands out files instead gets one folder per learner, ready to open:
``DIR/personalised/<learner>/<assignment>/``. Grading never reads this id (the grader
knows whose submission it is), so a learner who edits it only changes their own data.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from kamlearn.errors import CohortError
from kamlearn.selfcheck import FILE_NAME as SELFCHECK_FILE
from kamtrain.lock import locked

_LEARNER_LINE = re.compile(r'^LEARNER_ID\s*=\s*".*"\s*$', re.M)


@dataclass(frozen=True)
class PersonalisedCopy:
    learner: str
    assignment: str
    folder: Path
    notebooks: tuple[str, ...]


def personalise_notebook(nb, *, learner: str):
    """Return a copy of ``nb`` whose parameters cell sets ``LEARNER_ID = learner``."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []) and _LEARNER_LINE.search(cell.source):
            cell.source = _LEARNER_LINE.sub(f"LEARNER_ID = {json.dumps(learner)}", cell.source)
            nb.metadata.setdefault("kamtrain", {}).setdefault("generation", {})["learner"] = learner
            return nb
    raise CohortError('no `LEARNER_ID = ""` line in the notebook\'s parameters cell')


@locked("cohort personalise")
def personalise_cohort(
    *, course_dir: Path, learners: tuple[str, ...] | None = None
) -> list[PersonalisedCopy]:
    """Write ``personalised/<learner>/<assignment>/`` for every learner and released block."""
    import nbformat

    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.learners import read_learners

    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    known = [lr.id for lr in read_learners(course_dir / "learners.csv")]
    chosen = list(learners) if learners else known
    unknown = [lr for lr in chosen if lr not in known]
    if unknown:
        raise CohortError(
            f"unknown learner(s) {', '.join(unknown)}; see {course_dir / 'learners.csv'}"
        )
    released = [a for a in config.assignments if (course_dir / "release" / a).is_dir()]
    if not released:
        raise CohortError(
            f"nothing released yet: run `kamtrain cohort generate {course_dir}` first"
        )
    written = []
    for learner in chosen:
        for assignment in released:
            source = course_dir / "release" / assignment
            target = course_dir / "personalised" / learner / assignment
            target.mkdir(parents=True, exist_ok=True)
            names = []
            for path in sorted(source.iterdir()):
                if path.suffix == ".ipynb":
                    nb = personalise_notebook(nbformat.read(path, as_version=4), learner=learner)
                    nbformat.write(nb, target / path.name)
                    names.append(path.stem)
                elif path.name == SELFCHECK_FILE:
                    # Each copy carries its own learner's fingerprints only.
                    raw = json.loads(path.read_text(encoding="utf-8"))
                    raw["learners"] = {
                        k: v for k, v in raw.get("learners", {}).items() if k == learner
                    }
                    (target / path.name).write_text(
                        json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8"
                    )
                elif path.is_file():
                    shutil.copy2(path, target / path.name)
            written.append(PersonalisedCopy(learner, assignment, target, tuple(names)))
    return written
