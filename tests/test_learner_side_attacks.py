"""Attacks from a learner's kernel that has only kamlearn: no answer, no hidden parameter.

The kernel is simulated by a subprocess started with ``-I -S`` (no site, so no editable
install of kamtrain) whose ``sys.path`` holds a copy of kamlearn and the venv's
third-party packages only, as in the grading sandbox where kamtrain is hidden.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COHORT, LEARNER = "coh-attack", "alice"

ATTACK = r"""
import importlib, json, pkgutil, sys
sys.path[:0] = [COPY]
sys.path.append(PURELIB)
secrets = json.load(open(SECRETS, encoding="utf-8"))
out = {"imported": [], "failed": {}}
try:
    import kamtrain  # noqa: F401
    out["kamtrain"] = "importable"
except ImportError:
    out["kamtrain"] = "hidden"
import kamlearn
out["kamlearn_file"] = kamlearn.__file__
for m in pkgutil.walk_packages(kamlearn.__path__, "kamlearn."):
    try:
        importlib.import_module(m.name)
        out["imported"].append(m.name)
    except Exception as exc:
        out["failed"][m.name] = f"{type(exc).__name__}: {exc}"
out["kamtrain_modules"] = sorted(k for k in sys.modules if k.split(".")[0] == "kamtrain")

from kamlearn.cases import case_class
from kamlearn.cases.identity import Identity

found = []
def walk(node, where, depth=0, listed=False):
    # A keyword list is a list or tuple of words: flag a keyword found as an element.
    if depth > 6:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            walk(v, f"{where}[{k!r}]", depth + 1)
    elif isinstance(node, (list, tuple, set, frozenset)):
        for v in node:
            walk(v, where, depth + 1, listed=True)
    elif isinstance(node, str):
        if listed and node in secrets["words"]:
            found.append(f"{where}: keyword {node!r}")
    elif isinstance(node, float):
        if any(abs(node - s) < 1e-6 for s in secrets["numbers"]):
            found.append(f"{where}: value {node!r}")
    elif hasattr(node, "__dataclass_fields__") and not isinstance(node, type):
        for f in node.__dataclass_fields__:
            walk(getattr(node, f), f"{where}.{f}", depth + 1)

attrs = {}
for name in secrets["cases"]:
    case = case_class(name)(Identity(secrets["cohort"], secrets["learner"], "notebook"))
    data = case.data
    attrs[name] = sorted(set(vars(case)) - {"data", "identity", "seed", "company", "company_id"})
    attrs[name] += [a for a in ("expected", "compute_expected") if hasattr(case, a)]
    walk({k: v for k, v in vars(case).items() if k != "data"}, name)
    expected_names = {"ordre_codev", "ordre_design_thinking", "expected", "answers"}
    attrs[name] += sorted(expected_names & set(data))
out["case_attributes"] = attrs

from kamlearn.sim import personas as P
for pid, p in {**P.negotiation_personas(), **P.interview_personas()}.items():
    walk(p, f"persona {pid}")

neg = case_class("c13_negociation")(Identity(secrets["cohort"], secrets["learner"], "notebook"))
maxima = {neg.nouvelle_negociation().buyer_max for _ in range(8)}
out["attempt_maxima"] = len(maxima)
out["found"] = found
print(json.dumps(out))
"""


def _secrets() -> dict:
    """What must stay out of the learner's reach: expected values, plain keywords."""
    from kamlearn.cases import case_class
    from kamtrain.answers import load_trusted_case
    from kamtrain.simkeys import KEYWORD_FIELDS, sources_dir

    numbers, names = [], []
    import pkgutil

    import kamlearn.cases as pkg

    for m in pkgutil.iter_modules(pkg.__path__):
        if m.name[:1] != "c" or "_" not in m.name:
            continue
        case_class(m.name)
        names.append(m.name)
        exp = load_trusted_case(m.name, cohort=COHORT, learner=LEARNER).expected

        def collect(node):
            if isinstance(node, dict):
                for v in node.values():
                    collect(v)
            elif isinstance(node, list | tuple):
                for v in node:
                    collect(v)
            elif (
                isinstance(node, float)
                and node == node
                and not node.is_integer()
                and (round(node, 2) != node or abs(node) >= 100)
            ):
                # Values specific enough to be told apart from a constant of the code
                # (0.25, 12.5...): more than two decimals, or a decimal amount over 100.
                numbers.append(node)

        collect(exp)
    words = set()
    for source in sources_dir().glob("*/*.yml"):
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
        spec = KEYWORD_FIELDS[source.parent.name]
        words |= {w for k in spec["lists"] for w in raw.get(k, [])}
        words |= {w for k in spec["groups"] for g in raw.get(k, []) for w in g}
        for key, fields in spec["items"].items():
            for item in raw.get(key, []):
                words |= {w for f in fields for w in item.get(f, [])}
    return {
        "cohort": COHORT,
        "learner": LEARNER,
        "cases": names,
        "numbers": numbers,
        "words": sorted(words),
    }


@pytest.fixture(scope="module")
def attack(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("kernel")
    shutil.copytree(
        ROOT / "kamlearn", tmp / "kamlearn", ignore=shutil.ignore_patterns("__pycache__")
    )
    secrets = tmp / "secrets.json"
    secrets.write_text(json.dumps(_secrets()), encoding="utf-8")
    script = (
        f"COPY = {str(tmp)!r}\nPURELIB = {sysconfig.get_paths()['purelib']!r}\n"
        f"SECRETS = {str(secrets)!r}\n" + ATTACK
    )
    env = {"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg", "HOME": str(tmp)}
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["copy"] = str(tmp)
    return out


def test_the_kernel_has_kamlearn_only(attack):
    assert attack["kamtrain"] == "hidden"
    assert attack["kamlearn_file"].startswith(attack["copy"])
    assert attack["imported"] and not attack["failed"], attack["failed"]
    # Importing every learner-side module loads nothing of the trainer side.
    assert attack["kamtrain_modules"] == []


def test_no_case_carries_answers(attack):
    # Every case, once its data are generated, has no expected value, no compute_expected,
    # no answer key kept aside (the old _keys/_labels), and none of the expected numbers.
    assert attack["case_attributes"], attack
    leaks = {k: v for k, v in attack["case_attributes"].items() if v}
    assert not leaks, leaks
    assert not [f for f in attack["found"] if "value" in f], attack["found"][:10]


def test_no_plain_keyword_and_no_fixed_reservation_price(attack):
    # The personas as loaded in the kernel hold no hidden keyword in plain text. (The
    # public technique markers of kamlearn.sim.textmatch, CRAC, DESC, SPIN..., are
    # pedagogy, not secrets.)
    assert not [f for f in attack["found"] if "keyword" in f], attack["found"][:10]
    # Each practice attempt draws its own buyer's maximum: none to read in advance.
    assert attack["attempt_maxima"] > 1


def test_kamlearn_never_names_kamtrain_in_a_dynamic_import():
    """The static walk of tests/test_import_cycles.py sees import statements; this one sees
    ``importlib.import_module("kamtrain...")`` and ``__import__("kamtrain...")`` too."""
    offenders = []
    for path in sorted((ROOT / "kamlearn").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            arg = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(arg, ast.Constant | ast.JoinedStr)
                and "kamtrain" in ast.unparse(arg)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
