"""Every exercise names, in its instructions, the calls its reference solution makes.

Learners are salespeople, not programmers (README, « Learners' prerequisites »): each
exercise of blocs 0–4 ends its instructions with an « *Appels utiles* : » line naming the
pandas, matplotlib and kamlearn calls of the reference solution, read from the solution's
own code (:mod:`_scaffolds`), so a solution that changes its calls fails here until its
instructions follow.
"""

from __future__ import annotations

import pytest
from _scaffolds import LINE, NOTEBOOKS, Exercise, calls, case_name, exercises, literals, missing


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_exercise_names_the_calls_of_its_solution(notebook):
    found = exercises(notebook)
    assert found, f"{notebook.name}: no exercise found (no solution cell, no « exercice » tag)"
    gaps = [f"{e.where}: « {LINE} » misses {', '.join(missing(e))}" for e in found if missing(e)]
    assert not gaps, "\n".join(gaps)


def test_every_bloc_is_covered():
    blocs = {p.parent.name for p in NOTEBOOKS}
    assert blocs == {f"bloc{i}" for i in range(5)}
    assert sum(len(exercises(p)) for p in NOTEBOOKS if p.parent.name != "bloc0") >= 96


def _exercise(solution: str, instructions: str) -> Exercise:
    return Exercise(NOTEBOOKS[0], 3, "abc", solution, instructions)


def test_the_calls_are_read_from_the_solution():
    solution = "\n".join(
        (
            "import re",
            "def calcul(notes):",
            "    return round((notes >= 9).mean() * 100, 1)",
            'par_site = enquete.groupby("site")["note"].apply(calcul)',
            'q = df[df["id"].str.startswith("Q")]',
            "mots = texte.lower().split()",
            're.search("x", texte)',
            "fig, ax = plt.subplots()",
            "ax.bar(par_site.index, par_site.values)",
            'jeu = LeadershipEngine("a", seed=1)',
        )
    )
    assert calls(solution) == {
        ".mean(",
        ".groupby(",
        ".apply(",
        ".startswith(",
        ".subplots(",
        ".bar(",
        "LeadershipEngine(",
    }


def test_a_missing_call_or_line_names_the_cell():
    solution = 'moyenne = df.groupby("site")["note"].mean()'
    named = _exercise(solution, f'Calculez.\n\n{LINE} `df.groupby("site")`, `.mean()`.')
    assert missing(named) == []
    partial = _exercise(solution, f'Calculez.\n\n{LINE} `df.groupby("site")`.')
    assert missing(partial) == [".mean("]
    # The calls must be in the « Appels utiles » paragraph, not elsewhere in the text.
    elsewhere = _exercise(solution, "Utilisez `df.groupby(...)` puis `.mean()`.")
    assert missing(elsewhere) == [".groupby(", ".mean("]
    assert missing(_exercise("x = 1", "Calculez.")) == ["(the line itself)"]
    assert named.where == "bloc0/c0_prise_en_main.ipynb cell 3 (id abc)"


def _answer_values(value) -> list[object]:
    """An expected answer as the literals a line could give: a text, or a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [list(value)]
    return []


@pytest.mark.parametrize("notebook", [p for p in NOTEBOOKS if case_name(p)], ids=lambda p: p.stem)
def test_no_scaffold_line_writes_an_answer(notebook):
    """An « Appels utiles » example (C13's ``["C", "A", "D", "B"]``) must not be the
    expected answer of some learners' variant: they would copy it and be right by luck."""
    from _same_credit_cases import LEARNERS, case_for

    written = [(e.where, v) for e in exercises(notebook) for v in literals(e.scaffold() or "")]
    given = []
    for learner in LEARNERS:
        case = case_for(case_name(notebook), learner)
        for item, value in case.expected.items():
            answers = _answer_values(value)
            given += [f"{w}: {v!r} is {item} of {learner}" for w, v in written if v in answers]
    assert not given, "\n".join(sorted(set(given))[:20])
