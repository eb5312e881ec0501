"""Build the distributions and install them into fresh venvs, offline (tests/test_wheel.py).

A fresh venv gets the built wheel through pip, and its dependencies hard-linked from the
project's ``.venv`` instead of downloaded: only the closure of the wheel's own
``Requires-Dist``, with their console scripts. A dependency the wheel forgets to declare
is then missing here as it would be on a learner's machine, and the venv stands on its
own (no path back into the repository or into ``.venv``).
"""

from __future__ import annotations

import email.parser
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: Left out of the copy of the sources, at the top of the repository only.
_TOP_ONLY = {".venv", ".git", "demo", "test-output", ".pytest_cache", ".ruff_cache"}


def copy_sources(dst: Path) -> Path:
    """Copy the repository to ``dst`` (symlinks kept), without venvs and build leftovers.

    Building from a copy keeps a stale ``build/lib`` of the working tree out of the wheel.
    """

    def ignore(folder, names):
        skip = {n for n in names if n in ("__pycache__", "build", "dist")}
        skip |= {n for n in names if n.endswith(".egg-info")}
        if Path(folder) == REPO:
            skip |= _TOP_ONLY & set(names)
        return skip

    shutil.copytree(REPO, dst, symlinks=True, ignore=ignore)
    return dst


def build_wheel(project: Path, out: Path) -> Path:
    """``pip wheel`` of ``project`` into ``out``, offline (this venv's setuptools)."""
    before = set(out.glob("*.whl")) if out.exists() else set()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(project)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (wheel,) = set(out.glob("*.whl")) - before
    return wheel


def requirements(wheel: Path) -> list[str]:
    """The wheel's ``Requires-Dist`` lines, read from its METADATA."""
    with zipfile.ZipFile(wheel) as z:
        (name,) = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        meta = email.parser.Parser().parsestr(z.read(name).decode("utf-8"))
    return meta.get_all("Requires-Dist") or []


def closure(requires: list[str]) -> dict[str, metadata.Distribution]:
    """The installed distributions ``requires`` needs, transitively (markers, extras)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    found: dict[str, metadata.Distribution] = {}
    visited: set[tuple[str, str]] = set()
    todo = [(Requirement(r), "") for r in requires]
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        if name not in found:
            found[name] = metadata.distribution(req.name)
        for wanted in ("", *sorted(req.extras)):
            if (name, wanted) not in visited:
                visited.add((name, wanted))
                todo += [(Requirement(r), wanted) for r in found[name].requires or []]
    return found


def _link(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system: copy
        shutil.copy2(src, dst)


def make_venv(root: Path, wheel: Path) -> Path:
    """A venv in ``root`` with ``wheel`` installed by pip and its dependency closure linked.

    Returns:
        The venv's ``bin`` folder.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    python = root / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    here = Path(sysconfig.get_path("purelib")).resolve()
    for dist in closure(requirements(wheel)).values():
        origin = Path(dist.locate_file("")).resolve()
        if origin != here:
            raise AssertionError(f"{dist.metadata['Name']} is not in {here} but {origin}")
        tops = {Path(f).parts[0] for f in dist.files or () if Path(f).parts[0] != ".."}
        for top in tops:
            src, dst = origin / top, site / top
            if dst.exists() or dst.is_symlink():
                continue  # a folder shared by two distributions (namespace package)
            if src.is_dir():
                shutil.copytree(src, dst, symlinks=True, copy_function=_link)
            elif src.exists():
                _link(src, dst)
        for ep in dist.entry_points.select(group="console_scripts"):
            script = root / "bin" / ep.name
            script.write_text(
                f"#!{python}\nimport sys\nfrom importlib.metadata import EntryPoint\n"
                f"sys.exit(EntryPoint({ep.name!r}, {ep.value!r}, 'console_scripts').load()())\n",
                encoding="utf-8",
            )
            script.chmod(0o755)
    return root / "bin"


def fresh_env(bin_dir: Path) -> dict[str, str]:
    """The environment of a command run in the venv: its bin first, no workbook override."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAMTRAIN_", "PYTHON"))}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join([str(bin_dir), "/usr/bin", "/bin"])
    return env
