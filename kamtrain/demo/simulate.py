"""Simulated learners: submissions built from a cohort's ``release/`` and ``source/``.

Used by the tests, the grading benchmark and ``make demo``. A submission is written
where ``nbgrader collect`` would put it, ``submitted/<learner>/<assignment>/``, with
the ``timestamp.txt`` nbgrader writes. Behaviour is deterministic for a given ``seed``.

Profiles:
    correct, partial, empty, exception: ordinary learners.
    infinite_loop, kill_kernel, huge_output, delete_cells, reorder_cells, tamper_tests,
    invalid_json, not_a_notebook, missing_notebook, write_outside, write_gradebook:
    hostile or broken submissions the grader must survive.
"""

from __future__ import annotations

import copy
import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

ORDINARY_PROFILES = ("correct", "partial", "empty", "exception")
HOSTILE_PROFILES = (
    "infinite_loop",
    "kill_kernel",
    "huge_output",
    "delete_cells",
    "reorder_cells",
    "tamper_tests",
    "invalid_json",
    "not_a_notebook",
    "missing_notebook",
    "write_outside",
    "write_gradebook",
)
#: Attacks on the grader itself (see kamtrain.demo.attacks).
ATTACK_PROFILES = (
    "patch_checks",
    "forge_identity",
    "read_expected",
    "read_solutions",
    "tamper_records",
    "hijack_kernels",
    "double_fork",
    "memory_hog",
    "fork_storm",
)
PROFILES = ORDINARY_PROFILES + HOSTILE_PROFILES + ATTACK_PROFILES

#: Marker file names the hostile profiles try to create; tests look for them.
OUTSIDE_MARKER = "ecriture-pirate.txt"

_MANUAL_ANSWERS = (
    "Le site le plus fragile concentre les détracteurs : je propose un entretien "
    "qualitatif avec chaque décideur sous quinze jours, un plan d'actions daté avec un "
    "responsable par action, et un indicateur de suivi (NPS trimestriel par site). "
    "Les verbatims sur les délais de livraison appellent une revue de processus avec la "
    "supply chain du client ; nous relancerons l'enquête dans six mois pour boucler.",
    "Mon analyse croise les segments et les thèmes des verbatims. Priorité 1 : rencontrer "
    "les utilisateurs du site le plus critique avant la fin du mois (responsable : le KAM). "
    "Priorité 2 : un comité de pilotage trimestriel avec les acheteurs. Indicateurs : "
    "NPS, taux de réclamations, délai moyen de résolution. Retour aux répondants par "
    "courriel et restitution en réunion.",
)

_LOOP = "while True:\n    pass\n"
_KILL = "import os\nos._exit(1)\n"
# About 6 MB of text, as a runaway print loop would produce (few print calls, so that
# the cost is in moving the output, not in the learner's loop).
_HUGE = "for _i in range(200):\n    print(('bruit ' * 13 + '\\n') * 400)\n"
_WRITE_OUTSIDE = """
import os
from pathlib import Path

def _cohort_folders():
    # Where a hostile learner would look for the course folder: above the working
    # directory (nbgrader runs in autograded/<learner>/<assignment>/), in $PWD and in the
    # parent process's working directory.
    starts = [Path.cwd(), Path(os.environ.get("PWD", "/"))]
    try:
        starts.append(Path(os.readlink(f"/proc/{os.getppid()}/cwd")))
    except OSError:
        pass
    for start in starts:
        for folder in [start, *start.parents]:
            if (folder / "kamtrain-cohort.yml").exists():
                yield folder

for _rel in ("../{m}", "../../{m}", "../../../{m}"):
    try:
        Path(_rel.format(m="{marker}")).write_text("pirate")
    except OSError:
        pass
for _cohort in set(_cohort_folders()):
    for _sub in ("", "source", "release"):
        try:
            (_cohort / _sub / "{marker}").write_text("pirate")
        except OSError:
            pass
"""
_WRITE_GRADEBOOK = (
    _WRITE_OUTSIDE.split("for _rel in")[0]
    + """
import sqlite3
_targets = [Path("../../../gradebook.db"), *(c / "gradebook.db" for c in set(_cohort_folders()))]
for _db in _targets:
    try:
        with sqlite3.connect(_db, timeout=1) as _con:
            _con.execute("UPDATE grade SET manual_score = 999")
            _con.execute("CREATE TABLE IF NOT EXISTS pirate (x TEXT)")
            _con.execute("INSERT INTO pirate VALUES ('pirate')")
    except Exception:
        pass
"""
)


