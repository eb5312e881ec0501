"""Self-checks coach from fingerprints: right, wrong, common mistakes, never a value."""

from __future__ import annotations

import json
import re

import pytest

from kamlearn.selfcheck import FILE_NAME, selfcheck
from kamtrain.answers import load_trusted_case
from kamtrain.cohort.selfcheck_file import build

COHORT = "coh-selfcheck"
ITEMS = (
    "c6.nps_global",
    "c6.nps_par_site",
    "c6.site_le_plus_faible",
    "c6.fig_distribution",
    "c11.van",
    "c17.ordre_codev",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("selfcheck")
    content = build(cohort=COHORT, learners=[("alice", ()), ("bruno", ())], items=ITEMS)
    (path / FILE_NAME).write_text(json.dumps(content), encoding="utf-8")
    return path


def run(folder, monkeypatch, capsys, item, **answers) -> str:
    monkeypatch.chdir(folder)
    for var in ("KAMTRAIN_LEARNER", "JUPYTERHUB_USER", "KAMTRAIN_COHORT", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(var, raising=False)
    selfcheck(item, {"COHORT": COHORT, "LEARNER_ID": "alice", **answers})
    return capsys.readouterr().out


def test_right_and_wrong_answers(folder, monkeypatch, capsys):
    exp = load_trusted_case("c6_satisfaction", cohort=COHORT, learner="alice").expected
    assert run(
        folder, monkeypatch, capsys, "c6.nps_global", nps_global=exp["nps_global"]
    ).startswith("✅")
    # A rounding slip of one step on the item's grid still counts as right.
    near = run(folder, monkeypatch, capsys, "c6.nps_global", nps_global=exp["nps_global"] + 0.1)
    assert near.startswith("✅")
    wrong = run(folder, monkeypatch, capsys, "c6.nps_global", nps_global=exp["nps_global"] + 7)
    assert wrong.startswith("❌") and "revoyez" in wrong
    # The bruno's value is not alice's.
    other = load_trusted_case("c6_satisfaction", cohort=COHORT, learner="bruno").expected
    if abs(other["nps_global"] - exp["nps_global"]) > 0.3:
        copied = run(folder, monkeypatch, capsys, "c6.nps_global", nps_global=other["nps_global"])
        assert copied.startswith("❌")
    site = run(
        folder,
        monkeypatch,
        capsys,
        "c6.site_le_plus_faible",
        site_le_plus_faible=exp["site_le_plus_faible"].upper(),
    )
    assert site.startswith("✅")  # labels are compared normalised


def test_common_mistakes_get_their_specific_hint(folder, monkeypatch, capsys):
    from kamlearn.conventions import nps

    case = load_trusted_case("c6_satisfaction", cohort=COHORT, learner="alice")
    scores = case.data["enquete"]["score_recommandation"]
    bands = nps(scores, promoters=range(7, 11), detractors=range(0, 7))
    if abs(bands - case.expected["nps_global"]) > 0.3:
        out = run(folder, monkeypatch, capsys, "c6.nps_global", nps_global=bands)
        assert out.startswith("❌") and "passifs (7 et 8) parmi les promoteurs" in out
    fraction = case.expected["nps_global"] / 100
    out = run(folder, monkeypatch, capsys, "c6.nps_global", nps_global=fraction)
    assert "fraction" in out
    sites = {k: v / 100 for k, v in case.expected["nps_par_site"].items()}
    out = run(folder, monkeypatch, capsys, "c6.nps_par_site", nps_par_site=sites)
    assert "fraction" in out and "0 valeur(s) correcte(s)" in out
    c11 = load_trusted_case("c11_valeur_economique", cohort=COHORT, learner="alice")
    invest, flows = c11.expected["investissement"], c11.expected["flux_nets"]
    rate = c11.hypothesis("taux_actualisation")
    at_t1 = -invest / (1 + rate) + sum(f / (1 + rate) ** t for t, f in enumerate(flows, 1))
    out = run(folder, monkeypatch, capsys, "c11.van", van=at_t1)
    assert out.startswith("❌") and "t = 0" in out
    assert run(folder, monkeypatch, capsys, "c11.van", van=c11.expected["van"]).startswith("✅")


def test_mappings_sequences_and_figures(folder, monkeypatch, capsys):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    exp = load_trusted_case("c6_satisfaction", cohort=COHORT, learner="alice").expected
    sites = dict(exp["nps_par_site"])
    first = next(iter(sites))
    sites[first] += 20
    out = run(folder, monkeypatch, capsys, "c6.nps_par_site", nps_par_site=sites)
    assert out.startswith("🟡") and f"{len(sites) - 1} valeur(s) correcte(s)" in out
    order = load_trusted_case("c17_design_thinking", cohort=COHORT, learner="alice").expected[
        "ordre_codev"
    ]
    assert run(folder, monkeypatch, capsys, "c17.ordre_codev", ordre_codev=order).startswith("✅")
    out = run(folder, monkeypatch, capsys, "c17.ordre_codev", ordre_codev=order[::-1])
    assert "pas dans le bon ordre" in out
    out = run(folder, monkeypatch, capsys, "c6.fig_distribution", fig_distribution=42)
    assert "figure matplotlib" in out
    fig = plt.figure()
    out = run(folder, monkeypatch, capsys, "c6.fig_distribution", fig_distribution=fig)
    assert "à la correction" in out
    plt.close(fig)


def _forms(value: float) -> set[str]:
    return {f"{value}", f"{value:g}", f"{value}".replace(".", ","), json.dumps(value)}


def test_release_and_personalised_copies_hold_no_expected_value(trainer_cohort):
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.personalise import personalise_cohort

    course = trainer_cohort.course
    personalise_cohort(course_dir=course)
    cohort = read_config(course).cohort_key
    files = [p for p in (course / "release").rglob("*") if p.is_file()]
    files += [p for p in (course / "personalised").rglob("*") if p.is_file()]
    assert any(p.name == FILE_NAME for p in files)
    assert any(p.name == FILE_NAME and "personalised" in p.parts for p in files)
    text = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in files)
    for learner in ("alice", "bruno"):
        exp = load_trusted_case("c6_satisfaction", cohort=cohort, learner=learner).expected
        numbers = [
            exp["nps_global"],
            *exp["nps_par_site"].values(),
            *exp["nps_par_fonction"].values(),
        ]
        for value in numbers:
            if abs(value) < 10 or float(value).is_integer():
                continue  # too short to be told apart from any other number
            for form in _forms(value):
                assert not re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d])", text), (
                    learner,
                    form,
                )
    selfcheck_file = json.loads((course / "release" / "bloc1" / FILE_NAME).read_text("utf-8"))
    assert set(selfcheck_file["learners"]) == {"alice", "bruno", "chloe"}
    _assert_only_fingerprints(selfcheck_file)
    mine = json.loads((course / "personalised" / "bruno" / "bloc1" / FILE_NAME).read_text("utf-8"))
    assert set(mine["learners"]) == {"bruno"}


def _assert_only_fingerprints(content: dict) -> None:
    """Every stored answer is a 16-digit fingerprint; the rest is structure and hints."""

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, "keys" if key == "keys" else k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif key in ("expected", "same_elements", "print", "keys"):
            assert isinstance(node, str) and re.fullmatch(r"[0-9a-f]{16}", node), (key, node)

    walk(content)


def test_the_file_stores_fingerprints_only():
    from kamtrain.checks.registry import all_items

    content = build(cohort=COHORT, learners=[("alice", ())], items=all_items())
    _assert_only_fingerprints(content)
    exp = load_trusted_case("c6_satisfaction", cohort=COHORT, learner="alice").expected
    text = json.dumps(content, ensure_ascii=False)
    assert json.dumps(exp["nps_global"]) not in text
