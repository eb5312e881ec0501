"""Learner- and jury-facing text is French a trainer would sign.

Every notebook, rubric, case file, check message, simulator text and HTML template is read
(see ``tests/_french_text.py`` for what counts), its words are checked with Debian's
``hunspell-fr`` and the project word list ``tests/data/wordlist-fr.txt``, and its
typography against French rules (« 80 % », no space before a comma, « : » after a space).
A new unknown word fails with the file and line where it is: fix it, or add it to the word
list when it is a name or a term of the trade.
"""

from __future__ import annotations

import re

import _french_text as ft
import pytest

pytestmark = pytest.mark.skipif(
    ft.hunspell_available() is not None, reason=str(ft.hunspell_available())
)


@pytest.fixture(scope="module")
def texts() -> list[ft.Text]:
    return ft.project_texts()


@pytest.fixture(scope="module")
def wordlist() -> dict[str, tuple[str, ...]]:
    return ft.read_wordlist()


def test_the_texts_cover_every_kind_of_source(texts):
    kinds = {t.path.split("/")[0] for t in texts}
    assert {"notebooks", "rubrics", "cases", "kamtrain", "kamlearn"} <= kinds
    paths = {t.path for t in texts}
    assert any(p.startswith("kamtrain/checks/") for p in paths)
    assert any(p.startswith("kamtrain/templates/") for p in paths)
    # jury- and candidate-facing: role cards, épreuve kits, grading messages, hand-outs
    for source in (
        "kamtrain/epreuves/role_cards.yml",
        "kamtrain/epreuves/kit.py",
        "kamtrain/grading/pipeline.py",
        "kamtrain/grading/kernel.py",
        "kamtrain/nbgrader_adapter/api.py",
        "kamlearn/handout.py",
        "cases/scenarios/leadership/equipe_diverse.yml",
        "cases/personas/entretien/dsi.yml",
    ):
        assert source in paths, f"{source} is not spell-checked"
    assert len(texts) > 1000


def test_every_word_is_french_or_in_the_word_list(texts, wordlist):
    unknown = ft.unknown_words(texts, wordlist)
    lines = [
        f"« {word} » – {where.location}: {where.text.strip()[:100]}"
        for word, places in unknown.items()
        for where in places[:3]
    ]
    assert not unknown, (
        f"{len(unknown)} word(s) unknown to hunspell-fr and to {ft.WORDLIST.name} "
        "(fix the text, or add a name or term of the trade to the word list):\n" + "\n".join(lines)
    )


def test_the_word_list_holds_no_word_that_is_gone(texts, wordlist):
    """A word fixed in the text leaves the list too, so the list never hides a regression."""
    seen: dict[str, set[str]] = {}
    for text in texts:
        for word in ft.words(text.text):
            for form in (word, *re.split(r"[-']", ft._ELISION.sub("", word))):
                seen.setdefault(form, set()).add(text.path)
    stale = []
    for word, scopes in wordlist.items():
        if scopes and all(s.startswith("rendered/") for s in scopes):
            continue  # a name in generated data: the rendered documents' test uses it
        paths = seen.get(word, set()) | seen.get(word.capitalize(), set())
        if not paths or (scopes and not any(ft.in_scope(p, scopes) for p in paths)):
            stale.append(word)
    assert not stale, f"remove from {ft.WORDLIST.name}, no text uses them any more: {stale}"


def test_typography(texts):
    errors = ft.typography_errors(texts)
    assert not errors, f"{len(errors)} typography error(s):\n" + "\n".join(errors)


# --- the checker itself catches what it must ----------------------------------------------


def test_the_checker_flags_the_issues_errors():
    bad = ft.Text("x.md", 1, "", "Pitchez votre feedback sur le cout de la ZAPO")
    unknown = ft.unknown_words([bad], {"ZAPO": ()})
    assert set(unknown) == {"Pitchez", "feedback", "cout"}
    scoped = ft.unknown_words([bad], {"ZAPO": (), "feedback": ("rubrics/*.yml",)})
    assert "feedback" in scoped, "a word allowed in one file is still an error elsewhere"