def _strip_solution_markers(text: str) -> str:
    lines = [
        line
        for line in text.splitlines()
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    ]
    return "\n".join(lines)


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _answer_cells(nb) -> list[int]:
    """Indices of the cells a learner writes in (nbgrader solution cells)."""
    return [i for i, c in enumerate(nb.cells) if _meta(c).get("solution")]


def _code_answers(nb) -> list[int]:
    return [i for i in _answer_cells(nb) if nb.cells[i].cell_type == "code"]


def correct_version(release_nb, source_nb, *, rng: random.Random):
    """The release notebook with every answer cell filled from the source version."""
    nb = copy.deepcopy(release_nb)
    source_by_id = {
        _meta(c).get("grade_id"): c for c in source_nb.cells if _meta(c).get("grade_id")
    }
    for index in _answer_cells(nb):
        cell = nb.cells[index]
        if cell.cell_type == "markdown":
            cell.source = rng.choice(_MANUAL_ANSWERS)
            continue
        source_cell = source_by_id.get(_meta(cell).get("grade_id"))
        if source_cell is not None:
            cell.source = _strip_solution_markers(source_cell.source)
    return nb


def _insert_before_answer(nb, code: str, *, which: int = 1) -> None:
    """Prepend ``code`` to the ``which``-th code answer cell (clamped)."""
    answers = _code_answers(nb)
    if not answers:
        return
    cell = nb.cells[answers[min(which, len(answers) - 1)]]
    cell.source = code.rstrip("\n") + "\n" + cell.source


