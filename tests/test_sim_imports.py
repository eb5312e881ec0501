"""The simulators keep a learner's kernel light: no heavy import at import time."""

from __future__ import annotations

import subprocess
import sys


def test_sim_and_widget_modules_import_nothing_heavy():
    code = (
        "import sys\n"
        "import kamlearn.sim, kamlearn.widgets\n"
        "from kamlearn.sim import negotiation, negotiation_score, interview, pitch, leadership, "
        "records, zopa, plots, personas, textmatch\n"
        "from kamlearn.widgets import sim_records, sim_render, sim_base\n"
        "heavy = [m for m in ('matplotlib', 'pandas', 'ipywidgets', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_lazy_names():
    import kamlearn.sim as sim

    assert sim.NegotiationEngine.SIMULATOR == "negotiation"
    assert sim.PitchTimer.SIMULATOR == "pitch"
