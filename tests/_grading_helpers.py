"""Helpers of the grading tests: a tiny workbook, a cohort, a PostgreSQL server.

Kept out of conftest.py so that the fixtures there stay short. Nothing runs at import.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KAMTRAIN = Path(sys.executable).parent / "kamtrain"
ASSIGNMENT = "bloc1"
NOTEBOOK = "c6_satisfaction"


def tiny_home(root: Path) -> Path:
    """A KAMTRAIN_HOME with one notebook, so tests do not depend on the growing workbook."""
    home = root / "home"
    (home / "notebooks" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy2(
        REPO / "notebooks" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", home / "notebooks" / ASSIGNMENT
    )
    for name in ("rubrics", "cases"):
        (home / name).symlink_to(REPO / name)
    return home


@contextlib.contextmanager
def home_env(home: Path):
    old = os.environ.get("KAMTRAIN_HOME")
    os.environ["KAMTRAIN_HOME"] = str(home)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("KAMTRAIN_HOME", None)
        else:
            os.environ["KAMTRAIN_HOME"] = old


def learner_id(profile: str) -> str:
    return "p-" + profile.replace("_", "-")


def build_cohort(
    root: Path, home: Path, profiles: list[str], *, db_url: str | None = None, name: str = "essai"
) -> Path:
    """Create and generate a cohort in ``root/cohort`` with one learner per profile."""
    from kamtrain.cohort.create import create_cohort
    from kamtrain.cohort.generate import generate_cohort
    from kamtrain.cohort.learners import Learner, write_learners
    from kamtrain.demo.simulate import make_submission

    learners = [
        Learner(learner_id(p), "Camille", f"Testeur{i}", f"apprenant{i}@example.org")
        for i, p in enumerate(profiles)
    ]
    csv = root / "learners.csv"
    write_learners(csv, learners)
    course_dir = root / "cohort"
    with home_env(home):
        create_cohort(
            course_dir=course_dir,
            name=name,
            learners_csv=csv,
            db_url=db_url,
            assignments=(ASSIGNMENT,),
        )
        generate_cohort(course_dir=course_dir)
        for learner, profile in zip(learners, profiles, strict=True):
            make_submission(
                course_dir=course_dir, learner=learner.id, assignment=ASSIGNMENT, profile=profile
            )
    return course_dir


def run_kamtrain(
    args: list[str], *, home: Path, cwd: Path, timeout: int = 600
) -> subprocess.CompletedProcess:
    env = dict(os.environ, KAMTRAIN_HOME=str(home))
    return subprocess.run(
        [str(KAMTRAIN), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def folder_digest(course_dir: Path, parts: tuple[str, ...]) -> dict[str, str]:
    """relative path -> sha256 of every file under ``parts`` of the course folder."""
    out = {}
    for part in parts:
        base = course_dir / part
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            if path.is_file():
                out[path.relative_to(course_dir).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return out


def auto_max_points(source_notebook: Path) -> float:
    import nbformat

    nb = nbformat.read(source_notebook, as_version=4)
    return sum(
        float(c.metadata["nbgrader"].get("points", 0))
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
    )


# --- PostgreSQL --------------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresUnavailable(RuntimeError):
    pass


@contextlib.contextmanager
def postgres_server(root: Path):
    """Start a throw-away PostgreSQL server; yield a database URL; stop it.

    Runs as the ``postgres`` user when the tests run as root (initdb refuses root).
    Raises PostgresUnavailable with the reason when the server cannot start.
    """
    bin_dir = _pg_bin()
    if bin_dir is None:
        raise PostgresUnavailable(
            "initdb not found (install Debian's 'postgresql' package; .ci/run does)"
        )
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        # initdb refuses to run as root. The server's folder lives directly under /tmp,
        # owned by postgres: pytest keeps its own temporary folders private (0700).
        runuser = shutil.which("runuser")
        if runuser is None:
            raise PostgresUnavailable("running as root and 'runuser' is missing")
        prefix = [runuser, "-u", "postgres", "--"]
        root = Path(tempfile.mkdtemp(prefix="kamtrain-pg-"))
        try:
            shutil.chown(root, "postgres", "postgres")
        except (LookupError, OSError) as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise PostgresUnavailable(
                f"no 'postgres' system user to run the server as: {exc}"
            ) from exc
    data = root / "pgdata"
    sock = root / "pgsock"
    port = _free_port()
    log = root / "server.log"

    def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
        return subprocess.run(prefix + cmd, capture_output=True, text=True, timeout=120, **kw)

    run(["mkdir", "-p", str(sock)])
    done = run(
        [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]
    )
    if done.returncode:
        raise PostgresUnavailable(f"initdb failed: {done.stderr.strip()[-300:]}")
    log_target = str(log)
    options = f"-k {sock} -h 127.0.0.1 -p {port} -F"
    done = run(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            log_target,
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ]
    )
    if done.returncode:
        detail = (
            Path(log_target).read_text(errors="replace")[-400:]
            if Path(log_target).exists()
            else done.stderr
        )
        raise PostgresUnavailable(f"pg_ctl start failed: {detail.strip()}")
    try:
        url_base = f"postgresql://postgres@127.0.0.1:{port}"
        deadline = time.time() + 30
        while True:
            done = run(
                [
                    str(bin_dir / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "gradebook",
                ]
            )
            if done.returncode == 0:
                break
            if time.time() > deadline:
                raise PostgresUnavailable(f"createdb failed: {done.stderr.strip()[-300:]}")
            time.sleep(0.5)
        yield f"{url_base}/gradebook", bin_dir
    finally:
        run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        if as_root:
            shutil.rmtree(root, ignore_errors=True)


def clone_database(url: str, name: str) -> str:
    """``CREATE DATABASE name TEMPLATE <url's database>``; return the new database's URL.

    PostgreSQL copies a database only while no one is connected to it: leftover
    connections to the template (pooled by an earlier test) are ended first.
    """
    import psycopg2

    base, _, template = url.rpartition("/")
    dsn = base.split("://", 1)[1]
    user, _, hostport = dsn.rpartition("@")
    host, _, port = hostport.partition(":")
    con = psycopg2.connect(host=host, port=port, user=user or "postgres", dbname="postgres")
    con.autocommit = True
    try:
        with con.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (template,),
            )
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        con.close()
    return f"{base}/{name}"


def table_rows(db_url: str, tables=None, prefix: str = "kamtrain_") -> dict[str, list[str]]:
    """Every row of ``tables`` and of the tables named ``prefix*``, sorted, as text.

    Works on SQLite and PostgreSQL alike (SQLAlchemy), so a test compares a gradebook
    before and after a command whatever its database.
    """
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        names = [
            t
            for t in sa.inspect(engine).get_table_names()
            if t in (tables or ()) or t.startswith(prefix)
        ]
        with engine.connect() as conn:
            return {
                t: sorted(map(repr, conn.execute(sa.text(f'SELECT * FROM "{t}"')))) for t in names
            }
    finally:
        engine.dispose()
