"""Release kamtrain's feedback pages through nbgrader's exchange (JupyterHub cohorts).

nbgrader's ``release_feedback`` publishes every ``feedback/<learner>/<assignment>/*.html``,
including the pages of its own ``generate_feedback``, which show the hidden tests. Here only
``kamtrain-retour.html`` is published: once under the name nbgrader's ``fetch_feedback``
looks for for each notebook the learner submitted (an md5 of the submission's secret and
the notebook's name, :func:`nbgrader.utils.notebook_hash`). The learner then finds it in
``<assignment>/feedback/<timestamp>/<notebook>.html`` with the Assignments panel's
"Fetch feedback" button.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kamlearn.errors import CohortError
from kamtrain.feedback.render import FEEDBACK_FILE
from kamtrain.nbgrader_adapter.api import NBGRADER_CONFIG


@dataclass(frozen=True)
class ReleasedFeedback:
    learner: str
    assignment: str
    #: The notebooks the page was published for (the submission's notebooks).
    notebooks: tuple[str, ...]


def exchange_root(course_dir: Path) -> Path:
    """``c.Exchange.root`` as the cohort's ``nbgrader_config.py`` sets it (plain nbgrader's)."""
    from traitlets.config.loader import PyFileConfigLoader

    course_dir = Path(course_dir).resolve()
    if not (course_dir / NBGRADER_CONFIG).exists():
        raise CohortError(f"{course_dir / NBGRADER_CONFIG} is missing: is {course_dir} a cohort?")
    config = PyFileConfigLoader(NBGRADER_CONFIG, path=str(course_dir)).load_config()
    root = config.Exchange.get("root") if "Exchange" in config else None
    return Path(root) if root else course_dir / "exchange"


def release_feedback(
    *, course_dir: Path, course_id: str, assignment: str | None = None, learner: str | None = None
) -> list[ReleasedFeedback]:
    """Publish the written feedback pages in the exchange; return what was released.

    A learner without a collected submission (``submitted/<learner>/<assignment>/`` with
    nbgrader's ``submission_secret.txt``) is skipped: nbgrader's fetch could not find the page.
    """
    from kamtrain.nbgrader_adapter.exchange import notebook_hash

    course_dir = Path(course_dir).resolve()
    outbound = exchange_root(course_dir) / course_id / "feedback"
    outbound.mkdir(parents=True, exist_ok=True)
    outbound.chmod(0o755)
    released = []
    for page in sorted((course_dir / "feedback").glob(f"*/*/{FEEDBACK_FILE}")):
        who, what = page.parent.parent.name, page.parent.name
        if (learner and who != learner) or (assignment and what != assignment):
            continue
        submitted = course_dir / "submitted" / who / what
        secret_file = submitted / "submission_secret.txt"
        if not secret_file.is_file():
            continue
        secret = secret_file.read_text(encoding="utf-8")
        html = page.read_bytes()
        names = tuple(sorted(nb.stem for nb in submitted.glob("*.ipynb")))
        for name in names:
            digest = notebook_hash(secret=secret, notebook_id=name)
            tmp = outbound / f"{digest}-tmp.html"
            tmp.write_bytes(html)
            tmp.chmod(0o644)
            os.replace(tmp, outbound / f"{digest}.html")
        released.append(ReleasedFeedback(learner=who, assignment=what, notebooks=names))
    return released
