"""The jury's tables, beside nbgrader's in the cohort's gradebook database.

Table names start with ``kamtrain_`` so they never clash with nbgrader's. Every row of
every table is written together with one line of the hash-chained audit log
(:mod:`kamtrain.jury.chain`) naming the table, the row id and the hash of the row's content,
so ``kamtrain jury verify`` can tell an edited, inserted or deleted row from a genuine one.

Assessment and reconciliation rows are append-only, versioned per (learner, criterion,
assessor, session); the unique constraints turn two racing writers into a clear error.
A session's candidates are registered per épreuve (``epreuve`` is ``""`` when the session
has no épreuves) with a status, ``present`` or ``absent``.
"""

from __future__ import annotations

import sqlalchemy as sa

#: Version of the jury tables' layout; stored in ``kamtrain_jury_meta``.
SCHEMA_VERSION = 2

metadata = sa.MetaData()

jury_meta = sa.Table(
    "kamtrain_jury_meta",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
sessions = sa.Table(
    "kamtrain_jury_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("place", sa.String(200), nullable=False),
    sa.Column("president", sa.String(200), nullable=False),
    sa.Column("corrects", sa.String(100), nullable=True),  # the closed session it corrects
    sa.Column("rules_yaml", sa.Text, nullable=False),  # frozen copy of rubrics/rules.yml
    sa.Column("rules_sha256", sa.String(64), nullable=False),
    sa.Column("referential_sha256", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)
members = sa.Table(
    "kamtrain_session_members",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session", sa.String(100), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_key", sa.String(200), nullable=False),  # normalised, see names.py
    sa.Column("role", sa.String(40), nullable=False),
    sa.Column("organisation", sa.String(200), nullable=False),
    sa.Column("designated", sa.Boolean, nullable=False),  # may reconcile for the president
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("session", "name_key", name="uq_kamtrain_member"),
)
candidates = sa.Table(
    "kamtrain_session_candidates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session", sa.String(100), nullable=False),
    sa.Column("learner", sa.String(128), nullable=False),
    sa.Column("epreuve", sa.String(100), nullable=False, default=""),
    sa.Column("status", sa.String(10), nullable=False),  # "present" or "absent"
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("session", "learner", "epreuve", name="uq_kamtrain_candidate"),
)
assessments = sa.Table(
    "kamtrain_assessments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("learner", sa.String(128), nullable=False),
    sa.Column("criterion", sa.String(20), nullable=False),
    sa.Column("assessor", sa.String(200), nullable=False),
    sa.Column("session", sa.String(100), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("submitted", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.UniqueConstraint(
        "learner", "criterion", "assessor", "session", "version", name="uq_kamtrain_assessment"
    ),
)
reconciliations = sa.Table(
    "kamtrain_reconciliations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("learner", sa.String(128), nullable=False),
    sa.Column("criterion", sa.String(20), nullable=False),
    sa.Column("session", sa.String(100), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("learner", "criterion", "session", "version", name="uq_kamtrain_recon"),
)
vae_candidates = sa.Table(
    "kamtrain_vae_candidates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("learner", sa.String(128), nullable=False),
    sa.Column("session", sa.String(100), nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),  # path of the stored copy, cohort-relative
    sa.Column("original_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)
decisions = sa.Table(
    "kamtrain_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session", sa.String(100), nullable=False),
    sa.Column("learner", sa.String(128), nullable=False),
    sa.Column("decision_json", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("session", "learner", name="uq_kamtrain_decision"),
)
#: Who sat which épreuve in a session, in which sitting (pair, group or alone). A new plan
#: of the same épreuve appends rows with the next ``plan`` number; the latest one counts.
sittings = sa.Table(
    "kamtrain_epreuve_sittings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session", sa.String(100), nullable=False),
    sa.Column("epreuve", sa.String(20), nullable=False),
    sa.Column("plan", sa.Integer, nullable=False),
    sa.Column("sitting", sa.Integer, nullable=False),
    sa.Column("learner", sa.String(128), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("session", "epreuve", "plan", "learner", name="uq_kamtrain_sitting"),
)
#: Files handed in for an épreuve (C2 dossier, slides, prototype): one row per stored file,
#: so that a file or its manifest changed later is named by ``jury verify``.
handins = sa.Table(
    "kamtrain_epreuve_handins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("epreuve", sa.String(20), nullable=False),
    sa.Column("owner", sa.String(128), nullable=False),  # learner id or "_groupe-N"
    sa.Column("item", sa.String(40), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("stored", sa.String(500), nullable=False),  # relative to the cohort folder
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("received_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("stored", name="uq_kamtrain_handin_file"),
)
seals = sa.Table(
    "kamtrain_session_seals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session", sa.String(100), nullable=False, unique=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("closed_at", sa.String(40), nullable=False),
)
audit_log = sa.Table(
    "kamtrain_audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("learner", sa.String(128), nullable=False, default=""),
    sa.Column("criterion", sa.String(20), nullable=False, default=""),
    sa.Column("session", sa.String(100), nullable=False, default=""),
    sa.Column("before_json", sa.Text, nullable=True),
    sa.Column("after_json", sa.Text, nullable=True),
    # What the line is about: a row of a jury table, and the hash of its content after.
    sa.Column("tbl", sa.String(60), nullable=False, default=""),
    sa.Column("row_id", sa.Integer, nullable=True),
    sa.Column("row_sha", sa.String(64), nullable=False, default=""),
    # The chain: each line holds the hash of the previous one (unique: no fork).
    sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("hash", sa.String(64), nullable=False),
)

#: The tables whose rows the audit log vouches for, in the order verify reads them.
RECORD_TABLES = (
    sessions,
    members,
    candidates,
    assessments,
    reconciliations,
    vae_candidates,
    sittings,
    handins,
    decisions,
    seals,
)
