"""nbgrader's API for one course directory: its config, ``NbGraderAPI`` and checked actions.

``NbGraderAPI`` actions return ``{"success", "error", "log"}`` instead of raising:
:func:`run_action` checks them and raises :class:`NbgraderActionError`. Creating a
gradebook runs ``alembic`` in a subprocess, so the interpreter's ``bin`` folder is put
on ``PATH`` first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kamlearn.errors import NbgraderActionError

#: The file plain ``nbgrader`` commands read in a course directory.
NBGRADER_CONFIG = "nbgrader_config.py"

#: nbgrader's stubs, in French: what learners find where a solution was removed. A learner
#: who runs the code stub as it is reads a French message, and the cell still fails, so the
#: checks after it fail closed (the answer's variable is never defined).
STUB_MESSAGE = "À vous : remplacez ces deux lignes par votre code, puis exécutez la cellule."
CODE_STUB = {"python": f"# VOTRE CODE ICI\nraise NotImplementedError({STUB_MESSAGE!r})"}
TEXT_STUB = "VOTRE RÉPONSE ICI"


def ensure_venv_on_path() -> None:
    bin_dir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bin_dir not in parts:
        os.environ["PATH"] = os.pathsep.join([bin_dir, *parts])


def sqlite_url(course_dir: Path) -> str:
    return f"sqlite:///{(Path(course_dir) / 'gradebook.db').resolve()}"


def gradebook_url(db_url: str) -> str:
    """The SQLAlchemy URL for a gradebook URL a trainer typed.

    SQLAlchemy 2.1 reads a bare ``postgresql://`` as psycopg 3, which kamtrain does not
    install; its dependency is psycopg2, so the driver is named explicitly.
    """
    if db_url.startswith(("postgresql", "postgres://")):
        import importlib.util

        if importlib.util.find_spec("psycopg") is None:
            if importlib.util.find_spec("psycopg2") is None:
                from kamlearn.errors import MissingExtraError

                raise MissingExtraError("A PostgreSQL database", "postgres", "psycopg2")
            if db_url.startswith(("postgresql://", "postgres://")):
                return "postgresql+psycopg2://" + db_url.split("://", 1)[1]
    return db_url


def nbgrader_config(course_dir: Path, *, course_id: str, db_url: str, extra: dict | None = None):
    """A traitlets Config for the course directory (what nbgrader_config.py also says)."""
    from traitlets.config import Config

    course_dir = Path(course_dir).resolve()
    config = Config()
    config.CourseDirectory.root = str(course_dir)
    config.CourseDirectory.course_id = course_id
    config.CourseDirectory.db_url = db_url
    config.Exchange.root = str(course_dir / "exchange")
    config.Exchange.path_includes_course = True
    config.NbGraderAPI.log_level = "WARN"
    config.ClearSolutions.code_stub = dict(CODE_STUB)
    config.ClearSolutions.text_stub = TEXT_STUB
    for section, values in (extra or {}).items():
        for key, value in values.items():
            setattr(getattr(config, section), key, value)
    return config


def write_nbgrader_config(course_dir: Path, *, course_id: str, db_url: str) -> Path:
    """Write ``nbgrader_config.py`` so that plain ``nbgrader`` commands work in DIR.

    Paths are computed from the file's own location, so the folder can be copied or moved:
    a SQLite ``db_url`` with a relative path (``sqlite:///gradebook.db``, see
    :func:`kamtrain.cohort.config.portable_db_url`) is read relative to the file's folder.
    """
    course_dir = Path(course_dir).resolve()
    if db_url.startswith("sqlite:///") and not Path(db_url[len("sqlite:///") :]).is_absolute():
        url = f'"sqlite:///" + os.path.join(here, {db_url[len("sqlite:///") :]!r})'
    else:
        url = repr(db_url)
    text = (
        "# Written by kamtrain; plain `nbgrader` commands run from this folder use it.\n"
        "# Paths are relative to this file's folder: the cohort can be copied or moved.\n"
        "import os\n\n"
        "here = os.path.dirname(os.path.abspath(__file__))\n"
        "c = get_config()  # noqa: F821\n"
        "c.CourseDirectory.root = here\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n"
        f"c.CourseDirectory.db_url = {url}\n"
        'c.Exchange.root = os.path.join(here, "exchange")\n'
        "c.Exchange.path_includes_course = True\n"
        "# French stubs where solutions are removed\n"
        f"c.ClearSolutions.code_stub = {CODE_STUB!r}\n"
        f"c.ClearSolutions.text_stub = {TEXT_STUB!r}\n"
    )
    path = course_dir / NBGRADER_CONFIG
    path.write_text(text, encoding="utf-8")
    return path


def make_api(course_dir: Path, *, course_id: str, db_url: str, extra: dict | None = None):
    ensure_venv_on_path()
    from nbgrader.apps import NbGraderAPI

    config = nbgrader_config(course_dir, course_id=course_id, db_url=db_url, extra=extra)
    return NbGraderAPI(config=config)


def run_action(action: str, result: dict) -> dict:
    """Raise unless an NbGraderAPI action succeeded."""
    if not result.get("success"):
        raise NbgraderActionError(action, result.get("error", ""), result.get("log", ""))
    return result
