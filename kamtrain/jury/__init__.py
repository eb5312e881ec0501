"""The jury: criterion-level grading, double marking, agreement and decisions.

Levels given by named assessors are appended to our own tables in the cohort's gradebook
database (:mod:`kamtrain.jury.store`); nothing is ever overwritten. Decisions are pure
functions of the rules in ``rubrics/rules.yml`` (:mod:`kamtrain.jury.decisions`). The
keyword-only API used by the CLI and the grid widget lives in :mod:`kamtrain.jury.api`.
"""
