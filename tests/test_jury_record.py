"""The jury's record holds: tampering is detected, closed sessions stay closed, past decisions
stay as sealed, resits decide their own candidates, codes cannot be recomputed, VAE evidence
is real. Each test reproduces a failure reported in issue 15 and shows it refused or detected.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
import subprocess

import pytest
from jury_support import (
    ASSESSOR_A,
    ASSESSOR_B,
    MEMBERS,
    PRESIDENT,
    fill,
    fill_both,
    make_cohort,
    open_session,
    seat_all,
    store_of,
)

import kamtrain.cli as cli
from kamlearn.errors import ClosedSessionError, JuryError, UnknownIdError
from kamtrain.jury import api, outcome
from kamtrain.jury.anonymity import KEY_FILE, cohort_codes
from kamtrain.jury.seal import close_session
from kamtrain.jury.sessions import (
    mark_absent,
    register_candidates,
    session_candidates,
)
from kamtrain.jury.vae import VAE_EPREUVE, register_vae
from kamtrain.jury.verify import verify


@pytest.fixture
def closed(tmp_path):
    """S1 with three candidates: alice awarded, bruno missing C8, chloe absent; closed."""
    course = make_cohort(tmp_path)
    open_session(course)
    fill_both(course, learner="alice", session="S1", default=3)
    fill_both(course, learner="bruno", session="S1", overrides={"C8.1": 0, "C8.2": 0})
    mark_absent(course_dir=course, session="S1", learner="chloe", who=PRESIDENT)
    seal = close_session(course_dir=course, session="S1", by=PRESIDENT)
    return course, seal


def sql(course, statement: str, *params) -> None:
    con = sqlite3.connect(course / "gradebook.db")
    with con:
        con.execute(statement, params)
    con.close()


def verify_cli(course, capsys, *extra) -> tuple[int, str]:
    code = cli.main(["jury", "verify", str(course), *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_untouched_record_verifies(closed, capsys):
    course, seal = closed
    code, out = verify_cli(course, capsys)
    assert code == 0 and "OK:" in out and "S1" in out


def test_a_sql_update_of_a_level_is_detected(closed, capsys):
    """Why: `UPDATE kamtrain_assessments SET level=3` turned a candidate into AWARDED."""
    course, seal = closed
    with store_of(course) as store:
        target = next(a for a in store.all_rows() if a.learner == "bruno" and a.criterion == "C8.1")
    sql(course, "UPDATE kamtrain_assessments SET level = 3 WHERE learner = 'bruno'")
    code, out = verify_cli(course, capsys)
    assert code == 1
    assert f"ALTERED: kamtrain_assessments row {target.id} (bruno C8.1 by " in out
    assert "level 3) was altered after audit line" in out
    assert f"SEAL: session S1 no longer matches its seal {seal.digest}" in out
    # The sealed decision does not move: bruno is still not certified.
    (bruno,) = outcome.decide(course_dir=course, session="S1", learners=("bruno",))
    assert not bruno.awarded


def test_a_deleted_or_inserted_audit_line_is_detected(closed, capsys):
    course, _seal = closed
    with store_of(course) as store:
        line = store.audit_lines()[10]
    sql(course, "DELETE FROM kamtrain_audit_log WHERE id = ?", line["id"])
    code, out = verify_cli(course, capsys)
    assert code == 1
    assert f"DELETED: audit line(s) {line['id']} deleted" in out
    assert f"{line['tbl']} row {line['row_id']} (" in out and "has no audit line" in out


def test_a_row_inserted_outside_kamtrain_is_detected(closed, capsys):
    course, _seal = closed
    sql(
        course,
        "INSERT INTO kamtrain_assessments (learner, criterion, assessor, session, version, "
        "level, comment, submitted, created_at) VALUES ('chloe', 'C1.1', 'Intrus Z', 'S1', 1, "
        "3, '', 1, '2026-11-30T10:00:00')",
    )
    code, out = verify_cli(course, capsys)
    assert code == 1
    assert "INSERTED: kamtrain_assessments row" in out and "chloe C1.1 by Intrus Z" in out
    assert "SEAL: session S1" in out


def test_a_restored_backup_that_rolls_back_jury_records_is_shown(trainer_cohort, capsys):
    """Why: restoring a backup wiped assessments and audit lines without a warning."""
    from kamtrain.backups import backup_gradebook

    course = trainer_cohort.course  # a real nbgrader gradebook: backups check for one
    open_session(course)
    fill_both(course, learner="alice", session="S1", blocks=(1,))
    with store_of(course) as store:
        url = str(store.engine.url)
    backup = backup_gradebook(course_dir=course, db_url=url)
    fill_both(course, learner="bruno", session="S1", blocks=(1,))
    with store_of(course) as store:
        lines_before = len(store.audit_lines())
    # The restore needs --force because jury rows would be dropped (kamtrain backups).
    assert cli.main(["backups", str(course), "--restore", backup.name]) == 1
    capsys.readouterr()
    assert cli.main(["backups", str(course), "--restore", backup.name, "--force"]) == 0
    capsys.readouterr()
    code, out = verify_cli(course, capsys)
    assert code == 1
    assert "ROLLBACK: jury records were rolled back" in out
    assert f"records line {lines_before}" in out
    # Writing again does not hide it: the head outside the gradebook stays as evidence.
    api.assess(course_dir=course, assessor=ASSESSOR_A, learner="chloe", criterion="C1.1", level=2)
    code, out = verify_cli(course, capsys)
    assert code == 1 and "ROLLBACK:" in out
    # Once understood, the trainer re-anchors the chain; the old head is kept in history.
    code, out = verify_cli(course, capsys, "--accept-rollback")
    assert code == 1 and "re-anchored" in out
    assert (course / "jury" / "chain-head.history.jsonl").read_text(encoding="utf-8")
    code, out = verify_cli(course, capsys)
    assert code == 0, out


def test_a_late_write_to_a_closed_session_is_refused(closed, tmp_path):
    course, _seal = closed
    with store_of(course) as store:
        lines = len(store.audit_lines())
    book = tmp_path / "livret.pdf"
    book.write_bytes(b"livret")
    attempts = [
        lambda: api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="bruno", criterion="C8.1", level=3
        ),
        lambda: api.reconcile(
            course_dir=course,
            learner="bruno",
            criterion="C8.1",
            level=3,
            reason="revu après la délibération du jury",
            by=PRESIDENT,
        ),  # fmt: skip
        lambda: register_candidates(course_dir=course, session="S1", learners=("chloe",)),
        lambda: mark_absent(course_dir=course, session="S1", learner="bruno", who=PRESIDENT),
        lambda: register_vae(course_dir=course, learner="chloe", evidence=book, session="S1"),
        lambda: close_session(course_dir=course, session="S1", by=PRESIDENT),
    ]
    for attempt in attempts:
        with pytest.raises(ClosedSessionError, match="closed"):
            attempt()
    with store_of(course) as store:
        assert len(store.audit_lines()) == lines
    assert verify(course_dir=course).ok


def test_a_correction_opens_a_new_linked_session(closed):
    course, _seal = closed
    from kamtrain.jury.sessions import create_session

    with pytest.raises(UnknownIdError):
        open_session(course, "S2", day="2026-12-15", corrects="S0")

    open_session(course, "S1-C", day="2026-12-02", candidates=("bruno",), corrects="S1")
    with pytest.raises(JuryError, match="still open"):
        create_session(
            course_dir=course, name="X", session_date="2026-12-03", place="Reims",
            president=PRESIDENT, members=MEMBERS, corrects="S1-C",
        )  # fmt: skip
    fill_both(course, learner="bruno", session="S1-C", default=2)
    (corrected,) = outcome.decide(course_dir=course, session="S1-C")
    assert corrected.awarded
    close_session(course_dir=course, session="S1-C", by=PRESIDENT)
    from kamtrain.documents.jury_documents import write_documents

    written = write_documents(course_dir=course, session="S1-C", pdf=False)
    html = written.pv_html.read_text(encoding="utf-8")
    assert "session corrective de la session S1 du 30 novembre 2026" in html
    assert verify(course_dir=course).ok


def test_editing_rules_yml_does_not_change_past_decisions(tmp_path, monkeypatch):
    """Why: editing rules.yml changed past sessions' decisions."""
    from kamlearn.paths import rubrics_dir
    from kamlearn.referential import clear_referential_cache

    home = tmp_path / "home"
    shutil.copytree(rubrics_dir(), home / "rubrics")
    monkeypatch.setenv("KAMTRAIN_HOME", str(home))
    clear_referential_cache()
    course = make_cohort(tmp_path)
    open_session(course, candidates=("alice",))
    open_session(course, "S2", day="2026-12-15", candidates=("bruno",))
    fill_both(course, learner="alice", session="S1", default=2)
    fill_both(course, learner="bruno", session="S2", default=2)
    close_session(course_dir=course, session="S1", by=PRESIDENT)
    rules = home / "rubrics" / "rules.yml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("min_mean_level: 2.0", "min_mean_level: 3.0"),
        encoding="utf-8",
    )
    clear_referential_cache()
    (alice,) = outcome.decide(course_dir=course, session="S1")
    (bruno,) = outcome.decide(course_dir=course, session="S2")  # open, created before the edit
    assert alice.awarded and bruno.awarded
    open_session(course, "S3", day="2027-01-15", candidates=("chloe",))
    fill_both(course, learner="chloe", session="S3", default=2)
    (chloe,) = outcome.decide(course_dir=course, session="S3")  # created after: new rules
    assert not chloe.awarded
    clear_referential_cache()


