"""Hostile review (r4): handed-in work changed after it was stored.

The C2 dossier is evidence for the jury. Before this test, a hand-in was recorded only in
its folder's ``manifest.json``: someone who replaced the stored file and wrote its new hash
into the manifest, or dropped a version from the manifest, left no trace (``epreuve check``
and ``jury verify`` both said all was well). Each hand-in is now chained into the jury
record, and ``jury verify`` names each of these changes.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from jury_support import make_cohort

import kamtrain.cli as cli

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def handed(tmp_path):
    from kamtrain.epreuves.submissions import hand_in

    course = make_cohort(tmp_path)
    dossier = tmp_path / "revue.pdf"
    dossier.write_bytes(PDF)
    first = hand_in(
        course_dir=course, epreuve="E2", learner="alice", item="dossier", files=[dossier]
    )
    dossier.write_bytes(PDF.replace(b"1.4", b"1.7"))
    hand_in(course_dir=course, epreuve="E2", learner="alice", item="dossier", files=[dossier])
    return course, first


def _verify(course, capsys):
    code = cli.main(["jury", "verify", str(course)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _manifest(course, first):
    return course / first.files[0].stored.rsplit("/v1/", 1)[0] / "manifest.json"


def test_an_untouched_hand_in_verifies(handed, capsys):
    course, _ = handed
    assert _verify(course, capsys)[0] == 0
    assert cli.main(["epreuve", "check", str(course)]) == 0


def test_a_file_replaced_with_its_manifest_rewritten_is_named(handed, capsys):
    course, first = handed
    stored = course / first.files[0].stored
    forged = PDF + b"% une autre revue"
    stored.chmod(0o644)
    stored.write_bytes(forged)
    path = _manifest(course, first)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["versions"][0]["files"][0]["sha256"] = hashlib.sha256(forged).hexdigest()
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out = _verify(course, capsys)
    assert code == 1
    assert f"HAND-IN {first.files[0].stored}: content changed since it was handed in" in out
    assert "manifest.json's hash differs from the one recorded at hand-in" in out
    assert cli.main(["epreuve", "check", str(course)]) == 1


def test_a_version_dropped_from_the_manifest_is_named(handed, capsys):
    course, first = handed
    path = _manifest(course, first)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["versions"] = data["versions"][:1]  # the later dossier « never » arrived
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out = _verify(course, capsys)
    assert code == 1
    assert "/v2/revue.pdf: handed in but dropped from its manifest.json" in out, out


def test_a_hand_in_row_deleted_from_the_gradebook_is_named(handed, capsys):
    import sqlite3

    course, first = handed
    con = sqlite3.connect(course / "gradebook.db")
    with con:
        con.execute("DELETE FROM kamtrain_epreuve_handins WHERE version = 1")
    con.close()
    code, out = _verify(course, capsys)
    assert code == 1
    assert "DELETED: kamtrain_epreuve_handins row" in out, out
    assert f"{first.files[0].stored}: in a manifest.json but never handed in" in out
