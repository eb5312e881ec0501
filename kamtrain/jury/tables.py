"""The jury's tables, beside nbgrader's in the cohort's gradebook database.

Table names start with ``kamtrain_`` so they never clash with nbgrader's. Assessment and
reconciliation rows are append-only, versioned per (learner, criterion, assessor,
session); the unique constraints are what turns two racing writers into a clear error.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

assessors = sa.Table(
    "kamtrain_assessors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
)
sessions = sa.Table(
    "kamtrain_jury_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("members", sa.Text, nullable=False),  # JSON list
    sa.Column("resit", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
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
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)
audit_log = sa.Table(
    "kamtrain_audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("learner", sa.String(128), nullable=False, default=""),
    sa.Column("criterion", sa.String(20), nullable=False, default=""),
    sa.Column("session", sa.String(100), nullable=False, default=""),
    sa.Column("before_json", sa.Text, nullable=True),
    sa.Column("after_json", sa.Text, nullable=True),
)
