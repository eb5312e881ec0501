"""``kamtrain epreuve generate``: each candidate's exam notebook for a written épreuve.

The exam reuses the workbook's exercise families (``exam_families`` in
``rubrics/epreuves.yml``): the same questions and answer cells, on a fresh variant.

* The variant is seeded by a key derived from a secret that only the trainer's cohort holds
  (``DIR/.kamtrain/exam-secret``, mode 0600): ``HMAC(secret, "exam/<session>/<épreuve>")``.
  The key is written nowhere the candidate can read; without the secret nothing in kamlearn
  can rebuild the variant.
* The candidate receives DATA (CSV and JSON under ``donnees/<famille>/``), never a generator,
  a seed or a case object. The notebook imports only :mod:`kamlearn.exam`.
* No self-check: every test cell only hands the item's declared answers out, as data, with
  the workbook's own :func:`kamlearn.handout.hand_out`, for the trusted side.
* The time allowed, with the candidate's tiers-temps, is stated in the notebook and recorded
  in its metadata and in ``DIR/exams/<S>/<E>/sujets.json``.

Layout: ``DIR/exams/<S>/<E>/candidates/<learner>/`` is what each candidate receives;
``DIR/exams/<S>/<E>/source/`` keeps the trainer's copy with the mark schemes.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from kamlearn.errors import EpreuveError
from kamtrain.lock import locked

SECRET_FILE = Path(".kamtrain") / "exam-secret"
EXAM_SCHEMA = 1
_SOLUTION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION\n?", re.S)
#: The item a workbook test cell hands out (the same pattern the trusted scorer reads).
_ITEM = re.compile(r"""hand_out\(\s*["']([a-z0-9]+\.[A-Za-z0-9_]+)["']""")


@dataclass(frozen=True)
class ExamPaper:
    learner: str
    notebook: str  # relative to the cohort folder
    minutes_allowed: float
    time_factor: float
    families: tuple[str, ...]
    items: tuple[str, ...]


def exam_secret(course_dir: Path) -> bytes:
    """The cohort's exam secret, created (0600) on first use."""
    path = Path(course_dir) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    if path.stat().st_mode & 0o077:
        raise EpreuveError(f"{path}: the exam secret must be readable by you only (chmod 600 it)")
    return path.read_text(encoding="utf-8").strip().encode()


def exam_key(course_dir: Path, *, session: str, epreuve: str) -> str:
    """The variant key of one written épreuve in one session (trusted side only)."""
    msg = f"exam/{session}/{epreuve}".encode()
    return "exam-" + hmac.new(exam_secret(course_dir), msg, hashlib.sha256).hexdigest()[:32]


def exam_case(course_dir: Path, *, session: str, epreuve: str, family: str, learner: str):
    """The trusted case (data and expected answers) of a candidate's exam variant."""
    from kamtrain.answers import load_trusted_case

    key = exam_key(course_dir, session=session, epreuve=epreuve)
    return load_trusted_case(family, cohort=key, learner=learner)


def _workbook_notebook(family: str) -> Path:
    from kamtrain.paths import notebooks_dir

    found = [
        p
        for p in sorted(notebooks_dir().glob("bloc*/*.ipynb"))
        if json.loads(p.read_text(encoding="utf-8"))["metadata"].get("kamtrain", {}).get("case")
        == family
    ]
    if not found:
        raise EpreuveError(f"no workbook notebook uses the case family {family!r}")
    return found[0]


def _hand_out_call(source: str) -> str | None:
    """The workbook test cell's own hand-out lines (the item and its declared answer
    names), without its self-check: the exam hands out exactly what training grades."""
    lines = [
        line
        for line in source.splitlines()
        if line.startswith(("from kamlearn.handout import hand_out", "hand_out("))
    ]
    if len(lines) != 2 or "names=[" not in lines[1]:
        return None
    call = lines[1].rstrip()
    if not call.endswith(")"):
        return None
    # In an exam the candidate runs this cell: it says the answers were recorded.
    return f"{lines[0]}\n{call[:-1]}, exam=True)"


def exam_cells(nb, *, family: str, for_candidate: bool):
    """The exam's cells for one workbook notebook (pure: returns new cells).

    The intro and parameters are dropped, the loading cell reads the data files, solutions
    are cleared, test cells keep only the workbook's hand-out of the item's declared answers
    (:func:`kamlearn.handout.hand_out`, figures included: a figure travels as a summary of
    what is drawn), and manual cells keep their mark scheme only in the trainer's copy.
    """
    out = []
    for cell in nb.cells:
        cell = copy.deepcopy(cell)
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id", "")
        kind = cell.metadata.get("kamtrain", {}).get("kind")
        if "parameters" in cell.metadata.get("tags", []) or gid.endswith("_intro"):
            continue
        if gid.endswith("_chargement"):
            lines = [
                line
                for line in cell.source.splitlines()
                if "load_case" not in line
                and "show_criteria" not in line
                and "kamlearn.cases" not in line
                and "kamlearn.workbook" not in line
            ]
            at = next(
                (i for i, line in enumerate(lines) if not line.startswith(("%", "import", "from"))),
                len(lines),
            )
            lines[at:at] = [
                "from kamlearn.exam import load_exam_data",
                "",
                f'cas = load_exam_data("donnees/{family}")',
            ]
            cell.source = "\n".join(lines)
        elif kind == "autograded":
            match = _ITEM.search(cell.source)
            call = _hand_out_call(cell.source)
            if not match or call is None:
                raise EpreuveError(
                    f"{family}: test cell {gid} has no `hand_out(item, globals(), names=[...])` "
                    "line; regenerate the workbook notebook with kamtrain"
                )
            cell.source = (
                f"# Enregistrement de vos réponses : {match.group(1)} (aucune correction ici)\n"
                + call
            )
            cell.metadata["kamtrain"]["item"] = match.group(1)
        elif kind == "manual" and for_candidate:
            cell.source = "Rédigez votre réponse ici."
        elif meta.get("solution") and cell.cell_type == "code":
            cell.source = _SOLUTION.sub("# Votre réponse ici\n", cell.source)
        out.append(cell)
    return out


def _header(ep, *, learner, session: str, minutes: float, factor: float) -> str:
    from kamlearn.frenchfmt import number_fr

    extra = (
        f" (temps majoré : tiers-temps, au lieu de {number_fr(ep.duration_minutes)} min)"
        if factor > 1
        else ""
    )
    return (
        f"# Épreuve écrite {ep.id} – {ep.title}\n\n"
        f"**Session {session} – candidat : {learner.full_name}**\n\n"
        f"**Temps alloué : {number_fr(minutes)} minutes{extra}.**\n\n"
        f"Compétences évaluées : {', '.join(ep.competencies)} ({ep.seed_modality}).\n\n"
        "Consignes :\n"
        "- les données de votre sujet sont dans le dossier `donnees/` ; elles vous sont propres ;\n"
        "- écrivez vos calculs dans les cellules « Votre réponse ici » et exécutez-les ;\n"
        "- les cellules « Enregistrement de vos réponses » ne corrigent rien : elles "
        "transmettent vos résultats au jury ; exécutez-les ;\n"
        "- rédigez les réponses écrites dans les cellules prévues ; le jury les évalue "
        "critère par critère.\n"
    )


def _write_data(case, folder: Path) -> None:
    import pandas as pd

    from kamlearn.wire import encode

    folder.mkdir(parents=True, exist_ok=True)
    values = {}
    for name, value in case.data.items():
        if isinstance(value, pd.DataFrame):
            value.to_csv(folder / f"{name}.csv", index=False)
        else:
            # The workbook's one encoder (kamlearn.wire); the candidate reads plain JSON.
            values[name] = encode(value)
            if "__type__" in json.dumps(values[name]):
                raise EpreuveError(
                    f"{folder.name}: data {name!r} ({type(value).__name__}) is not plain JSON "
                    "(numbers, text, lists); hand it out as a DataFrame or a list"
                )
    (folder / "valeurs.json").write_text(json.dumps(values, ensure_ascii=False, indent=1), "utf-8")
    (folder / "contexte.md").write_text(case.context_markdown(), encoding="utf-8")


@locked("epreuve generate")
def generate_exam(
    *, course_dir: Path, session: str, epreuve: str, learners=None
) -> tuple[ExamPaper, ...]:
    """Write every candidate's exam notebook and data for a written épreuve.

    Raises:
        EpreuveError: the épreuve is not a written exam, or a workbook family is missing.
        UnknownIdError: unknown épreuve or learner.
    """
    import nbformat

    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.epreuves.sittings import cohort_learners, find_learner, time_factor

    course_dir = Path(course_dir).resolve()
    ep = load_epreuves().get(epreuve)
    if not ep.written:
        raise EpreuveError(
            f"{ep.id} is sat {ep.format_label} ({ep.seed_modality}), not in writing: "
            "use `kamtrain epreuve kit` for its documents"
        )
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", session):
        raise EpreuveError(f"session {session!r}: use letters, digits, '-' or '_'")
    everyone = cohort_learners(course_dir)
    chosen = [find_learner(everyone, x) for x in learners] if learners else list(everyone)
    root = course_dir / "exams" / session / ep.id
    workbooks = {f: nbformat.read(_workbook_notebook(f), as_version=4) for f in ep.exam_families}
    master_cells, cand_cells = [], []
    for family, nb in workbooks.items():
        master_cells += exam_cells(nb, family=family, for_candidate=False)
        cand_cells += exam_cells(nb, family=family, for_candidate=True)
    items = tuple(
        c.metadata["kamtrain"]["item"]
        for c in cand_cells
        if "item" in c.metadata.get("kamtrain", {})
    )
    first = next(iter(workbooks.values()))
    meta = {
        "kernelspec": first.metadata.get("kernelspec", {}),
        "language_info": first.metadata.get("language_info", {}),
    }
    master = nbformat.v4.new_notebook(cells=master_cells, metadata=copy.deepcopy(meta))
    master.metadata["kamtrain"] = {
        "schema_version": 1,
        "exam": {"session": session, "epreuve": ep.id},
    }
    (root / "source").mkdir(parents=True, exist_ok=True)
    nbformat.write(master, root / "source" / f"examen-{ep.id}.ipynb")

    papers = []
    for learner in chosen:
        factor = time_factor(learner.accommodations)
        minutes = ep.time_allowed(factor=factor)[1]
        folder = root / "candidates" / learner.id
        for family in ep.exam_families:
            case = exam_case(
                course_dir, session=session, epreuve=ep.id, family=family, learner=learner.id
            )
            _write_data(case, folder / "donnees" / family)
        header = nbformat.v4.new_markdown_cell(
            _header(ep, learner=learner, session=session, minutes=minutes, factor=factor)
        )
        nb = nbformat.v4.new_notebook(
            cells=[header, *copy.deepcopy(cand_cells)], metadata=copy.deepcopy(meta)
        )
        record = {
            "session": session,
            "epreuve": ep.id,
            "learner": learner.id,
            "minutes_allowed": minutes,
            "time_factor": factor,
        }
        nb.metadata["kamtrain"] = {"schema_version": 1, "exam": record}
        path = folder / f"examen-{ep.id}.ipynb"
        nbformat.write(nb, path)
        papers.append(
            ExamPaper(
                learner=learner.id,
                notebook=str(path.relative_to(course_dir)),
                minutes_allowed=minutes,
                time_factor=factor,
                families=ep.exam_families,
                items=items,
            )
        )
    (root / "sujets.json").write_text(
        json.dumps(
            {
                "schema_version": EXAM_SCHEMA,
                "session": session,
                "epreuve": ep.id,
                "papers": [asdict(p) for p in papers],
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return tuple(papers)