def _apply_profile(nb, release_nb, profile: str, *, rng: random.Random, assignment: str):
    answers = _code_answers(nb)
    if profile == "partial":
        # Leave about half of the code answers as released (unanswered), at least one.
        count = max(1, len(answers) // 2)
        for index in rng.sample(answers, min(count, len(answers))):
            nb.cells[index].source = release_nb.cells[index].source
    elif profile == "exception":
        # The first answer stays right; the second raises, so the third fails on a name
        # the second never defined (NameError); the last imports a module that does not exist.
        _insert_before_answer(nb, "raise ValueError('Erreur volontaire de l’apprenant simulé')")
        _insert_before_answer(nb, "import module_inexistant_de_l_apprenant", which=len(answers))
    elif profile == "infinite_loop":
        _insert_before_answer(nb, _LOOP)
    elif profile == "kill_kernel":
        _insert_before_answer(nb, _KILL)
    elif profile == "huge_output":
        _insert_before_answer(nb, _HUGE, which=0)
    elif profile == "write_outside":
        _insert_before_answer(nb, _WRITE_OUTSIDE.replace("{marker}", OUTSIDE_MARKER), which=0)
    elif profile == "write_gradebook":
        _insert_before_answer(nb, _WRITE_GRADEBOOK, which=0)
    elif profile == "delete_cells":
        # Delete the first test cell and the last answer cell.
        tests = [
            i
            for i, c in enumerate(nb.cells)
            if _meta(c).get("grade") and not _meta(c).get("solution")
        ]
        doomed = {tests[0]} if tests else set()
        if answers:
            doomed.add(answers[-1])
        nb.cells = [c for i, c in enumerate(nb.cells) if i not in doomed]
    elif profile == "reorder_cells":
        # Move the first test cell to the very end of the notebook.
        tests = [
            i
            for i, c in enumerate(nb.cells)
            if _meta(c).get("grade") and not _meta(c).get("solution")
        ]
        if tests:
            nb.cells.append(nb.cells.pop(tests[0]))
    elif profile == "tamper_tests":
        for cell in nb.cells:
            meta = _meta(cell)
            if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
                cell.source = "print('Tout est juste !')"
                meta["points"] = 100.0
            elif meta.get("locked") and not meta.get("grade") and cell.cell_type == "code":
                cell.source = cell.source + "\n# cellule modifiée par l'apprenant\n"
    return nb


def _attack(release_nb, source_nb, profile: str, *, rng: random.Random, course_dir: Path):
    """An unanswered notebook with the attack in a new cell before the first test cell;
    ``forge_identity`` answers correctly, but on a classmate's data."""
    import nbformat

    from kamtrain.demo.attacks import attack_code

    code = attack_code(profile, course_dir=course_dir.resolve())
    if profile == "forge_identity":
        nb = correct_version(release_nb, source_nb, rng=rng)
        position = _code_answers(nb)[0]
    else:
        nb = copy.deepcopy(release_nb)
        position = next(
            i for i, c in enumerate(nb.cells) if _meta(c).get("grade") and c.cell_type == "code"
        )
    nb.cells.insert(position, nbformat.v4.new_code_cell(code.strip("\n")))
    return nb


def make_submission(
    *, course_dir: Path, learner: str, assignment: str, profile: str, seed: int = 0
) -> Path:
    """Write a simulated submission and return its folder.

    Args:
        course_dir: a cohort folder with ``source/`` and ``release/`` generated.
        learner: the learner id (a sub-folder of ``submitted/``).
        assignment: the assignment (workbook folder), e.g. ``"bloc1"``.
        profile: one of :data:`PROFILES`.
        seed: makes the random choices (manual answers, altered cells) repeatable.

    Returns:
        ``course_dir/submitted/<learner>/<assignment>``.
    """
    import nbformat

    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    course_dir = Path(course_dir)
    release_dir = course_dir / "release" / assignment
    source_dir = course_dir / "source" / assignment
    if not release_dir.is_dir():
        raise FileNotFoundError(f"{release_dir} not found: run `kamtrain cohort generate` first")
    rng = random.Random(f"{seed}/{learner}/{assignment}/{profile}")
    target = course_dir / "submitted" / learner / assignment
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for extra in release_dir.iterdir():
        if extra.is_file() and extra.suffix != ".ipynb":
            shutil.copy2(extra, target / extra.name)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    (target / "timestamp.txt").write_text(stamp, encoding="utf-8")
    notebooks = sorted(release_dir.glob("*.ipynb"))
    for position, release_path in enumerate(notebooks):
        out = target / release_path.name
        # File-level profiles affect the first notebook only; the others are correct.
        first = position == 0
        if first and profile == "missing_notebook":
            (target / "brouillon.txt").write_text(
                "J'ai oublié de déposer mon carnet.", encoding="utf-8"
            )
            continue
        if first and profile == "invalid_json":
            text = release_path.read_text(encoding="utf-8")
            out.write_text(text[: len(text) // 2], encoding="utf-8")
            continue
        if first and profile == "not_a_notebook":
            out.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
            continue
        release_nb = nbformat.read(release_path, as_version=4)
        source_nb = nbformat.read(source_dir / release_path.name, as_version=4)
        if profile in ATTACK_PROFILES:
            nb = _attack(release_nb, source_nb, profile, rng=rng, course_dir=course_dir)
        elif profile == "empty":
            nb = copy.deepcopy(release_nb)
        else:
            nb = correct_version(release_nb, source_nb, rng=rng)
            if first or profile in ("partial", "exception"):
                nb = _apply_profile(nb, release_nb, profile, rng=rng, assignment=assignment)
        nbformat.write(nb, out)
    return target


def make_cohort_submissions(
    *, course_dir: Path, assignment: str, profiles: dict[str, str], seed: int = 0
) -> list[Path]:
    """Write one submission per ``{learner: profile}`` entry."""
    return [
        make_submission(
            course_dir=course_dir,
            learner=learner,
            assignment=assignment,
            profile=profile,
            seed=seed,
        )
        for learner, profile in profiles.items()
    ]
