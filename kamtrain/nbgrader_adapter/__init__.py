"""The one adapter between kamtrain and nbgrader.

Everything kamtrain asks of nbgrader goes through this package, so that an nbgrader upgrade
is read and fixed in one place:

- :mod:`.api`: the course's traitlets config, ``NbGraderAPI`` and its checked actions
  (actions return ``{"success", "error", "log"}`` instead of raising; :func:`.api.run_action`
  raises :class:`~kamlearn.errors.NbgraderActionError`).
- :mod:`.gradebook`: opening the ``Gradebook`` and its ``MissingEntry``.
- :mod:`.cells`: nbgrader's cell metadata (``metadata["nbgrader"]``), its schema version
  taken from nbgrader itself, and the cell roles nbgrader records.
- :mod:`.preprocessors`: nbgrader's own sanitize and autograde preprocessor lists, with only
  ``Execute`` swapped for kamtrain's step, and the ``resources["nbgrader"]`` they read.

Nothing here imports the rest of kamtrain; nbgrader itself is imported lazily (it is slow).
"""
