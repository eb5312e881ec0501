"""``kamtrain epreuve plan|kit|hand-in``: sittings, kits with hidden role information, and
handed-in work stored with its hash."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

import pytest

from kamlearn.errors import CohortError, SubmissionRefusedError, UnknownIdError
from kamlearn.referential.epreuves_loader import load_epreuves
from kamtrain.cli import main


def _pdftext(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def test_role_cards_hold_the_hidden_data_and_match_the_epreuves():
    from kamtrain.epreuves.roles import load_role_cards

    cards = load_role_cards()
    for e in load_epreuves().epreuves:
        for cid in e.role_cards:
            assert cards[cid].epreuve == e.id
    for cid in load_epreuves().get("E10").role_cards:
        card = cards[cid]
        assert card.reservation_price and card.objections and card.culture and card.decision_unit


def test_kit_keeps_the_reservation_price_off_the_candidates_brief(trainer_cohort, capsys):
    course = trainer_cohort.course
    assert (
        main(
            [
                "epreuve",
                "kit",
                str(course),
                "--epreuve",
                "E10",
                "--learner",
                "chloe",
                "--date",
                "2027-03-15",
            ]
        )
        == 0
    )
    kit = course / "epreuves" / "E10" / "kit"
    # chloe is the third of three learners: she sits the second pair, whose card is the
    # second of E10's role cards (the German buyer, reservation price 212 000 €).
    actor = _pdftext(kit / "role-acheteur_allemand.pdf")
    brief = _pdftext(kit / "consignes-chloe.pdf")
    assert re.search(r"Prix de réserve : 212\s000\s€", actor)
    assert "Hartwig Logistik" in actor and "Hartwig Logistik" in brief  # same scenario ...
    assert "212" not in brief and "réserve" not in brief  # ... without the hidden data
    for hidden in ("droit allemand", "198 000", "Leiter Einkauf", "Unité de décision"):
        assert hidden not in brief
    assert "Chloé Durand" in brief and "15 mars 2027" in brief
    assert "tiers-temps" in brief.lower() and "20 min" in brief  # her longer debrief
    sheet = _pdftext(kit / "observation-02.pdf")
    assert "C14.5" in sheet and "Les émotions sont maîtrisées" in sheet
    assert "Émotions maîtrisées : ton posé" in sheet  # an indicator, from indicators.yml
    order = _pdftext(kit / "ordre-de-passage.pdf")
    assert "Alice Martin" in order and "Binôme complété par un formateur" in order


def test_generic_brief_has_no_hidden_data_of_any_card(trainer_cohort):
    from kamlearn.frenchfmt import money_fr
    from kamtrain.epreuves.kit import build_kit
    from kamtrain.epreuves.roles import load_role_cards

    for epreuve in ("E6", "E8", "E10"):
        kit = build_kit(
            course_dir=trainer_cohort.course, epreuve=epreuve, on="2027-03-15", pdf=False
        )
        brief = kit.briefs[0].read_text(encoding="utf-8")
        for cid in load_epreuves().get(epreuve).role_cards:
            card = load_role_cards()[cid]
            assert card.public.split(" ")[0] in brief
            assert money_fr(card.reservation_price) not in brief
            assert all(o not in brief for o in card.instructions)
        cards = [p.read_text(encoding="utf-8") for p in kit.role_cards]
        assert any("Prix de réserve" in c for c in cards)


def test_plan_forms_pairs_and_the_trainer_can_change_them(trainer_cohort, capsys):
    from kamtrain.epreuves.sittings import load_plan

    course = trainer_cohort.course
    assert (
        main(
            [
                "epreuve",
                "plan",
                str(course),
                "--epreuve",
                "E10",
                "--date",
                "2027-03-15",
                "--group",
                "chloe,alice",
                "--group",
                "bruno",
            ]
        )
        == 0
    )
    plan = load_plan(course, "E10")
    assert [s.members for s in plan.sittings] == [("chloe", "alice"), ("bruno",)]
    first = plan.sittings[0]
    # chloe has tiers-temps: preparation 40 min, then 30 + 20 min.
    assert (first.preparation_start, first.start, first.end) == ("09:00", "09:40", "10:30")
    assert first.extended == ("chloe",)
    assert plan.sittings[1].start == "10:40"
    for groups, words in (
        (["alice,bruno,chloe"], "seats 2 to 2"),
        (["alice,zoe", "bruno,chloe"], "unknown"),
        (["alice,bruno", "bruno,chloe"], "two groups"),
        (["alice,bruno"], "no group for chloe"),
    ):
        args = ["epreuve", "plan", str(course), "--epreuve", "E10"]
        for g in groups:
            args += ["--group", g]
        assert main(args) == 1
        assert words in capsys.readouterr().err
    assert [s.members for s in load_plan(course, "E10").sittings][0] == ("chloe", "alice")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_hand_in_stores_with_hash_and_refuses_bad_files(trainer_cohort, tmp_path, capsys):
    from kamlearn.referential import load_referential
    from kamtrain.epreuves.submissions import hand_in, handed_in
    from kamtrain.jury.evidence import collect_evidence
    from kamtrain.jury.handins import check_integrity
    from kamtrain.widgets.jury_grid import evidence_html

    course = trainer_cohort.course
    dossier = tmp_path / "revue Airbus.pdf"
    dossier.write_bytes(PDF)
    assert (
        main(
            [
                "epreuve",
                "hand-in",
                str(course),
                "--epreuve",
                "E2",
                "--learner",
                "alice",
                "--item",
                "dossier",
                "--file",
                str(dossier),
            ]
        )
        == 0
    )
    digest = hashlib.sha256(PDF).hexdigest()
    assert digest in capsys.readouterr().out
    [rec] = handed_in(course_dir=course, learner="alice", epreuve="E2")
    stored = course / rec.files[0].stored
    assert stored.read_bytes() == PDF and not stored.stat().st_mode & 0o222

    before = sorted(p for p in (course / "epreuves").rglob("*"))
    fake = tmp_path / "faux.pdf"
    fake.write_text("ceci n'est pas un PDF", encoding="utf-8")
    empty = tmp_path / "vide.pdf"
    empty.write_bytes(b"")
    word = tmp_path / "dossier.docx"
    word.write_bytes(b"PK\x03\x04")
    cases = [
        ([tmp_path / "absent.pdf"], "file not found"),
        ([empty], "empty"),
        ([fake], "unreadable or damaged pdf"),
        ([word], "accepted formats: pdf, ipynb"),
        ([], "no file given"),
    ]
    for files, words in cases:
        with pytest.raises(SubmissionRefusedError, match=words):
            hand_in(course_dir=course, epreuve="E2", learner="alice", item="dossier", files=files)
    with pytest.raises(UnknownIdError):
        hand_in(course_dir=course, epreuve="E2", learner="alice", item="slides", files=[dossier])
    assert sorted(p for p in (course / "epreuves").rglob("*")) == before  # nothing stored

    # A second hand-in is a new version; the first is kept.
    dossier.write_bytes(PDF.replace(b"1.4", b"1.7"))
    hand_in(course_dir=course, epreuve="E2", learner="alice", item="dossier", files=[dossier])
    [latest] = handed_in(course_dir=course, learner="alice", epreuve="E2")
    assert latest.version == 2 and stored.read_bytes() == PDF

    from kamtrain.epreuves.submissions import evidence_for

    ev = collect_evidence(
        course_dir=course,
        learner="alice",
        competency=load_referential().competency("C2"),
        handed_in=evidence_for(course_dir=course, learner="alice", competency="C2"),
    )
    assert ev.handed_in == (latest,)
    page = evidence_html(ev)
    assert "Dossier de revue de compte stratégique" in page and latest.files[0].sha256[:12] in page

    assert check_integrity(course_dir=course) == []
    stored.chmod(0o644)
    stored.write_bytes(PDF + b"% altered")
    assert check_integrity(course_dir=course) == [
        f"{rec.files[0].stored}: content changed since it was handed in"
    ]
    assert main(["epreuve", "check", str(course)]) == 1


def test_prototype_photos_and_slides_formats(trainer_cohort, tmp_path):
    import zipfile

    from kamtrain.epreuves.submissions import hand_in

    course = trainer_cohort.course
    photo = tmp_path / "maquette.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64 + b"\xff\xd9")
    png = tmp_path / "parcours.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    # Group work is handed in once per group: the groups come first.
    with pytest.raises(SubmissionRefusedError, match="once per group; form the groups first"):
        hand_in(course_dir=course, epreuve="E13", learner="bruno", item="prototype", files=[png])
    args = ["epreuve", "plan", str(course), "--epreuve", "E8", "--date", "2027-03-15"]
    assert main(args) == 0
    # E13 seats 4 to 6 and this cohort has 3 learners: its one group is written directly.
    from kamtrain.epreuves.sittings import Plan, Sitting, save_plan

    group = Sitting(1, ("alice", "bruno", "chloe"), "09:00", "09:30", "12:30", None)
    save_plan(course, Plan("E13", "2027-03-15", (group,)))
    rec = hand_in(
        course_dir=course, epreuve="E13", learner="bruno", item="prototype", files=[photo, png]
    )
    assert [f.format for f in rec.files] == ["jpg", "png"]
    slides = tmp_path / "soutenance.pptx"
    with zipfile.ZipFile(slides, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        )
    assert (
        hand_in(course_dir=course, epreuve="E8", learner="bruno", item="slides", files=[slides])
        .files[0]
        .format
        == "pptx"
    )
    broken = tmp_path / "casse.pptx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(SubmissionRefusedError, match="unreadable or damaged pptx"):
        hand_in(course_dir=course, epreuve="E8", learner="bruno", item="slides", files=[broken])
    with pytest.raises(CohortError):
        hand_in(
            course_dir=course / "nope", epreuve="E8", learner="bruno", item="slides", files=[slides]
        )


def test_a_group_hands_its_work_in_once_for_every_member(trainer_cohort, tmp_path, capsys):
    """E8's slides: stored once for the group, listed with their hash for each member."""
    from kamtrain.epreuves.submissions import evidence_for
    from kamtrain.jury.handins import check_integrity

    course = trainer_cohort.course
    # E8 seats 3 to 5: this 3-learner cohort's two groups are written directly.
    from kamtrain.epreuves.sittings import Plan, Sitting, save_plan

    groups = (
        Sitting(1, ("alice", "chloe"), "09:00", "09:30", "10:30", None),
        Sitting(2, ("bruno",), "10:40", "11:10", "12:10", None),
    )
    save_plan(course, Plan("E8", "2027-03-15", groups))
    slides = tmp_path / "soutenance.pdf"
    slides.write_bytes(PDF)
    hand = ["epreuve", "hand-in", str(course), "--epreuve", "E8", "--item", "slides"]
    assert main([*hand, "--group", "1", "--file", str(slides)]) == 0
    assert "for group 1 (alice, chloe)" in capsys.readouterr().out
    stored = list((course / "epreuves/E8/submissions").rglob("*.pdf"))
    assert len(stored) == 1 and "_groupe-1" in str(stored[0])  # once, not per member
    for member in ("alice", "chloe"):
        (rec,) = evidence_for(course_dir=course, learner=member, competency="C10")
        assert rec.group == 1 and rec.members == ("alice", "chloe")
        assert rec.files[0].sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence_for(course_dir=course, learner="bruno", competency="C10") == ()
    # A member hands in a new version for the group: still one group record, version 2.
    assert main([*hand, "--learner", "chloe", "--file", str(slides)]) == 0
    (rec,) = evidence_for(course_dir=course, learner="alice", competency="C10")
    assert rec.version == 2
    # The jury grid lists it, with its hash, for each member.
    from kamtrain.jury.evidence import Evidence
    from kamtrain.widgets.jury_grid import evidence_html

    page = evidence_html(Evidence("alice", "C10", True, (), (), (), handed_in=(rec,)))
    assert "Remis pour E8" in page and rec.files[0].sha256[:12] in page
    assert "groupe" in page
    # The C2 dossier stays the candidate's own; a group number that does not exist is refused.
    assert main([*hand, "--group", "7", "--file", str(slides)]) == 1
    assert "no group 7 in the plan" in capsys.readouterr().err
    assert check_integrity(course_dir=course) == []
