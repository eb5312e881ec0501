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


#: What would reveal a condition when said about someone: care, medical appointments,
#: a hearing aid's subtitles, a disability contact (checked in sentences naming a person).
REVEALING = re.compile(
    r"\b(médica\w*|santé|soins?|sous-titr\w*|handicap\w*|thérap\w*|hospitalis\w*|"
    r"traitement médical|arrêts? maladie|rendez-vous médicaux|suivi médical)\b",
    re.I,
)
#: Policy phrases that name a role or a rule, not anyone's condition.
POLICY = re.compile(r"(référent|situations? de|lié au) handicap", re.I)


def learner_texts() -> list[ft.Text]:
    """Every learner- and jury-facing text: the spell test's (notebooks, cases/ YAML with
    the simulators' personas and scenarios, rubrics, checks, templates, guides), the
    épreuves' role cards and messages, and the case contexts and data of C18."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = list(ft.project_texts())
    out.extend(ft.yaml_texts(root / "kamtrain/epreuves/role_cards.yml", "role_cards.yml"))
    for path in sorted((root / "kamtrain/epreuves").glob("*.py")):
        out.extend(ft.python_texts(path, str(path.relative_to(root))))
    out.extend(ft.python_texts(root / "kamlearn/handout.py", "kamlearn/handout.py"))
    return out


def _named_people() -> re.Pattern:
    """First names the workbook gives people (storyline, C4, C16, C18's team)."""
    from _storyline_people import FIRST_NAMES

    from kamlearn.cases.c18_leadership import MEMBERS

    firsts = set(FIRST_NAMES) | {str(m[0]).split()[0] for m in MEMBERS}
    return re.compile(r"\b(" + "|".join(sorted(firsts, key=len, reverse=True)) + r")\b")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?»])\s+|\n", text) if s.strip()]


def health_findings(texts, people: re.Pattern) -> list[str]:
    """Where a text names a condition, or says something revealing about a named person."""
    found = []
    for t in texts:
        for sentence in _sentences(t.text):
            named = people.search(sentence)
            # « référent handicap » is a role; said about a named person, it reveals
            condition = CONDITIONS.search(sentence) and (named or not POLICY.search(sentence))
            if condition or (named and REVEALING.search(sentence)):
                found.append(f"{t.location}: {sentence.strip()[:140]}")
    return found


def test_no_learner_text_names_a_condition_or_reveals_one_about_someone():
    """Issue 18 (audit): the C18 simulator still said « Julien … sous-titrage des
    réunions », « rendez-vous médicaux réguliers », « référent handicap … avec Julien »,
    « parlé de sa santé »: the old regex missed them, and any text containing « référent
    handicap » was let through whole. Now every sentence of every learner- or jury-facing
    text is read: no condition anywhere (a policy phrase alone excepted), and nothing
    revealing in a sentence that names someone."""
    hits = health_findings(learner_texts(), _named_people())
    assert not hits, "\n".join(hits)


def test_the_scan_finds_what_the_audit_found():
    """The scan is not blind: the sentences the audit quoted are found."""
    quoted = [
        "Julien (Lyon), qui vous a demandé le sous-titrage des réunions à distance.",
        "Julien demande des échéances décalées à cause de rendez-vous médicaux réguliers.",
        "Associer le référent handicap et réorganiser la charge avec Julien et l'équipe.",
        "Julien a appris que vous aviez parlé de sa santé à l'équipe.",
        "Sofia est malentendante.",
    ]
    texts = [ft.Text("audit", n, "", q) for n, q in enumerate(quoted)]
    assert len(health_findings(texts, _named_people())) == len(quoted)
    fine = [ft.Text("ok", 1, "", "Contactez le référent handicap de votre centre de formation.")]
    assert health_findings(fine, _named_people()) == []


def test_the_c18_team_table_shows_accommodations_not_conditions():
    from kamlearn.cases import case_class
    from kamlearn.cases.identity import Identity

    for learner in ("ana", "bob", "chen"):
        team = case_class("c18_leadership")(Identity("ethique", learner, "grader")).data["equipe"]
        text = " ".join(team.astype(str).agg(" ".join, axis=1))
        assert not CONDITIONS.search(text), text
        assert "aménagement de poste" in text
