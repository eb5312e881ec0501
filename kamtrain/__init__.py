"""kamtrain: a Jupyter training and certification workbook for key account managers.

The package is imported inside learners' kernels, so it must stay light: importing
``kamtrain`` loads nothing heavy (no pandas, nbformat or nbgrader). Heavy modules are
imported by the submodules that need them.
"""

__version__ = "0.1.0"
