"""One exclusive lock per cohort, held by every command that writes to it.

``grade``, ``cohort generate|regenerate|personalise``, ``feedback``, ``backups --restore``
and the jury's writes each run inside :func:`cohort_lock`. A second command waits up to
a limit, then stops with :class:`~kamlearn.errors.CohortLockedError`, which names the
command holding the lock, since when, and its process id.

The lock is ``flock`` on ``<DIR>/.kamtrain/lock``: the kernel releases it when its holder
dies, whatever the death. Beside it, ``lock.json`` records who holds it. A record left by
a process that no longer runs is a stale lock: it is taken over, and the message says so.

The lock is re-entrant within one process (grading backs up the gradebook under the lock
it already holds) and is not inherited by forked children (grading's workers).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from kamlearn.errors import CohortLockedError, DiskFullError

LOCK_DIR = ".kamtrain"
LOCK_FILE = "lock"
HOLDER_FILE = "lock.json"
#: Seconds a command waits for a busy cohort before it stops (``--wait`` changes it).
DEFAULT_WAIT = 10.0
_POLL = 0.2

log = logging.getLogger("kamtrain.lock")
_wait_limit: ContextVar[float | None] = ContextVar("kamtrain_lock_wait", default=None)
#: resolved cohort folder -> [open lock file descriptor, depth] of the locks this process holds.
_held: dict[Path, list[int]] = {}
_fork_hook = False


@dataclass(frozen=True)
class Holder:
    """Who holds a cohort's lock (``lock.json``)."""

    command: str
    pid: int
    since: str
    host: str
    argv: str = ""

    def describe(self) -> str:
        return f"`kamtrain {self.command}` (pid {self.pid} on {self.host}, since {self.since})"


@contextlib.contextmanager
def wait_limit(seconds: float | None) -> Iterator[None]:
    """Within this block, commands wait up to ``seconds`` for a busy cohort (the CLI's --wait)."""
    token = _wait_limit.set(seconds)
    try:
        yield
    finally:
        _wait_limit.reset(token)


def _effective_wait(wait: float | None) -> float:
    if wait is not None:
        return max(0.0, float(wait))
    if _wait_limit.get() is not None:
        return max(0.0, float(_wait_limit.get()))
    env = os.environ.get("KAMTRAIN_LOCK_WAIT")
    if env:
        try:
            return max(0.0, float(env))
        except ValueError:
            pass
    return DEFAULT_WAIT


def read_holder(course_dir: Path) -> Holder | None:
    """The holder record of a cohort, or None (no record, or an unreadable one)."""
    path = Path(course_dir) / LOCK_DIR / HOLDER_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(**{k: data[k] for k in ("command", "pid", "since", "host")},
                      argv=data.get("argv", ""))  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (dead, not yet reaped) counts as dead.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _write_holder(folder: Path, holder: Holder) -> None:
    tmp = folder / f"{HOLDER_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(asdict(holder), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder / HOLDER_FILE)
    finally:
        tmp.unlink(missing_ok=True)


def _forget_in_child() -> None:
    # A forked child (a grading worker) must not keep the parent's lock alive.
    for fd, _depth in _held.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


@contextlib.contextmanager
def cohort_lock(course_dir: Path, *, command: str, wait: float | None = None) -> Iterator[Holder]:
    """Hold the cohort's exclusive lock for the block.

    Args:
        course_dir: the cohort folder.
        command: what is running, for the message of a second command (e.g. "grade").
        wait: seconds to wait for a busy cohort; default: the CLI's ``--wait``, else
            ``$KAMTRAIN_LOCK_WAIT``, else :data:`DEFAULT_WAIT`.

    Raises:
        CohortLockedError: another command still held the lock when the wait ended.
    """
    global _fork_hook
    course_dir = Path(course_dir).resolve()
    if course_dir in _held:
        _held[course_dir][1] += 1
        try:
            yield read_holder(course_dir)
        finally:
            _held[course_dir][1] -= 1
        return
    if not _fork_hook:
        os.register_at_fork(after_in_child=_forget_in_child)
        _fork_hook = True
    folder = course_dir / LOCK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        _acquire(fd, course_dir, command, _effective_wait(wait))
        stale = read_holder(course_dir)
        if stale is not None and stale.pid != os.getpid():
            log.warning(
                "Took over a stale lock of %s: %s is no longer running.",
                course_dir,
                stale.describe(),
            )
        holder = Holder(
            command=command,
            pid=os.getpid(),
            since=datetime.now(UTC).isoformat(timespec="seconds"),
            host=socket.gethostname(),
            argv=" ".join(sys.argv),
        )
        try:
            _write_holder(folder, holder)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFullError(folder, f"recording that `kamtrain {command}` runs") from None
            raise
        _held[course_dir] = [fd, 1]
    except BaseException:
        os.close(fd)
        raise
    try:
        yield holder
    finally:
        _held.pop(course_dir, None)
        with contextlib.suppress(OSError):
            (folder / HOLDER_FILE).unlink()
        os.close(fd)  # releases the flock


def _acquire(fd: int, course_dir: Path, command: str, wait: float) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = read_holder(course_dir)
        if time.monotonic() >= deadline:
            raise CohortLockedError(course_dir, command, holder, wait)
        if not told:
            who = holder.describe() if holder else "another command"
            log.warning("%s is busy: %s holds it; waiting up to %g s.", course_dir, who, wait)
            told = True
        time.sleep(_POLL)


def locked(command: str):
    """Decorate a keyword-only library function taking ``course_dir``: run it under the lock."""
    import functools

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with cohort_lock(kwargs["course_dir"], command=command):
                return func(*args, **kwargs)

        return wrapper

    return decorate
