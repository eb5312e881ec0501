"""Copy detection: a copy with renamed variables is flagged, honest answers are not."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from kamlearn.errors import SimilarityError
from kamtrain.similarity.compare import flag_similar, rank_pairs
from kamtrain.similarity.normalize import code_tokens, text_words
from kamtrain.similarity.render import to_html

NB = "c6_satisfaction.ipynb"
#: (grade_id, question heading, kind, released template)
QUESTIONS = (
    ("c6_reponse_nps_global", "1. Le NPS global", "code", "# VOTRE CODE ICI\nnps_global"),
    ("c6_reponse_nps_par_site", "2. Le NPS par site", "code", "# VOTRE CODE ICI\nnps_par_site"),
    ("c6_plan_actions", "5. Votre plan d'actions correctives", "markdown", "VOTRE RÉPONSE ICI"),
)

ALICE = (
    """notes = enquete["score_recommandation"]
promoteurs = (notes >= 9).sum() / len(notes)
detracteurs = (notes <= 6).sum() / len(notes)
nps_global = round((promoteurs - detracteurs) * 100, 1)
nps_global""",
    """resultats = {}
for site, groupe in enquete.groupby("site"):
    n = groupe["score_recommandation"]
    resultats[site] = round(((n >= 9).sum() - (n <= 6).sum()) / len(n) * 100, 1)
nps_par_site = pd.Series(resultats).sort_values()
nps_par_site""",
    """Le site de Rodez est le plus fragile : son NPS est négatif, tiré par les délais
d'intervention. Je propose trois actions : un référent maintenance dédié au site, un
engagement de délai de quatre heures inscrit au contrat, et une revue trimestrielle de
satisfaction avec le directeur d'usine. Pour le compte, un comité de pilotage semestriel
suivra le NPS par site et les plans d'action.""",
)

#: Alice's answers with every name changed, comments and blank lines added, spacing changed
#: and a few words of the written answer swapped.
BOB = (
    """# calcul du NPS global
s = enquete["score_recommandation"]

p = (s >= 9).sum()/len(s)   # les promoteurs
d = (s <= 6).sum()/len(s)   # les détracteurs
nps_global = round((p - d)*100, 1)
nps_global""",
    """dico = {}
for nom_site, sous_df in enquete.groupby("site"):
    x = sous_df["score_recommandation"]
    # NPS du site
    dico[nom_site] = round(((x >= 9).sum() - (x <= 6).sum()) / len(x) * 100, 1)
nps_par_site = pd.Series(dico).sort_values()
nps_par_site""",
    """Le site de Rodez est le plus fragile : son NPS est négatif, tiré par les délais
d'intervention. Je recommande trois actions : un référent maintenance dédié au site, un
engagement de délai de quatre heures écrit dans le contrat, et une revue trimestrielle de
satisfaction avec le directeur de l'usine. Pour le compte, un comité de pilotage semestriel
suivra le NPS par site et les plans d'action.""",
)

CHLOE = (
    """total = len(enquete)
nb_promo = len(enquete[enquete.score_recommandation > 8])
nb_detr = len(enquete[enquete.score_recommandation < 7])
nps_global = (nb_promo - nb_detr) / total * 100
nps_global""",
    """def nps(serie):
    promo = serie.between(9, 10).mean()
    detr = serie.between(0, 6).mean()
    return 100 * (promo - detr)

nps_par_site = enquete.groupby("site")["score_recommandation"].apply(nps)
nps_par_site""",
    """Priorité au site le plus faible, Rodez : les clients y reprochent surtout la lenteur
des interventions. J'organiserais d'abord des entretiens avec les détracteurs pour
comprendre leurs attentes, puis un plan de rattrapage avec un technicien supplémentaire.
Au niveau du compte, je partagerais les résultats avec la direction des achats et fixerais
un objectif de NPS à un an.""",
)

DAMIEN = (
    """def categorie(n):
    if n >= 9:
        return "promoteur"
    if n <= 6:
        return "detracteur"
    return "passif"

parts = enquete["score_recommandation"].apply(categorie).value_counts(normalize=True)
nps_global = 100 * (parts.get("promoteur", 0) - parts.get("detracteur", 0))
nps_global""",
    """tableau = pd.crosstab(enquete["site"], enquete["score_recommandation"] >= 9, normalize="index")
detracteurs = pd.crosstab(enquete["site"], enquete["score_recommandation"] <= 6, normalize="index")
nps_par_site = (tableau[True] - detracteurs[True]) * 100
nps_par_site""",
    """Mon diagnostic : la satisfaction chute sur Rodez à cause des pannes répétées et d'un
manque de communication. Actions : visite du directeur de compte sous quinze jours, point
mensuel avec l'équipe de maintenance du client, et formation de leurs opérateurs. Pour
l'ensemble du compte, mettre en place un tableau de bord partagé.""",
)


