"""``kamtrain jury``: criterion-level grading, double marking, decisions, documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kamtrain.cli import call, cohort_action
from kamtrain.cli.jury_session_cmd import register_session


def register(sub) -> None:
    parser = sub.add_parser("jury", help="jury grading, double marking, decisions and documents")
    jsub = parser.add_subparsers(dest="jury_command", metavar="ACTION")

    def action(name: str, help_text: str, func):
        return cohort_action(jsub, name, help_text, func, wait=True)

    register_session(jsub)

    p = action("assess", "record one assessor's level for one criterion", _assess)
    p.add_argument("--assessor", required=True)
    p.add_argument("--learner", required=True)
    p.add_argument("--criterion", required=True, help="e.g. C6.2")
    p.add_argument("--level", required=True)
    p.add_argument("--comment", default="")
    p.add_argument("--session")
    p.add_argument("--epreuve", help="the épreuve the level was given in (checked: e.g. E10)")
    p.add_argument("--sitting", type=int, help="the candidate's sitting of that épreuve")

    p = action("import", "record levels from a CSV learner,criterion,level[,comment]", _import)
    p.add_argument("--assessor", required=True)
    p.add_argument("--csv", type=Path, required=True)
    p.add_argument("--session")

    p = action("submit", "submit an assessor's levels (reveals them for double marking)", _submit)
    p.add_argument("--assessor", required=True)
    p.add_argument("--learner")
    p.add_argument("--session")

    p = action("disagreements", "list criteria on which assessors disagree", _disagreements)
    p.add_argument("--session")
    p.add_argument("--anonymous", action="store_true")

    p = action("reconcile", "record the level agreed after a disagreement", _reconcile)
    p.add_argument("--learner", required=True)
    p.add_argument("--criterion", required=True)
    p.add_argument("--level", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--by", required=True, help="who records the reconciliation")
    p.add_argument("--session")

    p = action("agreement", "Cohen's kappa per assessor pair and competency", _agreement)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--session")

    p = action("decide", "decisions per learner, block and competency", _decide)
    p.add_argument("--format", choices=("json", "table", "csv"), default="table")
    p.add_argument("--session")
    p.add_argument("--learner", action="append", help="decide only this learner (repeatable)")
    p.add_argument(
        "--allow-autograde",
        action="store_true",
        help="give criteria no assessor touched the level proposed by autograding",
    )
    p.add_argument("--anonymous", action="store_true")

    p = action("history", "audit log of one learner (unsubmitted levels masked)", _history)
    p.add_argument("--learner", required=True)
    p.add_argument("--as", dest="viewer", help="the member reading: shows their own levels")
    p.add_argument("--session")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = action("vae", "register a VAE candidate: evidence book and oral interview", _vae)
    p.add_argument("--learner", required=True)
    p.add_argument("--evidence", type=Path, required=True, help="the evidence book file")
    p.add_argument("--session", required=True)
    p.add_argument("--by", default="kamtrain")

    p = action("verify", "recompute the audit chain and the seals; exit 1 on any change", _verify)
    p.add_argument(
        "--accept-rollback",
        action="store_true",
        help="after reporting a rollback, anchor the chain head at the current last line",
    )

    p = action("documents", "write the PV (HTML+PDF), result sheets, dashboard, CSV", _documents)
    p.add_argument("--out", type=Path)
    p.add_argument("--session")
    p.add_argument("--anonymous", action="store_true")
    p.add_argument("--allow-autograde", action="store_true")

    p = action("notebook", "write DIR/jury/grille_jury.ipynb (the jury grid)", _notebook)
    p.add_argument("--assessor", default="")
    p.add_argument("--anonymous", action="store_true")

    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _assess(args) -> None:
    from kamtrain.jury.api import assess

    a = call(
        assess,
        args,
        "assessor",
        "learner",
        "criterion",
        "level",
        "comment",
        "session",
        "sitting",
        epreuve=args.epreuve.strip().upper() if args.epreuve else None,
    )
    print(
        f"{a.assessor}: {a.learner} {a.criterion} = {a.level} (session {a.session}, v{a.version})"
    )


def _import(args) -> None:
    from kamtrain.jury.api import import_levels

    n = import_levels(
        course_dir=args.dir, assessor=args.assessor, csv_path=args.csv, session=args.session
    )
    print(f"{n} level(s) recorded for {args.assessor}.")


def _submit(args) -> None:
    from kamtrain.jury.api import submit

    n = call(submit, args, "assessor", "learner", "session")
    print(f"{n} level(s) submitted by {args.assessor}.")


def _names(args) -> dict[str, str]:
    if not getattr(args, "anonymous", False):
        return {}
    from kamtrain.jury.anonymity import cohort_codes
    from kamtrain.jury.api import open_context

    ctx = open_context(args.dir)
    return cohort_codes(ctx.course_dir, [x.id for x in ctx.learners])


def _disagreements(args) -> None:
    from kamtrain.jury.outcome import disagreements

    names = _names(args)
    found = disagreements(course_dir=args.dir, session=args.session)
    if names:  # anonymous: in code order, never in the order of names
        found = sorted(found, key=lambda d: (names[d.learner], d.criterion))
    for d in found:
        levels = ", ".join(f"{n}={v}" for n, v in d.levels)
        state = f"reconciled to {d.reconciled_level}" if d.reconciled else "to reconcile"
        print(f"{names.get(d.learner, d.learner)}\t{d.criterion}\t{levels}\t{state}")
    print(f"{len(found)} disagreement(s).", file=sys.stderr)


def _reconcile(args) -> None:
    from kamtrain.jury.api import reconcile

    r = call(reconcile, args, "learner", "criterion", "level", "reason", "by", "session")
    print(f"{r.learner} {r.criterion} reconciled to {r.level} by {r.by}.")


def _agreement(args) -> None:
    from dataclasses import asdict

    from kamtrain.jury.outcome import agreement

    rows = agreement(course_dir=args.dir, session=args.session)
    if args.format == "json":
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1))
        return
    print("assessor_a\tassessor_b\tscope\tn\tkappa\tband\tweighted\tband")
    for r in rows:
        k, w = r.result.kappa, r.result.weighted_kappa
        print(
            f"{r.assessor_a}\t{r.assessor_b}\t{r.scope}\t{r.result.n}\t"
            f"{'' if k is None else f'{k:.3f}'}\t{r.result.band}\t"
            f"{'' if w is None else f'{w:.3f}'}\t{r.result.weighted_band}"
        )


def _decide(args) -> None:
    from dataclasses import asdict

    from kamtrain.jury.outcome import decide

    decisions = decide(
        course_dir=args.dir,
        session=args.session,
        learners=tuple(args.learner) if args.learner else None,
        allow_autograde=args.allow_autograde,
    )
    names = _names(args)
    if names:  # anonymous: in code order, never in the order of names
        decisions = sorted(decisions, key=lambda d: names[d.learner])
    if args.format == "json":
        out = []
        for d in decisions:
            item = asdict(d)
            item["learner"] = names.get(d.learner, d.learner)
            out.append(item)
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return
    if args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(
            ["learner", "block", "validated", "kept_from", "competency", "acquired", "awarded"]
        )
        for d in decisions:
            for b in d.blocks:
                for c in b.competencies or (None,):
                    writer.writerow(
                        [
                            names.get(d.learner, d.learner),
                            b.block,
                            int(b.validated),
                            b.kept_from or "",
                            "" if c is None else c.competency,
                            "" if c is None else int(c.acquired),
                            int(d.awarded),
                        ]
                    )
        return
    for d in decisions:
        blocks = " ".join(
            f"B{b.block}:{'kept' if b.kept_from else ('ok' if b.validated else 'no')}"
            for b in d.blocks
        )
        print(
            f"{names.get(d.learner, d.learner)}\t{blocks}\t{'AWARDED' if d.awarded else 'not awarded'}"
        )


def _history(args) -> None:
    from dataclasses import asdict

    from kamtrain.jury.api import history

    entries = call(history, args, "learner", "viewer", "session")
    if args.format == "json":
        print(json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1))
        return
    for e in entries:
        before = "" if e.before is None else e.before.get("level", "")
        after = "" if e.after is None else e.after.get("level", "")
        if e.after and e.after.get("masked"):
            after = "(hidden until submitted)"
        comment = "" if e.after is None else e.after.get("comment") or e.after.get("reason") or ""
        print(
            f"{e.at}\t{e.who}\t{e.action}\t{e.session}\t{e.criterion}\t{before} -> {after}\t{comment}"
        )
    print(f"{len(entries)} audit line(s).", file=sys.stderr)


def _vae(args) -> None:
    from kamtrain.jury.vae import register_vae

    record = call(register_vae, args, "learner", "evidence", "session", "by")
    print(
        f"{record.learner} registered as a VAE candidate in session {record.session}: "
        f"{record.evidence} ({record.size} bytes, sha256 {record.sha256})."
    )


def _verify(args) -> int:
    from kamtrain.jury.verify import verify

    report = verify(course_dir=args.dir, accept_rollback=args.accept_rollback)
    for warning in report.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    for problem in report.problems:
        print(f"{problem.kind.upper()}: {problem.message}")
    sealed = ", ".join(report.sessions_sealed) or "none"
    if report.ok:
        print(
            f"OK: {report.lines} audit line(s) chain, {report.rows} jury row(s) match their "
            f"audit lines, seals hold (sealed sessions: {sealed})."
        )
        return 0
    print(f"{len(report.problems)} problem(s) found in the jury records.", file=sys.stderr)
    if args.accept_rollback:
        print("Chain head re-anchored at the current last audit line.", file=sys.stderr)
    return 1


def _documents(args) -> None:
    from kamtrain.documents import pdf
    from kamtrain.documents.jury_documents import write_documents

    written = call(
        write_documents, args, "out", "session", "anonymous", "allow_autograde", pdf=pdf.available()
    )
    if written.pv_pdf is None:
        print("No PDF (weasyprint missing): pip install 'kamtrain[pdf]' for PDF documents.")
    print(f"Wrote {written.pv_pdf or written.pv_html}, {written.dashboard_html}")
    print(
        f"{len(written.result_sheets)} result sheet file(s), {len(written.csv_files)} CSV file(s) in {written.folder}"
    )


def _notebook(args) -> None:
    from kamtrain.widgets.jury_notebook import write_jury_notebook

    path = write_jury_notebook(
        course_dir=args.dir, assessor=args.assessor, anonymous=args.anonymous
    )
    print(f"Wrote {path}")
