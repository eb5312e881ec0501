"""``kamtrain cohort generate``: papermill into ``source/``, nbgrader into ``release/``."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kamlearn.errors import CohortError
from kamtrain.lock import locked


@dataclass(frozen=True)
class GeneratedAssignment:
    assignment: str
    notebooks: tuple[str, ...]
    source_dir: Path
    release_dir: Path


def cohort_parameters(config, *, today: date | None = None) -> dict:
    """The parameters injected into every notebook of the cohort."""
    from kamtrain import __version__

    return {
        "COHORT": config.cohort_key,
        "WORKBOOK_VERSION": __version__,
        "GENERATED_ON": (today or date.today()).isoformat(),
    }


def generation_record(config, *, learner: str = "", today: date | None = None) -> dict:
    """What a generated notebook records under ``metadata["kamtrain"]["generation"]``.

    ``learner`` is empty in the cohort's ``source/``: each learner's id is resolved when
    the notebook runs (see :mod:`kamlearn.cases.identity`). ``numpy`` is the version whose
    random streams draw the learners' data; grading refuses another one
    (:func:`kamtrain.environment.check_numpy`).
    """
    from kamtrain import __version__
    from kamtrain.environment import running_numpy

    return {
        "schema_version": 1,
        "cohort": config.name,
        "learner": learner,
        "seed": config.cohort_key,
        "workbook_version": __version__,
        "numpy": running_numpy(),
        "date": (today or date.today()).isoformat(),
    }


def write_source(
    *, workbook_dir: Path, source_dir: Path, parameters: dict, record: dict | None = None
) -> tuple[str, ...]:
    """Parameterise every notebook of one workbook folder into ``source_dir``."""
    import nbformat

    from kamtrain.cohort.parameterize import parameterize

    notebooks = sorted(workbook_dir.glob("*.ipynb"))
    if not notebooks:
        raise CohortError(f"{workbook_dir} holds no notebook")
    source_dir.mkdir(parents=True, exist_ok=True)
    for extra in workbook_dir.iterdir():
        if extra.is_file() and extra.suffix != ".ipynb" and not extra.name.startswith("."):
            shutil.copy2(extra, source_dir / extra.name)
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        nbformat.write(
            parameterize(nb, parameters=parameters, record=record), source_dir / path.name
        )
    return tuple(p.stem for p in notebooks)


@locked("cohort generate")
def generate_cohort(
    *,
    course_dir: Path,
    assignments: tuple[str, ...] | None = None,
    today: date | None = None,
    progress: bool = False,
) -> list[GeneratedAssignment]:
    """Regenerate ``source/`` and ``release/`` for the cohort's assignments.

    Args:
        progress: show a progress bar, one step per assignment.
    """
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.selfcheck_file import write_selfcheck_file
    from kamtrain.nbgrader_adapter.api import make_api, run_action
    from kamtrain.paths import notebooks_dir

    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    chosen = config.chosen(assignments)
    parameters = cohort_parameters(config, today=today)
    record = generation_record(config, today=today)
    api = make_api(course_dir, course_id=config.name, db_url=config.db_url)
    results = []
    if progress:
        from tqdm.auto import tqdm

        chosen = tqdm(chosen, desc="Generating", unit="assignment")
    for assignment in chosen:
        workbook_dir = notebooks_dir() / assignment
        if not workbook_dir.is_dir():
            raise CohortError(f"workbook folder {workbook_dir} not found")
        source_dir = course_dir / "source" / assignment
        names = write_source(
            workbook_dir=workbook_dir,
            source_dir=source_dir,
            parameters=parameters,
            record=record,
        )
        run_action("generate_assignment", api.generate_assignment(assignment, force=True))
        # The self-checks' fingerprints ship with the release (never an expected value).
        write_selfcheck_file(course_dir=course_dir, assignment=assignment, cohort=config.cohort_key)
        results.append(
            GeneratedAssignment(
                assignment=assignment,
                notebooks=names,
                source_dir=source_dir,
                release_dir=course_dir / "release" / assignment,
            )
        )
    return results