def _notebook(cells: list[tuple[str, str, str, str]]) -> dict:
    """A notebook with, for each question, its heading and an answer (solution) cell."""
    out = [{"cell_type": "markdown", "metadata": {}, "source": "# C6 – Satisfaction"}]
    for grade_id, title, kind, source in cells:
        out.append({"cell_type": "markdown", "metadata": {}, "source": f"## {title}\n\nConsigne."})
        cell = {
            "cell_type": kind,
            "metadata": {"nbgrader": {"grade_id": grade_id, "solution": True, "locked": False}},
            "source": source.splitlines(keepends=True),
        }
        if kind == "code":
            cell |= {"outputs": [], "execution_count": None}
        out.append(cell)
    return {"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _write(path: Path, nb: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")


def _cohort(root: Path, learners: dict[str, tuple[str, ...]]) -> Path:
    _write(root / "release" / "bloc1" / NB, _notebook(list(QUESTIONS)))
    for learner, answers in learners.items():
        cells = [(q[0], q[1], q[2], a) for q, a in zip(QUESTIONS, answers, strict=True)]
        _write(root / "submitted" / learner / "bloc1" / NB, _notebook(cells))
    return root


@pytest.fixture
def cohort(tmp_path) -> Path:
    return _cohort(
        tmp_path / "cohorte", {"alice": ALICE, "bob": BOB, "chloe": CHLOE, "damien": DAMIEN}
    )


def test_renamed_code_normalises_to_the_same_tokens():
    assert code_tokens(ALICE[0]) == code_tokens(BOB[0])
    assert code_tokens(ALICE[0]) != code_tokens(CHLOE[0])
    assert code_tokens("x = df.groupby('a')  # moyenne\n") == ["N", "=", "N", ".", "groupby",
                                                               "(", "'a'", ")"]  # fmt: skip
    assert text_words("Délai d'intervention !") == ["delai", "d", "intervention"]


def test_the_copy_is_flagged_and_honest_answers_are_not(cohort):
    report = rank_pairs(course_dir=cohort)
    scores = {(p.learner_a, p.learner_b): p.score for p in report.pairs}
    assert len(scores) == 6  # every pair of the four learners was compared
    top = report.pairs[0]
    assert (top.learner_a, top.learner_b, top.flagged) == ("alice", "bob", True)
    assert top.score >= 0.85
    assert [(p.learner_a, p.learner_b) for p in report.flagged] == [("alice", "bob")]
    honest = [s for pair, s in scores.items() if pair != ("alice", "bob")]
    assert max(honest) < 0.35, scores
    # Each kind of answer is caught on its own: the renamed code and the reworded text.
    cells = {c.cell_id: c.score for c in top.cells}
    assert cells["c6_reponse_nps_global"] == 1.0
    assert cells["c6_reponse_nps_par_site"] > 0.85
    assert cells["c6_plan_actions"] > 0.6


def test_flag_similar_returns_frozen_pairs_for_the_grading_report(cohort):
    (pair,) = flag_similar(cohort, "bloc1")
    assert (pair.assignment, pair.learner_a, pair.learner_b) == ("bloc1", "alice", "bob")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.score = 0.0
    assert flag_similar(cohort, "bloc2") == []
    assert flag_similar(cohort, threshold=1.0) == []  # the text was reworded a little


def test_the_released_template_and_short_answers_prove_nothing(tmp_path):
    template = tuple(q[3] for q in QUESTIONS)
    short = ("nps_global = 12.5", "nps_par_site = 0", "RAS")
    root = _cohort(tmp_path / "c", {"a": template, "b": template, "c": short, "d": short})
    assert rank_pairs(course_dir=root).pairs == ()


def test_the_html_report_names_the_cells_side_by_side(cohort):
    html = to_html(rank_pairs(course_dir=cohort, assignment="bloc1"))
    assert "Similarité des copies – bloc1" in html
    assert "c6_satisfaction.ipynb « 1. Le NPS global » (cellule c6_reponse_nps_global)" in html
    assert "5. Votre plan d&#39;actions correctives" in html  # escaped, still named
    assert "100\u00a0%" in html and "seuil de signalement : 70\u00a0%" in html
    # Both sources shown, escaped: the side-by-side of the most similar cells.
    assert "p = (s &gt;= 9).sum()/len(s)" in html
    assert "promoteurs = (notes &gt;= 9).sum() / len(notes)" in html
    assert html.count('class="flagged"') == 1
    # Lines the other copy also has, once normalised, are highlighted; comments are not.
    assert '<span class="same">p = (s &gt;= 9).sum()/len(s)   # les promoteurs</span>' in html
    assert "<span># calcul du NPS global</span>" in html


