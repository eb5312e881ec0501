"""``kamtrain jury session``: create a jury session, register candidates, absent/present,
show, close (decide, seal and write the PV)."""

from __future__ import annotations

from kamtrain.cli import call, cohort_action


def register_session(jsub) -> None:
    """``kamtrain jury session ACTION`` under the jury's subparsers ``jsub``."""
    parser = jsub.add_parser("session", help="jury sessions: create, register, absent, close")
    ssub = parser.add_subparsers(dest="session_command", metavar="ACTION")

    def action(name: str, help_text: str, func):
        p = cohort_action(ssub, name, help_text, func)
        p.add_argument("--session", required=True, help="session number or name, e.g. S1")
        return p

    p = action("create", "record a session: date, place, president, members, candidates", _create)
    p.add_argument("--date", required=True, help="ISO date, YYYY-MM-DD")
    p.add_argument("--place", required=True)
    p.add_argument("--president", required=True, help='"NAME" or "NAME|organisme"')
    p.add_argument(
        "--member",
        action="append",
        default=[],
        help='"NAME|rôle|organisme" (rôle: évaluateur, professionnel du métier); repeatable',
    )
    p.add_argument("--designee", action="append", default=[], help="member who may reconcile")
    p.add_argument("--candidate", action="append", default=[], help="learner id; repeatable")
    p.add_argument("--all-candidates", action="store_true", help="register every learner")
    p.add_argument("--corrects", help="the closed session this one corrects")

    p = action("register", "register candidates (for one épreuve)", _register)
    p.add_argument("--learner", action="append", default=[])
    p.add_argument("--all", action="store_true", help="every learner of the cohort")
    p.add_argument("--epreuve", help="épreuve id (none: the whole session)")

    for status in ("absent", "present"):
        p = action(status, f"mark a registered candidate {status}", _status)
        p.add_argument("--learner", required=True)
        p.add_argument("--epreuve")
        p.add_argument("--by", default="kamtrain")
        p.set_defaults(status=status)

    p = action("show", "the session's members, candidates and state", _show)

    p = action("close", "decide, seal and write the PV (president only)", _close)
    p.add_argument("--by", help="the president's name (default: the session's president)")
    p.add_argument("--anonymous", action="store_true", help="also write the anonymous PV")

    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _create(args) -> None:
    from kamtrain.jury.api import open_context
    from kamtrain.jury.sessions import create_session

    candidates = list(args.candidate)
    if args.all_candidates:
        candidates = [x.id for x in open_context(args.dir).learners]
    s = call(
        create_session,
        args,
        "place",
        "president",
        "corrects",
        name=args.session,
        session_date=args.date,
        members=args.member,
        designees=args.designee,
        candidates=candidates,
    )
    print(f"Session {s.name} ({s.date}, {s.place}) created; president {s.president}.")
    for m in s.members:
        print(f"  {m.name}\t{m.role}\t{m.organisation}")
    print(
        f"{len(candidates)} candidate(s) registered; rules frozen (sha256 {s.rules_sha256[:12]})."
    )


def _register(args) -> None:
    from kamtrain.jury.api import open_context
    from kamtrain.jury.sessions import register_candidates

    learners = list(args.learner)
    if args.all:
        learners = [x.id for x in open_context(args.dir).learners]
    if not learners:
        raise SystemExit("Give --learner ID (repeatable) or --all.")
    found = register_candidates(
        course_dir=args.dir, session=args.session, learners=learners, epreuve=args.epreuve
    )
    where = f" for épreuve {args.epreuve}" if args.epreuve else ""
    print(f"{len(found)} candidate(s) registered in session {args.session}{where}.")


def _status(args) -> None:
    from kamtrain.jury.sessions import mark_absent, mark_present

    func = mark_absent if args.status == "absent" else mark_present
    c = call(func, args, "session", "learner", "epreuve", who=args.by)
    print(f"{c.learner} marked {c.status} in session {c.session}.")


def _show(args) -> None:
    from kamtrain.jury.sessions import get_session, session_candidates

    s = get_session(course_dir=args.dir, session=args.session)
    state = f"closed, seal {s.seal}" if s.closed else "open"
    print(f"Session {s.name}: {s.date}, {s.place} ({state})")
    if s.corrects:
        print(f"Corrects session {s.corrects}")
    for m in s.members:
        extra = " (designated to reconcile)" if m.designated else ""
        print(f"  {m.role}\t{m.name}\t{m.organisation}{extra}")
    for c in session_candidates(course_dir=args.dir, session=args.session):
        print(f"  candidate\t{c.learner}\t{c.epreuve or '-'}\t{c.status}")


def _close(args) -> None:
    from kamtrain.documents.jury_documents import write_documents
    from kamtrain.jury.seal import close_session
    from kamtrain.jury.sessions import get_session

    by = args.by or get_session(course_dir=args.dir, session=args.session).president
    closed = close_session(course_dir=args.dir, session=args.session, by=by)
    print(f"Session {closed.session} closed: {closed.decisions} decision(s) sealed.")
    print(f"Seal: {closed.digest}")
    from kamtrain.documents import pdf

    with_pdf = pdf.available()
    written = write_documents(course_dir=args.dir, session=args.session, pdf=with_pdf)
    print(f"PV: {written.pv_pdf or written.pv_html}")
    if args.anonymous:
        anon = write_documents(
            course_dir=args.dir, session=args.session, anonymous=True, pdf=with_pdf
        )
        print(f"Anonymous PV: {anon.pv_pdf or anon.pv_html}")
