"""``kamtrain similarity``: rank pairs of submissions by the similarity of their answers."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    from kamtrain.similarity.model import DEFAULT_THRESHOLD

    parser = sub.add_parser(
        "similarity",
        help="rank pairs of submissions by the similarity of their answer cells (copy detection)",
    )
    parser.add_argument("dir", type=Path, help="the cohort folder")
    parser.add_argument("--assignment", help="only this assignment (default: every one)")
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"flag pairs at or above this share in common, 0-1 (default: {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        help="the HTML report (default: DIR/reports/similarite[-ASSIGNMENT].html)",
    )
    parser.set_defaults(func=_similarity)


def _similarity(args) -> int:
    from kamtrain.similarity.compare import rank_pairs
    from kamtrain.similarity.render import summary_text, to_html

    report = rank_pairs(course_dir=args.dir, assignment=args.assignment, threshold=args.threshold)
    suffix = f"-{args.assignment}" if args.assignment else ""
    output = args.output or args.dir / "reports" / f"similarite{suffix}.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(to_html(report), encoding="utf-8")
    print(summary_text(report))
    print(f"Report: {output}")
    return 0
