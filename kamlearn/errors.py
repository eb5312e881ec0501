"""Specific exceptions raised by the library.

Only :mod:`kamtrain.cli` turns them into messages and exit codes; library code raises
them with a message that names the file, cell or field at fault and says what to do.
"""

from __future__ import annotations


class KamtrainError(Exception):
    """Base class of every error kamtrain reports to its users."""

    #: The CLI command to suggest in "Try `kamtrain X --help`".
    command: str | None = None


class DataFileError(KamtrainError):
    """A data file (rubric YAML, case file, CSV) is malformed or has the wrong schema."""

    def __init__(self, path, problem: str, field: str | None = None):
        self.path = path
        self.field = field
        self.problem = problem
        where = f"{path}" + (f", field '{field}'" if field else "")
        super().__init__(f"{where}: {problem}")


class SchemaVersionError(DataFileError):
    """A data file's ``schema_version`` is missing, too old or too new."""


class LearnersFileError(DataFileError):
    """A row of ``learners.csv`` is invalid."""


class CohortError(KamtrainError):
    """A cohort directory is missing, incomplete or inconsistent."""

    command = "cohort"


class GradingError(KamtrainError):
    """Grading could not run at all (as opposed to one submission failing)."""

    command = "grade"


class MissingExtraError(KamtrainError):
    """A feature needs an optional dependency (``pip install 'kamtrain[EXTRA]'``)."""

    def __init__(self, feature: str, extra: str, module: str):
        self.feature = feature
        self.extra = extra
        self.module = module
        super().__init__(
            f"{feature} needs {module}, which is not installed: "
            f"run `pip install 'kamtrain[{extra}]'` (or `make install`, which installs every extra)."
        )


class EnvironmentMismatchError(GradingError):
    """The grader's environment differs from the one the learners' notebooks were made with.

    Per-learner data come from numpy's seeded random streams: another numpy may draw other
    data, and the expected answers would silently stop matching what learners saw.
    """


class NbgraderActionError(KamtrainError):
    """An nbgrader API action returned ``success: False``."""

    def __init__(self, action: str, error: str, log: str = ""):
        self.action = action
        self.error = error
        self.log = log
        detail = (error or "").strip().splitlines()[-1:] or ["no detail"]
        super().__init__(f"nbgrader {action} failed: {detail[0]}")


class UnknownIdError(KamtrainError):
    """An id (block, competency, criterion, learner, assignment) does not exist."""

    def __init__(self, kind: str, value: str, known=()):
        self.kind = kind
        self.value = value
        hint = ""
        known = list(known)
        if known:
            shown = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")
            hint = f" Known values: {shown}."
        super().__init__(f"Unknown {kind} '{value}'.{hint}")


class SimulationError(KamtrainError):
    """A role-play simulator (negotiation, interview, pitch, leadership) cannot proceed."""


class InvalidMoveError(SimulationError):
    """A simulator move is not allowed now; the message is French, for the learner.

    The engine raises it *before* changing anything, so the simulation's state is the
    same as before the move.
    """

    def __init__(self, message_fr: str, move: str | None = None):
        self.message_fr = message_fr
        self.move = move
        super().__init__(message_fr)


class JuryError(KamtrainError):
    """A jury action (assess, submit, reconcile, decide) cannot be carried out."""

    command = "jury"


class InvalidLevelError(JuryError):
    """A level is outside the scale of ``rubrics/levels.yml``."""

    def __init__(self, level, scale=()):
        self.level = level
        self.scale = tuple(scale)
        allowed = ", ".join(str(v) for v in self.scale)
        super().__init__(f"Level {level!r} is outside the scale; allowed levels: {allowed}.")


class ConcurrentEditError(JuryError):
    """Someone else wrote the same grade (or held the database) at the same time.

    Nothing of the rejected write is stored; the earlier writes are all kept.
    """


class NotAMemberError(JuryError):
    """A name that is not a member of the session (or lacks the role) tried to act."""


class ClosedSessionError(JuryError):
    """A write names a jury session that is closed and sealed."""


class OutsideEpreuveError(JuryError):
    """A level for a criterion was given outside a sitting of that criterion's épreuve
    (the candidate did not sit it in the session, or the level names another épreuve)."""


class MissingGradesError(JuryError):
    """A decision was requested while some criteria have no final jury level."""

    def __init__(self, missing):
        self.missing = tuple(missing)
        shown = "; ".join(self.missing[:15]) + (" ..." if len(self.missing) > 15 else "")
        super().__init__(
            f"Cannot decide: {len(self.missing)} criterion level(s) missing or unreconciled: "
            f"{shown}. Assess and submit them (or reconcile), or pass --allow-autograde."
        )


class RegenerateConflictError(CohortError):
    """Regenerating would add or remove graded cells of notebooks that have submissions.

    nbgrader refuses such changes once learners have submitted; nothing was written.
    """

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__(
            "cannot regenerate: "
            + "; ".join(self.problems)
            + ". Keep the grade_id of every graded cell once learners have submitted "
            "(edit the cells' text instead), or start a new session with "
            "`kamtrain cohort create NEW --from OLD`."
        )


class RegenerateIntegrityError(CohortError):
    """A folder or gradebook row regenerating must never touch has changed."""

    def __init__(self, changed, backup=None):
        self.changed = tuple(changed)
        self.backup = backup
        hint = f" The gradebook was backed up first to {backup}." if backup else ""
        super().__init__(f"regenerating changed protected data: {', '.join(self.changed)}.{hint}")


class CohortLockedError(CohortError):
    """Another command holds the cohort's lock (see :mod:`kamtrain.cohort.lock`)."""

    def __init__(self, course_dir, command: str, holder=None, waited: float = 0.0):
        self.course_dir = course_dir
        self.holder = holder
        self.waited = waited
        self.command = command.split()[0] if command else None
        who = "another command (no holder record)" if holder is None else holder.describe()
        super().__init__(
            f"cannot run `kamtrain {command}`: cohort {course_dir} is busy. {who} holds its "
            f"lock (waited {waited:g} s). Wait for it to finish, or run again with "
            "--wait SECONDS to wait longer; nothing was changed."
        )


class DiskFullError(KamtrainError):
    """A folder's disk is full: the command stopped before writing anything half-way."""

    def __init__(self, folder, what: str):
        self.folder = folder
        self.what = what
        super().__init__(
            f"no space left on the disk holding {folder} ({what}). Nothing was half-written: "
            "free some space there (or move the cohort to a larger disk) and run the command again."
        )


class RestoreRefusedError(GradingError):
    """A restore would drop jury records made since the backup and --force was not given."""

    command = "backups"


class EpreuveError(KamtrainError):
    """A certification épreuve cannot be prepared, sat or recorded as asked."""

    command = "epreuve"


class SubmissionRefusedError(EpreuveError):
    """Work handed in for an épreuve (dossier, slides, prototype) is missing or unreadable.

    Nothing was stored; the message names the file and says what to hand in instead.
    """


class SimilarityError(KamtrainError):
    """Copy detection cannot run as asked (for instance a threshold outside 0–1)."""

    command = "similarity"


class RegenerateRolledBackError(CohortError):
    """Regenerating failed after it began to write; everything was put back as it was."""

    def __init__(self, cause: Exception, restored=()):
        self.cause = cause
        self.restored = tuple(restored)
        super().__init__(
            f"{cause} Regenerating was rolled back: {', '.join(self.restored) or 'nothing'} "
            "put back as they were; submissions, grades and jury records were kept."
        )