def test_a_resit_decides_only_its_candidates_and_carries_over(closed, capsys):
    """Why: `decide --session S2` failed on candidates who never sat S2, and the S2 PV
    re-listed candidates certified in S1."""
    course, _seal = closed
    open_session(course, "S2", day="2026-12-30", candidates=("bruno",))
    with pytest.raises(JuryError, match="not a candidate of session S2"):
        api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C8.1", level=3
        )
    # bruno resits only what he misses: C8's criteria; everything else is carried over.
    fill_both(course, learner="bruno", session="S2", competencies=("C8",), default=3)
    assert cli.main(["jury", "decide", str(course), "--session", "S2", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("bruno") and "AWARDED" in out
    with pytest.raises(JuryError, match="not: alice"):
        outcome.decide(course_dir=course, session="S2", learners=("alice",))
    (bruno,) = outcome.decide(course_dir=course, session="S2")
    b8 = next(b for b in bruno.blocks if any(c.competency == "C8" for c in b.competencies))
    kept = [c for c in b8.competencies if c.kept_from == "S1"]
    assert kept and all(c.competency != "C8" for c in kept)
    assert sum(1 for b in bruno.blocks if b.kept_from == "S1") == 3
    close_session(course_dir=course, session="S2", by=PRESIDENT)
    from kamtrain.documents.jury_documents import write_documents

    html = write_documents(course_dir=course, session="S2", pdf=False).pv_html.read_text(
        encoding="utf-8"
    )
    assert "Bruno Durand" in html and "Alice Martin" not in html and "Chlo" not in html
    assert "conservé" in html and "session S1 du 30 novembre 2026" in html


def test_an_anonymity_code_cannot_be_recomputed_from_public_data(tmp_path):
    """Why: a code was sha256("kamtrain/<cohort>/<id>")[:6], which anyone can recompute."""
    course = make_cohort(tmp_path)
    codes = cohort_codes(course, ["alice", "bruno", "chloe"])
    public = hashlib.sha256(b"kamtrain/promo-test/alice").hexdigest()
    assert public[:6].upper() not in codes["alice"] and public[:8].upper() not in codes["alice"]
    key = course / "jury" / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key.read_text().strip())) == 32
    assert cohort_codes(course, ["alice"]) == {"alice": codes["alice"]}  # stable
    # Another cohort with the same name and learner ids gets other codes (its own key).
    other = make_cohort(tmp_path / "x") if (tmp_path / "x").mkdir() is None else None
    assert cohort_codes(other, ["alice"])["alice"] != codes["alice"]


