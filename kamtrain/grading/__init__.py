"""Grading a cohort: one visible pipeline of small steps (see :mod:`.pipeline`).

discover → back up the gradebook → inspect and stage → execute in parallel, isolated →
record serially with nbgrader → report.

Only the record step writes to the gradebook, and it runs in one process: SQLite does
not tolerate concurrent writers, and nbgrader's own bookkeeping (submissions, late
penalties, file copies, partial credit) is reused rather than rewritten, so scores are
those plain nbgrader would give.
"""
