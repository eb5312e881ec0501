"""Following a cohort's progress: who submitted what, scores by competency and criterion.

:mod:`~kamtrain.progress.collect` gathers the data (a frozen :class:`ProgressReport`),
:mod:`~kamtrain.progress.plots` draws it, :mod:`~kamtrain.progress.render` writes text,
JSON and HTML, :mod:`~kamtrain.progress.notebook` writes the trainer's notebook.
"""
