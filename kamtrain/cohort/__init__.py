"""Cohorts: nbgrader course directories built from the workbook.

``create`` makes the course directory, its gradebook and its learners; ``generate``
parameterises the workbook's notebooks with papermill into ``source/`` and runs
nbgrader's ``generate_assignment`` into ``release/``.
"""
