"""Jury documents: the PV a certifier accepts (HTML and PDF), attestations, results CSV,
result sheets, dashboard, anonymous mode."""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from jury_support import (
    ASSESSOR_A,
    ASSESSOR_B,
    PRESIDENT,
    fill,
    fill_both,
    make_cohort,
    open_session,
    store_of,
)

from kamlearn.errors import ClosedSessionError
from kamlearn.referential import load_referential
from kamtrain.documents.jury_documents import write_documents
from kamtrain.jury import api
from kamtrain.jury.anonymity import cohort_codes
from kamtrain.jury.seal import close_session
from kamtrain.jury.sessions import mark_absent
from kamtrain.jury.vae import register_vae


def pdf_pages(path) -> list[str]:
    """Text of each page, read back from the PDF with poppler's pdftotext -layout."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs")
    course = make_cohort(root)
    open_session(course)
    book = root / "livret_bruno.pdf"
    book.write_bytes(b"%PDF-1.4 livret de preuves de Bruno\n")
    register_vae(course_dir=course, learner="bruno", evidence=book, session="S1", by=PRESIDENT)
    fill(course, assessor=ASSESSOR_A, learner="alice", session="S1", overrides={"C9.1": 3})
    fill(course, assessor=ASSESSOR_B, learner="alice", session="S1", overrides={"C9.1": 2})
    fill_both(course, learner="bruno", session="S1", overrides={"C6.2": 0})
    mark_absent(course_dir=course, session="S1", learner="chloe", who=PRESIDENT)
    api.reconcile(
        course_dir=course, learner="alice", criterion="C9.1", level=2,
        reason="Argumentation solide mais chiffrage incomplet", by=PRESIDENT,
    )  # fmt: skip
    closed = close_session(course_dir=course, session="S1", by=PRESIDENT)
    written = write_documents(course_dir=course, session="S1")
    anonymous = write_documents(course_dir=course, session="S1", anonymous=True, pdf_sheets=False)
    return course, closed, written, anonymous


def test_pv_pdf_carries_what_a_certifier_checks(decided):
    _course, closed, written, _ = decided
    pages = pdf_pages(written.pv_pdf)
    text = "\n".join(pages)
    flat = " ".join(text.split())
    for expected in (
        "Manager commercial client grands comptes",
        "Référence RNCP « à compléter »",  # the field is there, marked as still to fill
        "Certificateur NEOMA Business School",
        "Session n° S1 du 30 novembre 2026",
        "Reims, campus NEOMA",
        "Hélène Marchand président",
        "Claire Dubois évaluateur NEOMA Business School",
        "Sophie Garnier professionnel du métier Groupe Aubrac Industries",
        "Certification obtenue",
        "Validation partielle",
        "Absent",
        "Signatures des membres du jury",
        closed.digest,
    ):
        assert expected in flat, expected
    assert "Page 1 / " in pages[0]
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} / {total}" in page
        assert "généré le " in page and f"sceau {closed.digest[:16]}" in page
    assert re.search(r"généré le \d{1,2}(er)? [a-zéû]+ \d{4} à \d{1,2} h \d{2}", flat)
    # The reconciliation is listed, with who reconciled, the levels it settled and why.
    section = text[
        text.index("Désaccords entre") : text.index("1 désaccord(s), dont 1 réconcilié(s)")
    ]
    for token in ("Alice", "C9.1", "Claire Dubois : 3 ; Marc", "Lefèvre : 2", "Hélène", "Marchand"):
        assert token in section, token
    assert "Argumentation solide mais chiffrage" in section and "incomplet" in section
    assert "2026-11-30" not in flat  # no ISO date for the jury


def test_a_closed_sessions_pv_is_never_rewritten(decided):
    course, _closed, written, _ = decided
    before = written.pv_pdf.read_bytes()
    with pytest.raises(ClosedSessionError, match="never rewritten"):
        write_documents(course_dir=course, session="S1")
    assert written.pv_pdf.read_bytes() == before


def test_attestation_results_csv_and_result_sheets(decided):
    _course, closed, written, _ = decided
    (att,) = [p for p in written.attestations if p.suffix == ".html"]
    html = att.read_text(encoding="utf-8")
    assert att.name == "attestation_blocs_bruno.html"
    assert "Attestation de validation de blocs de compétences" in html
    assert "Bruno Durand" in html and closed.digest in html
    failed = load_referential().competency("C6").block_id
    other = next(b.id for b in load_referential().blocks if b.id != failed)
    assert f"Bloc {failed}</td>" not in html and f"Bloc {other}</td>" in html
    raw = written.results_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for French spreadsheets
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "identifiant", "nom", "prenom", "blocs_valides", "blocs_conserves", "decision",
        "session", "date_session",
    ]  # fmt: skip
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["alice"][1:4] == ["Martin", "Alice", "1,2,3,4"]
    assert by_id["alice"][5:] == ["Certification obtenue", "S1", "30/11/2026"]
    assert by_id["bruno"][5] == "Validation partielle" and str(failed) not in by_id["bruno"][3]
    assert by_id["chloe"][5] == "Absent"
    sheet = next(p for p in written.result_sheets if p.name == "releve_bruno.html")
    text = sheet.read_text(encoding="utf-8")
    assert "Relevé de résultats" in text and "30 novembre 2026" in text
    assert "Parcours VAE" in text and "livret_bruno.pdf" in text
    assert 'src="data:image/png;base64,' in text
    dashboard = written.dashboard_html.read_text(encoding="utf-8")
    assert "Taux de validation par bloc" in dashboard
    assert "Session S1 du 30 novembre 2026 –" in dashboard, "the jury reads French dates"


def test_anonymous_documents_hold_codes_only(decided):
    course, _closed, _written, anonymous = decided
    codes = cohort_codes(course, ["alice", "bruno", "chloe"])
    for path in (
        anonymous.pv_html,
        anonymous.dashboard_html,
        *anonymous.result_sheets,
        *anonymous.csv_files,
    ):
        text = path.read_text(encoding="utf-8")
        for leak in ("Alice", "Martin", "Durand", "alice", "bruno", "chloe", "livret_bruno"):
            assert leak not in text, (path.name, leak)
        assert "tiers-temps" not in text and "Aménagements" not in text, path.name
    pv = anonymous.pv_html.read_text(encoding="utf-8")
    assert "Mode anonyme" in pv
    shown = [m for m in re.findall(r"CAND-[0-9A-F]{8}", pv)]
    decided_codes = [codes["alice"], codes["bruno"]]
    # Results table in code order (a keyed shuffle), not in the order of names.
    first_seen = list(dict.fromkeys(c for c in shown if c in decided_codes))
    assert first_seen == sorted(decided_codes)
    assert anonymous.attestations == () and anonymous.results_csv is None


def test_the_pv_follows_a_late_reconcile_only_through_a_new_session(decided):
    """Why: a PV was overwritten in place after a late reconcile."""
    course, *_ = decided
    with pytest.raises(ClosedSessionError, match="--corrects S1"):
        api.reconcile(
            course_dir=course, learner="alice", criterion="C9.1", level=3,
            reason="le président revient sur sa décision", by=PRESIDENT,
        )  # fmt: skip
    with store_of(course) as store:
        assert [r.level for r in store.reconciliations(session="S1")] == [2]


LEARNERS_40 = "id,first_name,last_name,email,accommodations\n" + "".join(
    f"l{i:02d},Prénom{i:02d},Nom-de-famille-assez-long-{i:02d},l{i:02d}@example.org,"
    f"{'tiers-temps' if i % 3 == 0 else ''}\n"
    for i in range(40)
)


def test_no_candidate_row_straddles_a_page_break(tmp_path):
    course = make_cohort(tmp_path, learners_csv=LEARNERS_40)
    learners = [f"l{i:02d}" for i in range(40)]
    open_session(course, candidates=learners)
    criteria = load_referential().criteria
    with store_of(course) as store:
        for name in (ASSESSOR_A, ASSESSOR_B):
            store.record_many(
                [
                    dict(
                        learner=lid,
                        criterion=c.id,
                        assessor=name,
                        session="S1",
                        level=0 if (i % 4 == 1 and c.id.startswith("C1.")) else 2,
                        comment="",
                    )  # fmt: skip
                    for i, lid in enumerate(learners)
                    for c in criteria
                ]
            )
            store.submit(assessor=name, session="S1")
    from kamtrain.documents.jury_data import gather
    from kamtrain.documents.pdf import write_pdf
    from kamtrain.documents.pv import render_pv

    pdf = write_pdf(render_pv(gather(course_dir=course, session="S1")), tmp_path / "pv.pdf")
    pages = pdf_pages(pdf)
    assert len(pages) > 2
    results_rows = {}
    for n, page in enumerate(pages, start=1):
        if "Bloc 1" in page and "Certification" in page and "Candidat" in page:
            # The header repeats on every page the results table runs over.
            assert re.search(r"Candidat\s+Bloc 1\s+Bloc 2\s+Bloc 3\s+Bloc 4\s+Certification", page)
        for i in range(40):
            if f"Prénom{i:02d}" in page and i not in results_rows:
                results_rows[i] = (n, page)
    assert set(results_rows) == set(range(40))
    for i, (_n, page) in results_rows.items():
        # A row's cells (name on two lines, blocks, decision, accommodations) share its page:
        # the family name (second line of the name cell) and the decision are on that page.
        lines = page.splitlines()
        start = next(k for k, line in enumerate(lines) if f"Prénom{i:02d}" in line)
        row = "\n".join(lines[start : start + 4])
        assert f"{i:02d}" in row and ("obtenue" in row or "partielle" in row), (i, row)
        expected = "Aménagements : tiers-temps" if i % 3 == 0 else "—"
        assert expected.split()[0] in "\n".join(lines[start - 2 : start + 5]), (i, row)