def test_vae_evidence_is_stored_with_hash_and_the_oral_is_an_epreuve(tmp_path, capsys):
    """Why: `--evidence /nonexistent/livret.pdf` was accepted and nothing recorded the oral."""
    course = make_cohort(tmp_path)
    open_session(course, candidates=())
    code = cli.main(
        ["jury", "vae", str(course), "--learner", "bruno", "--session", "S1", "--evidence",
         "/nonexistent/livret.pdf"]
    )  # fmt: skip
    assert code == 1 and "VAE evidence book not found: /nonexistent/livret.pdf" in (
        capsys.readouterr().err
    )
    book = tmp_path / "livret_bruno.pdf"
    book.write_bytes(b"%PDF-1.4 preuves" * 100)
    record = register_vae(course_dir=course, learner="bruno", evidence=book, session="S1")
    assert record.sha256 == hashlib.sha256(book.read_bytes()).hexdigest()
    assert record.size == book.stat().st_size
    assert (course / record.evidence).read_bytes() == book.read_bytes()
    (cand,) = session_candidates(course_dir=course, session="S1", epreuve=VAE_EPREUVE)
    assert cand.learner == "bruno" and not cand.absent
    # The oral is graded with the same grid and decided with the same rules.
    fill_both(course, learner="bruno", session="S1", default=2)
    (decision,) = outcome.decide(course_dir=course, session="S1")
    assert decision.learner == "bruno" and decision.awarded
    with pytest.raises(UnknownIdError):
        register_vae(course_dir=course, learner="zoe", evidence=book, session="S1")


