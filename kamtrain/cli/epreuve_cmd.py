"""``kamtrain epreuve``: the certification épreuves (list, plan, kit, hand-in, generate)."""

from __future__ import annotations

from pathlib import Path

from kamtrain.cli import call


def register(sub) -> None:
    parser = sub.add_parser(
        "epreuve", help="certification épreuves: sittings, kits, handed-in work, exam notebooks"
    )
    esub = parser.add_subparsers(dest="epreuve_command", metavar="ACTION", required=True)

    p = esub.add_parser("list", help="the épreuves of rubrics/epreuves.yml")
    p.set_defaults(func=_list)

    p = esub.add_parser("plan", help="form pairs/groups and the running order of an épreuve")
    p.add_argument("dir", type=Path)
    p.add_argument("--epreuve", required=True, help="épreuve id, e.g. E10")
    p.add_argument("--date", help="ISO date of the sitting (default: today)")
    p.add_argument("--start", default="09:00", help="first preparation starts (HH:MM)")
    p.add_argument(
        "--session", help="jury session whose candidates registered for the épreuve sit it"
    )
    p.add_argument(
        "--group",
        action="append",
        metavar="L1,L2,...",
        help="one pair or group (repeat; every candidate exactly once); default: in order",
    )
    p.set_defaults(func=_plan)

    p = esub.add_parser("kit", help="brief, role cards, observer sheets, running order (HTML+PDF)")
    p.add_argument("dir", type=Path)
    p.add_argument("--epreuve", required=True)
    p.add_argument("--learner", help="only this candidate's brief, role card and sheet")
    p.add_argument("--date", help="ISO date when no plan was saved (default: today)")
    p.add_argument("--no-pdf", action="store_true", help="write HTML only")
    p.add_argument(
        "--session",
        help="jury session: its plan, else its registered candidates (no `plan` needed first)",
    )
    p.set_defaults(func=_kit)

    p = esub.add_parser(
        "hand-in", help="store a candidate's dossier, slides or prototype with its hash"
    )
    p.add_argument("dir", type=Path)
    p.add_argument("--epreuve", required=True)
    p.add_argument("--learner", help="the candidate (group épreuves: a member of the group)")
    p.add_argument("--group", type=int, help="group épreuves (E8, E13): the group's sitting number")
    p.add_argument("--item", required=True, help="dossier (E2), slides (E8), prototype (E13)")
    p.add_argument(
        "--file",
        dest="files",
        type=Path,
        action="append",
        default=[],
        help="a file handed in (repeat for several photos)",
    )
    p.set_defaults(func=_hand_in)

    p = esub.add_parser("generate", help="each candidate's exam notebook for a written épreuve")
    p.add_argument("dir", type=Path)
    p.add_argument("--session", required=True, help="session name, e.g. S1")
    p.add_argument("--epreuve", required=True, help="a written épreuve: E4 or E5")
    p.add_argument("--learner", action="append", help="only these candidates (repeat)")
    p.add_argument(
        "--registered",
        action="store_true",
        help="only the candidates the jury session registered for the épreuve (not absent)",
    )
    p.set_defaults(func=_generate)

    p = esub.add_parser("grade", help="score submitted exam notebooks on the trusted side")
    p.add_argument("dir", type=Path)
    p.add_argument("--session", required=True)
    p.add_argument("--epreuve", required=True)
    p.add_argument("--learner", action="append", help="only these candidates (repeat)")
    p.add_argument("--timeout", type=int, default=60, help="seconds per cell")
    p.set_defaults(func=_grade)

    p = esub.add_parser("assess", help="one assessor's levels for a sitting, member by member")
    p.add_argument("dir", type=Path)
    p.add_argument("--epreuve", required=True)
    p.add_argument("--sitting", type=int, required=True, help="sitting number (running order)")
    p.add_argument("--assessor", required=True)
    p.add_argument(
        "--csv",
        type=Path,
        required=True,
        help="columns member,criterion,level (member 'groupe' for an épreuve marked as a group)",
    )
    p.add_argument("--session", help="jury session (default: the latest)")
    p.set_defaults(func=_assess)

    p = esub.add_parser("check", help="every handed-in file still matches its recorded hash")
    p.add_argument("dir", type=Path)
    p.set_defaults(func=_check)


