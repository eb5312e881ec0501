"""The answers live on the trainer side: learner cases carry data only."""

from __future__ import annotations

import pkgutil

import pytest

import kamlearn.cases as cases_pkg
from kamlearn.cases import case_class
from kamlearn.cases.identity import Identity
from kamtrain.answers import TrustedCaseError, answers_module, load_trusted_case

CASES = sorted(
    m.name for m in pkgutil.iter_modules(cases_pkg.__path__) if m.name[:1] == "c" and "_" in m.name
)


@pytest.mark.parametrize("name", CASES)
def test_learner_case_has_no_answers_and_trusted_case_has_them(name):
    learner_case = case_class(name)(Identity("coh-test", "alice", "notebook"))
    for attribute in ("expected", "compute_expected", "_keys", "_labels"):
        assert not hasattr(learner_case, attribute), f"{name}.{attribute}"
    _ = learner_case.data  # generating must not leave an answer key behind
    assert not {"_keys", "_labels"} & set(vars(learner_case))
    trusted = load_trusted_case(name, cohort="coh-test", learner="alice")
    assert trusted.expected and trusted.data is trusted.case.data
    assert trusted.identity.source == "grader" and trusted.identity.learner == "alice"
    assert callable(answers_module(name).compute_expected)


def test_trusted_case_needs_an_explicit_identity(monkeypatch):
    # The environment never names the learner of a trusted case.
    monkeypatch.setenv("KAMTRAIN_LEARNER", "mallory")
    monkeypatch.setenv("KAMTRAIN_COHORT", "other")
    case = load_trusted_case("c6_satisfaction", cohort="coh-test", learner="alice")
    assert (case.identity.cohort, case.identity.learner) == ("coh-test", "alice")
    with pytest.raises(TrustedCaseError, match="explicit cohort and learner"):
        load_trusted_case("c6_satisfaction", cohort="coh-test", learner="")


def test_answer_data_do_not_ship_with_the_learner_data():
    # C17 once shipped the expected order of the steps in the learner's data.
    case = load_trusted_case("c17_design_thinking", cohort="coh-test", learner="alice")
    assert not {"ordre_codev", "ordre_design_thinking"} & set(case.data)
    codes = case.data["etapes_codev"]
    assert [codes[c] for c in case.expected["ordre_codev"]][0].startswith("Exposé")


@pytest.mark.parametrize(
    ("module", "bank", "labels"),
    [
        ("c1_marche", "SIGNALS", "SIGNAL_AXES"),
        ("c2_comptes", "SWOT_STATEMENTS", "SWOT_QUADRANT_OF"),
        ("c13_negociation", "PROFILE_BANK", "PROFILE_OF"),
        ("c13_negociation", "INTEREST_BANK", "INTEREST_OF"),
        ("c13_negociation", "CRAC_BANK", "CRAC_STEP_OF"),
        ("c13_negociation", "QUESTION_BANK", "QUESTION_TYPE_OF"),
    ],
)
def test_every_learner_sentence_has_a_trainer_label_and_no_label_ships(module, bank, labels):
    import importlib

    texts = getattr(importlib.import_module(f"kamlearn.cases.{module}"), bank)
    key = getattr(answers_module(module), labels)
    assert all(isinstance(t, str) for t in texts), "the learner bank must hold sentences only"
    assert set(texts) == set(key)
