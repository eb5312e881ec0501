"""Same mistake, same credit: every mistake hint of every check, over 50 learner variants.

The hints are found by introspection, so a new one is covered (or flagged) automatically:

* **declared mistakes**: the ``mistakes=`` and ``near=`` arguments each check hands to the
  shared graders (``kit.score_number``…, wherever they live) are recorded while the check runs
  on the variant's right answers. Each recorded mistake *is* its own generator: its value is
  handed back as the learner's answer, and must earn exactly its declared credit and message.
* **hand-written hints**: every message a check module pairs with a partial credit
  (``CheckResult(item, 0.4, (msg,))``, ``Mistake``, ``best_by_wrong_criterion``,
  ``(credit, msg)`` tuples, ``points += 0.25`` next to ``messages.append(msg)``,
  ``max(points, 0.5)``), with or without ``kit.``, is read from the module's source (``_same_credit_source``). Each must be produced by
  a generator of ``HAND_GENERATORS`` (``_same_credit_hand``: the mistaken answer computed
  from the variant's data, as a learner would), or be listed in
  ``NOT_YET_GENERATED`` (a list that only shrinks). A hint with neither fails the test.

Figures are graded on drawn objects, so their mistakes are drawn: see
``test_checks_same_credit_figures.py``.

For every generator, the outcome (fraction, messages) must be one and the same over all the
variants where the mistake changes the answer. A mistake is skipped for a variant only when
its answer *is* the right one at the item's stated precision (rounding a whole number, or a
value within half the item's tolerance: the tolerances admit one step of the stated rounding);
otherwise it must never earn full credit: a mistake accepted as right is a failure.
"""

from __future__ import annotations

import re

import pytest
from _same_credit_cases import LEARNERS, MIN_VARIANTS, case_for, outcome, right_answers
from _same_credit_hand import HAND_GENERATORS
from _same_credit_recorder import Recorder, declared_mistakes, same_at_precision
from _same_credit_source import hint_pattern, source_hints

from kamtrain.checks import kit, registry

# --- declared mistakes, recorded while the checks run ---------------------------------------


@pytest.fixture(scope="module")
def recorder():
    import importlib
    import sys

    rec = Recorder()
    patch = pytest.MonkeyPatch()
    originals = {h: getattr(kit, h) for h in Recorder.HELPERS}
    for name in {registry.lookup(i).function.__module__ for i in registry.all_items()}:
        importlib.import_module(name)
    # wherever a grader lives or is imported (kit, the check modules, a helper calling
    # another, as number_item calls score_number), the name is wrapped
    modules = [m for n, m in list(sys.modules.items()) if n.startswith("kamtrain.checks")]
    for module in modules:
        for helper, function in originals.items():
            if getattr(module, helper, None) is function:
                patch.setattr(module, helper, rec.wrap(function))
    assert all(getattr(kit, h) is not f for h, f in originals.items())
    yield rec
    patch.undo()


ITEMS = [i for i in registry.all_items() if not i.partition(".")[2].startswith("fig_")]


@pytest.fixture(scope="module")
def declared_run(recorder):
    """Each declared mistake handed in as the answer, for every variant."""
    outcomes: dict[tuple[str, str], set] = {}
    bites: dict[tuple[str, str], int] = {}
    ambiguous: dict[tuple[str, str], int] = {}
    failures = []
    for item in ITEMS:
        spec = registry.lookup(item)
        for learner in LEARNERS:
            case = case_for(spec.case, learner)
            ns = right_answers(case)
            recorder.calls.clear()
            try:
                spec.function(ns, case)
            except Exception:  # noqa: BLE001 - items needing a simulator or a text are not helpers'
                continue
            for call in list(recorder.calls):
                if call["item"] != item:
                    continue
                for wrong, credit, message, *where in declared_mistakes(call):
                    wrong_ns = {**call["ns"], call["name"]: wrong}
                    got = spec.function(wrong_ns, case)
                    if same_at_precision(wrong, call["expected"], call):
                        continue  # for this variant the mistake is the right answer
                    if got.fraction == 1.0:
                        failures.append(
                            f"{item} [{learner}] « {message[:50]}… » accepted as right: "
                            f"{wrong!r} for {call['expected']!r}"
                        )
                        continue
                    key = (item, message, *where)
                    bites[key] = bites.get(key, 0) + 1
                    extra = len(got.messages) > (len(wrong) if where else 1)
                    if extra and message in got.messages:
                        # another mistake gives the same number in this variant: both
                        # hints, the lower credit (scoring.score_number); counted below
                        ambiguous[key] = ambiguous.get(key, 0) + 1
                        assert got.fraction <= round(credit, 4), (item, learner, got)
                        continue
                    # key by key (score_each), the other keys' verdicts name them: the
                    # mistake's own credit and message are what must not vary
                    seen = (got.fraction, message in got.messages) if where else outcome(got)
                    outcomes.setdefault(key, set()).add(seen)
                    if got.fraction != round(credit, 4) or (
                        message not in got.messages if where else got.messages != (message,)
                    ):
                        failures.append(
                            f"{item} [{learner}] « {message[:50]}… » declared {credit}, "
                            f"earned {got.fraction}: {got.messages}"
                        )
    return failures, outcomes, bites, ambiguous