def test_a_printed_label_is_french_text():
    """« Feedback : » has no French function word, but its space before « : » is French
    typography: the label a learner reads is spell-checked (« Rétroaction : »)."""
    from _french_code import code_cell_texts

    found = [t for _line, _kind, t in code_cell_texts('print("Feedback :", message)')]
    assert found == ["Feedback :"]
    assert set(ft.unknown_words([ft.Text("x.ipynb", 1, "", found[0])], {})) == {"Feedback"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Évaluer les résultats d'un marché , en mettant",
        "une baisse de 80% des pannes",
        "un gain de 207,619 € par an",
        "La revue de d'affaires",
        "la ZOPA et la matrice",
        "Quel est le prix? Répondez",
    ],
)
def test_typography_rules_catch(sentence):
    assert ft.typography_errors([ft.Text("x.md", 1, "", sentence)])


def test_typography_rules_accept_good_french():
    good = "Une baisse de 80\u00a0% et un gain de 207\u202f619\u00a0€ : la ZAPO, puis 12,5 % ?"
    assert ft.typography_errors([ft.Text("x.md", 1, "", good)]) == []


def test_code_and_stems_are_not_words():
    assert list(ft.words("la colonne `score_x` et c6.nps_global, préoccup* ou dépasse(nt)")) == [
        "la",
        "colonne",
        "et",
        "ou",
        "dépasse",
    ]


@pytest.mark.parametrize(
    "line",
    [
        'MESSAGE = f"Le délai de récupération est de {delai:.1f} ans pour votre offre."',
        'MESSAGE = f"Votre taux de transformation vaut {round(taux, 1)} dans ce cas précis."',
        'MESSAGE = f"Votre part de portefeuille vaut {str(float(part))} pour ce client."',
        'MESSAGE = f"Votre objectif est de {cible:.0%} de votre temps chez les clients."',
        'MESSAGE = f"Utilisez la convention : un ETP = {conv.FTE_HOURS_PER_YEAR} heures par an."',
    ],
)
def test_python_number_formats_in_french_fstrings_are_caught(tmp_path, line):
    """A decimal point (``:.1f``, ``round(x, 1)``, ``str(float)``) or ``:.0%`` in a French
    f-string writes « 12.5 » or « 80% »: it must go through kamlearn.frenchfmt."""
    source = tmp_path / "module.py"
    source.write_text(line + "\n", encoding="utf-8")
    texts = list(ft.python_texts(source, "module.py"))
    assert texts and ft.typography_errors(texts), texts
    fixed = tmp_path / "fixed.py"
    fixed.write_text(
        'MESSAGE = f"Le délai de récupération est de {number_fr(delai, 1)} ans pour votre offre."\n',
        encoding="utf-8",
    )
    assert ft.typography_errors(ft.python_texts(fixed, "fixed.py")) == []


def test_zapo_in_prose_and_zopa_only_in_code_said_once():
    """The workbook's prose says ZAPO; the engine's English names (``estimate_zopa``,
    ``zopa_figure``) follow the project's rule (identifiers in English), and the notebook
    that asks learners to call them says so once."""
    import json

    nb = json.loads((ft.ROOT / "notebooks/bloc3/c13_c14_negociation.ipynb").read_text("utf-8"))
    prose = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    said = [p for p in prose if "sigle anglais" in p and "`estimate_zopa" in p]
    assert len(said) == 1 and "ZAPO" in said[0] and "`zopa_figure`" in said[0]
    first_call = next(i for i, p in enumerate(prose) if "estimate_zopa" in p)
    assert prose[first_call] is said[0], "explained where learners first meet estimate_zopa"
    assert ft.typography_errors([ft.Text("x.md", 1, "", "estimer la zopa du contrat")])
