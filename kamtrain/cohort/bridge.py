"""Moved to :mod:`kamtrain.nbgrader_adapter.api`.

Kept only until :mod:`kamtrain.grading` imports the adapter directly (its modules are
being reworked for the sandbox); nothing else may import this module.
"""

from kamtrain.nbgrader_adapter.api import (  # re-exported for kamtrain.grading only
    ensure_venv_on_path,
    make_api,
    run_action,
)

__all__ = ["ensure_venv_on_path", "make_api", "run_action"]
