"""The PV motivates a competency not acquired with the indicators of its weak criteria."""

from __future__ import annotations

from jury_support import fill_both, make_cohort, open_session


def test_pv_rationale_quotes_the_indicator_of_each_weak_criterion(tmp_path):
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.documents.jury_documents import write_documents

    course = make_cohort(tmp_path)
    open_session(course, candidates=("alice", "bruno"))
    fill_both(course, learner="alice", session="S1")
    fill_both(course, learner="bruno", session="S1", overrides={"C6.2": 0, "C13.1": 1})
    written = write_documents(course_dir=course, session="S1", pdf=False, pdf_sheets=False)
    html = written.pv_html.read_text(encoding="utf-8")
    cat = load_epreuves()
    import html as h

    assert h.escape(f"C6.2 au niveau 0 : « {cat.indicators('C6.2')[0]} »", quote=True) in html
    assert h.escape(f"C13.1 au niveau 1 : « {cat.indicators('C13.1')[1]} »", quote=True) in html
    assert "C6.1 au niveau" not in html  # acquired criteria are not listed
