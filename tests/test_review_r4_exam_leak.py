"""Hostile review (r4): nothing handed to an exam candidate holds an expected value.

The candidate's folder (notebook, its metadata, the data files) is searched for the
expected answers of their own secret variant, as the trusted side computes them (whole
answers, labelled values, runs of a curve), and for the variant key. The exam hand-out cell prints
only that the answers were recorded.
"""

from __future__ import annotations

import json

import pytest

FAMILIES = ("c5_pilotage", "c6_satisfaction")


def _forms(expected):
    """How an answer would read if it were written down: the whole answer (a table or a curve) as JSON or
    Python, each labelled value (JSON, Python, CSV) and each run of three list values.
    Bare numbers are not searched: the answers are rounded and the data hold thousands of
    numbers, so a bare « 58.2 » matches by chance."""
    for name, value in expected.items():
        if isinstance(value, (dict, list)):
            yield name, json.dumps(value, ensure_ascii=False, default=str)
            yield name, repr(value)
        if isinstance(value, dict):
            for k, v in value.items():
                # A label (a site, a stage, a class of client), not a bare score « 0 ».
                if isinstance(k, str) and len(k) >= 4 and isinstance(v, (int, float)):
                    for form in (f'"{k}": {v}', f"'{k}': {v}", f"{k},{v}\n", f"{k};{v}\n"):
                        yield name, form
        if isinstance(value, list) and len(value) >= 3:
            for i in range(len(value) - 2):
                yield name, ", ".join(map(str, value[i : i + 3]))
                yield name, "\n".join(map(str, value[i : i + 3]))


@pytest.fixture
def papers(trainer_cohort, monkeypatch):
    monkeypatch.delenv("KAMTRAIN_HOME")
    from kamtrain.epreuves.exam import generate_exam

    return trainer_cohort.course, generate_exam(
        course_dir=trainer_cohort.course, session="S1", epreuve="E5"
    )


def test_no_expected_value_is_in_the_candidates_folder(papers):
    from kamtrain.epreuves.exam import exam_case, exam_key

    course, handed = papers
    key = exam_key(course, session="S1", epreuve="E5")
    for paper in handed:
        folder = course / "exams/S1/E5/candidates" / paper.learner
        texts = {
            p.relative_to(folder): p.read_text(encoding="utf-8", errors="replace")
            for p in folder.rglob("*")
            if p.is_file()
        }
        assert texts and all(key not in t for t in texts.values())
        checked = 0
        for family in FAMILIES:
            case = exam_case(
                course, session="S1", epreuve="E5", family=family, learner=paper.learner
            )
            for name, form in _forms(case.expected):
                checked += 1
                hits = [str(p) for p, t in texts.items() if form in t]
                assert not hits, (family, name, form, hits)
        assert checked >= 50, checked
        # The search finds a planted leak (a metadata field holding one answer's table).
        planted = json.dumps({"kamtrain": {"debug": case.expected["nps_par_site"]}})
        assert any(
            form in planted for _, form in _forms(case.expected)
        )  # the attack searched for real values


def test_the_exam_hand_out_prints_only_that_answers_were_recorded(capsys):
    from unittest.mock import patch

    from kamlearn.handout import MIME, RECORDED_FR, hand_out

    shown = []
    with patch("IPython.display.display", lambda data, raw: shown.append(data)):
        hand_out("c5.kpi", {"taux": 0.4213, "ca": 207619.5}, names=["taux", "ca"], exam=True)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    (data,) = shown
    assert data["text/plain"] == RECORDED_FR.format(item="c5.kpi")
    assert set(data) == {MIME, "text/plain"}  # the answers travel only as the data MIME
