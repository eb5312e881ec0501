"""kamlearn: the learner side of kamtrain.

What a learner's kernel may import: case data and context, display helpers, the
simulators' practice engines and widgets, self-checks and the grading hand-out. It never
imports :mod:`kamtrain` (the trainer side: expected answers, checks, grading, jury), and
the grading sandbox hides that package from the kernel.

Importing ``kamlearn`` loads nothing heavy (no pandas, nbformat or widgets).
"""

__version__ = "0.1.0"