def test_unreadable_files_are_listed_and_bad_thresholds_refused(cohort):
    bad = cohort / "submitted" / "eve" / "bloc1" / NB
    _write(bad, {"cells": []})
    bad.write_text("pas du json", encoding="utf-8")
    report = rank_pairs(course_dir=cohort)
    assert report.skipped == (f"submitted/eve/bloc1/{NB} : notebook illisible (JSONDecodeError)",)
    assert "submitted/eve/bloc1/" in to_html(report)
    with pytest.raises(SimilarityError, match="threshold"):
        rank_pairs(course_dir=cohort, threshold=70)
    with pytest.raises(SimilarityError, match="no submitted/ folder"):
        rank_pairs(course_dir=cohort / "submitted")


def test_cli_writes_the_report(cohort, capsys):
    from kamtrain.cli import main

    assert main(["similarity", str(cohort), "--assignment", "bloc1"]) == 0
    out = capsys.readouterr().out
    assert "1 flagged" in out and "alice" in out
    page = cohort / "reports" / "similarite-bloc1.html"
    assert "c6_reponse_nps_par_site" in page.read_text(encoding="utf-8")
    assert main(["similarity", str(cohort), "--threshold", "2"]) == 1


#: What the instructions suggest, and every learner pastes in: common ground, not copying.
HINT = """
moyenne = enquete["score_recommandation"].mean()
print(f"Note moyenne : {moyenne:.1f} sur {len(enquete)} réponses")
print(enquete.groupby("site")["score_recommandation"].describe())
print(enquete["score_recommandation"].value_counts().sort_index())
print(enquete.pivot_table(index="site", values="score_recommandation", aggfunc=["mean", "count"]))
"""


def test_what_most_of_the_cohort_wrote_alike_does_not_count(tmp_path):
    learners = {
        name: (answers[0] + HINT, answers[1] + HINT, answers[2])
        for name, answers in {"alice": ALICE, "chloe": CHLOE, "damien": DAMIEN}.items()
    }
    report = rank_pairs(course_dir=_cohort(tmp_path / "c", learners))
    assert len(report.pairs) == 3 and not report.flagged
    # Counted, the shared hint alone would give each pair about 0.3 (checked by hand: COMMON_SHARE = 10).
    assert max(p.score for p in report.pairs) < 0.05


def test_hostile_files_are_skipped_not_followed(cohort, monkeypatch):
    import kamtrain.similarity.collect as collect

    outside = cohort.parent / "secret.ipynb"
    _write(
        outside, _notebook([(q[0], q[1], q[2], a) for q, a in zip(QUESTIONS, ALICE, strict=True)])
    )
    link = cohort / "submitted" / "eve" / "bloc1" / "lien.ipynb"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    odd = _notebook([(QUESTIONS[0][0], "", "code", "x = 1")])
    odd["cells"][2]["source"] = ["x = ", 1, None]  # not all text: read as text, no crash
    _write(cohort / "submitted" / "eve" / "bloc1" / "bizarre.ipynb", odd)
    monkeypatch.setattr(collect, "MAX_BYTES", 1000)
    report = rank_pairs(course_dir=cohort)
    assert "submitted/eve/bloc1/lien.ipynb : lien symbolique ou fichier spécial, non lu" in (
        report.skipped
    )
    too_big = [s for s in report.skipped if s.endswith("plus de 1\u202f000 octets, non lu")]
    assert len(too_big) == 4  # the four learners' notebooks are over the (lowered) cap
    assert not any(p.flagged for p in report.pairs)


def test_grading_flags_the_pairs_of_the_graded_learners(cohort):
    from types import SimpleNamespace

    from kamtrain.grading.model import GradingSummary
    from kamtrain.grading.pipeline import _similar
    from kamtrain.grading.render import summary_text

    def graded(*learners):
        return [SimpleNamespace(learner=lid, assignment="bloc1") for lid in learners]

    (pair,) = _similar(cohort, graded("alice", "bob", "chloe", "damien"), 0.7)
    assert (pair.learner_a, pair.learner_b) == ("alice", "bob")
    assert _similar(cohort, graded("bob"), 0.7) == (pair,)  # `kamtrain grade --learner bob`
    assert _similar(cohort, graded("chloe"), 0.7) == ()
    assert _similar(cohort, graded("alice", "bob"), None) == ()  # turned off
    text = summary_text(GradingSummary(cohort, (), 1.0, 1, similar=(pair,)))
    assert "similar answers: alice and bob (bloc1), 88% in common" in text
    assert f"kamtrain similarity {cohort}" in text
