"""No health or disability data about named people in what learners read (issue 18, C18).

The C18 debrief teaches that a manager never discloses a colleague's health or disability;
the workbook must not do it either. Team tables and scenarios describe what the
organisation provides (an accommodation, a schedule), never a condition or a status.
"""

from __future__ import annotations

import re

import _french_text as ft

CONDITIONS = re.compile(
    r"\b(RQTH|handicapée?s?|malentendante?s?|sourde?s?|malvoyante?s?|(?<!l.)aveugles?|dyslexi\w*|"
    r"maladie\w*|diabét\w*|dépressi\w*|cancer\w*|enceinte|invalidité)\b",
    re.I,
)


def test_no_learner_text_names_a_condition():
    hits = [t for t in ft.project_texts() if CONDITIONS.search(t.text)]
    # « référent handicap », « situations de handicap » name a role and a policy, not a person;
    # « à l'aveugle » (blind double marking) is not about anyone's sight
    hits = [
        t
        for t in hits
        if not all(
            m.group(0).lower().startswith("handicap")
            and re.search(r"(référent|situations? de|lié au) handicap", t.text)
            for m in CONDITIONS.finditer(t.text)
        )
    ]
    assert not hits, "\n".join(f"{t.location}: {t.text.strip()[:120]}" for t in hits)


def test_the_c18_team_table_shows_accommodations_not_conditions():
    from kamlearn.cases import case_class
    from kamlearn.cases.identity import Identity

    for learner in ("ana", "bob", "chen"):
        team = case_class("c18_leadership")(Identity("ethique", learner, "grader")).data["equipe"]
        text = " ".join(team.astype(str).agg(" ".join, axis=1))
        assert not CONDITIONS.search(text), text
        assert "aménagement de poste" in text