def _list(args) -> None:
    from kamlearn.referential.epreuves_loader import load_epreuves

    for e in load_epreuves().epreuves:
        prep, sitting = e.time_allowed()
        print(
            f"{e.id:4} {','.join(e.competencies):12} {e.format:20} {e.setting:10} "
            f"group {e.group_min}-{e.group_max}  prep {prep:g} min  sitting {sitting:g} min"
        )


def _plan(args) -> None:
    from datetime import date

    from kamtrain.epreuves.sittings import plan_epreuve, plan_path

    groups = [[x.strip() for x in g.split(",") if x.strip()] for g in args.group or []]
    plan = call(
        plan_epreuve,
        args,
        "epreuve",
        "start",
        "session",
        date=args.date or date.today().isoformat(),
        groups=groups or None,
    )
    for s in plan.sittings:
        print(f"{s.number:3}  {s.start}-{s.end}  {', '.join(s.members)}  {s.role_card or ''}")
    print(f"Plan written to {plan_path(args.dir, plan.epreuve)}")
    if args.session:
        print(f"Sittings recorded in jury session {args.session}.")


def _kit(args) -> None:
    from kamtrain.epreuves.kit import build_kit

    kit = call(build_kit, args, "epreuve", "learner", "session", on=args.date, pdf=not args.no_pdf)
    for path in kit.all:
        print(path)
    print(f"{len(kit.all)} document(s) in {kit.folder}")


def _hand_in(args) -> None:
    from kamtrain.epreuves.submissions import hand_in

    record = call(hand_in, args, "epreuve", "learner", "item", "group", files=list(args.files))
    for f in record.files:
        print(f"{f.stored}  sha256 {f.sha256}  {f.size} bytes")
    owner = (
        f"group {record.group} ({', '.join(record.members)})" if record.group else record.learner
    )
    print(f"Stored version {record.version} of {record.item} for {owner}.")


def _check(args) -> int:
    from kamtrain.jury.handins import check_integrity

    problems = check_integrity(course_dir=args.dir)
    for p in problems:
        print(p)
    print(
        "All handed-in files match their hash." if not problems else f"{len(problems)} problem(s)."
    )
    return 1 if problems else 0


def _generate(args) -> None:
    from kamtrain.epreuves.exam import generate_exam

    learners = args.learner
    if not learners and args.registered:
        from kamtrain.epreuves.sittings import session_learners

        found = session_learners(args.dir, session=args.session, epreuve=args.epreuve.upper())
        learners = [x.id for x in found]
    papers = generate_exam(
        course_dir=args.dir, session=args.session, epreuve=args.epreuve, learners=learners
    )
    for p in papers:
        print(f"{p.learner}: {p.notebook} ({p.minutes_allowed:g} min, {len(p.items)} items)")
    print(
        f"{len(papers)} exam paper(s). Hand each candidate their folder "
        f"exams/{args.session}/{args.epreuve}/candidates/<learner>/; collect the notebooks into "
        f"exams/{args.session}/{args.epreuve}/submitted/<learner>/."
    )


def _grade(args) -> None:
    from kamtrain.epreuves.exam_grade import grade_exam

    results = call(grade_exam, args, "session", "epreuve", "timeout", learners=args.learner)
    for r in results:
        got = sum(i.points for i in r.items)
        total = sum(i.max_points for i in r.items)
        print(f"{r.learner}: {got:g} / {total:g} autograded; {len(r.written)} written answer(s)")
        for problem in r.problems:
            print(f"  ! {problem}")


def _assess(args) -> None:
    import csv

    from kamlearn.errors import DataFileError
    from kamtrain.epreuves.marking import assess_sitting

    levels: dict[str, dict[str, int]] = {}
    try:
        with open(args.csv, encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                try:
                    member, crit = row["member"].strip(), row["criterion"].strip().upper()
                    levels.setdefault(member, {})[crit] = int(row["level"])
                except (KeyError, AttributeError, ValueError):
                    raise DataFileError(
                        args.csv, f"line {line}: expected member,criterion,level (an integer)"
                    ) from None
    except OSError as exc:
        raise DataFileError(args.csv, f"cannot read: {exc.strerror or exc}") from None
    count = call(assess_sitting, args, "epreuve", "sitting", "assessor", "session", levels=levels)
    print(
        f"{count} level(s) recorded for {args.assessor}; submit them with `kamtrain jury submit`."
    )
