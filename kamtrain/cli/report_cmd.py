"""``kamtrain report``: scores per learner × criterion."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser("report", help="scores per learner and criterion")
    parser.add_argument("dir", type=Path, help="the cohort folder")
    parser.add_argument("--format", choices=("json", "csv", "html"), default="json")
    parser.add_argument(
        "--output", "-o", type=Path, help="write to this file instead of standard output"
    )
    parser.set_defaults(func=_report)


def _report(args) -> None:
    from kamtrain.reporting import render
    from kamtrain.reporting.criteria import build_report

    report = build_report(course_dir=args.dir)
    text = {"json": render.to_json, "csv": render.to_csv, "html": render.to_html}[args.format](
        report
    )
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
