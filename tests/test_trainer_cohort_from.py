"""``kamtrain cohort create NEW --from OLD``: a new session with an earlier one's settings."""

from __future__ import annotations

import nbformat
from conftest import TRAINER_NOTEBOOK, fake_graded_submission

from kamtrain.cli import main
from kamtrain.cohort.config import config_path, read_config


def test_new_session_takes_settings_not_work(trainer_cohort, tmp_path, capsys):
    old = trainer_cohort.course
    text = config_path(old).read_text(encoding="utf-8").replace("seed_salt: ''", "seed_salt: v2")
    config_path(old).write_text(text, encoding="utf-8")
    fake_graded_submission(old, "alice")
    new = tmp_path / "session-b"
    assert main(["cohort", "create", str(new), "--from", str(old), "--name", "session-b"]) == 0
    config = read_config(new)
    assert config.name == "session-b" and config.seed_salt == "v2"
    assert config.assignments == read_config(old).assignments
    assert config.db_url.endswith(f"{new.name}/gradebook.db")
    assert (new / "learners.csv").read_bytes() == (old / "learners.csv").read_bytes()
    assert not any((new / "submitted").iterdir())
    assert main(["cohort", "generate", str(new)]) == 0
    nb = nbformat.read(new / "source" / "bloc1" / f"{TRAINER_NOTEBOOK}.ipynb", 4)
    assert nb.metadata["kamtrain"]["generation"]["seed"] == "session-b/v2"
    from nbgrader.api import Gradebook

    with Gradebook(config.db_url, course_id="session-b") as gb:
        assert gb.find_assignment("bloc1").num_submissions == 0
        assert sorted(s.id for s in gb.students) == ["alice", "bruno", "chloe"]


def test_new_session_errors_are_clear(trainer_cohort, tmp_path, capsys):
    old = trainer_cohort.course
    new = tmp_path / "next"
    assert main(["cohort", "create", str(new), "--from", str(old), "--name", "session-a"]) == 1
    assert "name other than 'session-a'" in capsys.readouterr().err
    text = config_path(old).read_text(encoding="utf-8")
    config_path(old).write_text(
        text.replace("sqlite:///gradebook.db", "postgresql://kam@localhost/session_a"), "utf-8"
    )
    assert main(["cohort", "create", str(new), "--from", str(old), "--name", "b"]) == 1
    assert "pass --db-url" in capsys.readouterr().err
    assert main(["cohort", "create", str(new), "--name", "b"]) == 1
    assert "--learners is required" in capsys.readouterr().err
    assert not new.exists()
