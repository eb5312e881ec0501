"""Feedback for learners: one French HTML page per learner and assignment.

:mod:`.collect` reads the gradebook and the autograded notebooks into typed records
that hold only what a learner may see (scores and explanations, the jury's comments);
:mod:`.render` writes them with ``templates/feedback.html.j2``.
"""
