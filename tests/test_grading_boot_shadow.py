"""A submission cannot replace the kernel, or the modules it loads, by naming a file after them.

The jailed kernel starts as ``python -m ipykernel_launcher`` in the submission's folder,
and ``python -m`` puts the current folder first on ``sys.path``: a learner who handed in
``ipykernel_launcher.py`` ran their own program instead of the kernel, at boot. With warm
kernels a kernel boots while the *previous* learner's notebook runs, so that program ran
outside its own notebook's clock, beside another learner's work (burning the CPU their
cells were timed on), and it answered the grader's requests itself. Here a submission
carries a file named after the launcher and after every top-level module the kernel
imports while it boots and runs a cell; none of them may run. One kernel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed"),
]

SHIM = "open('/autograded/eve/bloc1/SHADOWED-{name}', 'w').close()\n"


def _kernel_modules() -> list[str]:
    """Top-level modules a kernel imports to boot (measured in a fresh interpreter)."""
    probe = "import sys, ipykernel.kernelapp; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run(
        [sys.executable, "-P", "-c", probe], capture_output=True, text=True, check=True
    )
    return [n for n in done.stdout.split() if n.isidentifier() and not n.startswith("_")]


def test_files_named_after_the_kernel_or_its_modules_do_not_run(tmp_path):
    import nbformat

    from kamtrain.grading.jail import run_in_jail

    files = tmp_path / "remise"
    files.mkdir()
    names = ["ipykernel_launcher", *_kernel_modules()]
    assert len(names) > 50
    for name in names:
        (files / f"{name}.py").write_text(SHIM.format(name=name))
    (files / "aide_perso.py").write_text("VALEUR = 41 + 1\n")  # a learner's own module
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import os\nprint('RAN', sorted(n for n in os.listdir('.') if n.startswith('SHADOWED')))\n"
            "import aide_perso\nprint(aide_perso.VALEUR)"
        )
    ]
    nb, died = run_in_jail(
        nb, cohort="c", learner="eve", assignment="bloc1", files=files, timeout=60
    )
    assert not died
    printed = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    # The notebook's cell ran in the real kernel, no shadowing file ran before it, and
    # the notebook still imports the learner's own modules from its folder.
    assert printed.split("\n")[:2] == ["RAN []", "42"], nb.cells[0].outputs