def test_session_create_cli_records_roles_and_refuses_bad_members(tmp_path, capsys):
    course = make_cohort(tmp_path)
    base = ["jury", "session", "create", str(course), "--session", "S1", "--date", "2026-11-30",
            "--place", "Reims, campus NEOMA", "--president", "Hélène Marchand|NEOMA"]  # fmt: skip
    assert cli.main([*base, "--member", "Jean Dupont|chef|X"]) == 1
    assert "Unknown jury role 'chef'" in capsys.readouterr().err
    members = ["--member", "Anne Aubert|évaluateur|NEOMA", "--member", "anne  AUBERT|evaluateur"]
    assert cli.main([*base, *members]) == 1
    assert "listed twice" in capsys.readouterr().err
    ok = [*base, "--member", "Anne Aubert|evaluatrice|NEOMA",
          "--member", "Paul Roy|professionnel du métier|Distrimax", "--all-candidates"]  # fmt: skip
    assert cli.main(ok) == 0
    out = capsys.readouterr().out
    assert "Anne Aubert\tévaluateur\tNEOMA" in out and "Paul Roy\tprofessionnel du métier" in out
    assert "3 candidate(s) registered" in out
    assert cli.main(["jury", "session", "show", str(course), "--session", "S1"]) == 0
    out = capsys.readouterr().out
    assert "président\tHélène Marchand\tNEOMA" in out and "candidate\tchloe\t-\tpresent" in out


def test_candidates_are_registered_per_epreuve_with_a_status(tmp_path):
    """The API épreuves and their sittings build on."""
    course = make_cohort(tmp_path)
    open_session(course, candidates=())
    register_candidates(course_dir=course, session="S1", learners=("alice", "bruno"), epreuve="E10")
    register_candidates(course_dir=course, session="S1", learners=("alice",), epreuve="E5")
    register_candidates(course_dir=course, session="S1", learners=("alice",), epreuve="E5")
    mark_absent(course_dir=course, session="S1", learner="bruno", epreuve="E10", who=PRESIDENT)
    listed = session_candidates(course_dir=course, session="S1")
    assert [(c.learner, c.epreuve, c.status) for c in listed] == [
        ("alice", "E10", "present"),
        ("bruno", "E10", "absent"),
        ("alice", "E5", "present"),
    ]
    assert [
        c.learner for c in session_candidates(course_dir=course, session="S1", epreuve="E5")
    ] == ["alice"]
    with pytest.raises(JuryError, match="chloe is not registered in session S1 for épreuve E5"):
        mark_absent(course_dir=course, session="S1", learner="chloe", epreuve="E5", who=PRESIDENT)
    # bruno, absent from his only épreuve, is not decided; alice, seated in every
    # épreuve's sittings (levels only count there), is.
    seat_all(course, "S1", ["alice"])
    fill(course, assessor=ASSESSOR_A, learner="alice", session="S1")
    fill(course, assessor=ASSESSOR_B, learner="alice", session="S1")
    assert [d.learner for d in outcome.decide(course_dir=course, session="S1")] == ["alice"]


def test_the_pdf_of_the_pv_reads_back_with_pdftotext(closed):
    course, seal = closed
    from kamtrain.documents.jury_documents import write_documents

    written = write_documents(course_dir=course, session="S1", pdf_sheets=False)
    text = subprocess.run(
        ["pdftotext", "-layout", str(written.pv_pdf), "-"], capture_output=True, text=True
    ).stdout
    assert seal.digest in text and "Page 1 / " in text


def test_close_cli_seals_prints_the_pv_and_refuses_a_second_pv(tmp_path, capsys):
    course = make_cohort(tmp_path)
    open_session(course, candidates=("alice",))
    fill_both(course, learner="alice", session="S1")
    close = ["jury", "session", "close", str(course), "--session", "S1"]
    assert cli.main([*close, "--by", ASSESSOR_A]) == 1
    assert "Only the president of session S1" in capsys.readouterr().err
    assert cli.main(close) == 0  # by the session's president by default
    out = capsys.readouterr().out
    digest = out.split("Seal: ", 1)[1].split()[0]
    assert len(digest) == 64 and "PV: " in out and "proces_verbal" in out
    assert cli.main(["jury", "documents", str(course), "--session", "S1"]) == 1
    assert "never rewritten" in capsys.readouterr().err
    assert cli.main(["jury", "verify", str(course)]) == 0


def test_anonymous_cli_output_is_in_code_order_without_ids(tmp_path, capsys):
    course = make_cohort(tmp_path)
    open_session(course)
    for learner in ("alice", "bruno", "chloe"):
        fill_both(course, learner=learner, session="S1")
    assert cli.main(["jury", "decide", str(course), "--anonymous"]) == 0
    out = capsys.readouterr().out
    codes = cohort_codes(course, ["alice", "bruno", "chloe"])
    assert [line.split("\t")[0] for line in out.splitlines()] == sorted(codes.values())
    assert not any(name in out for name in ("alice", "bruno", "chloe"))