def test_declared_mistakes_earn_their_credit_for_every_variant(declared_run):
    """Each declared mistake, handed in as the answer, earns its credit and its message."""
    failures, outcomes, bites, ambiguous = declared_run
    by_item = {}
    for failure in failures:
        by_item.setdefault(failure.split(" [")[0], []).append(failure)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(
        f"{len(v)}× {v[0]}" for v in by_item.values()
    )
    for key, seen in outcomes.items():
        assert len(seen) == 1, f"{key}: {seen}"
    for key, count in ambiguous.items():
        assert count <= len(LEARNERS) // 5, f"{key} is mistaken for another in {count} variants"
    assert len(bites) >= 40, f"too few declared mistakes found: {sorted(bites)}"


#: fails when one of them is generated (remove it) or no longer exists.
NOT_YET_GENERATED: dict[str, tuple[str, ...]] = {}


def _ambiguous(result) -> bool:
    """Whether the result names several recognised mistakes (two hints of its module)."""
    patterns = [hint_pattern(h) for h in source_hints(result.item.partition(".")[0])]
    return sum(any(p.match(m) for p in patterns) for m in result.messages) > 1


def _grader_call(recorder, spec, item: str, case) -> dict | None:
    """The shared grader's call behind ``item`` for this variant (its tolerances), if any."""
    recorder.calls.clear()
    try:
        spec.function(right_answers(case), case)
    except Exception:  # noqa: BLE001 - a check that is no helper's (simulators, texts)
        return None
    return next((c for c in recorder.calls if c["item"] == item), None)


def _hand_made_is_right(recorder, spec, item: str, case, ns: dict) -> bool:
    """Whether a generated mistake gives the right answers at the item's precision: the
    item's variable, or every variable it sets when it sets another (two-variable items)."""
    name = item.partition(".")[2]
    names = [name] if name in ns else [n for n in ns if n in case.expected]
    call = _grader_call(recorder, spec, item, case)
    return bool(names) and all(
        same_at_precision(ns[n], case.expected[n], call if n == name else None) for n in names
    )


@pytest.fixture(scope="module")
def generated(recorder) -> dict[str, dict[str, set]]:
    """item -> mistake -> the outcomes its answers earned over the variants; a mistake that
    earns full credit without being the right answer at the item's precision fails."""
    out: dict[str, dict[str, set]] = {}
    accepted = []
    for item, mistakes in HAND_GENERATORS.items():
        spec = registry.lookup(item)
        for label, generate in mistakes.items():
            seen = out.setdefault(item, {}).setdefault(label, set())
            bites = ambiguous = 0
            for learner in LEARNERS:
                case = case_for(spec.case, learner)
                ns = generate(case)
                if ns is None:
                    continue
                got = spec.function(ns, case)
                if got.fraction == 1.0:
                    if not _hand_made_is_right(recorder, spec, item, case, ns):
                        accepted.append(f"{item} « {label} » [{case.identity.learner}]")
                    continue
                if got.fraction < 1.0:
                    bites += 1
                    if _ambiguous(got):
                        ambiguous += 1  # two mistakes give this number here: both hints
                        continue
                    seen.add(outcome(got))
            assert ambiguous <= len(LEARNERS) // 5, f"{item} « {label} »: {ambiguous} ambiguous"
            if bites < MIN_VARIANTS:
                seen.clear()  # too rare to vouch for the hint
    assert not accepted, "mistakes accepted as right:\n" + "\n".join(accepted)
    return out


def test_the_same_hand_made_mistake_earns_the_same_credit_and_hint(generated):
    for item, mistakes in generated.items():
        for label, seen in mistakes.items():
            if not seen:
                continue  # never bites: its hint counts as not generated (next test)
            assert len(seen) == 1, f"{item} « {label} » earns different credit or hints: {seen}"
            ((fraction, messages),) = seen
            assert fraction < 1 and messages, f"{item} « {label} »: {fraction} {messages}"


