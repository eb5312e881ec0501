"""``kamtrain epreuve grade``: score written exams on the trusted side.

For each candidate's submitted exam notebook
(``DIR/exams/<S>/<E>/submitted/<learner>/examen-<E>.ipynb``):

1. the notebook to run is the trainer's copy of that candidate's paper with only the answer
   cells (solution code and written answers, matched by ``grade_id``) taken from the
   submission: hand-out cells, data and loading cells cannot be altered;
2. it runs in the grading sandbox (a bubblewrap jail, :mod:`kamtrain.grading.jail`) beside
   a copy of the candidate's data, with a per-cell timeout;
3. each hand-out cell's output is parsed as JSON data (mimetype
   :data:`kamlearn.handout.MIME`), decoded by :mod:`kamtrain.grading.decode`, never unpickled, and only the payload of the item the
   trainer's cell names is read;
4. the check of the item scores it against the trusted case of the candidate's exam variant,
   rebuilt from the cohort's secret, the session and the candidate: nothing the kernel says
   decides what is expected.

Results go to ``DIR/exams/<S>/<E>/results/<learner>.json``: points per item and criterion,
and the written answers, which the jury grid shows beside the criteria.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from kamlearn.errors import EpreuveError
from kamtrain.lock import locked

RESULT_SCHEMA = 1


@dataclass(frozen=True)
class ItemScore:
    item: str
    grade_id: str
    criteria: tuple[str, ...]
    points: float
    max_points: float
    messages: tuple[str, ...]
    #: A figure item: what the candidate's figure shows (French), and its picture as drawn
    #: in the exam (base64 PNG, checked), for the jury grid.
    figure: str = ""
    figure_png: str = ""


@dataclass(frozen=True)
class WrittenAnswer:
    grade_id: str
    criteria: tuple[str, ...]
    points: float
    text: str
    model_answer: str


@dataclass(frozen=True)
class ExamResult:
    session: str
    epreuve: str
    learner: str
    items: tuple[ItemScore, ...]
    written: tuple[WrittenAnswer, ...]
    problems: tuple[str, ...] = ()

    def criterion_ratio(self, criterion: str) -> float | None:
        mine = [s for s in self.items if criterion in s.criteria]
        total = sum(s.max_points for s in mine)
        return None if not total else sum(s.points for s in mine) / total


#: A figure's picture larger than this is not kept as evidence (its summary still is).
MAX_PNG_BYTES = 1_500_000
_PNG = b"\x89PNG\r\n\x1a\n"


def figure_evidence(answer, before) -> tuple[str, str]:
    """For a figure item (its answer is a figure): a French summary of the handed-out
    figure (drawn from data, on the trusted side) and the last PNG picture shown by the
    candidate's answer cell before the hand-out (checked to be a PNG of reasonable size);
    ``("", "")`` for any other item."""
    import base64
    import binascii

    from kamtrain.grading.decode import FigureData

    if not isinstance(answer, FigureData):
        return "", ""
    parts = []
    for ax in answer.axes:
        parts.append(
            f"titre « {ax.get_title() or '—'} », axe horizontal « {ax.get_xlabel() or '—'} », "
            f"axe vertical « {ax.get_ylabel() or '—'} », {len(ax.patches)} barre(s) ou "
            f"forme(s), {len(ax.lines)} courbe(s)"
        )
    summary = "Figure : " + ("; ".join(parts) if parts else "aucun graphique dessiné")
    for cell in reversed(before):
        if cell.cell_type != "code":
            continue
        for output in reversed(cell.get("outputs", [])):
            raw = output.get("data", {}).get("image/png")
            if not isinstance(raw, str) or len(raw) > MAX_PNG_BYTES * 4 // 3 + 4:
                continue
            try:
                blob = base64.b64decode("".join(raw.split()), validate=True)
            except (binascii.Error, ValueError):
                continue
            if blob.startswith(_PNG):
                return summary, base64.b64encode(blob).decode()
        if cell.metadata.get("nbgrader", {}).get("solution"):
            break  # only the item's own answer cell
    return summary, ""


def _merge(paper, submitted):
    """The paper with the candidate's answer cells (by grade_id) and nothing else of theirs."""
    import copy

    answers = {
        c.metadata.get("nbgrader", {}).get("grade_id"): c
        for c in submitted.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    nb = copy.deepcopy(paper)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in answers:
            theirs = answers[meta["grade_id"]]
            if theirs.cell_type == cell.cell_type:
                cell.source = theirs.source
    return nb


def _run(nb, data_dir: Path, *, cohort: str, learner: str, epreuve: str, timeout: int):
    """Run the candidate's paper in the grading sandbox, beside a copy of their data."""

    from kamtrain.grading.jail import run_in_jail

    with tempfile.TemporaryDirectory(prefix="kamtrain-exam-") as tmp:
        shutil.copytree(data_dir, Path(tmp) / "donnees")
        run_in_jail(
            nb, cohort=cohort, learner=learner, assignment=epreuve, files=Path(tmp), timeout=timeout
        )
    return nb


def grade_candidate(
    *, course_dir: Path, session: str, epreuve: str, learner: str, timeout: int = 60
) -> ExamResult:
    import nbformat

    from kamtrain.checks.registry import lookup
    from kamtrain.epreuves.exam import exam_case
    from kamtrain.grading.score import answers_namespace, declared_names, find_hand_out
    from kamtrain.markscheme import mark_scheme

    root = Path(course_dir) / "exams" / session / epreuve
    paper_path = root / "candidates" / learner / f"examen-{epreuve}.ipynb"
    sub_path = root / "submitted" / learner / f"examen-{epreuve}.ipynb"
    if not paper_path.exists():
        raise EpreuveError(
            f"{paper_path}: no paper generated for {learner}; run `kamtrain epreuve generate`"
        )
    paper = nbformat.read(paper_path, as_version=4)
    problems = []
    try:
        submitted = nbformat.read(sub_path, as_version=4)
    except FileNotFoundError:
        submitted, problems = paper, [f"{sub_path}: nothing handed in; scored as blank"]
    except Exception as exc:  # noqa: BLE001 - an unreadable submission is scored blank and reported
        submitted, problems = paper, [f"{sub_path}: unreadable notebook ({exc}); scored as blank"]
    ran = _run(
        _merge(paper, submitted),
        root / "candidates" / learner / "donnees",
        cohort=session,
        learner=learner,
        epreuve=epreuve,
        timeout=timeout,
    )
    master = nbformat.read(root / "source" / f"examen-{epreuve}.ipynb", as_version=4)
    schemes = {
        c.metadata.get("nbgrader", {}).get("grade_id"): mark_scheme(c.source) for c in master.cells
    }
    items, written, cases = [], [], {}
    for cell in ran.cells:
        meta = cell.metadata.get("kamtrain", {})
        nbg = cell.metadata.get("nbgrader", {})
        crits = tuple(meta.get("criteria", ()))
        if meta.get("kind") == "autograded" and meta.get("item"):
            item = meta["item"]
            spec = lookup(item)
            if spec.case not in cases:
                cases[spec.case] = exam_case(
                    course_dir, session=session, epreuve=epreuve, family=spec.case, learner=learner
                )
            # The same boundary as the workbook's grading: data only, decoded here.
            blob = find_hand_out(cell.get("outputs", []), item)
            # Only the names the trainer's cell declares (the workbook's own list).
            wanted = declared_names(cell.source)
            ns = answers_namespace(blob, wanted)[0] if blob is not None else {}
            # The item's own answer (``"c5.fig_pareto"`` answers ``fig_pareto``).
            answer = ns.get(item.partition(".")[2])
            figure, png = figure_evidence(answer, ran.cells[: ran.cells.index(cell)])
            try:
                result = spec.function(ns, cases[spec.case])
                earned, messages = result.points(float(nbg["points"])), tuple(result.messages)
            except Exception as exc:  # noqa: BLE001 - an odd answer scores 0, never crashes
                earned, messages = 0.0, (f"Vérification impossible : {type(exc).__name__}",)
            items.append(
                ItemScore(
                    item,
                    nbg.get("grade_id", ""),
                    crits,
                    float(earned),
                    float(nbg["points"]),
                    messages,
                    figure,
                    png,
                )
            )
        elif meta.get("kind") == "manual":
            gid = nbg.get("grade_id", "")
            text = cell.source if cell.source.strip() != "Rédigez votre réponse ici." else ""
            written.append(
                WrittenAnswer(gid, crits, float(nbg.get("points", 0)), text, schemes.get(gid, ""))
            )
    return ExamResult(session, epreuve, learner, tuple(items), tuple(written), tuple(problems))


@locked("epreuve grade")
def grade_exam(
    *, course_dir: Path, session: str, epreuve: str, learners=None, timeout: int = 60
) -> tuple[ExamResult, ...]:
    """Grade every generated paper of a written épreuve (or only ``learners``)."""
    course_dir = Path(course_dir).resolve()
    root = course_dir / "exams" / session / epreuve
    if not (root / "candidates").is_dir():
        raise EpreuveError(f"{root}: no exam generated; run `kamtrain epreuve generate` first")
    chosen = learners or sorted(p.name for p in (root / "candidates").iterdir() if p.is_dir())
    results = []
    (root / "results").mkdir(exist_ok=True)
    for learner in chosen:
        try:
            res = grade_candidate(
                course_dir=course_dir,
                session=session,
                epreuve=epreuve,
                learner=learner,
                timeout=timeout,
            )
        except EpreuveError:
            raise
        except Exception as exc:  # noqa: BLE001 - one candidate's paper must not stop the others
            # No result file: the jury sees the paper as not graded, and the reason.
            results.append(
                ExamResult(
                    session,
                    epreuve,
                    learner,
                    (),
                    (),
                    (f"grading failed ({type(exc).__name__}); nothing recorded, grade again",),
                )
            )
            continue
        (root / "results" / f"{learner}.json").write_text(
            json.dumps(
                {"schema_version": RESULT_SCHEMA, **asdict(res)}, ensure_ascii=False, indent=1
            ),
            encoding="utf-8",
        )
        results.append(res)
    return tuple(results)


def load_result(course_dir: Path, *, session: str, epreuve: str, learner: str) -> ExamResult | None:
    from kamlearn.datafile import read_data_file

    path = Path(course_dir) / "exams" / session / epreuve / "results" / f"{learner}.json"
    if not path.exists():
        return None
    raw = read_data_file(path, reads=RESULT_SCHEMA, syntax="json")
    return ExamResult(
        session=raw["session"],
        epreuve=raw["epreuve"],
        learner=raw["learner"],
        items=tuple(
            ItemScore(**{**i, "criteria": tuple(i["criteria"]), "messages": tuple(i["messages"])})
            for i in raw["items"]
        ),
        written=tuple(
            WrittenAnswer(**{**w, "criteria": tuple(w["criteria"])}) for w in raw["written"]
        ),
        problems=tuple(raw.get("problems", ())),
    )


def exam_evidence(*, course_dir: Path, learner: str, competency: str):
    """The candidate's written-exam answers and scores for ``competency``, as jury evidence
    (``(answers, scores)`` for :func:`kamtrain.jury.evidence.collect_evidence`).

    The épreuve is written and individual, so the exam's score proposes a level (the jury
    decides); the latest session with a result is used.
    """
    from kamlearn.frenchfmt import number_fr
    from kamlearn.referential import load_referential
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.jury.evidence import AnswerCell, AutogradeEvidence

    ep = load_epreuves().for_competency(competency)
    if not ep.written:
        return (), ()
    ref = load_referential()
    found = sorted(Path(course_dir).glob(f"exams/*/{ep.id}/results/{learner}.json"))
    if not found:
        return (), ()
    session = found[-1].parents[2].name
    res = load_result(course_dir, session=session, epreuve=ep.id, learner=learner)
    crits = ref.competency(competency).criterion_ids
    answers = tuple(
        AnswerCell(
            f"examen {session}", f"examen-{ep.id}", w.grade_id, w.criteria, w.text, w.model_answer
        )
        for w in res.written
        if set(w.criteria) & set(crits)
    )
    # Figure items: the figure as drawn, with its summary and points, beside the criteria.
    answers += tuple(
        AnswerCell(
            f"examen {session}",
            f"examen-{ep.id}",
            s.grade_id,
            s.criteria,
            f"{s.figure}\nPoints : {number_fr(s.points, trim=True)} / "
            f"{number_fr(s.max_points, trim=True)}",
            image_png=s.figure_png,
        )
        for s in res.items
        if s.figure and set(s.criteria) & set(crits)
    )
    scores = []
    for crit in crits:
        ratio = res.criterion_ratio(crit)
        if ratio is None:
            continue
        mine = [s for s in res.items if crit in s.criteria]
        scores.append(
            AutogradeEvidence(
                crit,
                round(sum(s.points for s in mine), 2),
                round(sum(s.max_points for s in mine), 2),
                ref.rules.level_for_ratio(ratio),
            )
        )
    return answers, tuple(scores)