def test_every_partial_credit_hint_has_a_generator(generated, declared_run):
    """A hint of a check module that no generator reaches fails: add its generator."""
    produced = {
        m for outcomes in generated.values() for s in outcomes.values() for o in s for m in o[1]
    }
    # the declared mistakes are their own generators, when they bite often enough
    bites = declared_run[2]
    produced |= {key[1] for key, count in bites.items() if count >= MIN_VARIANTS}
    missing, stale = [], []
    # every module holding a check function (c11's competitor items live in c11_competitor)
    modules = sorted(
        {registry.lookup(i).function.__module__.rpartition(".")[2] for i in registry.all_items()}
    )
    assert set(registry.prefixes()) <= set(modules)
    for prefix in modules:
        pending = NOT_YET_GENERATED.get(prefix, ())
        for hint in sorted(source_hints(prefix)):
            pattern = hint_pattern(hint)
            is_pending = any(hint.startswith(p) for p in pending)
            reached = any(pattern.match(m) for m in produced)
            if reached and is_pending:
                stale.append(f"{prefix}: « {hint[:60]} » is generated now: drop it from the list")
            if not reached and not is_pending:
                missing.append(f"{prefix}: « {hint[:70]} »")
        for p in pending:
            if not any(h.startswith(p) for h in source_hints(prefix)):
                stale.append(f"{prefix}: « {p} » no longer exists: drop it from the list")
    assert not missing, "hints without a generator of their mistake:\n" + "\n".join(missing)
    assert not stale, "\n".join(stale)


def test_the_source_reader_finds_partial_credit_hints():
    """The reader itself: a new hint in any of the shapes the modules use is found."""
    hints = source_hints("c11")
    assert any(h.startswith("Vous avez mis l'investissement dans la fonction VAN") for h in hints)
    assert any(h.startswith("Utilisez la convention du classeur") for h in hints)
    assert any(h.startswith("Vous avez compté les 8") for h in source_hints("c6"))
    assert any(h.startswith("\0 : il manque les pertes") for h in source_hints("c9"))
    assert any(h.startswith("Convention : une tâche") for h in source_hints("c15"))


# --- units, numbers typed as text, labels after the stated normalisation --------------------


def _numeric_items():
    out = []
    for item in ITEMS:
        spec = registry.lookup(item)
        case = case_for(spec.case, LEARNERS[0])
        value = case.expected.get(item.partition(".")[2])
        if isinstance(value, int | float) and not isinstance(value, bool):
            out.append((item, case, float(value)))
    return out


def test_a_number_typed_as_text_is_refused_with_a_message():
    """`"-13.2"` where a number is expected is not graded as -13.2: it is refused, and said."""
    items = _numeric_items()
    assert len(items) >= 15
    for item, case, value in items:
        name = item.partition(".")[2]
        ns = {**right_answers(case), name: str(value)}
        got = registry.lookup(item).function(ns, case)
        assert got.fraction == 0.0, (item, got)
        assert any("guillemets" in m or "nombre" in m for m in got.messages), (item, got)


def _expected_answers():
    """(item, its check, the first variant, the answer's name, its expected value) of each item."""
    for item in ITEMS:
        spec = registry.lookup(item)
        case = case_for(spec.case, LEARNERS[0])
        name = item.partition(".")[2]
        yield item, spec, case, name, case.expected.get(name)


def test_numbers_typed_as_text_in_a_mapping_are_refused_with_a_message():
    """`{"Lyon": "-13.2"}` where a key → number mapping is expected is refused like `"-13.2"`:
    one shared reader (``kit.read_mapping(numbers=True)``) for every such item."""
    seen = 0
    for item, spec, case, name, value in _expected_answers():
        if not isinstance(value, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
        ):
            continue
        seen += 1
        texts = {k: str(v) for k, v in value.items()}
        got = spec.function({**right_answers(case), name: texts}, case)
        assert got.fraction == 0.0, (item, got)
        assert any("guillemets" in m for m in got.messages), (item, got)
    assert seen >= 8


def test_every_number_says_its_unit_when_it_is_not_one(recorder):
    """Each numeric item names its unit (« en euros », « en % »…) when the answer is no number."""
    unitless = []
    for item, case, _ in _numeric_items():
        name = item.partition(".")[2]
        got = registry.lookup(item).function({**right_answers(case), name: [1, 2]}, case)
        if not any(re.search(r"\(.+\)", m) for m in got.messages):
            unitless.append(f"{item}: {got.messages}")
    assert not unitless, "\n".join(unitless)


def test_labels_are_compared_after_the_stated_normalisation():
    """Every item answered by a label takes « valenciennes  » for « Valenciennes »."""
    seen = 0
    for item, spec, case, name, value in _expected_answers():
        if not isinstance(value, str) or len(value) < 3:
            continue
        seen += 1
        sloppy = "  " + value.lower().replace("é", "e").replace("-", " ") + " "
        got = spec.function({**right_answers(case), name: sloppy}, case)
        assert got.fraction == 1.0, (item, sloppy, got)
    assert seen >= 5
